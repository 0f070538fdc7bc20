"""UDP ports: a non-blocking datagram socket watched with ``loop.add_reader``.

Datagram sockets need no stream buffering, so the port reads with ``recvfrom`` when the loop
reports it readable and writes with ``sendto`` at once; this keeps Twisted's synchronous
contract (listenUDP binds before returning, write errors raise in the caller).
"""

from __future__ import annotations

import errno
import socket
import struct
import threading
from typing import Any

from zope.interface import implementer

from twistio.internet import error
from twistio.internet.abstract import isIPAddress, isIPv6Address
from twistio.internet.address import IPv4Address, IPv6Address
from twistio.internet.interfaces import (
    IListeningPort,
    ILoggingContext,
    IMulticastTransport,
    ISystemHandle,
    IUDPTransport,
)
from twistio.python import _logsystem, log
from twistio.python.failure import Failure

__name__ = "twisted.internet.udp"


def _logPrefixOf(obj: Any) -> str:
    if ILoggingContext.providedBy(obj):
        return str(obj.logPrefix())
    return str(obj.__class__.__name__)


@implementer(IListeningPort, IUDPTransport, ISystemHandle, ILoggingContext)
class Port:
    """A UDP port delivering datagrams to a DatagramProtocol."""

    maxThroughput = 256 * 1024
    connected = 0
    disconnected = 0
    _realPortNumber: int | None = None
    _connectedAddr: tuple[str, int] | None = None
    socket: Any = None
    _deferred: Any = None
    _lastHost: Any = None

    def __init__(
        self,
        port: int,
        proto: Any,
        interface: str = "",
        maxPacketSize: int = 8192,
        reactor: Any = None,
    ) -> None:
        self.port = port
        self.protocol = proto
        self.interface = interface
        self.maxPacketSize = maxPacketSize
        self.reactor = reactor
        if isIPv6Address(interface):
            self.addressFamily = socket.AF_INET6
            self._addressType: Any = IPv6Address
        else:
            self.addressFamily = socket.AF_INET
            self._addressType = IPv4Address

    def __repr__(self) -> str:
        if self._realPortNumber is not None:
            return f"<{self.protocol.__class__!r} on {self._realPortNumber}>"
        return f"<{self.protocol.__class__!r} not connected>"

    def getHandle(self) -> Any:
        return self.socket

    def fileno(self) -> int:
        return self.socket.fileno() if self.socket is not None else -1

    #: A bound socket handed over by adoptDatagramPort.
    _adopted: Any = None

    @classmethod
    def _adopt(cls, sock: Any, proto: Any, maxPacketSize: int, reactor: Any) -> Port:
        """A port over ``sock``, a bound datagram socket the reactor now owns."""
        host = sock.getsockname()
        port = cls(host[1], proto, host[0], maxPacketSize, reactor)
        port._adopted = sock
        return port

    def _bindSocket(self) -> Any:
        if self._adopted is not None:
            sock, self._adopted = self._adopted, None
            return sock
        sock = socket.socket(self.addressFamily, socket.SOCK_DGRAM)
        try:
            self._prepareSocket(sock)
            address: Any = (self.interface, self.port)
            if self.addressFamily == socket.AF_INET6:
                address = socket.getaddrinfo(
                    self.interface, self.port, socket.AF_INET6, socket.SOCK_DGRAM
                )[0][4]
            sock.bind(address)
        except OSError as le:
            sock.close()
            raise error.CannotListenError(self.interface, self.port, le) from None
        return sock

    def startListening(self) -> None:
        """Bind now (CannotListenError on failure), then start the protocol."""
        sock = self._bindSocket()
        sock.setblocking(False)
        self.socket = sock
        self._realPortNumber = sock.getsockname()[1]
        self._lastHost = self._addressType("UDP", *sock.getsockname()[:2])
        log.msg(f"{_logPrefixOf(self.protocol)} starting on {self._realPortNumber}")
        self.connected = 1
        self.disconnected = 0
        self._ownerThread = threading.get_ident()
        self.protocol.makeConnection(self)
        if self.socket is not None:
            self.reactor._asyncioEventloop.add_reader(sock.fileno(), self._doRead)
            self.reactor._selectables.add(self)

    def _prepareSocket(self, sock: Any) -> None:
        """Hook: set socket options before binding."""

    def _doRead(self) -> None:
        # What datagramReceived logs is tagged "<Protocol> (UDP)", as in Twisted.
        current = _logsystem.current
        previous, current[0] = current[0], self
        try:
            self._readDatagrams()
        finally:
            current[0] = previous

    def _readDatagrams(self) -> None:
        budget = self.maxThroughput
        sock = self.socket
        while sock is not None and budget > 0:
            try:
                data, addr = sock.recvfrom(self.maxPacketSize)
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionRefusedError:
                if self._connectedAddr is not None:
                    self.protocol.connectionRefused()
                continue
            except OSError:
                log.err()
                return
            budget -= len(data)
            try:
                self.protocol.datagramReceived(data, tuple(addr[:2]))
            except BaseException:
                log.err()
            sock = self.socket

    def write(self, datagram: bytes, addr: Any = None) -> None:
        """Send one datagram, to ``addr`` (or to the connected peer)."""
        if self._connectedAddr is not None:
            assert addr in (None, self._connectedAddr)
            try:
                self.socket.send(datagram)
            except ConnectionRefusedError:
                self.protocol.connectionRefused()
            except OSError as e:
                if e.errno == errno.EMSGSIZE:
                    raise error.MessageLengthError("message too long") from None
                raise
            return
        assert addr is not None
        host = addr[0]
        if not (isIPAddress(host) or isIPv6Address(host)) and host != "<broadcast>":
            raise error.InvalidAddressError(
                host, "write() only accepts IP addresses, not hostnames"
            )
        try:
            self.socket.sendto(datagram, addr)
        except OSError as e:
            if e.errno == errno.EMSGSIZE:
                raise error.MessageLengthError("message too long") from None
            if e.errno == errno.ECONNREFUSED:
                # Only meaningful for connected ports; unconnected ones ignore it.
                return
            raise

    def writeSequence(self, seq: Any, addr: Any) -> None:
        self.write(b"".join(seq), addr)

    def connect(self, host: str, port: int) -> None:
        """Only exchange datagrams with ``host``:``port`` (an IP address)."""
        if self._connectedAddr is not None:
            raise RuntimeError("already connected, reconnecting is not currently supported")
        if not (isIPAddress(host) or isIPv6Address(host)):
            raise error.InvalidAddressError(host, "not an IPv4 or IPv6 address.")
        self._connectedAddr = (host, port)
        self.socket.connect((host, port))

    def stopListening(self) -> Any:
        """Close the port; a Deferred firing once closed (None if not listening)."""
        from twistio.internet.defer import Deferred

        if not self.connected:
            return None
        self.connected = 0
        self._stopReading()
        self._deferred = Deferred()
        self.reactor.callLater(0, self.connectionLost)
        return self._deferred

    loseConnection = stopListening

    def _stopReading(self) -> None:
        self.reactor._selectables.discard(self)
        if self.socket is not None:
            try:
                self.reactor._asyncioEventloop.remove_reader(self.socket.fileno())
            except (ValueError, OSError):
                pass

    def connectionLost(self, reason: Failure | None = None) -> None:
        """Closed: log it, close the socket, stop the protocol, fire stopListening's
        Deferred."""
        self._stopReading()
        log.msg(f"(UDP Port {self._realPortNumber} Closed)")
        self._realPortNumber = None
        self.connected = 0
        self.disconnected = 1
        if self.socket is not None:
            self.socket.close()
            self.socket = None
        d, self._deferred = self._deferred, None
        try:
            self.protocol.doStop()
        finally:
            if d is not None:
                d.callback(None)

    def setBroadcastAllowed(self, enabled: bool) -> None:
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, int(bool(enabled)))

    def getBroadcastAllowed(self) -> bool:
        return bool(self.socket.getsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST))

    def getHost(self) -> Any:
        """The bound address (``type="UDP"``)."""
        if self.socket is not None:
            self._lastHost = self._addressType("UDP", *self.socket.getsockname()[:2])
        return self._lastHost

    def logPrefix(self) -> str:
        return f"{_logPrefixOf(self.protocol)} (UDP)"

    # reactor bookkeeping, as for TCP
    def _isReading(self) -> bool:
        return bool(self.connected)

    def _isWriting(self) -> bool:
        return False

    def _removeFromReactor(self) -> None:
        self._stopReading()

    def _disconnectForShutdown(self) -> None:
        if self.connected:
            self.connected = 0
            # As Twisted's disconnectAll: logged under the port's logPrefix.
            log.callWithLogger(self, self.connectionLost)


