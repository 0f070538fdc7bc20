"""twisted.internet.utils: run a program and get its output or exit code as a Deferred;
run code with warnings suppressed."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Sequence
from io import BytesIO
from typing import Any

from twistio.internet import protocol
from twistio.python.failure import Failure

__name__ = "twisted.internet.utils"


def _callProtocolWithDeferred(
    protocol: Callable[..., Any],
    executable: Any,
    args: Sequence[Any],
    env: Any,
    path: Any,
    reactor: Any = None,
    protoArgs: tuple[Any, ...] = (),
) -> Any:
    from twistio.internet.defer import Deferred

    if reactor is None:
        from twistio.internet import reactor as _reactor

        reactor = _reactor
    d: Any = Deferred()
    p = protocol(d, *protoArgs)
    reactor.spawnProcess(p, executable, (executable,) + tuple(args), env, path)
    return d


class _UnexpectedErrorOutput(IOError):
    """The program wrote to stderr; ``processEnded`` fires when it has exited."""

    def __init__(self, text: bytes, processEnded: Any) -> None:
        IOError.__init__(self, f"got stderr: {text!r}")
        self.processEnded = processEnded


class _BackRelay(protocol.ProcessProtocol):
    """Collects stdout (and stderr when ``errortoo``); stderr output otherwise fails."""

    def __init__(self, deferred: Any, errortoo: int = 0) -> None:
        self.deferred = deferred
        self.s = BytesIO()
        if errortoo:
            self.errReceived = self.errReceivedIsGood  # type: ignore[method-assign,assignment]
        else:
            self.errReceived = self.errReceivedIsBad  # type: ignore[method-assign,assignment]

    def errReceivedIsBad(self, text: bytes) -> None:
        if self.deferred is not None:
            from twistio.internet.defer import Deferred

            self.onProcessEnded: Any = Deferred()
            err = _UnexpectedErrorOutput(text, self.onProcessEnded)
            self.deferred.errback(Failure(err))
            self.deferred = None
            self.transport.loseConnection()

    def errReceivedIsGood(self, text: bytes) -> None:
        self.s.write(text)

    def outReceived(self, text: bytes) -> None:
        self.s.write(text)

    def processEnded(self, reason: Failure) -> None:
        if self.deferred is not None:
            self.deferred.callback(self.s.getvalue())
        elif getattr(self, "onProcessEnded", None) is not None:
            self.onProcessEnded.errback(reason)


def getProcessOutput(
    executable: Any,
    args: Sequence[Any] = (),
    env: Any = {},  # noqa: B006 - Twisted's signature
    path: Any = None,
    reactor: Any = None,
    errortoo: int = 0,
) -> Any:
    """A Deferred of the program's stdout; it fails with IOError if the program writes to
    stderr (unless ``errortoo``, which includes stderr in the output)."""
    return _callProtocolWithDeferred(
        lambda d: _BackRelay(d, errortoo=errortoo), executable, args, env, path, reactor
    )


class _ValueGetter(protocol.ProcessProtocol):
    def __init__(self, deferred: Any) -> None:
        self.deferred = deferred

    def processEnded(self, reason: Failure) -> None:
        self.deferred.callback(reason.value.exitCode)  # type: ignore[union-attr]


def getProcessValue(
    executable: Any,
    args: Sequence[Any] = (),
    env: Any = {},  # noqa: B006 - Twisted's signature
    path: Any = None,
    reactor: Any = None,
) -> Any:
    """A Deferred of the program's exit code."""
    return _callProtocolWithDeferred(_ValueGetter, executable, args, env, path, reactor)


class _EverythingGetter(protocol.ProcessProtocol):
    def __init__(self, deferred: Any, stdinBytes: bytes | None = None) -> None:
        self.deferred = deferred
        self.outBuf = BytesIO()
        self.errBuf = BytesIO()
        self.outReceived = self.outBuf.write  # type: ignore[method-assign,assignment]
        self.errReceived = self.errBuf.write  # type: ignore[method-assign,assignment]
        self.stdinBytes = stdinBytes

    def connectionMade(self) -> None:
        if self.stdinBytes is not None:
            self.transport.writeToChild(0, self.stdinBytes)
            self.transport.closeStdin()

    def processEnded(self, reason: Failure) -> None:
        out = self.outBuf.getvalue()
        err = self.errBuf.getvalue()
        value: Any = reason.value
        if value.signal:
            self.deferred.errback((out, err, value.signal))
        else:
            self.deferred.callback((out, err, value.exitCode))


def getProcessOutputAndValue(
    executable: Any,
    args: Sequence[Any] = (),
    env: Any = {},  # noqa: B006 - Twisted's signature
    path: Any = None,
    reactor: Any = None,
    stdinBytes: bytes | None = None,
) -> Any:
    """A Deferred of ``(stdout, stderr, exit code)``; killed by a signal, it fails with
    ``(stdout, stderr, signal)``."""
    return _callProtocolWithDeferred(
        _EverythingGetter, executable, args, env, path, reactor, protoArgs=(stdinBytes,)
    )


def runWithWarningsSuppressed(
    suppressedWarnings: Sequence[tuple[Sequence[Any], dict[str, Any]]],
    f: Callable[..., Any],
    *a: Any,
    **kw: Any,
) -> Any:
    """Call ``f`` with the given ``(args, kwargs)`` warning filters in force.

    When ``f`` returns a ``Deferred`` the filters stay in force until it fires (with a
    result or a failure); its result passes through unchanged.
    """
    from twistio.internet.defer import Deferred

    catcher = warnings.catch_warnings()
    catcher.__enter__()
    try:
        for args, kwargs in suppressedWarnings:
            warnings.filterwarnings(*args, **kwargs)
        result = f(*a, **kw)
    except BaseException:
        catcher.__exit__(None, None, None)
        raise
    if isinstance(result, Deferred):

        def restore(passthrough: object) -> object:
            catcher.__exit__(None, None, None)
            return passthrough

        result.addBoth(restore)
    else:
        catcher.__exit__(None, None, None)
    return result


def suppressWarnings(f: Callable[..., Any], *suppressedWarnings: Any) -> Callable[..., Any]:
    """``f`` wrapped so that it always runs with ``suppressedWarnings`` in force."""

    @functools.wraps(f)
    def warningSuppressingWrapper(*a: Any, **kw: Any) -> Any:
        return runWithWarningsSuppressed(suppressedWarnings, f, *a, **kw)

    return warningSuppressingWrapper


__all__ = [
    "runWithWarningsSuppressed",
    "suppressWarnings",
    "getProcessOutput",
    "getProcessValue",
    "getProcessOutputAndValue",
]
