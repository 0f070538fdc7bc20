"""protocols.ident over a real line transport: bytes queries get bytes answers."""

from __future__ import annotations

from typing import Any

from twistio.internet.testing import StringTransport
from twistio.protocols import ident
from twistio.python.failure import Failure


def test_server_answers_bytes_queries() -> None:
    """A query arriving off the wire (bytes) is looked up and answered in bytes; an
    out-of-range port is INVALID-PORT; garbage drops the connection."""

    class Server(ident.IdentServer):
        def lookup(self, serverAddress: Any, clientAddress: Any) -> Any:
            if serverAddress[1] == 113:
                raise ident.HiddenUser()
            return ("UNIX", "alice")

    transport = StringTransport()
    server = Server()
    server.makeConnection(transport)
    server.dataReceived(b"6191, 23\r\n113, 40\r\n0, 40\r\n")
    assert transport.value() == (
        b"6191, 23 : USERID : UNIX : alice\r\n"
        b"113, 40 : ERROR : HIDDEN-USER\r\n"
        b"0, 40 : ERROR : INVALID-PORT\r\n"
    )
    server.dataReceived(b"garbage\r\n")
    assert transport.disconnecting


def test_client_queries_and_errors() -> None:
    """The client sends the query as bytes and maps answers and errors to its Deferreds."""
    transport = StringTransport()
    client = ident.IdentClient()
    client.makeConnection(transport)
    results: list[Any] = []
    client.lookup(6191, 23).addBoth(results.append)
    client.lookup(113, 40).addBoth(results.append)
    assert transport.value() == b"6191, 23\r\n113, 40\r\n"
    client.dataReceived(b"6191, 23 : USERID : UNIX : alice\r\n113, 40 : ERROR : NO-USER\r\n")
    assert results[0] == ("USERID", "UNIX : alice")
    assert isinstance(results[1], Failure) and results[1].check(ident.NoUser)
