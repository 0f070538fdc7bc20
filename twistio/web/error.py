"""Exceptions of twisted.web: HTTP errors, redirects, rendering and flattening errors."""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from typing import Any

from twistio.web._responses import RESPONSES

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


class PageRedirect(Error):
    """A redirect to ``location``; the message says where."""

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


class InfiniteRedirection(Error):
    """Redirects went round in a loop."""

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


class RenderError(Exception):
    """Rendering a template failed."""


class MissingRenderMethod(RenderError):
    """An element had no render method of the name a template asked for."""

    def __init__(self, element: object, renderName: str) -> None:
        RenderError.__init__(self, element, renderName)
        self.element = element
        self.renderName = renderName

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__name__!r}: {self.element!r} had no render method "
            f"named {self.renderName!r}"
        )


class MissingTemplateLoader(RenderError):
    """An element was rendered without a loader."""

    def __init__(self, element: object) -> None:
        RenderError.__init__(self, element)
        self.element = element

    def __repr__(self) -> str:
        return f"{self.__class__.__name__!r}: {self.element!r} had no loader"


class UnexposedMethodError(Exception):
    """A method was looked up that was not exposed."""


class UnfilledSlot(Exception):
    """A template slot had no value."""


class UnsupportedType(Exception):
    """The flattener met an object it cannot flatten."""


class ExcessiveBufferingError(Exception):
    """Too much data was buffered."""


class UnsupportedSpecialHeader(Exception):
    """A header that needs special handling was given."""


class FlattenerError(Exception):
    """Flattening failed: the original exception, the stack of roots being flattened
    and the traceback, shown together by ``repr``/``str``."""

    def __init__(
        self,
        exception: BaseException,
        roots: list[Any],
        traceback: Sequence[Any] | None,
    ) -> None:
        self._exception = exception
        self._roots = roots
        self._traceback = traceback
        Exception.__init__(self, exception, roots, traceback)

    def _formatRoot(self, obj: object) -> str:
        """A short description of one root (long strings are elided in the middle)."""
        if isinstance(obj, (bytes, str)):
            if len(obj) > 40:
                if isinstance(obj, str):
                    ellipsis = "<...>"
                    return repr(obj[:20] + ellipsis + obj[-20:])
                return repr(obj[:20] + b"<...>" + obj[-20:])
            return repr(obj)
        tagName = getattr(obj, "tagName", None)
        if tagName is not None and hasattr(obj, "children"):
            filename = getattr(obj, "filename", None)
            if filename:
                return (
                    f'File "{filename}", line {getattr(obj, "lineNumber", None)}, '
                    f'column {getattr(obj, "columnNumber", None)}, in "{tagName}"'
                )
            return f"Tag <{tagName}>"
        return repr(obj)

    def __repr__(self) -> str:
        roots = "".join(f"  {self._formatRoot(r)}\n" for r in self._roots)
        tb = ""
        if self._traceback:
            tb = "".join(traceback.format_list(list(self._traceback)))
        exc = "".join(traceback.format_exception_only(type(self._exception), self._exception))
        return f"Exception while flattening:\n{roots}{tb}{exc}"

    __str__ = __repr__
