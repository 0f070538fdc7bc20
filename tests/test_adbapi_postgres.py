"""twisted.enterprise.adbapi against a real PostgreSQL 15 server (psycopg 3), started by the
tests on 127.0.0.1 in a temporary directory; psql checks from outside what was committed."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from adbapi_pgserver import PostgresServer, findBinaries
from test_adbapi_pool import reactor, runWithPool  # noqa: F401  (fixture re-used)

from twistio._aio.reactor import AsyncioReactor
from twistio.enterprise import adbapi
from twistio.internet import defer

pytestmark = pytest.mark.realpeer

_binaries, _why = findBinaries()


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    if _binaries is None:
        if os.environ.get("CI"):  # .ci/run installs PostgreSQL: a skip there would hide a gap
            pytest.fail(f"cannot start a PostgreSQL server in CI: {_why}")
        pytest.skip(f"cannot start a PostgreSQL server here: {_why}")
    pg = PostgresServer().start()
    try:
        yield pg
    finally:
        pg.stop()


@pytest.fixture
def table(server: PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh table named after the test, dropped afterwards."""
    name = "t_" + request.node.name.lower().replace("[", "_").replace("]", "")
    with psycopg.connect(**server.connectArgs(), autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(f"drop table if exists {name}")
        conn.execute(f"create table {name} (x integer primary key, label text)")
    yield name
    with psycopg.connect(**server.connectArgs(), autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute(f"drop table if exists {name}")


def psql(server: PostgresServer, sql: str) -> str:
    """Run ``sql`` with the psql client (a separate real peer) and return its bare output."""
    exe = shutil.which("psql")
    assert exe is not None
    result = subprocess.run(
        [
            exe,
            "-h",
            server.host,
            "-p",
            str(server.port),
            "-U",
            server.user,
            "-d",
            server.database,
            "-At",
            "-c",
            sql,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def makePool(
    theReactor: AsyncioReactor, server: PostgresServer, **kw: Any
) -> adbapi.ConnectionPool:
    return adbapi.ConnectionPool("psycopg", cp_reactor=theReactor, **server.connectArgs(), **kw)


def test_queries_and_commit_visible_to_psql(
    reactor: AsyncioReactor,  # noqa: F811
    server: PostgresServer,
    table: str,
) -> None:
    """Operations commit: psql, another client, sees the rows; queries return tuples."""
    pool = makePool(reactor, server, cp_min=1, cp_max=3)

    @defer.inlineCallbacks
    def scenario() -> Any:
        yield defer.gatherResults(
            [
                pool.runOperation(f"insert into {table} values (%s, %s)", (i, f"n{i}"))
                for i in range(10)
            ]
        )
        return (yield pool.runQuery(f"select x, label from {table} where x < %s order by x", (3,)))

    rows = runWithPool(reactor, pool, scenario)
    assert rows == [(0, "n0"), (1, "n1"), (2, "n2")]
    assert psql(server, f"select count(*), sum(x) from {table}") == "10|45"


def test_failed_transaction_rolls_back(
    reactor: AsyncioReactor,  # noqa: F811
    server: PostgresServer,
    table: str,
) -> None:
    """A failing statement inside an interaction rolls back the earlier writes of the same
    interaction; the connection is usable again afterwards (no 'transaction aborted')."""
    pool = makePool(reactor, server, cp_min=1, cp_max=1)

    def interaction(txn: Any) -> None:
        txn.execute(f"insert into {table} values (1, 'first')")
        txn.execute(f"insert into {table} values (2, 'second')")
        txn.execute(f"insert into {table} values (1, 'duplicate key')")

    @defer.inlineCallbacks
    def scenario() -> Any:
        error = None
        try:
            yield pool.runInteraction(interaction)
        except psycopg.errors.UniqueViolation as e:
            error = e
        yield pool.runOperation(f"insert into {table} values (3, 'after')")
        return error, (yield pool.runQuery(f"select x from {table} order by x"))

    error, rows = runWithPool(reactor, pool, scenario)
    assert isinstance(error, psycopg.errors.UniqueViolation)
    assert rows == [(3,)]
    assert psql(server, f"select string_agg(label, ',') from {table}") == "after"


def test_reconnect_after_backend_killed(
    reactor: AsyncioReactor,  # noqa: F811
    server: PostgresServer,
    table: str,
) -> None:
    """With cp_reconnect, a pooled connection whose server backend was terminated fails the
    call in flight with the driver's error (its failed rollback is logged and the connection
    dropped), and the next call runs on a new connection."""
    pool = makePool(reactor, server, cp_min=1, cp_max=1, cp_reconnect=True)

    @defer.inlineCallbacks
    def scenario() -> Any:
        (pid,) = (yield pool.runQuery("select pg_backend_pid()"))[0]
        psql(server, f"select pg_terminate_backend({pid})")
        lost = None
        try:
            yield pool.runQuery(f"select count(*) from {table}")
        except psycopg.OperationalError as e:
            lost = e
        (newPid,) = (yield pool.runQuery("select pg_backend_pid()"))[0]
        return pid, lost, newPid

    pid, lost, newPid = runWithPool(reactor, pool, scenario)
    assert isinstance(lost, psycopg.OperationalError)
    assert newPid != pid
