"""twisted.python.lockfile: an inter-process lock held as a symbolic link naming the
owner's process id (:class:`FilesystemLock`)."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable

__name__ = "twisted.python.lockfile"

__all__ = ["FilesystemLock", "isLocked"]

# Looked up at call time (tests and unusual platforms replace them).
symlink: Callable[[str, str], None] = os.symlink
readlink: Callable[[str], str] = os.readlink
rmlink: Callable[[str], None] = os.remove
kill: Callable[[int, int], None] | None = getattr(os, "kill", None)


class FilesystemLock:
    """A lock named by a file system path.

    :ivar locked: whether this object holds the lock.
    :ivar clean: after :meth:`lock`, whether the previous holder released it properly
        (``False`` if it was taken over from a process that died holding it).
    """

    clean: bool | None = None
    locked = False

    def __init__(self, name: str) -> None:
        self.name = name

    def lock(self) -> bool:
        """Try to take the lock; ``True`` if taken, ``False`` if a live process holds it.

        A lock left by a dead process is taken over (and ``clean`` set to ``False``).
        Unexpected file system errors propagate.
        """
        clean = True
        while True:
            try:
                symlink(str(os.getpid()), self.name)
            except OSError as e:
                if e.errno != errno.EEXIST:
                    raise
            else:
                self.locked = True
                self.clean = clean
                return True

            # Someone holds it: find out whether they are still alive.
            try:
                pid = readlink(self.name)
            except OSError as e:
                if e.errno == errno.ENOENT:
                    # Released meanwhile: try again.
                    continue
                raise
            if kill is None:
                return False
            try:
                kill(int(pid), 0)
            except OSError as e:
                if e.errno != errno.ESRCH:
                    raise
                # The holder is gone: remove its lock and try again.
                try:
                    rmlink(self.name)
                except OSError as e2:
                    if e2.errno == errno.ENOENT:
                        # Another process cleaned it up first.
                        continue
                    raise
                clean = False
                continue
            return False

    def unlock(self) -> None:
        """Release the lock.

        :raises ValueError: another process holds it.
        """
        pid = readlink(self.name)
        if int(pid) != os.getpid():
            raise ValueError(f"Lock {self.name!r} not owned by this process")
        rmlink(self.name)
        self.locked = False


def isLocked(name: str) -> bool:
    """Whether the lock ``name`` is held (by any process)."""
    lock = FilesystemLock(name)
    result = None
    try:
        result = lock.lock()
    finally:
        if result:
            lock.unlock()
    return not result
