"""twisted.protocols.basic: line, netstring and length-prefixed protocols; FileSender.

The receivers are implemented in :mod:`twistio.protocols._lines` and
:mod:`twistio.protocols._strings` on top of the sans-IO framing cores in
:mod:`twistio._sansio`; this module is their public face and holds :class:`FileSender`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from zope.interface import implementer

from twistio._sansio.netstring import format_netstring as _formatNetstring
from twistio.internet import defer, interfaces
from twistio.protocols._lines import LineOnlyReceiver, LineReceiver, _PauseableMixin
from twistio.protocols._strings import (
    IncompleteNetstring,
    Int8StringReceiver,
    Int16StringReceiver,
    Int32StringReceiver,
    IntNStringReceiver,
    NetstringParseError,
    NetstringReceiver,
    StatefulStringProtocol,
    StringTooLongError,
    _RecvdCompatHack,
)

__name__ = "twisted.protocols.basic"

#: Twisted's module-level debugging switch (unused, kept for code that reads it).
DEBUG = 0


@implementer(interfaces.IProducer)
class FileSender:
    """A pull producer writing a file to a consumer, ``CHUNK_SIZE`` bytes per
    ``resumeProducing``.

    :meth:`beginFileTransfer` returns a Deferred that fires with the last byte written once
    the file is exhausted, or fails if the consumer calls :meth:`stopProducing` first.
    """

    CHUNK_SIZE = 2**14
    lastSent: bytes | str = ""
    deferred: defer.Deferred[Any] | None = None

    def beginFileTransfer(
        self,
        file: IO[bytes],
        consumer: Any,
        transform: Callable[[bytes], bytes] | None = None,
    ) -> defer.Deferred[Any]:
        """Register with ``consumer`` (non-streaming) and start sending ``file``.

        ``transform``, if given, is applied to each chunk before it is written.
        """
        self.file: IO[bytes] | None = file
        self.consumer = consumer
        self.transform = transform
        deferred: defer.Deferred[Any] = defer.Deferred()
        self.deferred = deferred
        self.consumer.registerProducer(self, False)
        return deferred

    def resumeProducing(self) -> None:
        chunk = b""
        if self.file is not None:
            chunk = self.file.read(self.CHUNK_SIZE)
        if not chunk:
            self.file = None
            self.consumer.unregisterProducer()
            if self.deferred is not None:
                deferred, self.deferred = self.deferred, None
                deferred.callback(self.lastSent)
            return
        if self.transform is not None:
            chunk = self.transform(chunk)
        self.consumer.write(chunk)
        self.lastSent = chunk[-1:]

    def pauseProducing(self) -> None:
        """Nothing to do: a pull producer only writes when asked."""

    def stopProducing(self) -> None:
        if self.deferred is not None:
            deferred, self.deferred = self.deferred, None
            deferred.errback(Exception("Consumer asked us to stop producing"))


__all__ = [
    "DEBUG",
    "FileSender",
    "IncompleteNetstring",
    "Int8StringReceiver",
    "Int16StringReceiver",
    "Int32StringReceiver",
    "IntNStringReceiver",
    "LineOnlyReceiver",
    "LineReceiver",
    "NetstringParseError",
    "NetstringReceiver",
    "StatefulStringProtocol",
    "StringTooLongError",
    "_PauseableMixin",
    "_RecvdCompatHack",
    "_formatNetstring",
]
