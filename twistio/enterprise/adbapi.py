"""A pool of DB-API 2.0 connections used from a thread pool, with Deferred results.

Every call (:meth:`ConnectionPool.runQuery`, ``runOperation``, ``runInteraction``,
``runWithConnection``) runs in one of the pool's threads on that thread's own connection, then
commits; if the work raises, the transaction is rolled back and the Deferred fails with the
original exception (a failing rollback is logged, never allowed to hide it).  With
``cp_reconnect=True`` a connection whose rollback fails is dropped and reopened on next use, and
the call fails with :class:`ConnectionLost`.

The pool starts its threads when the reactor starts (or on :meth:`ConnectionPool.start`) and
stops them, closing every connection, during reactor shutdown (or on :meth:`ConnectionPool.close`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from twistio.internet import threads
from twistio.internet.defer import Deferred
from twistio.python import log, reflect
from twistio.python.threadable import getThreadID
from twistio.python.threadpool import ThreadPool

__name__ = "twisted.enterprise.adbapi"

__all__ = ["Connection", "ConnectionLost", "ConnectionPool", "Transaction"]


class ConnectionLost(Exception):
    """The database connection was lost while rolling back (and has been dropped)."""


class Connection:
    """A pooled DB-API connection that knows how to recover from a lost connection.

    Unknown attributes are those of the underlying DB-API connection.  :meth:`close` does
    nothing: the pool owns the connection.
    """

    def __init__(self, pool: ConnectionPool) -> None:
        self._pool = pool
        self._connection: Any = None
        self.reconnect()

    def close(self) -> None:
        """Do nothing: pooled connections are closed by the pool, not by their users."""

    def rollback(self) -> None:
        """Roll back the current transaction.

        With the pool's ``reconnect`` on, the connection is then checked with ``good_sql``; if
        that or the rollback fails, the failure is logged, the connection dropped and
        :class:`ConnectionLost` raised.
        """
        if not self._pool.reconnect:
            self._connection.rollback()
            return
        try:
            self._connection.rollback()
            cursor = self._connection.cursor()
            cursor.execute(self._pool.good_sql)
            cursor.close()
            self._connection.commit()
            return
        except BaseException:
            log.err(None, "Rollback failed")
        self._pool.disconnect(self._connection)
        if self._pool.noisy:
            log.msg("Connection lost.")
        raise ConnectionLost()

    def reconnect(self) -> None:
        """Drop the current DB-API connection (if any) and take this thread's connection."""
        if self._connection is not None:
            self._pool.disconnect(self._connection)
        self._connection = self._pool.connect()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


class Transaction:
    """The cursor an interaction works with; unknown attributes are the DB-API cursor's."""

    _cursor: Any = None

    def __init__(self, pool: ConnectionPool, connection: Any) -> None:
        self._pool = pool
        self._connection = connection
        self.reopen()

    def close(self) -> None:
        """Close the cursor."""
        cursor, self._cursor = self._cursor, None
        cursor.close()

    def reopen(self) -> None:
        """Open a fresh cursor.  If that fails and the pool reconnects, the failure is logged,
        the connection reopened and a cursor taken from the new connection."""
        if self._cursor is not None:
            self.close()
        try:
            self._cursor = self._connection.cursor()
            return
        except BaseException:
            if not self._pool.reconnect:
                raise
            log.err(None, "Cursor creation failed")
        if self._pool.noisy:
            log.msg("Connection lost, reconnecting")
        self.reconnect()
        self._cursor = self._connection.cursor()

    def reconnect(self) -> None:
        """Reopen the underlying connection (the cursor must be reopened afterwards)."""
        self._connection.reconnect()
        self._cursor = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cursor, name)


