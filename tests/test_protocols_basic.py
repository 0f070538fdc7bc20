"""twisted.protocols.basic on twistio: the delivery rules observed on real Twisted 26.10.

Expected values below were taken by running the same inputs through real Twisted.
"""

from __future__ import annotations

import struct
from io import BytesIO
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from zope.interface.verify import verifyObject

from twistio.internet.interfaces import IProducer
from twistio.internet.testing import StringTransport
from twistio.protocols import basic
from twistio.python.failure import Failure


class Recorder(basic.LineReceiver):
    """Records events; some lines trigger actions, the way test programs use them."""

    MAX_LENGTH = 6
    delimiter = b"\n"

    def connectionMade(self) -> None:
        self.ev: list[tuple[Any, ...]] = []

    def lineReceived(self, line: bytes) -> Any:
        self.ev.append(("L", line))
        if line == b"lose":
            self.transport.loseConnection()  # type: ignore[union-attr]
        elif line == b"ret":
            return "RET"
        elif line == b"boom":
            raise ValueError("boom")
        elif line == b"ext":
            self.setLineMode(b"E1\nE2")
        elif line == b"re":
            self.dataReceived(b"R1\nR2")
        elif line == b"raw":
            self.setRawMode()
        elif line == b"clr":
            self.ev.append(("C", self.clearLineBuffer()))
        elif line == b"pause":
            self.pauseProducing()
        return None

    def rawDataReceived(self, data: bytes) -> Any:
        self.ev.append(("R", data))
        if data.startswith(b"back"):
            self.setLineMode(data[4:])
        if data.startswith(b"rr"):
            return "RAWRET"
        return None

    def lineLengthExceeded(self, line: bytes) -> Any:
        self.ev.append(("X", line))
        return "XRET"


def feed(*chunks: bytes) -> tuple[Recorder, list[Any], StringTransport]:
    p = Recorder()
    t = StringTransport()
    p.makeConnection(t)
    results: list[Any] = []
    for chunk in chunks:
        try:
            results.append(p.dataReceived(chunk))
        except ValueError as e:
            results.append(repr(e))
    return p, results, t


def test_closing_transport_stops_delivery_and_keeps_the_rest() -> None:
    p, results, t = feed(b"a\nlose\nb\nc")
    assert p.ev == [("L", b"a"), ("L", b"lose")]
    assert results == [None]
    assert p._buffer == b"b\nc"
    assert t.disconnecting


def test_true_return_stops_delivery_and_is_returned() -> None:
    p, results, _ = feed(b"a\nret\nb\nc")
    assert p.ev == [("L", b"a"), ("L", b"ret")]
    assert results == ["RET"]
    assert p._buffer == b"b\nc"


def test_exception_keeps_the_undelivered_lines() -> None:
    p, results, _ = feed(b"a\nboom\nb\nc", b"d\n")
    assert results == ["ValueError('boom')", None]
    assert p.ev == [("L", b"a"), ("L", b"boom"), ("L", b"b"), ("L", b"cd")]


@pytest.mark.parametrize(
    ("chunks", "events"),
    [
        # setLineMode(extra) and re-entrant dataReceived append after what is buffered.
        ((b"a\next\nb\nc", b"d\n"), [b"a", b"ext", b"b", b"cE1", b"E2d"]),
        ((b"a\nre\nb\nc", b"d\n"), [b"a", b"re", b"b", b"cR1", b"R2d"]),
    ],
)
def test_data_from_inside_a_callback_goes_after_the_buffer(
    chunks: tuple[bytes, ...], events: list[bytes]
) -> None:
    p, _, _ = feed(*chunks)
    assert p.ev == [("L", e) for e in events]


def test_raw_mode_gets_the_rest_of_the_buffer() -> None:
    p, _, _ = feed(b"a\nraw\nb\nc", b"d\n")
    assert p.ev == [("L", b"a"), ("L", b"raw"), ("R", b"b\nc"), ("R", b"d\n")]
    assert p.line_mode == 0


def test_back_to_line_mode_with_extra() -> None:
    p, _, _ = feed(b"a\nraw\nback1\n2\n", b"d\n")
    assert p.ev == [
        ("L", b"a"),
        ("L", b"raw"),
        ("R", b"back1\n2\n"),
        ("L", b"1"),
        ("L", b"2"),
        ("L", b"d"),
    ]


def test_raw_return_value_is_returned() -> None:
    _, results, _ = feed(b"a\nraw\nrr1\n2\n", b"d\n")
    assert results == ["RAWRET", None]


def test_clear_line_buffer_from_a_callback() -> None:
    p, _, _ = feed(b"a\nclr\nb\nc", b"d\n")
    assert p.ev == [("L", b"a"), ("L", b"clr"), ("C", b"b\nc"), ("L", b"d")]


def test_overlong_line_gets_the_rest_of_the_buffer() -> None:
    p, results, _ = feed(b"a\nxxxxxxxxx\nb\n", b"d\n")
    assert p.ev == [("L", b"a"), ("X", b"xxxxxxxxx\nb\n"), ("L", b"d")]
    assert results == ["XRET", None]


