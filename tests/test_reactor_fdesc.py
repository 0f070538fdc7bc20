"""twisted.internet.fdesc on a pipe: reads, writes, and how each end is reported."""

from __future__ import annotations

import os

from twistio.internet import fdesc, main


def test_pipe_round_trip_and_ends() -> None:
    """Written bytes are read back; an empty pipe reads None; a closed writer reads
    CONNECTION_DONE; writing with no reader is CONNECTION_LOST."""
    r, w = os.pipe()
    try:
        fdesc.setNonBlocking(r)
        fdesc.setNonBlocking(w)
        got: list[bytes] = []
        assert fdesc.readFromFD(r, got.append) is None and got == []
        assert fdesc.writeToFD(w, b"hello") == 5
        assert fdesc.readFromFD(r, got.append) is None and got == [b"hello"]
        os.close(w)
        w = -1
        assert fdesc.readFromFD(r, got.append) is main.CONNECTION_DONE
    finally:
        os.close(r)
        if w >= 0:
            os.close(w)
    r, w = os.pipe()
    os.close(r)
    try:
        assert fdesc.writeToFD(w, b"x") is main.CONNECTION_LOST
    finally:
        os.close(w)
