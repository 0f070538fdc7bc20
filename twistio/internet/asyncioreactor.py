"""twisted.internet.asyncioreactor: the asyncio reactor.

In twistio every reactor is the asyncio one; ``AsyncioSelectorReactor`` is that class and
``install(eventloop)`` installs it on ``eventloop`` (default: the running loop, else a new one).
"""

from __future__ import annotations

from typing import Any

from twistio._aio.reactor import AsyncioReactor

__name__ = "twisted.internet.asyncioreactor"

AsyncioSelectorReactor = AsyncioReactor


def install(eventloop: Any = None) -> None:
    """Install the asyncio reactor on ``eventloop``."""
    from twistio.internet.main import installReactor

    installReactor(AsyncioReactor(eventloop))


__all__ = ["AsyncioSelectorReactor", "install"]
