"""twisted.internet.default: install the platform's default reactor — twistio's asyncio one."""

from __future__ import annotations

from typing import Any

from twistio._aio.reactor import AsyncioReactor

__name__ = "twisted.internet.default"


def install(eventloop: Any = None) -> AsyncioReactor:
    """Create and install an AsyncioReactor (on ``eventloop``, if given)."""
    from twistio.internet.main import installReactor

    reactor = AsyncioReactor(eventloop)
    installReactor(reactor)
    return reactor


__all__ = ["install"]
