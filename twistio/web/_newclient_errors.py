"""The exceptions of the HTTP/1.1 client (twisted.web._newclient)."""

from __future__ import annotations

from typing import Any

__name__ = "twisted.web._newclient"


class BadHeaders(Exception):
    """Headers passed to a request cannot be sent (e.g. not exactly one Host header)."""


class ExcessWrite(Exception):
    """More body bytes were written than the request's declared length."""


class ParseError(Exception):
    """The response could not be parsed; ``data`` is the offending input."""

    def __init__(self, reason: str, data: bytes) -> None:
        Exception.__init__(self, reason, data)
        self.data = data


class BadResponseVersion(ParseError):
    """The response's HTTP version was not understood."""


class _WrapperException(Exception):
    """An exception carrying the :class:`Failure` s that caused it in ``reasons``."""

    def __init__(self, reasons: list[Any]) -> None:
        Exception.__init__(self, reasons)
        self.reasons = reasons


class RequestGenerationFailed(_WrapperException):
    """Writing the request failed before it was completely sent (the producer failed)."""


class RequestTransmissionFailed(_WrapperException):
    """The connection failed while the request was being sent."""


class ConnectionAborted(Exception):
    """The connection was aborted by the client itself."""


class WrongBodyLength(Exception):
    """The body producer produced a different number of bytes than its ``length``."""


class ResponseDone(Exception):
    """The response body has been delivered completely (the normal end reason)."""


class ResponseFailed(_WrapperException):
    """The response could not be received completely; ``response`` is set if its head was."""

    def __init__(self, reasons: list[Any], response: Any = None) -> None:
        _WrapperException.__init__(self, reasons)
        self.response = response


class ResponseNeverReceived(ResponseFailed):
    """The connection ended before any response head was received."""


class RequestNotSent(Exception):
    """The request was not sent: the connection was busy or already closed."""
