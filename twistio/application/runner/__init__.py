"""twisted.application.runner: the pieces ``twist`` is built from (exit, pidfile, runner)."""

from twistio._package import submodule_getattr

__name__ = "twisted.application.runner"

__getattr__ = submodule_getattr("twistio.application.runner", __name__)
