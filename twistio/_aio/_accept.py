"""Listening sockets that turn peers away, instead of stalling, when the process is out of fds.

When ``accept()`` fails with ``EMFILE`` (or ``ENFILE``) the peer stays queued in the kernel:
the stdlib loop then reports the error once per queued attempt and stops accepting for a
second, over and over, while the peer waits with no answer.  Twisted instead spends a
reserved descriptor (twistio.internet._fdreserve) to accept the peer and close it at once, so
it sees an orderly close, and logs what it did.

:class:`ListeningSocket` does that inside ``accept()``, which the stdlib loop calls on the
socket it was given: the queued peers are accepted and closed on the freed slot, the reserve
is taken back, and the loop is told there is nothing more to accept (``BlockingIOError``),
so it neither spins nor pauses.  Without a reserve (it could not be made) the error goes
to the loop unchanged.  uvloop never calls ``accept()`` on the Python object: libuv does
the same trick itself, with its own reserved descriptor (without logging).
"""

from __future__ import annotations

import errno
import socket
from typing import Any

from twistio.internet._fdreserve import _BuffersLogs, _reservedFD
from twistio.logger import globalLogPublisher

#: ``accept()`` errors meaning "out of descriptors": the reserve is spent on them.
_OUT_OF_FDS = frozenset({errno.EMFILE, errno.ENFILE})


class ListeningSocket(socket.socket):
    """A listening socket whose ``accept()`` closes queued peers when out of descriptors."""

    def accept(self) -> tuple[socket.socket, Any]:
        try:
            return super().accept()
        except OSError as e:
            if e.errno not in _OUT_OF_FDS or not _reservedFD.available():
                raise
            self._turnAway(e)
        raise BlockingIOError(errno.EAGAIN, "queued peers closed: out of file descriptors")

    def _turnAway(self, cause: OSError) -> None:
        """Close every queued peer using the reserved descriptor, logging each."""
        with _BuffersLogs("twisted.internet.tcp.Port", globalLogPublisher) as log:
            log.info(
                "{errno} encountered; releasing reserved file descriptor.",
                errno=errno.errorcode.get(cause.errno or 0, str(cause.errno)),
            )
            with _reservedFD:
                while True:
                    try:
                        peer, address = super().accept()
                    except OSError:
                        # Drained (EAGAIN), or still out of descriptors: nothing more to do.
                        break
                    log.info("EMFILE recovery: Closed socket from {address}", address=address)
                    peer.close()
            log.info("Re-reserving EMFILE recovery file descriptor.")


def listening(sock: socket.socket) -> ListeningSocket:
    """``sock`` (a bound socket) as a :class:`ListeningSocket`; ``sock`` is detached."""
    if isinstance(sock, ListeningSocket):
        return sock
    timeout = sock.gettimeout()
    wrapped = ListeningSocket(sock.family, sock.type, sock.proto, fileno=sock.detach())
    wrapped.settimeout(timeout)
    return wrapped
