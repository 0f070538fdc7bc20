"""benchmarks.http_request_cost: one hello request through a twistio Site, measured."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_reports_time_and_calls_per_request() -> None:
    """The tool answers requests (it checks one response was written per request) and
    prints a positive time and call count per request."""
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks.http_request_cost", "--calls", "--n", "300"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    us = re.search(r"^([\d.]+) us/request$", out, re.MULTILINE)
    calls = re.search(r"^(\d+) calls/request$", out, re.MULTILINE)
    assert us is not None and float(us.group(1)) > 0, out
    assert calls is not None and 20 < int(calls.group(1)) < 2000, out