@implementer(IMulticastTransport)
class MulticastPort(Port):
    """A UDP port that can join multicast groups (IPv4, or IPv6 for an IPv6 interface)."""

    def __init__(
        self,
        port: int,
        proto: Any,
        interface: str = "",
        maxPacketSize: int = 8192,
        reactor: Any = None,
        listenMultiple: bool = False,
    ) -> None:
        Port.__init__(self, port, proto, interface, maxPacketSize, reactor)
        self.listenMultiple = listenMultiple

    def _prepareSocket(self, sock: Any) -> None:
        if self.listenMultiple:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if hasattr(socket, "SO_REUSEPORT"):
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)

    @property
    def _v6(self) -> bool:
        return self.addressFamily == socket.AF_INET6

    def getOutgoingInterface(self) -> Any:
        if self._v6:
            return self.socket.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF)
        raw = self.socket.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, 4)
        return socket.inet_ntoa(raw)

    def setOutgoingInterface(self, addr: Any) -> Any:
        """Send multicast through ``addr`` (IPv4: an address or name; IPv6: an index)."""
        from twistio.internet import defer

        if self._v6:
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, int(addr))
            return defer.succeed(1)

        def set(ip: str) -> int:
            self.socket.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(ip))
            return 1

        return self.reactor.resolve(addr).addCallback(set)

    def getLoopbackMode(self) -> int:
        if self._v6:
            return int(self.socket.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP))
        return int(self.socket.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP))

    def setLoopbackMode(self, mode: int) -> None:
        if self._v6:
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_LOOP, int(mode))
        else:
            self.socket.setsockopt(
                socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, struct.pack("b", int(mode))
            )

    def getTTL(self) -> int:
        if self._v6:
            return int(self.socket.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS))
        return int(self.socket.getsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL))

    def setTTL(self, ttl: int) -> None:
        if self._v6:
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, int(ttl))
        else:
            self.socket.setsockopt(
                socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, struct.pack("B", int(ttl))
            )

    def joinGroup(self, addr: str, interface: str = "") -> Any:
        """Join multicast group ``addr``; the Deferred fails with MulticastJoinError."""
        return self._membership(addr, interface, join=True)

    def leaveGroup(self, addr: str, interface: str = "") -> Any:
        """Leave multicast group ``addr``."""
        return self._membership(addr, interface, join=False)

    def _membership(self, addr: str, interface: str, join: bool) -> Any:
        from twistio.internet import defer

        def apply(group: str) -> int:
            try:
                if self._v6:
                    if interface and not isIPv6Address(interface):
                        raise OSError(f"{interface!r} is not an IPv6 interface")
                    index = 0
                    request = socket.inet_pton(socket.AF_INET6, group) + struct.pack("@I", index)
                    option = socket.IPV6_JOIN_GROUP if join else socket.IPV6_LEAVE_GROUP
                    self.socket.setsockopt(socket.IPPROTO_IPV6, option, request)
                else:
                    request = socket.inet_aton(group) + socket.inet_aton(interface or "0.0.0.0")
                    option = socket.IP_ADD_MEMBERSHIP if join else socket.IP_DROP_MEMBERSHIP
                    self.socket.setsockopt(socket.IPPROTO_IP, option, request)
            except OSError as e:
                raise error.MulticastJoinError(addr, interface, *e.args) from None
            return 1

        if isIPAddress(addr) or isIPv6Address(addr):
            return defer.maybeDeferred(apply, addr)
        return self.reactor.resolve(addr).addCallback(apply)
