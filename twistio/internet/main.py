"""twisted.internet.main: installReactor and the two standard connection-loss reasons."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

from twistio import _alias
from twistio.internet import error

__name__ = "twisted.internet.main"

# Exception instances, not Failures (protocol.connectionDone is the Failure).
CONNECTION_DONE = error.ConnectionDone("Connection done")
CONNECTION_LOST = error.ConnectionLost("Connection lost")

_REACTOR = "twistio.internet.reactor"


def installReactor(reactor: Any) -> None:
    """Make ``reactor`` the one ``from twisted.internet import reactor`` returns.

    Raises ReactorAlreadyInstalledError if one is installed already.
    """
    # With the alias on, the Twisted name is the one programs and tests manipulate
    # (e.g. Twisted's NoReactor helper sets it aside), so it decides.
    current = sys.modules.get("twisted.internet.reactor" if _alias.installed() else _REACTOR)
    # While twistio.internet.reactor itself is being imported, its module object is there.
    if current is not None and not isinstance(current, ModuleType):
        raise error.ReactorAlreadyInstalledError("reactor already installed")
    import twistio.internet

    _alias.publish(_REACTOR, reactor)
    twistio.internet.reactor = reactor  # type: ignore[attr-defined]


def _uninstallReactor() -> None:
    """Forget the installed reactor (for tests that install their own)."""
    import twistio.internet

    _alias.forget(_REACTOR)
    twistio.internet.__dict__.pop("reactor", None)


__all__ = ["CONNECTION_LOST", "CONNECTION_DONE", "installReactor"]
