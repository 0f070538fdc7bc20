"""testing.LineSendingProtocol (kept apart: it needs twisted.protocols.basic)."""

from __future__ import annotations

from typing import Any

from twistio.protocols.basic import LineReceiver

__name__ = "twisted.internet.testing"


class LineSendingProtocol(LineReceiver):
    """Sends ``lines`` (on connection if ``start``, else after the first line received) and
    records received lines in ``response``."""

    lostConn = False

    def __init__(self, lines: list[bytes], start: bool = True) -> None:
        self.lines = lines[:]
        self.response: list[bytes] = []
        self.start = start

    def connectionMade(self) -> None:
        if self.start:
            for line in self.lines:
                self.sendLine(line)

    def lineReceived(self, line: bytes) -> None:
        if not self.start:
            for sent in self.lines:
                self.sendLine(sent)
            self.lines = []
        self.response.append(line)

    def connectionLost(self, reason: Any) -> None:  # type: ignore[override]
        self.lostConn = True
