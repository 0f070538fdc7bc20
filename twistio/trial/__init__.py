"""twisted.trial: see Twisted's documentation of the same name."""

__name__ = "twisted.trial"
