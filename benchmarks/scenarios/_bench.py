"""Shared by the scenario scripts: argument parsing, reactor choice and the result line.

Every scenario script prints, as its last stdout line, ``{"ops": N, "seconds": S}`` for one
timed measurement (after an untimed warm-up).  Scripts use Twisted's API only, so the same file
runs on real Twisted and, unchanged, under ``twistio run``.
"""

import argparse
import json
import os
import sys
import time


def args(default_n, **extra):
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=default_n)
    for name, default in extra.items():
        parser.add_argument("--" + name.replace("_", "-"), type=type(default), default=default)
    return parser.parse_args()


def choose_reactor():
    """On real Twisted, ``BENCH_TWISTED_REACTOR=asyncio-uvloop`` picks asyncioreactor on uvloop."""
    if os.environ.get("BENCH_TWISTED_REACTOR") == "asyncio-uvloop":
        import asyncio

        import uvloop

        loop = uvloop.new_event_loop()
        asyncio.set_event_loop(loop)
        from twisted.internet import asyncioreactor

        asyncioreactor.install(loop)


def report(ops, seconds, **extra):
    print(json.dumps({"ops": ops, "seconds": seconds, **extra}))
    sys.stdout.flush()


def timed(fn, n, warmup=None):
    """Run ``fn(warmup)`` untimed, then ``fn(n)`` timed; report and return the seconds."""
    fn(warmup if warmup is not None else max(1, n // 10))
    start = time.perf_counter()
    fn(n)
    seconds = time.perf_counter() - start
    report(n, seconds)
    return seconds
