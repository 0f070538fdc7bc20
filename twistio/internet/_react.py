"""task.react: run a main function under the reactor and exit with its outcome."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

from twistio.internet import error
from twistio.python import log
from twistio.python.failure import Failure

__name__ = "twisted.internet.task"


def react(main: Callable[..., Any], argv: Iterable[object] = (), _reactor: Any = None) -> NoReturn:
    """Call ``main(reactor, *argv)``, run the reactor until its result fires, then exit.

    ``main`` may return a Deferred or be a coroutine function.  The exit status is 0 on
    success, the code of a SystemExit failure, or 1 (after logging) for any other failure.
    If the reactor is stopped some other way first, the status is 0.
    """
    from twistio.internet.defer import ensureDeferred

    if _reactor is None:
        from twistio.internet import reactor as _reactor  # type: ignore[no-redef]
    reactor: Any = _reactor
    codes = [0]
    stopping: list[bool] = []
    reactor.addSystemEventTrigger("before", "shutdown", stopping.append, True)

    def stop(result: object, stopReactor: bool) -> None:
        if stopReactor:
            try:
                reactor.stop()
            except error.ReactorNotRunning:
                pass
        if isinstance(result, Failure):
            if result.check(SystemExit) is not None:
                codes[0] = result.value.code  # type: ignore[union-attr]
            else:
                log.err(result, "main function encountered error")
                codes[0] = 1

    def finished(result: object) -> None:
        if stopping:
            stop(result, False)
        else:
            reactor.callWhenRunning(stop, result, True)

    ensureDeferred(main(reactor, *argv)).addBoth(finished)
    reactor.run()
    sys.exit(codes[0])
