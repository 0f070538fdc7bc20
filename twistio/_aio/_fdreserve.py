"""Holding a descriptor slot for a socket the loop will make later.

Twisted makes a client's socket in ``connect()``; a process that runs out of descriptors
afterwards still connects.  When the loop is to make (and connect) the socket itself, a
:class:`Reservation` keeps that promise for the price of a ``dup``/``close`` pair instead of a
``socket``/``close`` pair (the kernel's socket allocation is most of a connection's setup
cost after the connect itself): releasing it right before the loop's ``socket()``, in the same
step, hands the loop the very slot it held.
"""

from __future__ import annotations

import os

#: The descriptor reservations duplicate (/dev/null, opened once, close-on-exec).
_source: int | None = None


class Reservation:
    """One descriptor slot, held until :meth:`release` (or collection)."""

    __slots__ = ("_fd",)

    def __init__(self) -> None:
        """Hold a slot; raises ``OSError`` (EMFILE, ENFILE) as ``socket()`` would."""
        global _source
        if _source is None:
            _source = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
        self._fd = os.dup(_source)

    def release(self) -> None:
        """Free the slot (idempotent): the next descriptor the process makes takes it."""
        fd, self._fd = self._fd, -1
        if fd >= 0:
            os.close(fd)

    def __del__(self) -> None:
        self.release()
