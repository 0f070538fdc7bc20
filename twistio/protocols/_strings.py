"""String protocols of ``twisted.protocols.basic``: netstrings and int-prefixed strings.

The framing rules live in :mod:`twistio._sansio.netstring` and :mod:`twistio._sansio.intprefix`;
this module keeps Twisted's delivery rules and the attributes Twisted code relies on
(``recvd``, ``brokenPeer``, ``MAX_LENGTH``, ``structFormat``/``prefixLength``).
"""

from __future__ import annotations

import struct
from typing import Any

from twistio._sansio import intprefix, netstring
from twistio.internet import protocol
from twistio.protocols._lines import _PauseableMixin
from twistio.python import log

__name__ = "twisted.protocols.basic"


class NetstringParseError(ValueError):
    """The received data is not a netstring (or one longer than allowed)."""


class IncompleteNetstring(Exception):
    """Not enough data has arrived to finish the netstring part being parsed."""


class StringTooLongError(AssertionError):
    """The string is too long for the length prefix of the protocol sending it."""


class NetstringReceiver(protocol.Protocol):
    """Receives and sends netstrings (``b"5:hello,"``).

    A received string goes to :meth:`stringReceived`.  A malformed netstring, or one longer
    than ``MAX_LENGTH``, drops the connection and sets ``brokenPeer``; nothing is parsed after
    that.
    """

    MAX_LENGTH = 99999
    brokenPeer = 0
    _PARSING_LENGTH = 0
    _PARSING_PAYLOAD = 1
    _state = 0
    _remainingData = b""
    _expectedPayloadSize = 0
    _currentPayloadSize = 0

    def makeConnection(self, transport: Any) -> None:
        protocol.Protocol.makeConnection(self, transport)
        self._remainingData = b""
        self._currentPayloadSize = 0
        self._payload: list[bytes] = []
        self._state = self._PARSING_LENGTH
        self._expectedPayloadSize = 0
        self.brokenPeer = 0

    def sendString(self, string: bytes) -> None:
        """Write ``string`` as a netstring."""
        self.transport.write(netstring.format_netstring(string))

    def dataReceived(self, data: bytes) -> None:
        self._remainingData += data
        while self._remainingData and not self.brokenPeer:
            try:
                if self._state == self._PARSING_LENGTH:
                    self._consumeLength()
                    self._startPayload()
                self._consumePayload()
            except IncompleteNetstring:
                return
            except NetstringParseError:
                self.transport.loseConnection()
                self.brokenPeer = 1
                return

    def stringReceived(self, string: bytes) -> None:
        """Override: called with each received string."""
        raise NotImplementedError

    def _consumeLength(self) -> None:
        """Consume the length prefix; ``_expectedPayloadSize`` counts the trailing comma."""
        try:
            length, used = netstring.parse_length(self._remainingData, self.MAX_LENGTH)
        except netstring.NetstringIncomplete:
            raise IncompleteNetstring() from None
        except netstring.NetstringError as e:
            raise NetstringParseError(str(e)) from None
        self._remainingData = self._remainingData[used:]
        self._expectedPayloadSize = length + 1

    def _startPayload(self) -> None:
        self._payload = []
        self._currentPayloadSize = 0
        self._state = self._PARSING_PAYLOAD

    def _payloadComplete(self) -> bool:
        """Whether the payload and its comma have all arrived."""
        return self._currentPayloadSize == self._expectedPayloadSize

    def _consumePayload(self) -> None:
        missing = self._expectedPayloadSize - self._currentPayloadSize
        chunk = self._remainingData[:missing]
        self._remainingData = self._remainingData[missing:]
        self._payload.append(chunk)
        self._currentPayloadSize += len(chunk)
        if not self._payloadComplete():
            raise IncompleteNetstring()
        payload = b"".join(self._payload)
        self._payload = []
        if payload[-1:] != b",":
            raise NetstringParseError("the netstring is not terminated by a comma")
        self._state = self._PARSING_LENGTH
        self.stringReceived(payload[:-1])


