"""HTTP11ClientProtocol, Request and Response over StringTransport (no sockets)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from twistio.internet.defer import CancelledError, Deferred
from twistio.internet.error import ConnectionDone, ConnectionLost
from twistio.internet.task import Clock, Cooperator
from twistio.internet.testing import StringTransport
from twistio.python.failure import Failure
from twistio.web._client_errors import PotentialDataLoss
from twistio.web._newclient import (
    HTTP11ClientProtocol,
    Request,
    RequestGenerationFailed,
    RequestNotSent,
)
from twistio.web.client import (
    FileBodyProducer,
    PartialDownloadError,
    ResponseDone,
    ResponseFailed,
    ResponseNeverReceived,
    readBody,
)
from twistio.web.http_headers import Headers


def connect(**kw: Any) -> tuple[HTTP11ClientProtocol, StringTransport, list[Any]]:
    quiescent: list[Any] = []
    protocol = HTTP11ClientProtocol(quiescent.append)
    transport = StringTransport()
    protocol.makeConnection(transport)
    return protocol, transport, quiescent


def get(method: bytes = b"GET", persistent: bool = True, body: Any = None) -> Request:
    return Request(method, b"/path", Headers({b"host": [b"example.com"]}), body, persistent)


def results(d: Deferred[Any]) -> list[Any]:
    out: list[Any] = []
    d.addBoth(out.append)
    return out


def test_request_head_and_keep_alive_response() -> None:
    """The request is written; the response fires at its head; the connection is reused."""
    protocol, transport, quiescent = connect()
    got = results(protocol.request(get()))
    assert transport.value() == b"GET /path HTTP/1.1\r\nHost: example.com\r\n\r\n"
    protocol.dataReceived(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Y: z\r\n\r\nhel")
    (response,) = got
    assert (response.version, response.code, response.phrase) == ((b"HTTP", 1, 1), 200, b"OK")
    assert response.length == 5
    assert response.headers.getRawHeaders(b"x-y") == [b"z"]
    assert not response.headers.hasHeader(b"content-length")
    body = results(readBody(response))
    assert body == [] and quiescent == []
    protocol.dataReceived(b"lo")
    assert body == [b"hello"]
    assert quiescent == [protocol] and protocol.state == "QUIESCENT"
    assert not transport.disconnecting


def test_non_persistent_request_closes_after_response() -> None:
    """Connection: close is sent, and the connection closed once the response is in."""
    protocol, transport, quiescent = connect()
    got = results(protocol.request(get(persistent=False)))
    assert b"Connection: close\r\n" in transport.value()
    protocol.dataReceived(b"HTTP/1.1 204 No Content\r\n\r\n")
    assert got[0].code == 204 and got[0].length == 0
    assert transport.disconnecting and quiescent == []


def test_second_request_while_busy_is_not_sent() -> None:
    protocol, transport, _ = connect()
    protocol.request(get())
    (failure,) = results(protocol.request(get()))
    assert failure.check(RequestNotSent)


def test_body_until_close_ends_with_potential_data_loss() -> None:
    """A body with no framing ends with the connection; readBody reports a partial download."""
    protocol, transport, _ = connect()
    got = results(protocol.request(get()))
    protocol.dataReceived(b"HTTP/1.0 200 OK\r\n\r\nsome")
    body = results(readBody(got[0]))
    protocol.dataReceived(b" more")
    protocol.connectionLost(Failure(ConnectionDone()))
    (failure,) = body
    assert failure.check(PartialDownloadError)
    assert failure.value.response == b"some more"


def test_connection_lost_mid_body_fails_the_body() -> None:
    protocol, transport, _ = connect()
    got = results(protocol.request(get()))
    protocol.dataReceived(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
    ends: list[Failure] = []

    class Collect:
        def makeConnection(self, transport: Any) -> None:
            pass

        def dataReceived(self, data: bytes) -> None:
            pass

        def connectionLost(self, reason: Failure) -> None:
            ends.append(reason)

    got[0].deliverBody(Collect())
    protocol.connectionLost(Failure(ConnectionLost()))
    assert ends[0].check(ResponseFailed)
    assert ends[0].value.reasons[0].check(ConnectionLost)
    assert not ends[0].check(PotentialDataLoss, ResponseDone)


def test_connection_lost_before_response() -> None:
    protocol, transport, _ = connect()
    got = results(protocol.request(get()))
    protocol.connectionLost(Failure(ConnectionDone()))
    assert got[0].check(ResponseNeverReceived)
    assert protocol.state == "CONNECTION_LOST"


def test_head_response_has_no_body() -> None:
    protocol, transport, quiescent = connect()
    got = results(protocol.request(get(b"HEAD")))
    protocol.dataReceived(b"HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n")
    assert got[0].length == 0
    assert results(readBody(got[0])) == [b""]
    assert quiescent == [protocol]


def test_chunked_response_and_body_from_file() -> None:
    """A sized file body gets Content-Length; chunked response bodies are de-chunked."""
    clock = Clock()
    cooperator = Cooperator(scheduler=lambda f: clock.callLater(0, f), started=True)
    protocol, transport, _ = connect()
    producer = FileBodyProducer(BytesIO(b"payload"), cooperator)
    got = results(protocol.request(get(b"POST", body=producer)))
    clock.advance(0)
    clock.advance(0)
    assert transport.value().endswith(b"Content-Length: 7\r\nHost: example.com\r\n\r\npayload")
    protocol.dataReceived(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
    )
    assert results(readBody(got[0])) == [b"abcde"]


def test_missing_host_header_fails_generation() -> None:
    protocol, transport, _ = connect()
    (failure,) = results(protocol.request(Request(b"GET", b"/", Headers(), None)))
    assert failure.check(RequestGenerationFailed)


def test_cancel_aborts_the_connection() -> None:
    protocol, transport, _ = connect()
    d = protocol.request(get())
    got = results(d)
    d.cancel()
    assert got[0].check(ResponseNeverReceived)
    assert got[0].value.reasons[0].check(CancelledError)
    assert transport.disconnecting
    protocol.connectionLost(Failure(ConnectionDone()))
    assert len(got) == 1
