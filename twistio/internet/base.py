"""twisted.internet.base: DelayedCall, ReactorBase and the resolvers it uses by default."""

from __future__ import annotations

from twistio.internet._baseport import BasePort
from twistio.internet._delayedcall import DelayedCall
from twistio.internet._events import _ThreePhaseEvent
from twistio.internet._reactorbase import BlockingResolver, ReactorBase, ThreadedResolver

__name__ = "twisted.internet.base"

__all__ = [
    "BasePort",
    "DelayedCall", "ReactorBase", "ThreadedResolver", "BlockingResolver", "_ThreePhaseEvent"]