@pytest.mark.parametrize(("delimiter", "first_exceeding"), [(b"\r\n", 8), (b"\n", 7)])
def test_unfinished_line_limit(delimiter: bytes, first_exceeding: int) -> None:
    """An unfinished line is overlong at MAX_LENGTH + len(delimiter) bytes."""
    for n in range(4, 11):
        p = Recorder()
        p.delimiter = delimiter
        p.makeConnection(StringTransport())
        p.dataReceived(b"x" * n)
        assert bool(p.ev) == (n >= first_exceeding), n


class Switcher(basic.LineReceiver):
    def connectionMade(self) -> None:
        self.got: list[bytes] = []

    def lineReceived(self, line: bytes) -> None:
        self.got.append(line)
        if line == b"switch":
            self.delimiter = b";"
        elif line == b"back":
            self.delimiter = b"\r\n"


def test_delimiter_changed_from_a_callback_applies_to_the_next_line() -> None:
    p = Switcher()
    p.makeConnection(StringTransport())
    p.dataReceived(b"a\r\nswitch\r\nb;c;back;d\r\ne\r\n")
    assert p.got == [b"a", b"switch", b"b", b"c", b"back", b"d", b"e"]


def test_default_line_length_exceeded_disconnects() -> None:
    p = basic.LineReceiver()
    t = StringTransport()
    p.makeConnection(t)
    p.dataReceived(b"x" * (p.MAX_LENGTH + 1) + b"\r\n")
    assert t.disconnecting


def test_pause_keeps_lines_until_resumed() -> None:
    p, _, t = feed(b"a\npause\nb\nc")
    assert p.ev == [("L", b"a"), ("L", b"pause")]
    assert t.producerState == "paused"
    p.dataReceived(b"d\n")
    assert p.ev == [("L", b"a"), ("L", b"pause")]
    p.resumeProducing()
    assert p.ev[2:] == [("L", b"b"), ("L", b"cd")]
    assert t.producerState == "producing"


def test_stop_producing_stops_delivery() -> None:
    p = basic.LineReceiver()
    t = StringTransport()
    p.makeConnection(t)
    p.stopProducing()
    assert p.paused and t.producerState == "stopped"


def test_send_line() -> None:
    p = basic.LineReceiver()
    t = StringTransport()
    p.makeConnection(t)
    p.sendLine(b"abc")
    assert t.value() == b"abc\r\n"


class Lines(basic.LineReceiver):
    MAX_LENGTH = 10_000

    def connectionMade(self) -> None:
        self.lines: list[bytes] = []

    def lineReceived(self, line: bytes) -> None:
        self.lines.append(line)


@given(
    lines=st.lists(st.binary(max_size=30).map(lambda b: b.replace(b"\r", b"")), max_size=30),
    sizes=st.lists(st.integers(min_value=1, max_value=17), min_size=1, max_size=8),
)
def test_any_packet_sizes_give_the_same_lines(lines: list[bytes], sizes: list[int]) -> None:
    data = b"".join(line + b"\r\n" for line in lines) + b"partial"
    p = Lines()
    p.makeConnection(StringTransport())
    pos = i = 0
    while pos < len(data):
        size = sizes[i % len(sizes)]
        p.dataReceived(data[pos : pos + size])
        pos += size
        i += 1
    assert p.lines == lines
    assert p.clearLineBuffer() == b"partial"


class OnlyRecorder(basic.LineOnlyReceiver):
    MAX_LENGTH = 6
    delimiter = b"\n"

    def connectionMade(self) -> None:
        self.ev: list[tuple[str, bytes]] = []

    def lineReceived(self, line: bytes) -> Any:
        self.ev.append(("L", line))
        if line == b"lose":
            self.transport.loseConnection()  # type: ignore[union-attr]
        return "ignored"

    def lineLengthExceeded(self, line: bytes) -> Any:
        self.ev.append(("X", line))
        return "XRET"


def test_line_only_receiver() -> None:
    p = OnlyRecorder()
    t = StringTransport()
    p.makeConnection(t)
    assert p.dataReceived(b"a\nret\nb\nxxxxxxx") == "XRET"
    assert p.ev == [("L", b"a"), ("L", b"ret"), ("L", b"b"), ("X", b"xxxxxxx")]
    p.sendLine(b"q")
    assert t.value() == b"q\n"
    p2 = OnlyRecorder()
    t2 = StringTransport()
    p2.makeConnection(t2)
    p2.dataReceived(b"a\nlose\nb\nc")
    assert p2.ev == [("L", b"a"), ("L", b"lose")]
    assert p2._buffer == b"c"


class Strings(basic.NetstringReceiver):
    MAX_LENGTH = 20

    def connectionMade(self) -> None:
        self.got: list[bytes] = []

    def stringReceived(self, string: bytes) -> None:
        self.got.append(string)


