"""twisted.test: see Twisted's documentation of the same name."""

from twistio._package import submodule_getattr

__name__ = "twisted.test"

__getattr__ = submodule_getattr("twistio.test", __name__)
