"""twisted.internet.error: the exceptions of Twisted's networking core.

``str()`` of these exceptions matches Twisted's, because programs and tests compare it:
most classes render as ``MESSAGE`` followed by ``": " + " ".join(args)`` when there are
arguments, and a final period; :class:`ConnectError` and its subclasses put the OS error
number (if any) and the string argument after the message instead.
"""

from __future__ import annotations

import errno
import socket
from typing import Any

__name__ = "twisted.internet.error"


def _joined(message: str, args: tuple[Any, ...]) -> str:
    # Twisted's shape: "<MESSAGE>[: <args joined by spaces>]."
    if args:
        return f"{message}: {' '.join(args)}."
    return f"{message}."


class BindError(Exception):
    """Binding to an interface failed."""

    MESSAGE = "An error occurred binding to an interface"

    def __str__(self) -> str:
        return _joined(self.MESSAGE, self.args)


class CannotListenError(BindError):
    """A port could not be listened on.

    ``interface``, ``port`` and ``socketError`` keep the constructor's arguments.
    """

    def __init__(self, interface: str, port: int | str, socketError: object) -> None:
        BindError.__init__(self, interface, port, socketError)
        self.interface = interface
        self.port = port
        self.socketError = socketError

    def __str__(self) -> str:
        where = self.interface or "any"
        return f"Couldn't listen on {where}:{self.port}: {self.socketError}."


class MulticastJoinError(Exception):
    """Joining a multicast group failed."""


class MessageLengthError(Exception):
    """A datagram was too long to send."""

    MESSAGE = "Message is too long to send"

    def __str__(self) -> str:
        return _joined(self.MESSAGE, self.args)


class DNSLookupError(OSError):
    """A host name could not be resolved."""

    MESSAGE = "DNS lookup failed"

    def __str__(self) -> str:
        return _joined(self.MESSAGE, self.args)


class ConnectInProgressError(Exception):
    """A non-blocking connect was still in progress."""


class ConnectError(Exception):
    """An outgoing connection could not be made.

    ``osError`` is the OS error number (or ``None``); the string argument is ``args[0]``.
    """

    MESSAGE = "An error occurred while connecting"

    def __init__(self, osError: Any = None, string: Any = "") -> None:
        self.osError = osError
        Exception.__init__(self, string)

    def __str__(self) -> str:
        text = self.MESSAGE
        if self.osError:
            text = f"{text}: {self.osError}"
        if self.args[0]:
            text = f"{text}: {self.args[0]}"
        return text + "."


class ConnectBindError(ConnectError):
    MESSAGE = "Couldn't bind"


class UnknownHostError(ConnectError):
    MESSAGE = "Hostname couldn't be looked up"


class NoRouteError(ConnectError):
    MESSAGE = "No route to host"


class ConnectionRefusedError(ConnectError):
    MESSAGE = "Connection was refused by other side"


class TCPTimedOutError(ConnectError):
    MESSAGE = "TCP connection timed out"


class BadFileError(ConnectError):
    MESSAGE = "File used for UNIX socket is no good"


class ServiceNameUnknownError(ConnectError):
    MESSAGE = "Service name given as port is unknown"


class UserError(ConnectError):
    MESSAGE = "User aborted connection"


class TimeoutError(UserError):  # noqa: A001 - Twisted's name
    MESSAGE = "User timeout caused connection failure"


class SSLError(ConnectError):
    MESSAGE = "An SSL error occurred"


class VerifyError(Exception):
    """Something that should have been signed could not be verified."""

    MESSAGE = "Could not verify something that was supposed to be signed."


class PeerVerifyError(VerifyError):
    MESSAGE = "The peer rejected our verify error."


class CertificateError(Exception):
    MESSAGE = "We did not find a certificate where we expected to find one."


#: OS error numbers that map to a specific :class:`ConnectError` subclass.
errnoMapping: dict[int, type[ConnectError]] = {
    errno.ENETUNREACH: NoRouteError,
    errno.ECONNREFUSED: ConnectionRefusedError,
    errno.ETIMEDOUT: TCPTimedOutError,
}


def getConnectError(e: Any) -> ConnectError:
    """Translate a socket error (an exception or an ``(errno, text)`` pair) into a ConnectError."""
    if isinstance(e, Exception):
        args = e.args
    else:
        args = e
    try:
        number, text = args
    except ValueError:
        return ConnectError(string=e)
    if isinstance(e, socket.gaierror):
        return UnknownHostError(number, text)
    klass = errnoMapping.get(number, ConnectError)
    return klass(number, text)


class ConnectionClosed(Exception):
    """The connection was closed, cleanly or not."""


class ConnectionLost(ConnectionClosed):
    """The connection to the other side was lost in a non-clean fashion."""

    MESSAGE = "Connection to the other side was lost in a non-clean fashion"

    def __str__(self) -> str:
        return _joined(self.MESSAGE, self.args)


