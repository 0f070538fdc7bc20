"""The benchmark harness's quick mode runs end to end (a smoke test, not a timing assertion)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from compat_tests import cache


def test_quick_benchmarks_run_every_scenario(tmp_path: Path) -> None:
    """Every scenario produces a number for every twistio implementation, the raw limits and
    the Twisted epoll baseline, and a report is written.  Twisted's asyncioreactor on uvloop
    is a reference we do not maintain: once, on a loaded CI machine, its process_spawn run did
    not finish within quick mode's 30 s (four quiet reruns finished in ~1 s), so a timeout of
    that reference is reported in the table as an error rather than failing this test."""
    output = tmp_path / "perf.md"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--output", str(output)],
        cwd=cache.REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads((cache.REPO / "benchmarks" / "results" / "quick.json").read_text())
    for name, scenario in results["scenarios"].items():
        errors = {
            k: e
            for k, e in scenario["errors"].items()
            if not e.startswith("not available here")
            and not (k == "twisted-asyncio-uvloop" and e.startswith("timed out"))
        }
        assert errors == {}, name
        assert "twistio-uvloop" in scenario["medians"] or "twistio-uvloop" in scenario["errors"]
        assert scenario["ratios"]["twisted"] == 1.0, name
    text = output.read_text()
    assert "| Deferred create + 3 callbacks + fire |" in text


def test_http_budget_maps_python_cost_to_rate() -> None:
    """``python -m benchmarks.http_budget`` measures both twisted.webs and the responder; a
    responder spending 20 us of Python per request is clearly slower than one spending none
    (the busy-wait really happens per request)."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.http_budget", "--quick", "--repeats", "1"]
        + ["--spins", "0,20"],
        cwd=cache.REPO,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rates = {}
    for line in proc.stdout.splitlines()[1:]:
        label, rate, ratio = line.rsplit(None, 2)
        rates[label] = float(rate)
        assert ratio.endswith("x"), line
    assert set(rates) == {
        "twisted.web, Twisted 26.10 / epoll",
        "twisted.web, twistio / uvloop",
        "responder, 0 us of Python per request",
        "responder, 20 us of Python per request",
    }
    assert (
        rates["responder, 0 us of Python per request"]
        > 2 * rates["responder, 20 us of Python per request"]
    )
