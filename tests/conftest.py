"""Shared test set-up: the loop under test comes from TWISTIO_LOOP (uvloop or asyncio).

``nox -s tests`` runs the whole suite once per loop kind, so synchronous tests that start
twistio's reactor and pytest-asyncio tests alike run on both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pytest

from twistio._aio import loop as _loop
from twistio._aio.reactor import AsyncioReactor


def pytest_asyncio_loop_factories(config: Any, item: Any) -> Mapping[str, Callable[[], Any]]:
    """pytest-asyncio's hook: every asyncio test runs on the loop kind under test."""
    return {_loop.loop_kind(): _loop.new_event_loop}


def pytest_report_header() -> str:
    return f"twistio loop: {_loop.loop_kind()}"


@pytest.fixture
def loop_kind() -> str:
    return _loop.loop_kind()


@pytest.fixture
def fresh_reactor() -> Iterator[AsyncioReactor]:
    """A new reactor on a new loop of the kind under test, cleaned up after the test
    (pending delayed calls cancelled, its thread pool stopped, the loop closed)."""
    loop = _loop.new_event_loop()
    r = AsyncioReactor(loop)
    yield r
    for call in r.getDelayedCalls():
        call.cancel()
    if r.threadpool is not None:
        r._stopThreadPool()
    loop.close()
