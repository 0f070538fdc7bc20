"""twisted.internet.default: install the platform's default reactor — twistio's asyncio one."""

from __future__ import annotations

import select
from collections.abc import Callable
from typing import Any

from twistio._aio.reactor import AsyncioReactor
from twistio.python.runtime import Platform

__name__ = "twisted.internet.default"


def install(eventloop: Any = None) -> AsyncioReactor:
    """Create and install an AsyncioReactor (on ``eventloop``, if given)."""
    from twistio.internet.main import installReactor

    reactor = AsyncioReactor(eventloop)
    installReactor(reactor)
    return reactor


def _getInstallFunction(platform: Platform) -> Callable[[], None]:
    """The install function of the reactor Twisted picks for ``platform``.

    Kept for code and tests that ask; every one of them installs twistio's asyncio reactor.
    """
    if platform.isLinux() and hasattr(select, "epoll"):
        from twistio.internet import epollreactor

        return epollreactor.install
    if not platform.isMacOSX() and not platform.isWindows() and hasattr(select, "poll"):
        from twistio.internet import pollreactor

        return pollreactor.install
    from twistio.internet import selectreactor

    return selectreactor.install


__all__ = ["install"]