@pytest.mark.parametrize(
    ("chunks", "got", "broken"),
    [
        ((b"3:abc,",), [b"abc"], 0),
        ((b"3:abc,x",), [b"abc"], 1),
        ((b"03:abc,",), [], 1),
        ((b"3:abcd",), [], 1),
        ((b"21:",), [], 1),
        ((b"999",), [], 1),
        ((b"2", b"0:", b"x" * 20, b","), [b"x" * 20], 0),
        ((b"3:abc,", b"2:ab,", b"x:", b"1:a,"), [b"abc", b"ab"], 1),
    ],
)
def test_netstrings(chunks: tuple[bytes, ...], got: list[bytes], broken: int) -> None:
    p = Strings()
    t = StringTransport()
    p.makeConnection(t)
    for chunk in chunks:
        p.dataReceived(chunk)
    assert p.got == got
    assert p.brokenPeer == broken
    assert t.disconnecting == bool(broken)


def test_netstring_send_and_errors() -> None:
    p = Strings()
    t = StringTransport()
    p.makeConnection(t)
    p.sendString(b"hello")
    assert t.value() == b"5:hello,"
    assert issubclass(basic.NetstringParseError, ValueError)
    assert basic._formatNetstring(b"ab") == b"2:ab,"


class Int16(basic.Int16StringReceiver):
    MAX_LENGTH = 10

    def connectionMade(self) -> None:
        self.got: list[bytes] = []

    def stringReceived(self, string: bytes) -> None:
        self.got.append(string)
        if string == b"pause":
            self.pauseProducing()


def m16(s: bytes) -> bytes:
    return struct.pack("!H", len(s)) + s


def test_int_prefixed_limits_and_pausing() -> None:
    p = Int16()
    t = StringTransport()
    p.makeConnection(t)
    p.dataReceived(m16(b"a") + m16(b"x" * 11) + m16(b"c"))
    assert p.got == [b"a"]
    assert t.disconnecting
    assert p.recvd == m16(b"x" * 11) + m16(b"c")

    p = Int16()
    t = StringTransport()
    p.makeConnection(t)
    p.dataReceived(m16(b"a") + m16(b"pause") + m16(b"c"))
    assert p.got == [b"a", b"pause"] and p.recvd == m16(b"c")
    p.resumeProducing()
    assert p.got == [b"a", b"pause", b"c"]


def test_int_prefixed_send_limits() -> None:
    p = Int16()
    t = StringTransport()
    p.makeConnection(t)
    p.sendString(b"x" * 65535)
    assert len(t.value()) == 65537
    with pytest.raises(basic.StringTooLongError) as info:
        p.sendString(b"x" * 65536)
    assert isinstance(info.value, AssertionError)
    assert str(info.value) == "Try to send 65536 bytes whereas maximum is 65536"


@pytest.mark.parametrize(
    ("cls", "prefix"),
    [
        (basic.Int8StringReceiver, b"\x03"),
        (basic.Int16StringReceiver, b"\x00\x03"),
        (basic.Int32StringReceiver, b"\x00\x00\x00\x03"),
    ],
)
def test_prefix_formats(cls: type[basic.IntNStringReceiver], prefix: bytes) -> None:
    p = cls()
    t = StringTransport()
    p.makeConnection(t)
    p.sendString(b"foo")
    assert t.value() == prefix + b"foo"
    assert p.prefixLength == len(prefix)


class Stateful(basic.StatefulStringProtocol, basic.Int8StringReceiver):
    def proto_init(self, string: bytes) -> str:
        return "next"

    def proto_next(self, string: bytes) -> str:
        return "done"


def test_stateful_string_protocol() -> None:
    p = Stateful()
    t = StringTransport()
    p.makeConnection(t)
    p.dataReceived(b"\x01a")
    assert p.state == "next" and not t.disconnecting
    p.dataReceived(b"\x01b")
    assert p.state == "done" and t.disconnecting


def test_file_sender() -> None:
    sender = basic.FileSender()
    assert verifyObject(IProducer, sender)
    consumer = StringTransport()
    sender.CHUNK_SIZE = 5
    d = sender.beginFileTransfer(BytesIO(b"abcdefgh"), consumer, bytes.upper)
    assert consumer.producer is sender and not consumer.streaming
    results: list[Any] = []
    d.addBoth(results.append)
    for _ in range(3):
        sender.resumeProducing()
    assert consumer.value() == b"ABCDEFGH"
    assert results == [b"H"]
    assert consumer.producer is None


def test_file_sender_stopped() -> None:
    sender = basic.FileSender()
    d = sender.beginFileTransfer(BytesIO(b"abc"), StringTransport())
    results: list[Any] = []
    d.addBoth(results.append)
    sender.stopProducing()
    assert isinstance(results[0], Failure)
    assert str(results[0].value) == "Consumer asked us to stop producing"


def test_public_names_report_the_twisted_module() -> None:
    names = ["LineReceiver", "LineOnlyReceiver", "NetstringReceiver", "IntNStringReceiver",
             "Int8StringReceiver", "Int16StringReceiver", "Int32StringReceiver", "FileSender",
             "StatefulStringProtocol", "NetstringParseError", "IncompleteNetstring",
             "StringTooLongError", "_PauseableMixin"]  # fmt: skip
    for name in names:
        assert getattr(basic, name).__module__ == "twisted.protocols.basic", name
