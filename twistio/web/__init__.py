"""twisted.web: HTTP server and client (see Twisted's documentation of the same name)."""

from twistio._package import submodule_getattr

__name__ = "twisted.web"

__getattr__ = submodule_getattr("twistio.web", __name__)
