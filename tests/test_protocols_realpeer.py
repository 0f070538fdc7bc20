"""The README's chat server (docs/examples/chatserver.py) run with ``twistio run``, talked to
over 127.0.0.1 by plain stdlib socket clients."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.realpeer

CHAT = Path(__file__).resolve().parents[1] / "docs" / "examples" / "chatserver.py"


@pytest.fixture
def chat_port() -> Iterator[int]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "twistio", "run", str(CHAT), "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        assert line.startswith("Chat server listening on port "), line
        yield int(line.rsplit(" ", 1)[1])
    finally:
        proc.terminate()
        proc.wait(10)


class Client:
    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buffer = b""

    def line(self) -> bytes:
        while b"\r\n" not in self.buffer:
            data = self.sock.recv(4096)
            if not data:
                raise EOFError(self.buffer)
            self.buffer += data
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def send(self, line: bytes) -> None:
        self.sock.sendall(line + b"\r\n")

    def closed_by_peer(self) -> bool:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                if not self.sock.recv(4096):
                    return True
            except ConnectionResetError:
                return True
        return False


def test_chat_session(chat_port: int) -> None:
    """Name negotiation, broadcast to the others only, join/leave notices."""
    alice = Client(chat_port)
    assert alice.line() == b"What's your name?"
    alice.send(b"alice")
    assert alice.line() == b"Welcome, alice!"
    bob = Client(chat_port)
    assert bob.line() == b"What's your name?"
    bob.send(b"alice")
    assert bob.line() == b"Name taken, please choose another."
    bob.send(b"bob")
    assert bob.line() == b"Welcome, bob!"
    assert alice.line() == b"* bob has joined"
    # Lines split across packets are reassembled.
    alice.sock.sendall(b"hello ")
    time.sleep(0.05)
    alice.sock.sendall(b"bob\r\n")
    assert bob.line() == b"<alice> hello bob"
    bob.sock.close()
    assert alice.line() == b"* bob has left"


def test_oversized_line_drops_the_connection(chat_port: int) -> None:
    """A line over LineReceiver.MAX_LENGTH (16384) hits lineLengthExceeded: disconnected."""
    client = Client(chat_port)
    assert client.line() == b"What's your name?"
    client.sock.sendall(b"x" * 20000)
    assert client.closed_by_peer()
    # The server is still serving others.
    other = Client(chat_port)
    assert other.line() == b"What's your name?"
