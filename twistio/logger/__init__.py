"""twisted.logger: see Twisted's documentation of the same name."""

__name__ = "twisted.logger"
