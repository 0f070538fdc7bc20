"""twisted.internet.pollreactor: kept for programs that install it; installs twistio's asyncio reactor."""

from __future__ import annotations

from twistio._aio.reactor import AsyncioReactor

__name__ = "twisted.internet.pollreactor"

PollReactor = AsyncioReactor


def install() -> None:
    """Install the asyncio reactor (twistio runs every reactor on asyncio)."""
    from twistio.internet.main import installReactor

    installReactor(AsyncioReactor())


__all__ = ["PollReactor", "install"]
