"""Noticing that a child process has exited, without a SIGCHLD handler.

``watchChildExit`` asks the event loop to call back once the child with a given pid has
exited (it does not reap it: the callback does, with ``waitpid``).  On Linux a pidfd becomes
readable at exit; elsewhere a daemon thread blocks in ``waitid(..., WNOWAIT)`` and hands the
news to the reactor thread.  Nothing here touches signal dispositions, so other libraries'
SIGCHLD handlers and child watchers are left alone.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any


def isOurChild(pid: int) -> bool:
    """Whether ``pid`` is a child of this process that has not been reaped yet."""
    try:
        os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
    except ChildProcessError:
        return False
    except OSError:
        return False
    return True


def watchChildExit(reactor: Any, pid: int, onExit: Callable[[], object]) -> None:
    """Call ``onExit()`` from the reactor's loop once child ``pid`` has exited.

    Does nothing for a pid that is not an unreaped child of this process (an exit that was
    already collected, or a pid that was never ours).
    """
    if not isOurChild(pid):
        return
    loop = reactor._asyncioEventloop
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        threading.Thread(target=_waitInThread, args=(reactor, pid, onExit), daemon=True).start()
        return

    def ready() -> None:
        loop.remove_reader(pidfd)
        os.close(pidfd)
        onExit()

    loop.add_reader(pidfd, ready)


def _waitInThread(reactor: Any, pid: int, onExit: Callable[[], object]) -> None:
    """Block until ``pid`` exits (leaving it to be reaped), then tell the reactor."""
    try:
        os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    except OSError:
        pass
    reactor.callFromThread(onExit)