class ConnectionPool:
    """Connections to a DB-API 2.0 database, used from a pool of threads.

    ``dbapiName`` is the DB-API module's import name (``"sqlite3"``, ``"psycopg"``...); the
    other positional and keyword arguments go to its ``connect``, except these keywords:
    ``cp_min``/``cp_max`` (thread pool size, default 3 and 5), ``cp_name`` (thread pool
    name), ``cp_noisy`` (log connects and closes), ``cp_openfun`` (called with each new
    connection), ``cp_reconnect`` (recover from lost connections), ``cp_good_sql`` (query
    that checks a connection, default ``select 1``) and ``cp_reactor``.
    """

    CP_ARGS = ["min", "max", "name", "noisy", "openfun", "reconnect", "good_sql"]

    noisy = False
    min = 3
    max = 5
    name: str | None = None
    openfun: Callable[[Any], object] | None = None
    reconnect = False
    good_sql = "select 1"
    running = False
    connectionFactory: Callable[..., Any] = Connection
    transactionFactory: Callable[..., Any] = Transaction
    shutdownID: Any = None

    def __init__(self, dbapiName: str, *connargs: Any, **connkw: Any) -> None:
        self.dbapiName = dbapiName
        self.dbapi = reflect.namedModule(dbapiName)
        if getattr(self.dbapi, "apilevel", None) != "2.0":
            log.msg("DB API module not DB API 2.0 compliant.")
        if getattr(self.dbapi, "threadsafety", 0) < 1:
            log.msg("DB API module not sufficiently thread-safe.")
        reactor = connkw.pop("cp_reactor", None)
        if reactor is None:
            from twistio.internet import reactor
        self._reactor: Any = reactor
        self.connargs = connargs
        self.connkw = connkw
        for arg in self.CP_ARGS:
            cpArg = f"cp_{arg}"
            if cpArg in connkw:
                setattr(self, arg, connkw.pop(cpArg))
        self.min = min(self.min, self.max)
        self.max = max(self.min, self.max)
        # One DB-API connection per thread: most drivers may not share one between threads.
        self.connections: dict[int, Any] = {}
        self.threadID: Callable[[], int] = getThreadID
        self.threadpool = ThreadPool(self.min, self.max)
        self.startID: Any = self._reactor.callWhenRunning(self._start)

    def _start(self) -> None:
        self.startID = None
        return self.start()

    def start(self) -> None:
        """Start the thread pool (done for you when the reactor starts); idempotent."""
        if not self.running:
            self.threadpool.start()
            self.shutdownID = self._reactor.addSystemEventTrigger("during", "shutdown", self.finalClose)
            self.running = True

    def runWithConnection(self, func: Callable[..., Any], *args: Any, **kw: Any) -> Deferred[Any]:
        """Call ``func(connection, *args, **kw)`` in a pool thread, then commit.

        If ``func`` raises, the connection is rolled back and the Deferred fails with
        ``func``'s exception.
        """
        d: Deferred[Any] = threads.deferToThreadPool(
            self._reactor, self.threadpool, self._runWithConnection, func, *args, **kw
        )
        return d

    def _runWithConnection(self, func: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        conn = self.connectionFactory(self)
        try:
            result = func(conn, *args, **kw)
            conn.commit()
            return result
        except BaseException:
            _rollbackKeepingError(conn)
            raise

    def runInteraction(self, interaction: Callable[..., Any], *args: Any, **kw: Any) -> Deferred[Any]:
        """Call ``interaction(transaction, *args, **kw)`` in a pool thread with a cursor-like
        :class:`Transaction`; commit if it returns, roll back if it raises.

        The Deferred fires with what ``interaction`` returned, or fails with what it raised.
        """
        d: Deferred[Any] = threads.deferToThreadPool(
            self._reactor, self.threadpool, self._runInteraction, interaction, *args, **kw
        )
        return d

    def runQuery(self, *args: Any, **kw: Any) -> Deferred[Any]:
        """Execute one query (``cursor.execute(*args, **kw)``) and fire with ``fetchall()``."""
        return self.runInteraction(self._runQuery, *args, **kw)

    def runOperation(self, *args: Any, **kw: Any) -> Deferred[Any]:
        """Execute one statement (``cursor.execute(*args, **kw)``) and fire with None."""
        return self.runInteraction(self._runOperation, *args, **kw)

    def close(self) -> None:
        """Stop the threads and close every connection now, cancelling the startup or
        shutdown trigger still pending."""
        if self.shutdownID:
            self._reactor.removeSystemEventTrigger(self.shutdownID)
            self.shutdownID = None
        if self.startID:
            self._reactor.removeSystemEventTrigger(self.startID)
            self.startID = None
        self.finalClose()

    def finalClose(self) -> None:
        """Stop the threads and close every connection (the reactor-shutdown trigger)."""
        self.shutdownID = None
        self.threadpool.stop()
        self.running = False
        for conn in self.connections.values():
            self._close(conn)
        self.connections.clear()

    def connect(self) -> Any:
        """This thread's DB-API connection, opened (and passed to ``openfun``) on first use.

        Blocks: call it from a pool thread, or accept blocking the caller.
        """
        tid = self.threadID()
        conn = self.connections.get(tid)
        if conn is None:
            if self.noisy:
                log.msg(f"adbapi connecting: {self.dbapiName}")
            conn = self.dbapi.connect(*self.connargs, **self.connkw)
            if self.openfun is not None:
                self.openfun(conn)
            self.connections[tid] = conn
        return conn

    def disconnect(self, conn: Any) -> None:
        """Close ``conn``, which must be this thread's connection."""
        tid = self.threadID()
        if conn is not self.connections.get(tid):
            raise Exception("wrong connection for thread")
        if conn is not None:
            self._close(conn)
            del self.connections[tid]

    def _close(self, conn: Any) -> None:
        if self.noisy:
            log.msg(f"adbapi closing: {self.dbapiName}")
        try:
            conn.close()
        except BaseException:
            log.err(None, "Connection close failed")

    def _runInteraction(self, interaction: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        conn = self.connectionFactory(self)
        trans = self.transactionFactory(self, conn)
        try:
            result = interaction(trans, *args, **kw)
            trans.close()
            conn.commit()
            return result
        except BaseException:
            _rollbackKeepingError(conn)
            raise

    def _runQuery(self, trans: Any, *args: Any, **kw: Any) -> Any:
        trans.execute(*args, **kw)
        return trans.fetchall()

    def _runOperation(self, trans: Any, *args: Any, **kw: Any) -> None:
        trans.execute(*args, **kw)

    def __getstate__(self) -> dict[str, Any]:
        # Threads, connections, the reactor and openfun do not survive pickling; a pool is
        # rebuilt from the module name, the connect arguments and the pool settings.
        state = {
            key: getattr(self, key)
            for key in ("dbapiName", "min", "max", "noisy", "reconnect", "good_sql")
        }
        state["connargs"] = self.connargs
        state["connkw"] = self.connkw
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        # The restored settings are instance attributes, so __init__ keeps them (it only
        # overrides settings given again as cp_* keywords).
        self.__dict__ = dict(state)
        self.__init__(state["dbapiName"], *state["connargs"], **state["connkw"])  # type: ignore[misc]


def _rollbackKeepingError(conn: Any) -> None:
    """Roll ``conn`` back after a failure, logging (not raising) a failing rollback so the
    caller can re-raise the original error."""
    try:
        conn.rollback()
    except BaseException:
        log.err(None, "Rollback failed")
