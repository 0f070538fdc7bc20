"""Differential: the sample project in ``tests/trial_sample`` under real trial and twistio trial.

Real Twisted 26.10 comes from the oracle's interpreter (``compat_tests.cache.twisted_python``:
``$TWISTIO_ORACLE_PYTHON`` or the cached virtualenv, created on first use), so this runs in CI
rather than skipping.  Both runs must print the same summary line and the same per-test
verdicts; only the traceback frames inside the two trial implementations may differ.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from compat_tests import cache

TESTS_DIR = Path(__file__).resolve().parent
MODULES = ["trial_sample.checks_greeter", "trial_sample.checks_timing"]
EXPECTED_SUMMARY = (
    "FAILED (skips=2, expectedFailures=1, failures=2, errors=1, unexpectedSuccesses=1,"
    " successes=11)"
)
_VERDICT = re.compile(r"^\s*(\S+) \.\.\.\s+\[([A-Z!?]+)\]$")


def _run(python: str, module: str, workdir: Path, real: bool) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TWISTIO_ALIAS")}
    env["PYTHONPATH"] = str(TESTS_DIR)
    cmd = [python, "-m", module, *([] if real else ["trial"]), *MODULES]
    workdir.mkdir()
    proc = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    return proc.stdout


def _summary(output: str) -> str:
    return output.strip().splitlines()[-1]


def _verdicts(output: str) -> list[tuple[str, str]]:
    return [m.groups() for m in map(_VERDICT.match, output.splitlines()) if m]


@pytest.mark.differential
def test_same_summary_and_verdicts_as_real_trial(tmp_path: Path) -> None:
    """The summary line and each test's verdict match real trial's, in the same order."""
    real = _run(str(cache.twisted_python()), "twisted.trial", tmp_path / "real", real=True)
    ours = _run(sys.executable, "twistio", tmp_path / "twistio", real=False)
    assert _summary(real) == EXPECTED_SUMMARY
    assert _summary(ours) == _summary(real)
    assert _verdicts(ours) == _verdicts(real)
    assert len(_verdicts(ours)) == 18
