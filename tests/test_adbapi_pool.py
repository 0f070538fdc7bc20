"""twisted.enterprise.adbapi.ConnectionPool on sqlite3 (and its transaction rules) with a
private reactor per test; the PostgreSQL run of the same behaviour is in
test_adbapi_postgres.py."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from twistio._aio.reactor import AsyncioReactor
from twistio.enterprise import adbapi
from twistio.internet import defer
from twistio.python.failure import Failure


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


def runWithPool(
    reactor: AsyncioReactor, pool: adbapi.ConnectionPool, scenario: Callable[[], Any]
) -> Any:
    """Run the reactor until ``scenario()``'s Deferred fires; return its result (or Failure).

    The pool starts with the reactor and is closed by the reactor's shutdown trigger."""
    outcome: list[Any] = []

    def go() -> None:
        d = defer.maybeDeferred(scenario)
        d.addBoth(outcome.append)
        d.addBoth(lambda _: reactor.stop())

    reactor.callWhenRunning(go)
    reactor.run(installSignalHandlers=False)
    assert outcome, "the scenario never finished"
    assert not pool.running, "the shutdown trigger did not close the pool"
    assert pool.connections == {}
    return outcome[0]


def makePool(reactor: AsyncioReactor, path: Path, **kw: Any) -> adbapi.ConnectionPool:
    kw.setdefault("cp_max", 1)
    return adbapi.ConnectionPool(
        "sqlite3", str(path), check_same_thread=False, cp_reactor=reactor, **kw
    )


def test_query_operation_interaction(reactor: AsyncioReactor, tmp_path: Path) -> None:
    """runOperation fires with None, runQuery with fetchall(), runInteraction with what the
    interaction returns; the calls run in the pool's threads, not the reactor's."""
    pool = makePool(reactor, tmp_path / "db")
    threadsSeen: set[int] = set()

    def interaction(txn: Any, factor: int) -> list[int]:
        threadsSeen.add(threading.get_ident())
        txn.execute("select x from t order by x")
        return [row[0] * factor for row in txn.fetchall()]

    @defer.inlineCallbacks
    def scenario() -> Any:
        assert (yield pool.runOperation("create table t (x integer)")) is None
        yield defer.gatherResults(
            [pool.runOperation("insert into t values (?)", (i,)) for i in range(5)]
        )
        rows = yield pool.runQuery("select x from t where x >= ? order by x", (2,))
        doubled = yield pool.runInteraction(interaction, 2)
        return rows, doubled

    rows, doubled = runWithPool(reactor, pool, scenario)
    assert rows == [(2,), (3,), (4,)]
    assert doubled == [0, 2, 4, 6, 8]
    assert threading.get_ident() not in threadsSeen


def test_failed_interaction_rolls_back(reactor: AsyncioReactor, tmp_path: Path) -> None:
    """An interaction that raises after writing leaves nothing written, and its Deferred fails
    with the interaction's own exception."""
    pool = makePool(reactor, tmp_path / "db")

    class Boom(Exception):
        pass

    def halfWrite(txn: Any) -> None:
        txn.execute("insert into t values (1)")
        txn.execute("insert into t values (2)")
        raise Boom("after two inserts")

    @defer.inlineCallbacks
    def scenario() -> Any:
        yield pool.runOperation("create table t (x integer)")
        failure = None
        try:
            yield pool.runInteraction(halfWrite)
        except Boom as e:
            failure = e
        bad = None
        try:
            yield pool.runQuery("select * from missing_table")
        except sqlite3.OperationalError as e:
            bad = e
        count = yield pool.runQuery("select count(*) from t")
        return failure, bad, count

    failure, bad, count = runWithPool(reactor, pool, scenario)
    assert isinstance(failure, Boom)
    assert isinstance(bad, sqlite3.OperationalError)
    assert count == [(0,)]


