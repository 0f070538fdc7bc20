"""Threads the classic way: deferToThread, callFromThread, blockingCallFromThread, a pool."""

import threading

from _show import say
from twisted.internet import defer, reactor, threads
from twisted.python import threadpool


def blocking_square(n):
    return n * n, threading.current_thread() is not threading.main_thread()


def blocking_fail():
    raise ValueError("raised in a thread")


def uses_reactor_from_thread():
    # Runs in a pool thread: asks the reactor thread for a Deferred's result and waits for it.
    return threads.blockingCallFromThread(reactor, defer.succeed, "from the reactor")


def reports_back(results):
    reactor.callFromThread(results.append, "called from thread")


@defer.inlineCallbacks
def main():
    value, in_thread = yield threads.deferToThread(blocking_square, 7)
    say("deferToThread:", value, "in a thread:", in_thread)
    try:
        yield threads.deferToThread(blocking_fail)
    except ValueError as e:
        say("deferToThread failure:", type(e).__name__, e)
    say("blockingCallFromThread:", (yield threads.deferToThread(uses_reactor_from_thread)))
    results = []
    # The thread's callFromThread is queued before deferToThread's own result is delivered.
    yield threads.deferToThread(reports_back, results)
    say("callFromThread:", results)
    pool = threadpool.ThreadPool(minthreads=1, maxthreads=2, name="classic")
    pool.start()
    done = []
    lock = threading.Lock()

    def work(i):
        with lock:
            done.append(i * 10)

    for i in range(5):
        pool.callInThread(work, i)
    pool.stop()
    say("own ThreadPool results:", sorted(done), "started:", pool.started)
    multi = []
    d = defer.Deferred()
    threads.callMultipleInThread(
        [
            (multi.append, (1,), {}),
            (multi.append, (2,), {}),
            (reactor.callFromThread, (d.callback, None), {}),
        ]
    )
    yield d
    say("callMultipleInThread:", multi)
    reactor.stop()


reactor.suggestThreadPoolSize(3)
reactor.callWhenRunning(main)
reactor.run()
say("reactor stopped")
