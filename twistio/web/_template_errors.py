"""The exceptions of twisted.web.template, re-exported by ``twisted.web.error``."""

from __future__ import annotations

import traceback
from typing import Any

__name__ = "twisted.web.error"


class RenderError(Exception):
    """Base class for errors met while rendering a page."""


class MissingRenderMethod(RenderError):
    """A tag named a render method that its element does not expose."""

    def __init__(self, element: Any, renderName: str) -> None:
        RenderError.__init__(self, element, renderName)
        self.element = element
        self.renderName = renderName

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__name__!r}: {self.element!r} had no render method "
            f"named {self.renderName!r}"
        )


class MissingTemplateLoader(RenderError):
    """An element was rendered without a template loader."""

    def __init__(self, element: Any) -> None:
        RenderError.__init__(self, element)
        self.element = element

    def __repr__(self) -> str:
        return f"{self.__class__.__name__!r}: {self.element!r} had no loader"


class UnexposedMethodError(Exception):
    """A method was looked up by a name that was not exposed under it."""


class UnfilledSlot(Exception):
    """A slot was flattened with no value filled in and no default."""


class UnsupportedType(Exception):
    """An object of a type the flattener does not know was flattened."""


def _describeRoot(root: Any) -> str:
    """One line naming ``root`` for :class:`FlattenerError`'s message."""
    from twistio.web._stan import Tag

    if isinstance(root, (bytes, str)) and len(root) > 40:
        head = repr(root[:20])[:-1]
        tail = repr(root[-20:])
        tail = tail[2:] if isinstance(root, bytes) else tail[1:]
        return f"{head}<...>{tail}"
    if isinstance(root, Tag):
        if root.filename is not None:
            return (
                f'File "{root.filename}", line {root.lineNumber}, '
                f'column {root.columnNumber}, in "{root.tagName!s}"'
            )
        return f"Tag <{root.tagName!s}>"
    return repr(root)


class FlattenerError(Exception):
    """An exception raised while flattening, with where in the document tree it happened.

    ``args`` is ``(exception, roots, traceback)``: the original exception, the objects being
    flattened from the outermost inwards, and the traceback as ``traceback.extract_tb`` gives it.
    """

    def __init__(self, exception: BaseException, roots: list[Any], traceback: list[Any]) -> None:
        self._exception = exception
        self._roots = roots
        self._traceback = traceback
        Exception.__init__(self, exception, roots, traceback)

    def _formatRoot(self, obj: Any) -> str:
        """One root as the message shows it (text ASCII-escaped, as Twisted does)."""
        if isinstance(obj, str):
            return ascii(obj[:20] + "<...>" + obj[-20:]) if len(obj) > 40 else ascii(obj)
        return _describeRoot(obj)

    def __repr__(self) -> str:
        lines = ["Exception while flattening:"]
        lines.extend(f"  {self._formatRoot(root)}" for root in self._roots)
        text = "\n".join(lines) + "\n"
        if self._traceback:
            text += "".join(traceback.format_list(self._traceback))
        text += f"{type(self._exception).__name__}: {self._exception}\n"
        return text

    __str__ = __repr__
