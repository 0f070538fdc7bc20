"""twisted.internet.stdio: connect a protocol to this process's stdin and stdout."""

from __future__ import annotations

from twistio._aio.stdio import PipeAddress, StandardIO

__name__ = "twisted.internet.stdio"

__all__ = ["StandardIO", "PipeAddress"]
