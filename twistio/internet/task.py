"""twisted.internet.task: Clock, LoopingCall, deferLater, react and the Cooperator.

The implementations live in private modules; this module is the public surface.
"""

from __future__ import annotations

from twistio.internet._clock import Clock

__name__ = "twisted.internet.task"

__all__ = ["Clock"]