class ConnectionAborted(ConnectionLost):
    """The connection was aborted locally (``abortConnection``)."""

    MESSAGE = "Connection was aborted locally using ITCPTransport.abortConnection"


class ConnectionDone(ConnectionClosed):
    """The connection was closed cleanly."""

    MESSAGE = "Connection was closed cleanly"

    def __str__(self) -> str:
        return _joined(self.MESSAGE, self.args)


class FileDescriptorOverrun(ConnectionLost):
    MESSAGE = "A mis-use of IUNIXTransport.sendFileDescriptor caused the connection to be closed."


class ConnectionFdescWentAway(ConnectionLost):
    MESSAGE = "Uh"


class AlreadyCalled(ValueError):
    """The delayed call has already run."""

    MESSAGE = "Tried to cancel an already-called event"

    def __str__(self) -> str:
        return _joined(self.MESSAGE, self.args)


class AlreadyCancelled(ValueError):
    """The delayed call was already cancelled."""

    MESSAGE = "Tried to cancel an already-cancelled event"

    def __str__(self) -> str:
        return _joined(self.MESSAGE, self.args)


class ProcessDone(ConnectionDone):
    """A child process exited with status 0.

    ``exitCode`` is 0, ``signal`` is ``None`` and ``status`` is the raw wait status.
    """

    MESSAGE = "A process has ended without apparent errors"

    def __init__(self, status: Any) -> None:
        Exception.__init__(self, "process finished with exit code 0")
        self.exitCode = 0
        self.signal = None
        self.status = status


class ProcessTerminated(ConnectionLost):
    """A child process ended with a probable error (non-zero exit or a signal)."""

    MESSAGE = "A process has ended with a probable error condition"

    def __init__(self, exitCode: Any = None, signal: Any = None, status: Any = None) -> None:
        self.exitCode = exitCode
        self.signal = signal
        self.status = status
        text = "process ended"
        if exitCode is not None:
            text += f" with exit code {exitCode}"
        if signal is not None:
            text += f" by signal {signal}"
        Exception.__init__(self, text)


class ProcessExitedAlready(Exception):
    """The process has already exited and cannot be signalled."""


class NotConnectingError(RuntimeError):
    MESSAGE = "The Connector was not connecting when it was asked to stop connecting"

    def __str__(self) -> str:
        return _joined(self.MESSAGE, self.args)


class NotListeningError(RuntimeError):
    MESSAGE = "The Port was not listening when it was asked to stop listening"

    def __str__(self) -> str:
        return _joined(self.MESSAGE, self.args)


class ReactorNotRunning(RuntimeError):
    """The reactor was asked to stop while it was not running."""


class ReactorNotRestartable(RuntimeError):
    """The reactor was asked to run again after it stopped."""


class ReactorAlreadyRunning(RuntimeError):
    """The reactor was asked to run while it was already running."""


class ReactorAlreadyInstalledError(AssertionError):
    """A reactor is already installed."""


class ConnectingCancelledError(Exception):
    """A connection attempt was cancelled; ``address`` is where it was going."""

    def __init__(self, address: object) -> None:
        Exception.__init__(self, address)
        self.address = address


class NoProtocol(Exception):
    """The factory's ``buildProtocol`` returned ``None``."""


class UnsupportedAddressFamily(Exception):
    """The address family is not supported."""


class UnsupportedSocketType(Exception):
    """The socket type is not supported."""


class AlreadyListened(Exception):
    """The port was already listened on."""


class InvalidAddressError(ValueError):
    """An address is malformed; ``address`` and ``message`` say which and why."""

    def __init__(self, address: object, message: str) -> None:
        self.address = address
        self.message = message
        ValueError.__init__(self, address, message)


__all__ = [
    "BindError",
    "CannotListenError",
    "MulticastJoinError",
    "MessageLengthError",
    "DNSLookupError",
    "ConnectInProgressError",
    "ConnectError",
    "ConnectBindError",
    "UnknownHostError",
    "NoRouteError",
    "ConnectionRefusedError",
    "TCPTimedOutError",
    "BadFileError",
    "ServiceNameUnknownError",
    "UserError",
    "TimeoutError",
    "SSLError",
    "VerifyError",
    "PeerVerifyError",
    "CertificateError",
    "getConnectError",
    "ConnectionClosed",
    "ConnectionLost",
    "ConnectionAborted",
    "ConnectionDone",
    "FileDescriptorOverrun",
    "ConnectionFdescWentAway",
    "AlreadyCalled",
    "AlreadyCancelled",
    "ProcessDone",
    "ProcessTerminated",
    "ProcessExitedAlready",
    "NotConnectingError",
    "NotListeningError",
    "ReactorNotRunning",
    "ReactorNotRestartable",
    "ReactorAlreadyRunning",
    "ReactorAlreadyInstalledError",
    "ConnectingCancelledError",
    "NoProtocol",
    "UnsupportedAddressFamily",
    "UnsupportedSocketType",
    "AlreadyListened",
    "InvalidAddressError",
]