def test_runWithConnection_commits_or_rolls_back(
    reactor: AsyncioReactor, tmp_path: Path
) -> None:
    """runWithConnection commits what the function did when it returns and rolls it back when
    it raises; closing the wrapped connection does not close the pooled one."""
    pool = makePool(reactor, tmp_path / "db")

    def write(conn: Any, value: int, fail: bool) -> str:
        cursor = conn.cursor()
        cursor.execute("insert into t values (?)", (value,))
        cursor.close()
        conn.close()  # a no-op on pooled connections
        if fail:
            raise ValueError(value)
        return "written"

    @defer.inlineCallbacks
    def scenario() -> Any:
        yield pool.runOperation("create table t (x integer)")
        ok = yield pool.runWithConnection(write, 1, False)
        try:
            yield pool.runWithConnection(write, 2, True)
        except ValueError:
            pass
        rows = yield pool.runQuery("select x from t")
        return ok, rows

    ok, rows = runWithPool(reactor, pool, scenario)
    assert ok == "written"
    assert rows == [(1,)]


def test_openfun_and_per_thread_connections(reactor: AsyncioReactor, tmp_path: Path) -> None:
    """cp_openfun sees every new connection once; each pool thread keeps its own."""
    opened: list[Any] = []
    pool = makePool(reactor, tmp_path / "db", cp_min=2, cp_max=2, cp_openfun=opened.append)
    assert (pool.min, pool.max) == (2, 2)

    @defer.inlineCallbacks
    def scenario() -> Any:
        yield pool.runOperation("create table t (x integer)")
        yield defer.gatherResults([pool.runQuery("select count(*) from t") for _ in range(20)])
        return dict(pool.connections)

    connections = runWithPool(reactor, pool, scenario)
    assert 1 <= len(connections) <= 2
    assert sorted(map(id, opened)) == sorted(map(id, connections.values()))


def test_reconnect_after_connection_lost(reactor: AsyncioReactor, tmp_path: Path) -> None:
    """With cp_reconnect, a connection closed under the pool is replaced on next use (the
    cursor failure is logged), and later queries succeed."""
    pool = makePool(reactor, tmp_path / "db", cp_reconnect=True)
    logged: list[Failure] = []
    from twistio.python import log

    def observer(event: dict[str, Any]) -> None:
        if event.get("isError") and event.get("failure") is not None:
            logged.append(event["failure"])

    log.addObserver(observer)

    @defer.inlineCallbacks
    def scenario() -> Any:
        yield pool.runOperation("create table t (x integer)")
        yield pool.runOperation("insert into t values (7)")
        old = list(pool.connections.values())[0]
        old.close()
        rows = yield pool.runQuery("select x from t")
        return old, rows

    try:
        old, rows = runWithPool(reactor, pool, scenario)
    finally:
        log.removeObserver(observer)
    assert rows == [(7,)]
    assert any(f.check(sqlite3.ProgrammingError) for f in logged)


def test_close_before_start_cancels_startup(reactor: AsyncioReactor) -> None:
    """A pool closed before the reactor runs leaves no startup trigger and never starts."""
    pool = adbapi.ConnectionPool("sqlite3", ":memory:", cp_reactor=reactor)
    assert pool.startID is not None
    pool.close()
    assert pool.startID is None
    reactor.callWhenRunning(reactor.stop)
    reactor.run(installSignalHandlers=False)
    assert not pool.running


def test_explicit_start_and_close(reactor: AsyncioReactor, tmp_path: Path) -> None:
    """start() is idempotent and registers one shutdown trigger; close() removes it."""
    pool = makePool(reactor, tmp_path / "db")
    pool.start()
    trigger = pool.shutdownID
    pool.start()
    assert pool.running and pool.shutdownID is trigger
    conn = pool.connect()
    assert conn is pool.connect()
    pool.disconnect(conn)
    pool.close()
    assert not pool.running and pool.shutdownID is None and pool.startID is None


def test_pickled_state_is_configuration_only(reactor: AsyncioReactor) -> None:
    """A pool pickles as its settings and connect arguments (no threads, connections, reactor
    or openfun), which is what unpickling rebuilds a pool from."""
    pool = adbapi.ConnectionPool(
        "sqlite3", ":memory:", cp_min=1, cp_max=2, cp_noisy=True, cp_openfun=print,
        check_same_thread=False, cp_reactor=reactor,
    )
    assert pool.__getstate__() == {
        "dbapiName": "sqlite3",
        "min": 1,
        "max": 2,
        "noisy": True,
        "reconnect": False,
        "good_sql": "select 1",
        "connargs": (":memory:",),
        "connkw": {"check_same_thread": False},
    }
    pool.close()
