"""protocols.finger: one query, one refusal, then the connection closes (as on Twisted)."""

from __future__ import annotations

from twistio.internet.testing import StringTransport
from twistio.protocols import finger


def answer(query: bytes) -> tuple[bytes, bool]:
    transport = StringTransport()
    proto = finger.Finger()
    proto.makeConnection(transport)
    proto.dataReceived(query)
    return transport.value(), bool(transport.disconnecting)


def test_queries_and_refusals() -> None:
    assert answer(b"/W bob\r\nalice\r\n") == (b"Login: bob\nNo such user\n", True)
    assert answer(b"a@b@c\r\n") == (b"Finger forwarding service denied\n", True)
    assert answer(b"\r\n") == (b"Finger online list denied\n", True)
