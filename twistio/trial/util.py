"""twisted.trial.util: helpers for trial and its test cases.

- :class:`_Janitor` cleans the reactor after each test: delayed calls left pending are
  cancelled and reported (after each test), selectables left watched are removed (and
  process transports killed) and reported, and the reactor's thread pool is stopped.  Each
  report is one error carrying a :class:`DirtyReactorAggregateError`.
- :func:`acquireAttribute`, :func:`suppress`, :func:`excInfoOrFailureToExcInfo`, the
  ``_trial_temp`` directory helpers and :func:`openTestLog`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from random import randrange
from typing import Any, TextIO, TypeVar

from twistio.python.failure import Failure
from twistio.python.filepath import FilePath
from twistio.python.lockfile import FilesystemLock

__name__ = "twisted.trial.util"

__all__ = [
    "DEFAULT_TIMEOUT_DURATION",
    "DirtyReactorAggregateError",
    "acquireAttribute",
    "excInfoOrFailureToExcInfo",
    "suppress",
    "openTestLog",
]

_T = TypeVar("_T")

#: Seconds an asynchronous test may take before it times out.
DEFAULT_TIMEOUT = object()
DEFAULT_TIMEOUT_DURATION = 120.0


class DirtyReactorAggregateError(Exception):
    """The reactor was left with delayed calls and/or selectables after a test."""

    def __init__(self, delayedCalls: Sequence[str], selectables: Sequence[str] | None = None):
        super().__init__(delayedCalls, selectables)
        self.delayedCalls = delayedCalls
        self.selectables = selectables

    def __repr__(self) -> str:
        return f"DirtyReactorAggregateError({self.delayedCalls!r}, {self.selectables!r})"

    def __str__(self) -> str:
        msg = "Reactor was unclean."
        if self.delayedCalls:
            msg += "\nDelayedCalls: (set twisted.internet.base.DelayedCall.debug = True to debug)\n"
            msg += "\n".join(map(str, self.delayedCalls))
        if self.selectables:
            msg += "\nSelectables:\n"
            msg += "\n".join(map(str, self.selectables))
        return msg


class _Janitor:
    """Cleans (and reports on) the reactor after a test; ``reactor`` defaults to the global one."""

    def __init__(self, test: Any, result: Any, reactor: Any = None) -> None:
        self.test = test
        self.result = result
        self.reactor = reactor

    def _getReactor(self) -> Any:
        if self.reactor is not None:
            return self.reactor
        from twistio.internet import reactor

        return reactor

    def postCaseCleanup(self) -> bool:
        """Cancel pending delayed calls; report them as one error.  True when clean."""
        calls = self._cleanPending()
        if calls:
            self.result.addError(self.test, Failure(DirtyReactorAggregateError(calls)))
            return False
        return True

    def postClassCleanup(self) -> None:
        """Remove selectables and delayed calls and stop threads; report what was left."""
        selectables = self._cleanReactor()
        calls = self._cleanPending()
        if selectables or calls:
            self.result.addError(self.test, Failure(DirtyReactorAggregateError(calls, selectables)))
        self._cleanThreads()

    def _cleanPending(self) -> list[str]:
        reactor = self._getReactor()
        # Calls due now (callLater(0, ...)) get their chance to run first.
        reactor.iterate(0)
        reactor.iterate(0)
        strings = []
        for call in reactor.getDelayedCalls():
            # The string is taken before cancelling: a cancelled call no longer shows its
            # function.
            text = str(call)
            if call.active():
                call.cancel()
            strings.append(text)
        return strings

    def _cleanThreads(self) -> None:
        reactor = self._getReactor()
        pool = getattr(reactor, "threadpool", None)
        stop = getattr(reactor, "_stopThreadPool", None)
        if pool is not None and stop is not None:
            stop()

    def _cleanReactor(self) -> list[str]:
        from twistio.internet.interfaces import IProcessTransport

        strings = []
        for selectable in self._getReactor().removeAll():
            strings.append(repr(selectable))
            if IProcessTransport.providedBy(selectable):
                selectable.signalProcess("KILL")
        return strings


_DEFAULT = object()


def acquireAttribute(objects: Sequence[Any], attr: str, default: Any = _DEFAULT) -> Any:
    """The value of ``attr`` on the first of ``objects`` having it (else ``default``, else
    AttributeError)."""
    for obj in objects:
        if hasattr(obj, attr):
            return getattr(obj, attr)
    if default is not _DEFAULT:
        return default
    raise AttributeError(f"attribute {attr!r} not found in {objects!r}")


def excInfoOrFailureToExcInfo(err: Any) -> Any:
    """An exc_info tuple for ``err`` (a Failure, or an exc_info tuple returned unchanged)."""
    if isinstance(err, Failure):
        return (err.type, err.value, err.getTracebackObject())
    return err


def suppress(action: str = "ignore", **kwarg: Any) -> tuple[tuple[str], dict[str, Any]]:
    """A warning filter for a test's ``suppress`` attribute (``warnings.filterwarnings``
    arguments)."""
    return ((action,), kwarg)


def profiled(f: Callable[..., _T], outputFile: str) -> Callable[..., _T]:
    """``f`` wrapped to run under the profiler, writing its statistics to ``outputFile``."""

    def _(*args: Any, **kwargs: Any) -> _T:
        import profile

        prof = profile.Profile()
        try:
            result: _T = prof.runcall(f, *args, **kwargs)
            prof.dump_stats(outputFile)
        except SystemExit:
            pass
        prof.print_stats()
        return result

    return _


class _NoTrialMarker(Exception):
    """A directory to be removed holds no ``_trial_marker`` (so trial did not make it)."""


def _removeSafely(path: FilePath[Any]) -> None:
    """Remove ``path`` (a trial temp directory: it must hold ``_trial_marker``); if removal
    fails, move it aside to a fresh name."""
    if not path.child(b"_trial_marker").exists():
        raise _NoTrialMarker(f"{path!r} is not a trial temporary path, refusing to remove it")
    try:
        path.remove()
    except OSError as e:
        print(f"could not remove {path!r}, caught OSError [Errno {e.errno}]: {e.strerror}")
        try:
            newPath = FilePath(b"_trial_temp_old" + str(randrange(10000000)).encode("utf-8"))
            path.moveTo(newPath)
        except OSError as e:
            print(f"could not rename path, caught OSError [Errno {e.errno}]: {e.strerror}")
            raise


class _WorkingDirectoryBusy(Exception):
    """The working directory is locked by another trial process."""


def _unusedTestDirectory(base: FilePath[Any]) -> tuple[FilePath[Any], FilesystemLock]:
    """Find (and lock) a free test directory: ``base``, else ``base-1``, ``base-2``...

    The directory is emptied and marked with ``_trial_marker``; the lock is returned with it.
    """
    counter = 0
    while True:
        if counter:
            testdir = base.sibling(f"{base.basename()}-{counter}")
        else:
            testdir = base
        testdir.parent().makedirs(ignoreExistingDirectory=True)
        testDirLock = FilesystemLock(testdir.path + ".lock")
        if testDirLock.lock():
            if testdir.exists():
                _removeSafely(testdir)
            testdir.makedirs()
            testdir.child("_trial_marker").setContent(b"")
            return testdir, testDirLock
        if base.basename() == "_trial_temp":
            counter += 1
        else:
            raise _WorkingDirectoryBusy()


def _listToPhrase(things: Sequence[Any], finalDelimiter: str, delimiter: str = ", ") -> str:
    """``["a", "b", "c"]`` -> ``"a, b, and c"`` (with ``finalDelimiter`` "and")."""
    if not isinstance(things, (list, tuple)):
        raise TypeError("Things must be a list or a tuple")
    if not things:
        return ""
    if len(things) == 1:
        return str(things[0])
    if len(things) == 2:
        return f"{things[0]} {finalDelimiter} {things[1]}"
    strThings = [str(thing) for thing in things]
    return f"{delimiter.join(strThings[:-1])}{delimiter}{finalDelimiter} {strThings[-1]}"


def openTestLog(path: FilePath[Any]) -> TextIO:
    """Open the test log at ``path`` for appending, as UTF-8 text."""
    return open(path.path, "a", encoding="utf-8", errors="strict")
