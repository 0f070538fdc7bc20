"""twisted.internet.tcp: TCP ports, connectors and connections (asyncio-backed)."""

from __future__ import annotations

from twistio._aio.tcp import Client, Connection, Connector, Port, Server

__name__ = "twisted.internet.tcp"

__all__ = ["Client", "Connection", "Connector", "Port", "Server"]
