"""twisted.cred: pluggable authentication (portals, realms, checkers and credentials)."""

from twistio._package import submodule_getattr

__name__ = "twisted.cred"

__getattr__ = submodule_getattr("twistio.cred", __name__)
