"""twisted.runner: see Twisted's documentation of the same name."""

from twistio._package import submodule_getattr

__name__ = "twisted.runner"

__getattr__ = submodule_getattr("twistio.runner", __name__)
