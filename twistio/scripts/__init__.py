"""twisted.scripts: see Twisted's documentation of the same name."""

__name__ = "twisted.scripts"
