"""The oracle harness itself, exercised on a small fake overlay (no download needed).

The fake modules use the standard library's unittest (twistio's trial may not exist yet) and
import ``twisted.python.failure`` to prove they run with the alias on.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from compat_tests import claims, oracle

PROBE = textwrap.dedent(
    """
    import unittest

    import twistio.python.failure
    from twisted.python import failure


    class Probe(unittest.TestCase):
        def test_ok(self):
            self.assertIs(failure.Failure, twistio.python.failure.Failure)

        def test_bad(self):
            self.assertEqual(1, 2)

        def test_broken_setup_free(self):
            raise RuntimeError("boom")

        @unittest.skip("not here")
        def test_skipped(self):
            pass
    """
)

MODULE = "twisted.test.test_harnessprobe"
KNOWN = {"Probe.test_bad": "1 is not 2", "Probe.test_broken_setup_free": "raises"}


@pytest.fixture(scope="module")
def overlay(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("overlay")
    twisted = root / "twisted"
    (twisted / "test").mkdir(parents=True)
    (twisted / "internet" / "test").mkdir(parents=True)
    for init in (
        "__init__.py",
        "test/__init__.py",
        "internet/__init__.py",
        "internet/test/__init__.py",
    ):
        (twisted / init).write_text("")
    (twisted / "test" / "test_harnessprobe.py").write_text(PROBE)
    (twisted / "internet" / "test" / "test_harnessbroken.py").write_text(
        "import twisted.no_such_module_anywhere\n"
    )
    (twisted / "internet" / "test" / "test_harnesshang.py").write_text(
        "import time, unittest\n"
        "class Hang(unittest.TestCase):\n"
        "    def test_hang(self):\n"
        "        time.sleep(600)\n"
    )
    return twisted


def test_claim_holds_when_only_listed_tests_fail(overlay: Path) -> None:
    """Listed failures run as strict xfails; everything else passes or skips."""
    res = oracle.run_pytest(MODULE, overlay=overlay, known=KNOWN)
    assert res.outcomes == {
        "Probe.test_ok": "passed",
        "Probe.test_bad": "xfailed",
        "Probe.test_broken_setup_free": "xfailed",
        "Probe.test_skipped": "skipped",
    }
    assert oracle.check(MODULE, KNOWN, res) == []


def test_unlisted_failure_is_a_problem(overlay: Path) -> None:
    res = oracle.run_pytest(MODULE, overlay=overlay, known={})
    problems = oracle.check(MODULE, {}, res)
    assert any(p.startswith("Probe.test_bad failed") for p in problems), problems
    assert any(p.startswith("Probe.test_broken_setup_free failed") for p in problems), problems


def test_fixed_test_must_be_unlisted(overlay: Path) -> None:
    """A listed test that passes is reported (strict xfail), so the list cannot go stale."""
    known = {**KNOWN, "Probe.test_ok": "claimed broken"}
    res = oracle.run_pytest(MODULE, overlay=overlay, known=known)
    assert res.outcomes["Probe.test_ok"] == "xpassed"
    problems = oracle.check(MODULE, known, res)
    assert problems == ["Probe.test_ok passes now: remove it from compat_tests/claims.py"]


def test_listed_test_that_does_not_exist_is_a_problem(overlay: Path) -> None:
    known = {**KNOWN, "Probe.test_gone": "old"}
    res = oracle.run_pytest(MODULE, overlay=overlay, known=known)
    assert oracle.check(MODULE, known, res) == [
        "listed as a known failure but not found: Probe.test_gone"
    ]


def test_import_failure_is_a_clear_failure(overlay: Path) -> None:
    module = "twisted.internet.test.test_harnessbroken"
    res = oracle.run_pytest(module, overlay=overlay, known={})
    problems = oracle.check(module, {}, res)
    assert res.outcomes == {}
    assert any("did not import" in p and "no_such_module_anywhere" in p for p in problems)
    assert "[pytest] no tests ran" in problems


def test_missing_module_is_a_clear_failure(overlay: Path) -> None:
    module = "twisted.test.test_not_in_twisted"
    res = oracle.run_pytest(module, overlay=overlay, known={})
    assert any("no such module" in p for p in oracle.check(module, {}, res))


def test_hanging_module_is_killed_and_reported(overlay: Path) -> None:
    module = "twisted.internet.test.test_harnesshang"
    res = oracle.run_pytest(module, overlay=overlay, known={}, timeout=4)
    assert res.timed_out
    assert any("timed out" in p for p in oracle.check(module, {}, res))


def test_timeout_kills_children_that_left_the_group(tmp_path: Path) -> None:
    # A grandchild in its own session keeps the output pipe open; the timeout must reach it.
    import sys
    import time

    script = (
        "import os, subprocess, sys, time\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'],"
        " start_new_session=True)\n"
        "time.sleep(300)\n"
    )
    start = time.monotonic()
    code, _, timed_out = oracle._run(
        [sys.executable, "-c", script], dict(os.environ), tmp_path, False, 2
    )
    assert timed_out
    assert time.monotonic() - start < 60


def test_trial_output_parsing() -> None:
    """bwverbose lines map onto the same outcome names as pytest's."""
    output = textwrap.dedent(
        """\
        twisted.test.test_x.T.test_err ... [ERROR]
        twisted.test.test_x.T.test_fail ... [FAILURE]
        twisted.test.test_x.T.test_ok ... [OK]
        twisted.test.test_x.T.test_skip ... [SKIPPED]
        twisted.test.test_x.T.test_todo ... [TODO]
        twisted.test.test_x.T.test_utodo ... [SUCCESS!?!]
        twisted.test.test_x.T.test_chatty ... Jumping into debugger:
        some output
        [OK]
        twisted.test.test_y ... [ERROR]
        """
    )
    outcomes, errors = oracle.parse_trial_output("twisted.test.test_x", output)
    assert outcomes == {
        "T.test_err": "error",
        "T.test_fail": "failed",
        "T.test_ok": "passed",
        "T.test_skip": "skipped",
        "T.test_todo": "xfailed",
        "T.test_utodo": "xpassed",
        "T.test_chatty": "passed",
    }
    assert errors == ["twisted.test.test_y: ERROR"]


def test_pytest_and_trial_disagreement_is_a_problem() -> None:
    known = {"T.b": "listed"}
    p = oracle.RunResult(
        "m", "pytest", outcomes={"T.a": "passed", "T.b": "xfailed", "T.c": "xfailed"}
    )
    t = oracle.RunResult(
        "m", "trial", outcomes={"T.a": "failed", "T.b": "failed", "T.c": "xfailed"}
    )
    assert oracle.check("m", known, p, t) == ["T.a: pytest says passed, trial says failed"]


def test_claims_are_well_formed() -> None:
    """Every claimed or targeted module is a Twisted test module, claimed at most once."""
    claimed = claims.claimed_modules()
    for subsystem, module, _ in claims.all_modules():
        assert module.startswith("twisted.") and ".test." in module + ".", module
        assert subsystem.issue > 0
    for module, known in claimed.items():
        for tid, reason in known.items():
            assert "." in tid and reason.strip(), (module, tid)


def test_tests_lost_at_collection_are_a_problem() -> None:
    """Tests real Twisted lists for the module but that never ran here fail the claim."""
    res = oracle.RunResult("m", "pytest", outcomes={"T.a": "passed"})
    assert oracle.check("m", {}, res, reference={"T.a"}) == []
    assert oracle.check("m", {}, res, reference={"T.a", "T.b"}) == [
        "1 tests of real Twisted were not collected: T.b"
    ]