class _RecvdCompatHack:
    """``recvd``: the received bytes not parsed yet, including during ``stringReceived``.

    A non-data descriptor: assigning ``protocol.recvd`` stores the new buffer in the
    instance, and parsing continues from it.
    """

    def __get__(self, oself: Any, owner: Any = None) -> Any:
        if oself is None:
            return self
        return oself._unprocessed[oself._compatibilityOffset :]


_structs: dict[str, struct.Struct] = {}


def _struct(fmt: str) -> struct.Struct:
    s = _structs.get(fmt)
    if s is None:
        s = _structs[fmt] = struct.Struct(fmt)
    return s


class IntNStringReceiver(protocol.Protocol, _PauseableMixin):
    """Strings prefixed by their length as an unsigned big-endian integer.

    Subclasses set ``structFormat`` and ``prefixLength``.  A prefix announcing more than
    ``MAX_LENGTH`` bytes calls :meth:`lengthLimitExceeded`, which drops the connection by
    default.
    """

    MAX_LENGTH = 99999
    structFormat: str
    prefixLength: int
    _unprocessed = b""
    _compatibilityOffset = 0
    recvd = _RecvdCompatHack()

    def stringReceived(self, string: bytes) -> None:
        """Override: called with each received string."""
        raise NotImplementedError

    def lengthLimitExceeded(self, length: int) -> None:
        """Called with a too large announced length; drops the connection by default."""
        self.transport.loseConnection()

    def dataReceived(self, data: bytes) -> None:
        instance = self.__dict__
        if "recvd" in instance:
            # Application code replaced the buffer.
            alldata = instance.pop("recvd") + data
        else:
            alldata = self._unprocessed + data
        # Until the loop finishes, the whole buffer counts as unprocessed (an exception from
        # stringReceived leaves it there).
        self._unprocessed = alldata
        offset = 0
        prefix = _struct(self.structFormat)
        while not self.paused:
            result = intprefix.next_frame(alldata, offset, prefix, self.MAX_LENGTH)
            if result is None:
                break
            if isinstance(result, intprefix.LengthLimitExceeded):
                self._unprocessed = alldata[offset:]
                self._compatibilityOffset = 0
                self.lengthLimitExceeded(result.length)
                return
            packet, offset = result
            self._compatibilityOffset = offset
            self.stringReceived(packet)
            if "recvd" in instance:
                alldata = instance.pop("recvd")
                self._unprocessed = alldata
                offset = self._compatibilityOffset = 0
        self._unprocessed = alldata[offset:]
        self._compatibilityOffset = 0

    def sendString(self, string: bytes) -> None:
        """Write ``string`` with its length prefix; :class:`StringTooLongError` if too long."""
        try:
            framed = intprefix.frame(string, _struct(self.structFormat))
        except intprefix.StringTooLong:
            raise StringTooLongError(
                f"Try to send {len(string)} bytes whereas maximum is {2 ** (8 * self.prefixLength)}"
            ) from None
        self.transport.write(framed)


class Int32StringReceiver(IntNStringReceiver):
    """Strings prefixed by a 32-bit length."""

    structFormat = "!I"
    prefixLength = struct.calcsize(structFormat)


class Int16StringReceiver(IntNStringReceiver):
    """Strings prefixed by a 16-bit length."""

    structFormat = "!H"
    prefixLength = struct.calcsize(structFormat)


class Int8StringReceiver(IntNStringReceiver):
    """Strings prefixed by an 8-bit length."""

    structFormat = "!B"
    prefixLength = struct.calcsize(structFormat)


class StatefulStringProtocol:
    """Mix in before a string receiver: each string goes to ``proto_<state>``, whose return
    value becomes the new ``state``; the state ``"done"`` drops the connection."""

    state = "init"
    transport: Any

    def stringReceived(self, string: bytes) -> None:
        handler = getattr(self, "proto_" + self.state, None)
        if handler is None:
            log.msg("callback", self.state, "not found")
            return
        self.state = handler(string)
        if self.state == "done":
            self.transport.loseConnection()
