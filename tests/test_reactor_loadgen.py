"""The C load generator of the TCP benchmarks (benchmarks/loadgen_c) against real servers.

It must keep loadgen.py's contract: one ``{"ops": N, "seconds": T}`` line, ops counted only in
the timed window, and a broken echo (too many bytes back, the server closing) is an error.
The servers here are small stdlib programs on 127.0.0.1 so that only the client is tested.
"""

from __future__ import annotations

import json
import socket
import socketserver
import subprocess
import threading
from collections.abc import Iterator

import pytest

from benchmarks import loadgen_c

pytestmark = pytest.mark.realpeer


class _Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        try:
            while data := self.request.recv(65536):
                self.request.sendall(data * self.server.factor)  # type: ignore[attr-defined]
        except OSError:
            pass  # the load generator resets its connections when it is done


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def _serve(factor: int) -> Iterator[int]:
    server = _Server(("127.0.0.1", 0), _Echo)
    server.factor = factor  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def echo_port() -> Iterator[int]:
    yield from _serve(1)


@pytest.fixture
def doubling_port() -> Iterator[int]:
    yield from _serve(2)


def _run(port: int, mode: str, *extra: str) -> subprocess.CompletedProcess[str]:
    command = loadgen_c.command(mode)
    assert command is not None, "cc could not build benchmarks/loadgen_c/loadgen.c"
    args = ["--port", str(port), "--mode", mode, "--seconds", "0.3", "--warmup", "0.1", *extra]
    return subprocess.run(command + args, capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("size", ["100", "20000"])
def test_echo_reports_round_trips(echo_port: int, size: str) -> None:
    """echo mode: one JSON line; round trips counted over about the timed window."""
    proc = _run(echo_port, "echo", "--clients", "3", "--size", size)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert set(result) == {"ops", "seconds"}
    assert result["ops"] > 0
    assert result["seconds"] >= 0.3


def test_connect_reports_connections(echo_port: int) -> None:
    """connect mode: each op is a connection that echoed and closed."""
    proc = _run(echo_port, "connect", "--clients", "2", "--size", "10")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["ops"] > 0


def test_extra_echoed_bytes_are_an_error(doubling_port: int) -> None:
    """A server that sends back more than it got breaks the run, as in loadgen.py."""
    proc = _run(doubling_port, "echo", "--clients", "1", "--size", "10")
    assert proc.returncode != 0
    assert "more bytes than were sent" in proc.stderr


def test_refused_connection_is_an_error() -> None:
    """Nothing listening: the run fails with a message rather than reporting zero."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = _run(port, "echo", "--clients", "1", "--size", "10")
    assert proc.returncode != 0
    assert "connect" in proc.stderr


def test_modes_without_a_c_version_fall_back() -> None:
    """http and idle have no C implementation: callers use the Python load generator."""
    assert loadgen_c.command("http") is None
    assert loadgen_c.command("idle") is None
