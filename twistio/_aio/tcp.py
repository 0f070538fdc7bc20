"""TCP over asyncio transports: the connection adapter, listening ports and connectors.

One :class:`Connection` is at once the ``asyncio.Protocol`` the loop drives and the Twisted
``ITCPTransport`` the Twisted protocol writes to: ``data_received`` goes straight to the
protocol's ``dataReceived`` (looked up per read, so it may be swapped), ``write`` straight to the asyncio
transport.  Flow control maps asyncio's ``pause_writing``/``resume_writing`` onto registered
producers, and ``pauseProducing``/``resumeProducing`` onto ``pause_reading``/``resume_reading``.

The code lives in three private modules: the connection adapter (``_tcpconn``), listening ports
and accepted connections (``_tcpserver``), outgoing connections and connectors (``_tcpclient``).
"""

from __future__ import annotations

from twistio._aio._tcpclient import Client, Connector
from twistio._aio._tcpconn import Connection, _address, _run_sync
from twistio._aio._tcpserver import Port, Server, _logPrefixOf, adoptConnection

__name__ = "twisted.internet.tcp"

__all__ = [
    "Client",
    "Connection",
    "Connector",
    "Port",
    "Server",
    "adoptConnection",
    "_address",
    "_logPrefixOf",
    "_run_sync",
]
