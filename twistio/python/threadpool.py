"""twisted.python.threadpool: a pool of worker threads running callables in Twisted's context.

Workers are started lazily: :meth:`ThreadPool.start` starts ``min`` of them (or as many as
queued work needs, up to ``max``), and each job queued while no worker is idle starts
another, up to ``max``.  ``stop`` lets queued work finish, then joins every worker.
"""

from __future__ import annotations

import contextvars
import queue
import threading
from collections.abc import Callable
from threading import Thread, current_thread
from typing import Any, TypedDict

from twistio.python import log
from twistio.python.deprecate import deprecated
from twistio.python.failure import Failure
from twistio.python.versions import Version

__name__ = "twisted.python.threadpool"

#: Queued to tell one worker to exit.
WorkerStop = object()


class _State(TypedDict):
    min: int
    max: int
    name: str | None


class ThreadPool:
    """``min``..``max`` worker threads taking jobs from a queue, named ``name``."""

    min = 5
    max = 20
    joined = False
    started = False
    name: str | None = None

    threadFactory = Thread
    currentThread = staticmethod(
        deprecated(Version("Twisted", 22, 1, 0), replacement="threading.current_thread")(
            current_thread
        )
    )

    def __init__(self, minthreads: int = 5, maxthreads: int = 20, name: str | None = None):
        assert minthreads >= 0, "minimum is negative"
        assert minthreads <= maxthreads, "minimum is greater than maximum"
        self.min = minthreads
        self.max = maxthreads
        self.name = name
        self.threads: list[Thread] = []
        self.q: queue.Queue[Any] = queue.Queue()
        self._lock = threading.Lock()
        self._idle: set[Thread] = set()
        self._busy: set[Thread] = set()
        self._counter = 0

    @property
    def _queue(self) -> queue.Queue[Any]:
        return self.q

    @property
    def workers(self) -> int:
        """How many worker threads exist."""
        return len([t for t in self.threads if t.is_alive()]) if self.started else 0

    @property
    def working(self) -> list[Thread]:
        """The workers currently running a job."""
        with self._lock:
            return list(self._busy)

    @property
    def waiters(self) -> list[Thread]:
        """The workers waiting for a job."""
        with self._lock:
            return list(self._idle)

    def _generateName(self) -> str:
        return f"PoolThread-{self.name or id(self)}-{self._counter}"

    def start(self) -> None:
        """Start the pool: ``min`` workers, or more if work is already queued."""
        self.joined = False
        self.started = True
        self.adjustPoolsize()
        backlog = self.q.qsize()
        while backlog > len(self._idle) and len(self._live()) < self.max:
            self.startAWorker()

    def _live(self) -> list[Thread]:
        return [t for t in self.threads if t.is_alive()]

    def startAWorker(self) -> None:
        """Start one more worker thread."""
        name = self._generateName()
        self._counter += 1
        thread = self.threadFactory(target=self._worker, name=name)
        thread.daemon = True
        self.threads.append(thread)
        thread.start()

    def stopAWorker(self) -> None:
        """Ask one worker to exit once it is idle."""
        self.q.put(WorkerStop)

    def _worker(self) -> None:
        me = current_thread()
        with self._lock:
            self._idle.add(me)
        try:
            while True:
                job = self.q.get()
                if job is WorkerStop:
                    return
                with self._lock:
                    self._idle.discard(me)
                    self._busy.add(me)
                try:
                    job()
                finally:
                    with self._lock:
                        self._busy.discard(me)
                        self._idle.add(me)
                del job
        finally:
            with self._lock:
                self._idle.discard(me)
                self._busy.discard(me)

    def __setstate__(self, state: _State) -> None:
        self.__init__(state["min"], state["max"], state["name"])  # type: ignore[misc]

    def __getstate__(self) -> _State:
        return {"min": self.min, "max": self.max, "name": self.name}

    def callInThread(self, func: Callable[..., object], *args: Any, **kw: Any) -> None:
        """Run ``func(*args, **kw)`` in a worker; an exception it raises is logged."""
        self.callInThreadWithCallback(None, func, *args, **kw)

    def callInThreadWithCallback(
        self,
        onResult: Callable[[bool, Any], object] | None,
        func: Callable[..., Any],
        *args: Any,
        **kw: Any,
    ) -> None:
        """Run ``func`` in a worker, then ``onResult(True, result)`` or ``(False, Failure)``."""
        if self.joined:
            return
        # The caller's context (twisted.python.context and contextvars alike) follows the job.
        ctx = contextvars.copy_context()

        def job() -> None:
            try:
                result = func(*args, **kw)
                ok = True
            except BaseException:
                result = Failure()
                ok = False
            if onResult is not None:
                try:
                    onResult(ok, result)
                except BaseException:
                    log.err()
            elif not ok:
                log.err(result)

        self.q.put(lambda: ctx.run(job))
        if self.started:
            with self._lock:
                idle = len(self._idle)
            if idle < self.q.qsize() and len(self._live()) < self.max:
                self.startAWorker()

    def stop(self) -> None:
        """Let queued work finish, then stop and join every worker."""
        self.joined = True
        self.started = False
        live = self._live()
        for _ in live:
            self.q.put(WorkerStop)
        for thread in live:
            thread.join()

    def adjustPoolsize(self, minthreads: int | None = None, maxthreads: int | None = None) -> None:
        """Change ``min``/``max``; a started pool grows or shrinks to fit."""
        if minthreads is None:
            minthreads = self.min
        if maxthreads is None:
            maxthreads = self.max
        assert minthreads >= 0, "minimum is negative"
        assert minthreads <= maxthreads, "minimum is greater than maximum"
        self.min = minthreads
        self.max = maxthreads
        if not self.started:
            return
        live = len(self._live())
        for _ in range(live - self.max):
            self.stopAWorker()
        for _ in range(self.min - live):
            self.startAWorker()

    def dumpStats(self) -> None:
        """Log the queue and worker state."""
        log.msg(f"queue: {self.q.queue}")
        log.msg(f"waiters: {self.waiters}")
        log.msg(f"workers: {self.working}")
        log.msg(f"total: {self.threads}")


__all__ = ["ThreadPool", "WorkerStop"]
