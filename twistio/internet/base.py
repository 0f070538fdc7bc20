"""twisted.internet.base: DelayedCall and the reactor base classes."""

from __future__ import annotations

from twistio.internet._delayedcall import DelayedCall

__name__ = "twisted.internet.base"

__all__ = ["DelayedCall"]
