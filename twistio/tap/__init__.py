"""twisted.tap: the modules behind twistd's built-in plugin subcommands."""

from twistio._package import submodule_getattr

__name__ = "twisted.tap"

__getattr__ = submodule_getattr("twistio.tap", __name__)
