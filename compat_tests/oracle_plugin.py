"""pytest plugin that runs Twisted's own test modules against twistio (``-p compat_tests.oracle_plugin``).

Loaded with ``-p`` it is imported before collection, and at import it turns on the ``twisted``
alias with the overlay directory named by ``$TWISTIO_ORACLE_OVERLAY``: from then on
``twisted.<...>.test.<...>`` modules that twistio lacks load from the extracted Twisted wheel
under their ``twisted.*`` names, and everything else named ``twisted`` is twistio.

Environment:

``TWISTIO_ORACLE_OVERLAY``  directory holding the extracted ``twisted`` test tree (required)
``TWISTIO_ORACLE_KNOWN``    JSON file ``{"<module>": {"<Class.test>": "<reason>"}}``: those tests
                            are marked ``xfail(strict=True, reason=...)``, so a fix is noticed
``TWISTIO_ORACLE_RESULTS``  where to write a JSON record of every outcome (see ``_Recorder``)
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from twistio import _alias

_OVERLAY = os.environ.get("TWISTIO_ORACLE_OVERLAY")
if not _OVERLAY:
    raise pytest.UsageError("compat_tests.oracle_plugin needs TWISTIO_ORACLE_OVERLAY")
# At import time, before pytest imports any test module, so no real Twisted can slip in.
_alias.add_overlay(_OVERLAY)


def test_id(item: pytest.Item) -> tuple[str, str]:
    """``(module, "Class.method")`` for a collected test item."""
    module = getattr(getattr(item, "module", None), "__name__", "?")
    cls = getattr(item, "cls", None)
    name = item.name
    return module, f"{cls.__name__}.{name}" if cls is not None else name


class _Recorder:
    """Collects outcomes: ``passed failed error skipped xfailed xpassed`` per test id."""

    def __init__(self, path: str | None, known: dict[str, dict[str, str]]) -> None:
        self.path = path
        self.known = known
        self.collected: list[str] = []
        self.ids: dict[str, tuple[str, str]] = {}
        self.outcomes: dict[str, dict[str, str]] = {}
        self.details: dict[str, str] = {}
        self.collect_errors: list[str] = []
        self.marked: set[str] = set()

    def _set(self, nodeid: str, outcome: str, detail: str = "") -> None:
        module, tid = self.ids.get(nodeid, ("?", nodeid))
        current = self.outcomes.setdefault(module, {}).get(tid)
        # An error in teardown after a pass (or a failure) must win over the earlier outcome.
        if current in ("failed", "error") and outcome not in ("failed", "error"):
            return
        self.outcomes[module][tid] = outcome
        if detail:
            self.details[f"{module}::{tid}"] = detail[-4000:]

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            module, tid = test_id(item)
            self.ids[item.nodeid] = (module, tid)
            self.collected.append(f"{module}::{tid}")
            reason = self.known.get(module, {}).get(tid)
            if reason is not None:
                item.add_marker(pytest.mark.xfail(strict=True, reason=reason))
                self.marked.add(f"{module}::{tid}")

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collect_errors.append(f"{report.nodeid}: {report.longreprtext[-4000:]}")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        wasxfail = hasattr(report, "wasxfail")
        detail = report.longreprtext if report.failed else ""
        if report.when == "setup":
            if report.failed:
                self._set(report.nodeid, "error", detail)
            elif report.skipped:
                reason = _skip_reason(report)
                self._set(report.nodeid, "xfailed" if wasxfail else "skipped", reason)
        elif report.when == "call":
            if report.passed:
                self._set(report.nodeid, "xpassed" if wasxfail else "passed")
            elif report.failed:
                self._set(report.nodeid, "failed", detail)
            elif report.skipped:
                reason = _skip_reason(report)
                self._set(report.nodeid, "xfailed" if wasxfail else "skipped", reason)
        elif report.when == "teardown" and report.failed:
            self._set(report.nodeid, "error", detail)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if not self.path:
            return
        data: dict[str, Any] = {
            "exitstatus": int(exitstatus),
            "collected": self.collected,
            "collect_errors": self.collect_errors,
            "outcomes": self.outcomes,
            "details": self.details,
            "xfail_marked": sorted(self.marked),
        }
        with open(self.path, "w") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2])
    return str(getattr(report, "wasxfail", "") or longrepr or "")


def pytest_configure(config: pytest.Config) -> None:
    known: dict[str, dict[str, str]] = {}
    known_path = os.environ.get("TWISTIO_ORACLE_KNOWN")
    if known_path:
        with open(known_path) as fh:
            known = json.load(fh)
    config.pluginmanager.register(
        _Recorder(os.environ.get("TWISTIO_ORACLE_RESULTS"), known), "twistio-oracle-recorder"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out what pytest collects only for its ``test``/``Test`` name prefix.

    Trial runs only methods of ``unittest.TestCase`` subclasses, and Twisted's modules hold
    mixins such as ``TestDecoratorMixin`` and helpers such as ``test_loader.testNames`` that
    fail on their own; pytest and trial must see the same tests.
    """
    import unittest

    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        cls = getattr(item, "cls", None)
        plain = isinstance(item, pytest.Function) and (
            cls is None or not issubclass(cls, unittest.TestCase)
        )
        (drop if plain else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
