"""twisted.internet.unix: UNIX-socket ports, connectors and connections (asyncio backed)."""

from __future__ import annotations

from twistio._aio._unixfds import _SendmsgMixin as _SendmsgMixin
from twistio._aio.unix import Connector, Port
from twistio._aio.unix import UNIXClient as Client
from twistio._aio.unix import UNIXServer as Server

__name__ = "twisted.internet.unix"

__all__ = ["Client", "Connector", "Port", "Server"]
