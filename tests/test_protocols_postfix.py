"""protocols.postfix: the tcp_table server quotes values and reports misses and errors."""

from __future__ import annotations

from twistio.internet.testing import StringTransport
from twistio.protocols import postfix


def test_lookups_over_lines() -> None:
    factory = postfix.PostfixTCPMapDeferringDictServerFactory({b"a key": b"50% off\n"})
    server = factory.buildProtocol(None)
    transport = StringTransport()
    server.makeConnection(transport)
    server.dataReceived(b"get a%20key\nget a key\nget nothing\nput k\nfrob\n")
    server.setTimeout(None)
    assert transport.value() == (
        b"500 \n"
        b"200 50%25%20off%0A\n"
        b"500 \n"
        b"400 Command 'put' takes 2 parameters.\n"
        b"400 unknown command\n"
    )
    assert postfix.unquote(postfix.quote(bytes(range(128)))) == bytes(range(128))
