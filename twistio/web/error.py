"""Exceptions of twisted.web: HTTP errors, redirects, rendering and flattening errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from twistio.web._responses import RESPONSES

# The template errors are defined next to the flattener (web-client area); this module is
# their public home, so both names refer to the same classes.
from twistio.web._template_errors import (
    FlattenerError,
    MissingRenderMethod,
    MissingTemplateLoader,
    RenderError,
    UnexposedMethodError,
    UnfilledSlot,
    UnsupportedType,
)

__name__ = "twisted.web.error"

__all__ = [
    "Error",
    "ExcessiveBufferingError",
    "FlattenerError",
    "InfiniteRedirection",
    "MissingRenderMethod",
    "MissingTemplateLoader",
    "PageRedirect",
    "RedirectWithNoLocation",
    "RenderError",
    "SchemeNotSupported",
    "UnexposedMethodError",
    "UnfilledSlot",
    "UnsupportedMethod",
    "UnsupportedSpecialHeader",
    "UnsupportedType",
]


def _codeToMessage(code: bytes | str | int) -> bytes | None:
    """The standard reason phrase of a status code, or None (unknown or not a number)."""
    try:
        return RESPONSES.get(int(code))
    except (ValueError, TypeError):
        return None


class Error(Exception):
    """An HTTP error: ``status`` (bytes), ``message`` (bytes or None), ``response``."""

    status: bytes
    message: bytes | None
    response: bytes | None

    def __init__(
        self, code: int | bytes, message: bytes | None = None, response: bytes | None = None
    ) -> None:
        if isinstance(code, int):
            status = b"%d" % code
        else:
            status = code
        if not status.isdigit():
            raise ValueError(f"Not a valid HTTP status code: {status!r}")
        if message is None:
            message = _codeToMessage(status)
        super().__init__(code, message, response)
        self.status = status
        self.message = message
        self.response = response

    def __str__(self) -> str:
        s = self.status.decode("ascii")
        if self.message:
            s += " " + self.message.decode("latin-1")
        return s


class _LocationError(Error):
    """An HTTP error about a redirect: keeps ``location`` and names it in the message."""

    def __init__(
        self,
        code: int | bytes,
        message: bytes | None = None,
        response: bytes | None = None,
        location: bytes | None = None,
    ) -> None:
        Error.__init__(self, code, message, response)
        if self.message and location:
            self.message = self.message + b" to " + location
        self.location = location


class PageRedirect(_LocationError):
    """A redirect to ``location``; the message says where."""


class InfiniteRedirection(_LocationError):
    """Redirects went round in a loop."""


class RedirectWithNoLocation(Error):
    """A redirect response without a Location header, for ``uri``."""

    def __init__(self, code: int | bytes, message: bytes, uri: bytes) -> None:
        Error.__init__(self, code, message)
        self.message = (self.message or b"") + b" to " + uri
        self.uri = uri


class UnsupportedMethod(Exception):
    """The resource cannot answer this method; ``allowedMethods`` are the ones it can."""

    allowedMethods: Sequence[bytes] = ()

    def __init__(self, allowedMethods: Sequence[bytes], *args: Any) -> None:
        Exception.__init__(self, allowedMethods, *args)
        self.allowedMethods = allowedMethods

    def __str__(self) -> str:
        return f"Expected one of {self.allowedMethods!r}"


class SchemeNotSupported(Exception):
    """The client cannot make requests with this URL scheme."""


class ExcessiveBufferingError(Exception):
    """Too much data was buffered."""


class UnsupportedSpecialHeader(Exception):
    """A header that needs special handling was given."""
