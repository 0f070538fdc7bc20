"""twisted.python: utilities shared by the rest of the framework."""

__name__ = "twisted.python"
