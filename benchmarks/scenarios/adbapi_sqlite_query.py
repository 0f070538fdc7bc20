"""adbapi runQuery throughput on sqlite3 (a file database, 3 pool threads, 10 queries in
flight)."""

import os
import sqlite3
import tempfile

from _adbapi_bench import fill, run_queries
from _bench import args, choose_reactor

choose_reactor()

n = args(20_000).n
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "bench.sqlite")
    fill(lambda: sqlite3.connect(path), "?")
    run_queries(
        ("sqlite3", path),
        {"check_same_thread": False, "cp_min": 3, "cp_max": 3},
        n,
        10,
        "?",
    )
