"""The cost of one keep-alive hello-world request through twisted.web, without sockets.

``python -m benchmarks.http_request_cost [--twisted] [--no-log] [--calls] [--instructions]``

A ``Site`` answers ``GET / HTTP/1.1`` + ``Host`` (what wrk sends) fed straight into its
``HTTPChannel`` over an in-memory transport, with the access log going where it goes by
default (the legacy log).  It prints microseconds per request (best of several rounds);
``--calls`` adds Python function calls per request (cProfile), ``--instructions`` CPU
instructions per request counted by valgrind (deterministic, unlike time on a shared
machine: run it before and after a change).  ``--twisted`` runs the same program on real
Twisted 26.10 (the interpreter of the benchmark cache) for comparison; ``--no-log`` drops
the access log.

This isolates the web layer: a real server adds the kernel (send/recv/epoll), the event
loop and the transport adapter, which ``benchmarks http_hello`` measures end to end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REQUEST = b"GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"


def _serve(n: int, mode: str, log: bool) -> None:
    """Run in the measured interpreter (twisted importable as twistio or the real one)."""
    from twisted.internet.address import IPv4Address
    from twisted.web import resource, server

    class Hello(resource.Resource):
        isLeaf = True

        def render_GET(self, request):  # type: ignore[no-untyped-def]
            request.setHeader(b"content-type", b"text/plain")
            return b"Hello, world!"

    class Transport:
        """Just what HTTPChannel uses of a TCP transport; writes are counted."""

        disconnecting = False
        peer = IPv4Address("TCP", "127.0.0.1", 40000)
        host = IPv4Address("TCP", "127.0.0.1", 8080)

        def __init__(self) -> None:
            self.writes = 0

        def write(self, data: bytes) -> None:
            self.writes += 1

        def writeSequence(self, data: list[bytes]) -> None:
            self.writes += 1

        def getPeer(self) -> IPv4Address:
            return self.peer

        def getHost(self) -> IPv4Address:
            return self.host

        def registerProducer(self, producer: object, streaming: bool) -> None:
            pass

        def unregisterProducer(self) -> None:
            pass

        def loseConnection(self) -> None:
            pass

        def setTcpNoDelay(self, enabled: bool) -> None:
            pass

        def pauseProducing(self) -> None:
            pass

        def resumeProducing(self) -> None:
            pass

    site = server.Site(Hello())
    site.noisy = False
    site.doStart()
    if not log:
        site._logFile = None
    channel = site.buildProtocol(IPv4Address("TCP", "127.0.0.1", 40000))
    transport = Transport()
    channel.makeConnection(transport)
    feed = channel.dataReceived
    if mode == "instructions":
        for _ in range(n):
            feed(REQUEST)
        return
    for _ in range(max(1, n // 10)):
        feed(REQUEST)
    if mode == "calls":
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        for _ in range(n):
            feed(REQUEST)
        profile.disable()
        print(f"{pstats.Stats(profile).total_calls / n:.0f} calls/request")  # type: ignore[attr-defined]
        return
    best = float("inf")
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(n):
            feed(REQUEST)
        best = min(best, (time.perf_counter() - start) / n)
    assert transport.writes >= n, "no responses written"
    print(f"{best * 1e6:.2f} us/request")


def _interpreter(twisted: bool) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if twisted:
        from compat_tests import cache

        return [str(cache.twisted_python())], env
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    return [sys.executable], env


def _child(args: argparse.Namespace, mode: str, n: int) -> list[str]:
    cmd = ["-m", "benchmarks.http_request_cost", "--child", mode, "--n", str(n)]
    if args.no_log:
        cmd.append("--no-log")
    if args.twisted:
        cmd.append("--twisted")
    return cmd


def _instructions(args: argparse.Namespace) -> float:
    """Instructions per request: valgrind's count for 2500 requests minus that for 500."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("valgrind is not installed")
    python, env = _interpreter(args.twisted)
    # The real binary, not a wrapper script, must run under valgrind.
    real = subprocess.run(
        [*python, "-c", "import sys; print(sys.executable)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    counts = []
    for n in (500, 2500):
        out = subprocess.run(
            [
                valgrind,
                "--tool=cachegrind",
                "--cache-sim=no",
                "--cachegrind-out-file=/dev/null",
                real,
                *_child(args, "instructions", n),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        ).stderr
        line = next(x for x in out.splitlines() if "I   refs:" in x or "I refs:" in x)
        counts.append(int(line.split(":")[1].replace(",", "")))
    return (counts[1] - counts[0]) / 2000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--twisted", action="store_true", help="measure real Twisted 26.10")
    parser.add_argument("--no-log", action="store_true", help="no access log")
    parser.add_argument("--calls", action="store_true", help="also Python calls per request")
    parser.add_argument(
        "--instructions", action="store_true", help="also valgrind instructions per request"
    )
    parser.add_argument("--n", type=int, default=30000, help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        if not args.twisted:
            import twistio

            twistio.install()
        _serve(args.n, args.child, not args.no_log)
        return 0
    python, env = _interpreter(args.twisted)
    root = Path(__file__).resolve().parent.parent
    modes = ["time"] + (["calls"] if args.calls else [])
    for mode in modes:
        n = args.n if mode == "time" else 2000
        subprocess.run([*python, *_child(args, mode, n)], env=env, check=True, cwd=root)
    if args.instructions:
        print(f"{_instructions(args) / 1000:.1f}k instructions/request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
