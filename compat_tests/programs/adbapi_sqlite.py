"""twisted.enterprise.adbapi with sqlite3: queries, interactions, a failed transaction rolls back."""

import os
import tempfile

from _show import say
from twisted.enterprise import adbapi
from twisted.internet import defer, reactor

path = os.path.join(tempfile.mkdtemp(), "classic.db")
pool = adbapi.ConnectionPool("sqlite3", path, check_same_thread=False, cp_min=1, cp_max=2)


def create(txn):
    txn.execute("CREATE TABLE users (name TEXT PRIMARY KEY, age INTEGER)")
    txn.executemany("INSERT INTO users VALUES (?, ?)", [("alice", 30), ("bob", 25)])
    return txn.rowcount


def failing(txn):
    txn.execute("INSERT INTO users VALUES (?, ?)", ("carol", 41))
    txn.execute("INSERT INTO users VALUES (?, ?)", ("alice", 99))  # duplicate key


@defer.inlineCallbacks
def main():
    say("interaction result:", (yield pool.runInteraction(create)))
    rows = yield pool.runQuery("SELECT name, age FROM users ORDER BY name")
    say("rows:", rows)
    say("operation:", (yield pool.runOperation("UPDATE users SET age = age + 1")))
    try:
        yield pool.runInteraction(failing)
    except Exception as e:
        say("failed interaction:", type(e).__module__, type(e).__name__, e)
    rows = yield pool.runQuery("SELECT name, age FROM users ORDER BY name")
    say("after rollback:", rows)
    try:
        yield pool.runQuery("SELECT nope FROM users")
    except Exception as e:
        say("bad query:", type(e).__name__, e)
    count = yield pool.runWithConnection(
        lambda conn: conn.execute("SELECT count(*) FROM users").fetchone()
    )
    say("runWithConnection:", count)
    pool.close()
    say("closed; running:", pool.running)
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
