"""Twisted's own test modules that twistio claims (compat_tests/claims.py), run through the alias.

Each claimed module runs in a subprocess under pytest (listed failures as strict xfails) and,
when twistio has trial, under ``twistio trial`` too; the claim holds when every unlisted test
passes (or skips/todos as on real Twisted) and both runners agree.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from compat_tests import cache, claims, oracle

pytestmark = pytest.mark.oracle

CLAIMED = claims.claimed_modules()


def test_every_listed_module_exists_in_twisted() -> None:
    """Claims and targets name real modules of the Twisted 26.10 wheel (downloaded here)."""
    missing = [m for _, m, _ in claims.all_modules() if not cache.module_file(m).is_file()]
    assert missing == []


@pytest.mark.parametrize("module", sorted(CLAIMED))
def test_claimed_module(module: str) -> None:
    known = CLAIMED[module]
    # The two runs are separate processes: run them side by side (CI has two cores).
    with ThreadPoolExecutor(max_workers=2) as pool:
        pending = pool.submit(oracle.run_pytest, module, known=known)
        trial_result = oracle.run_trial(module) if oracle.trial_available() else None
        result = pending.result()
    problems = oracle.check(module, known, result, trial_result, oracle.reference_ids(module))
    assert problems == [], "\n".join([f"{module}: {oracle._summary(result)}", *problems])


def test_real_twisted_lists_the_reference_tests() -> None:
    """Real Twisted's dry run names each test of a module (the set claimed modules must cover)."""
    ids = oracle.reference_ids("twisted.internet.test.test_defer_yieldfrom")
    assert ids is not None and len(ids) == 7
    assert "YieldFromTests.test_basic" in ids
