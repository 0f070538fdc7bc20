"""twisted.protocols.wire: the classic inetd services (echo, discard, chargen, QOTD, who,
daytime, time)."""

from __future__ import annotations

import struct
import time

from zope.interface import implementer

from twistio.internet import interfaces, protocol

__name__ = "twisted.protocols.wire"


class Echo(protocol.Protocol):
    """Sends back everything it receives (RFC 862)."""

    def dataReceived(self, data: bytes) -> None:
        self.transport.write(data)  # type: ignore[union-attr]


class Discard(protocol.Protocol):
    """Throws away everything it receives (RFC 863)."""

    def dataReceived(self, data: bytes) -> None:
        pass


@implementer(interfaces.IProducer)
class Chargen(protocol.Protocol):
    """Sends a character pattern for as long as the transport asks for more (RFC 864)."""

    noise = b'@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~ !"#$%&?'

    def connectionMade(self) -> None:
        # A pull producer: the transport calls resumeProducing whenever it wants data.
        self.transport.registerProducer(self, 0)  # type: ignore[union-attr]

    def resumeProducing(self) -> None:
        self.transport.write(self.noise)  # type: ignore[union-attr]

    def pauseProducing(self) -> None:
        pass

    def stopProducing(self) -> None:
        pass


class QOTD(protocol.Protocol):
    """Sends a quote of the day and hangs up (RFC 865)."""

    def connectionMade(self) -> None:
        self.transport.write(self.getQuote())  # type: ignore[union-attr]
        self.transport.loseConnection()  # type: ignore[union-attr]

    def getQuote(self) -> bytes:
        """The quote to send; override to be wiser."""
        return b"An apple a day keeps the doctor away.\r\n"


class Who(protocol.Protocol):
    """Sends the list of active users and hangs up (RFC 866)."""

    def connectionMade(self) -> None:
        self.transport.write(self.getUsers())  # type: ignore[union-attr]
        self.transport.loseConnection()  # type: ignore[union-attr]

    def getUsers(self) -> bytes:
        """The users to report; override to tell the truth."""
        return b"root\r\n"


class Daytime(protocol.Protocol):
    """Sends the current UTC date and time as text and hangs up (RFC 867)."""

    def connectionMade(self) -> None:
        now = time.asctime(time.gmtime(time.time()))
        self.transport.write(now.encode("ascii") + b"\r\n")  # type: ignore[union-attr]
        self.transport.loseConnection()  # type: ignore[union-attr]


class Time(protocol.Protocol):
    """Sends the current time as a 4-byte big-endian integer and hangs up (as Twisted does,
    the Unix epoch is used, not RFC 868's 1900 one)."""

    def connectionMade(self) -> None:
        self.transport.write(struct.pack("!i", int(time.time())))  # type: ignore[union-attr]
        self.transport.loseConnection()  # type: ignore[union-attr]


__all__ = ["Chargen", "Daytime", "Discard", "Echo", "QOTD", "Time", "Who"]
