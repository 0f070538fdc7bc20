"""Start-up hook for child interpreters (see :mod:`twistio._hook.pth`)."""
