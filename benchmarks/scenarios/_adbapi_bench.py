"""Shared by the adbapi scenarios: runQuery throughput through a ConnectionPool.

``run_queries(pool_args, pool_kw, n, in_flight)`` keeps ``in_flight`` queries outstanding
(each ``select x, label from bench where x = <param>`` on a 100-row table) until ``n`` have
completed, after an untimed warm-up of ``n // 10``; it reports queries per second and stops the
reactor.  Only Twisted's API is used, so the scripts run on real Twisted and on twistio alike.
"""

import time

from _bench import report

ROWS = 100


def fill(connect, placeholder):
    """Create and fill the benchmark table through a plain DB-API connection."""
    conn = connect()
    cur = conn.cursor()
    cur.execute("drop table if exists bench")
    cur.execute("create table bench (x integer primary key, label text)")
    for i in range(ROWS):
        cur.execute(f"insert into bench values ({placeholder}, {placeholder})", (i, f"row {i}"))
    conn.commit()
    conn.close()


def run_queries(pool_args, pool_kw, n, in_flight, placeholder):
    from twisted.enterprise import adbapi
    from twisted.internet import reactor

    pool = adbapi.ConnectionPool(*pool_args, **pool_kw)
    sql = f"select x, label from bench where x = {placeholder}"
    state = {"started": 0, "done": 0, "target": 0, "phase": "warmup", "t0": 0.0}
    failures = []

    def launch():
        if state["started"] >= state["target"]:
            return
        i = state["started"]
        state["started"] += 1
        d = pool.runQuery(sql, (i % ROWS,))
        d.addCallbacks(finished, failed)

    def failed(f):
        failures.append(f)
        reactor.stop()

    def finished(rows):
        assert rows[0][0] is not None
        state["done"] += 1
        if state["done"] == state["target"]:
            phase_over()
        else:
            launch()

    def start_phase(count):
        state["started"] = state["done"] = 0
        state["target"] = count
        for _ in range(min(in_flight, count)):
            launch()

    def phase_over():
        if state["phase"] == "warmup":
            state["phase"] = "timed"
            state["t0"] = time.perf_counter()
            start_phase(n)
        else:
            report(n, time.perf_counter() - state["t0"])
            reactor.stop()

    reactor.callWhenRunning(start_phase, max(1, n // 10))
    reactor.run()
    if failures:
        failures[0].raiseException()
