"""The practical limit for call_later.py: the same batches on a bare asyncio/uvloop loop."""

import asyncio
import time

from _bench import args, report

opts = args(100_000, loop="uvloop")
if opts.loop == "uvloop":
    import uvloop

    loop = uvloop.new_event_loop()
else:
    loop = asyncio.new_event_loop()
n = opts.n
state = {"left": 0, "phase": "warmup", "start": 0.0}


def tick():
    state["left"] -= 1
    if state["left"]:
        return
    if state["phase"] == "warmup":
        state["phase"] = "timed"
        state["start"] = time.perf_counter()
        schedule(n)
    else:
        report(n, time.perf_counter() - state["start"])
        loop.stop()


def schedule(count):
    state["left"] = count
    for i in range(count):
        loop.call_later((i % 10) * 0.0001, tick)


loop.call_soon(schedule, max(1, n // 10))
loop.run_forever()
loop.close()
