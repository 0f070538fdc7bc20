"""The line framing core (twistio._sansio.lines): splitting, limits, raw mode, chunking."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from twistio._sansio.lines import (
    NEED_DATA,
    Line,
    LineSplitter,
    LineTooLong,
    RawData,
    first_overlong,
    split_lines,
    tail_overlong,
)

DELIMITERS = st.sampled_from([b"\r\n", b"\n", b"\x00", b"--"])


def drain(splitter: LineSplitter) -> list[object]:
    events = []
    while (event := splitter.next_event()) is not NEED_DATA:
        events.append(event)
    return events


def chunked(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts} | {0, len(data)})
    return [data[a:b] for a, b in zip(points, points[1:], strict=False)]


def test_split_lines_separates_complete_lines_from_the_tail() -> None:
    """Complete lines come without delimiters; the unfinished tail is returned apart."""
    assert split_lines(b"a\r\nbc\r\nd", b"\r\n") == ([b"a", b"bc"], b"d")
    assert split_lines(b"a\r\n", b"\r\n") == ([b"a"], b"")
    assert split_lines(b"abc", b"\r\n") == ([], b"abc")


def test_first_overlong_finds_the_first_line_over_the_limit() -> None:
    assert first_overlong([b"aa", b"bbbb", b"cccccc"], 3) == 1
    assert first_overlong([b"aa", b"bbb"], 3) == -1
    assert first_overlong([], 0) == -1


def test_tail_rule_allows_a_partial_delimiter() -> None:
    """An unfinished line may exceed the limit by less than the delimiter's length."""
    assert not tail_overlong(b"x" * 6 + b"\r", 6, b"\r\n")
    assert tail_overlong(b"x" * 8, 6, b"\r\n")
    assert not tail_overlong(b"x" * 7, 6, b"\r\n")
    assert tail_overlong(b"x" * 7, 6, b"\r\n", strict=True)


def test_splitter_events() -> None:
    """Lines, then NEED_DATA until the rest of a line arrives."""
    s = LineSplitter(b"\n", max_length=10)
    s.receive_data(b"one\ntwo\nthr")
    assert drain(s) == [Line(b"one"), Line(b"two")]
    s.receive_data(b"ee\n")
    assert drain(s) == [Line(b"three")]
    assert s.buffered == b""


def test_splitter_overlong_line_takes_the_rest_of_the_buffer() -> None:
    s = LineSplitter(b"\n", max_length=3)
    s.receive_data(b"ok\ntoolong\nafter\n")
    assert drain(s) == [Line(b"ok"), LineTooLong(b"toolong\nafter\n")]


def test_splitter_overlong_unfinished_line() -> None:
    s = LineSplitter(b"\r\n", max_length=3)
    s.receive_data(b"xxx\r")
    assert s.next_event() is NEED_DATA
    s.receive_data(b"x")
    assert s.next_event() == LineTooLong(b"xxx\rx")


def test_splitter_raw_mode_hands_out_the_rest_then_lines_again() -> None:
    """A mode switch applies to bytes already buffered."""
    s = LineSplitter(b"\n")
    s.receive_data(b"head\nraw bytes\nmore")
    assert s.next_event() == Line(b"head")
    s.set_raw_mode()
    assert s.next_event() == RawData(b"raw bytes\nmore")
    assert s.next_event() is NEED_DATA
    s.set_line_mode()
    s.receive_data(b"x\ny")
    assert drain(s) == [Line(b"x")]
    assert s.clear() == b"y"


def test_empty_delimiter_is_refused() -> None:
    try:
        LineSplitter(b"")
    except ValueError:
        return
    raise AssertionError("an empty delimiter was accepted")


@given(
    lines=st.lists(st.binary(max_size=20), max_size=20),
    delimiter=DELIMITERS,
    cuts=st.lists(st.integers(min_value=0), max_size=12),
)
def test_chunking_does_not_change_the_lines(
    lines: list[bytes], delimiter: bytes, cuts: list[int]
) -> None:
    """However the stream is cut into packets, the same lines come out."""
    lines = [line.replace(delimiter[:1], b"") for line in lines]
    data = b"".join(line + delimiter for line in lines)
    s = LineSplitter(delimiter, max_length=1000)
    events: list[object] = []
    for chunk in chunked(data, cuts):
        s.receive_data(chunk)
        events.extend(drain(s))
    assert events == [Line(line) for line in lines]
    assert s.buffered == b""


@given(data=st.binary(max_size=200), delimiter=DELIMITERS)
def test_split_lines_round_trips(data: bytes, delimiter: bytes) -> None:
    lines, tail = split_lines(data, delimiter)
    assert delimiter.join([*lines, tail]) == data
    assert all(delimiter not in line for line in lines)
