"""LineReceiver against a one-line-at-a-time model of its rules, on random streams.

twistio's LineReceiver cuts a whole buffer at once and delivers from a list; the model below
cuts one line per step, the straightforward reading of the rules (checked against real Twisted
in test_protocols_basic).  Both get the same random mix of lines, raw-mode sections, buffer
clears and overlong lines, cut into random packets, and must produce the same events.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from twistio.internet.testing import StringTransport
from twistio.protocols import basic


class Behaviour:
    """What the test protocol does with what it gets (shared by both implementations)."""

    MAX_LENGTH = 12
    delimiter = b"\n"

    def connectionMade(self) -> None:
        self.ev: list[tuple[str, bytes]] = []
        self.rawLeft = 0

    def lineReceived(self, line: bytes) -> Any:
        self.ev.append(("line", line))
        if line.startswith(b"raw") and line[3:].isdigit():
            self.rawLeft = int(line[3:])
            self.setRawMode()  # type: ignore[attr-defined]
        elif line == b"clear":
            self.ev.append(("cleared", self.clearLineBuffer()))  # type: ignore[attr-defined]
        elif line == b"stop":
            return "stopped"
        return None

    def rawDataReceived(self, data: bytes) -> Any:
        take = data[: self.rawLeft]
        self.rawLeft -= len(take)
        self.ev.append(("raw", take))
        if self.rawLeft == 0:
            return self.setLineMode(data[len(take) :])  # type: ignore[attr-defined]
        return None

    def lineLengthExceeded(self, line: bytes) -> Any:
        self.ev.append(("long", line))
        return None


class Real(Behaviour, basic.LineReceiver):
    pass


class Model(Behaviour, basic.LineReceiver):
    """One line per step, the buffer always held as bytes."""

    _modelBuffer = b""
    _modelBusy = False

    def clearLineBuffer(self) -> bytes:
        rest, self._modelBuffer = self._modelBuffer, b""
        return rest

    def dataReceived(self, data: bytes) -> Any:
        self._modelBuffer += data
        if self._modelBusy:
            return None
        self._modelBusy = True
        try:
            while self._modelBuffer and not self.paused:
                if not self.line_mode:
                    chunk, self._modelBuffer = self._modelBuffer, b""
                    why = self.rawDataReceived(chunk)
                    if why:
                        return why
                    continue
                head, sep, rest = self._modelBuffer.partition(self.delimiter)
                if not sep:
                    if len(head) >= self.MAX_LENGTH + len(self.delimiter):
                        self._modelBuffer = b""
                        return self.lineLengthExceeded(head)
                    return None
                if len(head) > self.MAX_LENGTH:
                    self._modelBuffer = b""
                    return self.lineLengthExceeded(head + sep + rest)
                self._modelBuffer = rest
                why = self.lineReceived(head)
                if why or (self.transport is not None and self.transport.disconnecting):
                    return why
            return None
        finally:
            self._modelBusy = False


PIECES = st.one_of(
    st.sampled_from([b"a", b"bb", b"", b"clear", b"stop", b"x" * 13, b"y" * 20]),
    st.integers(min_value=0, max_value=9).map(lambda n: b"raw%d" % n),
    st.binary(max_size=6).map(lambda b: b.replace(b"\n", b"")),
)


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.tuples(PIECES, st.binary(max_size=5)), max_size=25),
    sizes=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=6),
)
def test_same_events_as_the_model(pieces: list[tuple[bytes, bytes]], sizes: list[int]) -> None:
    # Each piece is a line, followed by a few raw-looking bytes that a raw section may eat.
    data = b"".join(line + b"\n" + extra for line, extra in pieces)
    results = []
    for cls in (Real, Model):
        p = cls()
        p.makeConnection(StringTransport())
        returned = []
        pos = i = 0
        while pos < len(data):
            size = sizes[i % len(sizes)]
            returned.append(p.dataReceived(data[pos : pos + size]))
            pos += size
            i += 1
        results.append((p.ev, returned, p.line_mode, p.clearLineBuffer()))
    assert results[0] == results[1]
