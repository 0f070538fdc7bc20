"""The netstring and length-prefix cores (twistio._sansio.netstring / intprefix)."""

from __future__ import annotations

import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from twistio._sansio import intprefix, netstring
from twistio._sansio._common import NEED_DATA, LocalProtocolError, RemoteProtocolError


def chunked(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in zip(points, points[1:], strict=False)]


def test_format_netstring() -> None:
    assert netstring.format_netstring(b"hello") == b"5:hello,"
    assert netstring.format_netstring(b"") == b"0:,"


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"12:", (12, 3)), (b"0:", (0, 2)), (b"5:abc", (5, 2))],
)
def test_parse_length(data: bytes, expected: tuple[int, int]) -> None:
    assert netstring.parse_length(data, 99) == expected


@pytest.mark.parametrize("data", [b"03:", b":", b"x:", b" 3:", b"100:", b"1000", b"3a", b"00"])
def test_parse_length_refuses(data: bytes) -> None:
    """Leading zeros, missing or non-decimal lengths, and lengths over the limit (even
    unfinished ones) are the peer's error."""
    with pytest.raises(netstring.NetstringError):
        netstring.parse_length(data, 99)
    assert issubclass(netstring.NetstringError, RemoteProtocolError)


@pytest.mark.parametrize("data", [b"", b"1", b"99", b"0"])
def test_parse_length_waits(data: bytes) -> None:
    with pytest.raises(netstring.NetstringIncomplete):
        netstring.parse_length(data, 99)


def test_decoder_refuses_missing_comma_and_stays_broken() -> None:
    d = netstring.NetstringDecoder()
    d.receive_data(b"3:abc;")
    with pytest.raises(netstring.NetstringError):
        d.next_event()
    assert d.broken
    with pytest.raises(netstring.NetstringError):
        d.receive_data(b"1:a,")


@given(
    payloads=st.lists(st.binary(max_size=40), max_size=10),
    cuts=st.lists(st.integers(min_value=0), max_size=10),
)
def test_netstrings_survive_any_chunking(payloads: list[bytes], cuts: list[int]) -> None:
    data = b"".join(map(netstring.format_netstring, payloads))
    d = netstring.NetstringDecoder(max_length=40)
    got = []
    for chunk in chunked(data, cuts):
        d.receive_data(chunk)
        while (event := d.next_event()) is not NEED_DATA:
            got.append(event)
    assert got == payloads


def test_frame_and_limits() -> None:
    prefix = struct.Struct("!H")
    assert intprefix.frame(b"foo", prefix) == b"\x00\x03foo"
    with pytest.raises(intprefix.StringTooLong):
        intprefix.frame(b"x" * 65536, prefix)
    assert issubclass(intprefix.StringTooLong, LocalProtocolError)
    assert intprefix.next_frame(b"\x00\x05abc", 0, prefix, 10) is None
    assert intprefix.next_frame(b"\x00\x0b", 0, prefix, 10) == intprefix.LengthLimitExceeded(11)
    assert intprefix.next_frame(b"zz\x00\x01ab", 2, prefix, 10) == (b"a", 5)


@given(
    fmt=st.sampled_from(["!B", "!H", "!I"]),
    payloads=st.lists(st.binary(max_size=60), max_size=10),
    cuts=st.lists(st.integers(min_value=0), max_size=10),
)
def test_prefixed_strings_survive_any_chunking(
    fmt: str, payloads: list[bytes], cuts: list[int]
) -> None:
    d = intprefix.PrefixedDecoder(fmt, max_length=100)
    data = b"".join(map(d.send, payloads))
    got = []
    for chunk in chunked(data, cuts):
        d.receive_data(chunk)
        while (event := d.next_event()) is not NEED_DATA:
            got.append(event)
    assert got == payloads


def test_prefixed_decoder_reports_oversized_prefix_without_consuming() -> None:
    d = intprefix.PrefixedDecoder("!B", max_length=3)
    d.receive_data(b"\x01a\x09rest")
    assert d.next_event() == b"a"
    assert d.next_event() == intprefix.LengthLimitExceeded(9)
    assert d.next_event() == intprefix.LengthLimitExceeded(9)
