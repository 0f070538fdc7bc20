"""twisted.scripts: see Twisted's documentation of the same name."""

from twistio._package import submodule_getattr

__name__ = "twisted.scripts"

__getattr__ = submodule_getattr("twistio.scripts", __name__)
