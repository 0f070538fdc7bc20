"""Shared by the scenario scripts: argument parsing, reactor choice and the result line.

Every scenario script prints, as its last stdout line, ``{"ops": N, "seconds": S}`` for one
timed measurement (after an untimed warm-up).  Scripts use Twisted's API only, so the same file
runs on real Twisted and, unchanged, under ``twistio run``.
"""

import argparse
import json
import os
import subprocess
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


def serve(factory, max_seconds):
    """Listen with ``factory`` on 127.0.0.1 (a free port), print {"port": P}, run the reactor
    for ``max_seconds``.  Call after choose_reactor (it imports twisted)."""
    from twisted.internet import reactor

    factory.noisy = False
    port = reactor.listenTCP(0, factory, interface="127.0.0.1")
    print(json.dumps({"port": port.getHost().port}))
    sys.stdout.flush()
    reactor.callLater(max_seconds, reactor.stop)
    reactor.run()


def run_on_loop(main, loop, target):
    """Raw scripts: run the coroutine ``main()`` on ``loop`` ("uvloop" or "asyncio"), then
    stop the ``target`` server process (from start_target) whatever happened."""
    import asyncio

    try:
        if loop == "uvloop":
            import uvloop

            uvloop.run(main())
        else:
            asyncio.run(main())
    finally:
        target.terminate()
        target.wait()


def start_target(script, python=sys.executable):
    """Start the target server ``script`` (a file beside this one) under ``python`` for 300 s;
    returns the process and the JSON line it prints once listening (its port, ...)."""
    target = subprocess.Popen(
        [python, os.path.join(os.path.dirname(__file__), script), "300"],
        stdout=subprocess.PIPE,
    )
    return target, json.loads(target.stdout.readline())


def in_flight(one, n, concurrency):
    """A Deferred for about ``n`` calls of ``one()`` (each returning a Deferred), ``concurrency``
    at a time: that many workers each wait for one call before making the next.  Fails on the
    first failure.  Call after choose_reactor (it imports twisted)."""
    from twisted.internet.defer import DeferredList, inlineCallbacks

    @inlineCallbacks
    def worker(count):
        for _ in range(count):
            yield one()

    per = max(1, n // concurrency)
    return DeferredList([worker(per) for _ in range(concurrency)], fireOnOneErrback=True)


def timed_in_flight(one, n, concurrency, cpu=False):
    """A Deferred that warms up with ``in_flight(one, n // 10, concurrency)`` (at least one
    call per worker), then times ``in_flight(one, n, concurrency)`` and reports it; ``cpu``
    adds this process's CPU microseconds per call (the target server is another process)."""
    from twisted.internet.defer import inlineCallbacks

    @inlineCallbacks
    def run():
        yield in_flight(one, max(concurrency, n // 10), concurrency)
        cpu_start = time.process_time()
        start = time.perf_counter()
        yield in_flight(one, n, concurrency)
        seconds = time.perf_counter() - start
        ops = max(1, n // concurrency) * concurrency
        extra = {}
        if cpu:
            extra["cpu_us"] = round((time.process_time() - cpu_start) / ops * 1e6, 1)
        report(ops, seconds, **extra)

    return run()
