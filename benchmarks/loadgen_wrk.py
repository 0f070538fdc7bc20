"""The ``http`` mode of the load generator, driven by wrk when it is installed.

wrk (a C load generator) keeps N keep-alive connections busy from one thread, so the
server, not the client, is what limits the rate, which a Python load generator on the same
two cores cannot promise.  Its report is parsed for ``Requests/sec``; any non-2xx/3xx
response or socket error fails the run (a server that answers errors fast is not fast).
Without wrk, ``benchmarks.loadgen``'s Python client measures instead.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess

__all__ = ["WrkError", "parse_wrk", "run_wrk", "wrk_path"]

_REQUESTS = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m),", re.MULTILINE)
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
_UNIT = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


class WrkError(Exception):
    """wrk did not run, or reported errors: the measurement is not valid."""


def wrk_path() -> str | None:
    """Where wrk is installed, or ``None``."""
    return shutil.which("wrk")


def parse_wrk(output: str) -> dict[str, float]:
    """``{"ops": requests, "seconds": duration}`` from wrk's report.

    Raises ``WrkError`` if the report shows non-2xx/3xx responses or socket errors, or has
    no request count.
    """
    bad = _NON_2XX.search(output)
    if bad and int(bad.group(1)):
        raise WrkError(f"wrk: {bad.group(1)} non-2xx/3xx responses")
    errors = _SOCKET_ERRORS.search(output)
    if errors and any(int(n) for n in errors.groups()):
        raise WrkError("wrk: " + errors.group(0))
    done = _REQUESTS.search(output)
    if done is None:
        raise WrkError("wrk: no request count in its report: " + output.strip()[-200:])
    requests = int(done.group(1))
    seconds = float(done.group(2)) * _UNIT[done.group(3)]
    if requests == 0 or seconds <= 0:
        raise WrkError("wrk: no request was answered")
    rate = _RATE.search(output)
    if rate is not None:
        # wrk's own rate divides by its exact run time; keep our ops/seconds consistent
        # with it (the printed duration is rounded).
        seconds = requests / float(rate.group(1))
    return {"ops": requests, "seconds": seconds}


def run_wrk(
    port: int, path: str, connections: int, seconds: float, warmup: float
) -> dict[str, float]:
    """Measure ``GET path`` on 127.0.0.1:``port`` with wrk (one thread, keep-alive).

    wrk takes whole seconds: the durations are rounded up to at least one.  A warm-up run
    (connections opened, the server's caches filled) precedes the measured one when
    ``warmup`` is positive.  Raises ``WrkError``.
    """
    wrk = wrk_path()
    if wrk is None:
        raise WrkError("wrk is not installed")
    url = f"http://127.0.0.1:{port}{path}"

    def one(duration: float) -> str:
        cmd = [
            wrk,
            "-t1",
            f"-c{connections}",
            f"-d{max(1, math.ceil(duration))}s",
            "--timeout",
            "10s",
            url,
        ]
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=duration + 30, check=False
        )
        if proc.returncode != 0:
            raise WrkError(f"wrk exited {proc.returncode}: {proc.stderr.strip()[-200:]}")
        return proc.stdout

    if warmup > 0:
        parse_wrk(one(warmup))
    return parse_wrk(one(seconds))
