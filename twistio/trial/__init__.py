"""twisted.trial: the unit testing framework (test cases, runner, reporters)."""

from __future__ import annotations

from twistio._package import submodule_getattr

__name__ = "twisted.trial"

__getattr__ = submodule_getattr("twistio.trial", __name__)
