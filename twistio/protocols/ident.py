"""twisted.protocols.ident: the Identification Protocol (RFC 1413), server and client.

A query is a line ``"<port on server>, <port on client>"``; the answer repeats the ports and
adds ``USERID : <system> : <user>`` or ``ERROR : <error>``.  Lines may be ``str`` (as
Twisted's own API and tests use them) or ``bytes`` (as they come off a transport); answers
are sent in the type the query came in.
"""

from __future__ import annotations

import os
import struct
from typing import Any

from twistio.internet import defer
from twistio.protocols import basic
from twistio.python import failure, log

__name__ = "twisted.protocols.ident"

_MIN_PORT = 1
_MAX_PORT = 2**16 - 1


class IdentError(Exception):
    """The ident lookup failed (the protocol's UNKNOWN-ERROR)."""

    identDescription = "UNKNOWN-ERROR"


class NoUser(IdentError):
    """No user owns the connection asked about."""

    identDescription = "NO-USER"


class InvalidPort(IdentError):
    """A queried port number is out of range or malformed."""

    identDescription = "INVALID-PORT"


class HiddenUser(IdentError):
    """The user does not want to be identified."""

    identDescription = "HIDDEN-USER"


def _text(line: str | bytes) -> tuple[str, bool]:
    if isinstance(line, bytes):
        return line.decode("ascii", "replace"), True
    return line, False


class IdentServer(basic.LineOnlyReceiver):
    """Answers ident queries; subclasses implement :meth:`lookup`."""

    def lineReceived(self, line: Any) -> None:
        text, binary = _text(line)
        self._binary = binary
        parts = text.split(",")
        if len(parts) != 2:
            self.invalidQuery()
            return
        try:
            portOnServer, portOnClient = (int(p) for p in parts)
        except ValueError:
            self.invalidQuery()
            return
        if _MIN_PORT <= portOnServer <= _MAX_PORT and _MIN_PORT <= portOnClient <= _MAX_PORT:
            self.validQuery(portOnServer, portOnClient)
        else:
            self._ebLookup(failure.Failure(InvalidPort()), portOnServer, portOnClient)

    _binary = False

    def _send(self, text: str) -> None:
        self.sendLine(text.encode("ascii") if self._binary else text)  # type: ignore[arg-type]

    def invalidQuery(self) -> None:
        """A query that is not two port numbers: drop the connection."""
        self.transport.loseConnection()

    def validQuery(self, portOnServer: int, portOnClient: int) -> None:
        """Look the connection up and answer (see :meth:`lookup`)."""
        serverAddr = (self.transport.getHost().host, portOnServer)
        clientAddr = (self.transport.getPeer().host, portOnClient)
        d = defer.maybeDeferred(self.lookup, serverAddr, clientAddr)
        d.addCallback(self._cbLookup, portOnServer, portOnClient)
        d.addErrback(self._ebLookup, portOnServer, portOnClient)

    def _cbLookup(self, result: tuple[str, str], sport: int, cport: int) -> None:
        sysName, userId = result
        self._send(f"{sport}, {cport} : USERID : {sysName} : {userId}")

    def _ebLookup(self, reason: failure.Failure, sport: int, cport: int) -> None:
        if reason.check(IdentError):
            self._send(f"{sport}, {cport} : ERROR : {reason.value.identDescription}")
        else:
            log.err(reason)
            self._send(f"{sport}, {cport} : ERROR : {IdentError.identDescription}")

    def lookup(self, serverAddress: tuple[str, int], clientAddress: tuple[str, int]) -> Any:
        """``(system name, user id)`` (or a Deferred of it) owning the connection between
        ``serverAddress`` and ``clientAddress``; raise an IdentError subclass to refuse."""
        raise IdentError()


class ProcServerMixin:
    """An IdentServer ``lookup`` for Linux, reading the TCP table in ``/proc/net/tcp``."""

    SYSTEM_NAME = os.uname()[0].upper()

    def getUsername(self, uid: int, getpwuid: Any = None) -> str:
        """The login name of ``uid``."""
        if getpwuid is None:
            import pwd

            getpwuid = pwd.getpwuid
        return str(getpwuid(uid)[0])

    def entries(self) -> Any:
        """The table's rows (its header skipped), stripped."""
        with open("/proc/net/tcp") as f:
            f.readline()
            for line in f:
                yield line.strip()

    def dottedQuadFromHexString(self, hexstr: str) -> str:
        """``"0100007F"`` (an address as the kernel prints it, host order) -> ``"127.0.0.1"``."""
        return ".".join(str(b) for b in struct.pack("=L", int(hexstr, 16)))

    def unpackAddress(self, packed: str) -> tuple[str, int]:
        """``"ADDR:PORT"`` in the table's hex form -> ``(dotted quad, port)``."""
        addr, port = packed.split(":")
        return self.dottedQuadFromHexString(addr), int(port, 16)

    def parseLine(self, line: str) -> tuple[tuple[str, int], tuple[str, int], int]:
        """One table row -> ``(local address, remote address, uid)``."""
        parts = line.strip().split()
        return self.unpackAddress(parts[1]), self.unpackAddress(parts[2]), int(parts[7])

    def lookup(self, serverAddress: tuple[str, int], clientAddress: tuple[str, int]) -> Any:
        for entry in self.entries():
            localAddr, remoteAddr, uid = self.parseLine(entry)
            if remoteAddr == clientAddress and localAddr[1] == serverAddress[1]:
                return (self.SYSTEM_NAME, self.getUsername(uid))
        raise NoUser()


class IdentClient(basic.LineOnlyReceiver):
    """Asks an ident server who owns connections; answers arrive in query order."""

    errorTypes = (IdentError, NoUser, InvalidPort, HiddenUser)

    def __init__(self) -> None:
        self.queries: list[tuple[defer.Deferred[Any], int, int]] = []

    def lookup(self, portOnServer: int, portOnClient: int) -> defer.Deferred[Any]:
        """Ask who owns the connection; the Deferred fires with ``(type, info)`` (for
        example ``("USERID", "UNIX : bob")``) or fails with an IdentError subclass."""
        d: defer.Deferred[Any] = defer.Deferred()
        self.queries.append((d, portOnServer, portOnClient))
        self.sendLine(b"%d, %d" % (portOnServer, portOnClient))
        return d

    def lineReceived(self, line: Any) -> None:
        text, _ = _text(line)
        if not self.queries:
            log.msg(f"Unexpected server response: {text!r}")
            return
        d, _, _ = self.queries.pop(0)
        self.parseResponse(d, text)

    def connectionLost(self, reason: failure.Failure | None = None) -> None:
        for q in self.queries:
            q[0].errback(IdentError(reason))
        self.queries = []

    def parseResponse(self, deferred: defer.Deferred[Any], line: str) -> None:
        """Fire ``deferred`` from one response line."""
        parts = line.split(":", 2)
        if len(parts) != 3:
            deferred.errback(IdentError(line))
            return
        ports, kind, addInfo = (p.strip() for p in parts)
        if kind == "ERROR":
            for et in self.errorTypes:
                if et.identDescription == addInfo:
                    deferred.errback(et(line))
                    return
            deferred.errback(IdentError(line))
        else:
            deferred.callback((kind, addInfo))


__all__ = [
    "IdentError",
    "NoUser",
    "InvalidPort",
    "HiddenUser",
    "IdentServer",
    "IdentClient",
    "ProcServerMixin",
]
