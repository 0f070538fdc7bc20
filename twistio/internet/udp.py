"""twisted.internet.udp: UDP ports (asyncio loop backed)."""

from __future__ import annotations

from twistio._aio.udp import MulticastPort, Port

__name__ = "twisted.internet.udp"

__all__ = ["MulticastPort", "Port"]
