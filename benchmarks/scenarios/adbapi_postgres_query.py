"""adbapi runQuery throughput on PostgreSQL via psycopg (3 pool threads, 10 queries in flight).

Starts its own throwaway PostgreSQL server on 127.0.0.1 (tests/adbapi_pgserver.py, outside the
timed part) and stops it afterwards; needs psycopg in the interpreter that runs the script.
"""

import os
import sys

from _adbapi_bench import fill, run_queries
from _bench import args, choose_reactor

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests"))

from adbapi_pgserver import PostgresServer  # noqa: E402

choose_reactor()

n = args(5_000).n
server = PostgresServer().start()
try:
    import psycopg

    fill(lambda: psycopg.connect(**server.connectArgs()), "%s")
    run_queries(("psycopg",), {**server.connectArgs(), "cp_min": 3, "cp_max": 3}, n, 10, "%s")
finally:
    server.stop()
