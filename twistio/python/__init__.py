"""twisted.python: utilities shared by the rest of the framework."""

from __future__ import annotations

from twistio._package import submodule_getattr

__name__ = "twisted.python"

__getattr__ = submodule_getattr("twistio.python", __name__)
