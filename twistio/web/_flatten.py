"""Turning a template document tree into bytes: ``flatten`` and ``flattenString``.

The tree is walked depth first without recursion: each object being flattened gets a generator
that writes what it can and yields the generators of its parts (or a Deferred that will give
one).  ``_flattenTree`` keeps those generators on an explicit stack, so a page with thousands of
already-fired Deferreds does not hit the recursion limit, and an error can name every object on
the way from the root to where it happened.

Escaping is composed rather than decided up front: text in element content is escaped for
content; inside an attribute value, everything written (including whole tags) goes through the
attribute escaper, so a tag used as an attribute value comes out as text that parses back into
that tag.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Generator
from inspect import iscoroutine
from io import BytesIO
from sys import exc_info
from traceback import extract_tb
from types import GeneratorType
from typing import Any, Union, cast

from twistio.internet.defer import Deferred, ensureDeferred
from twistio.python.failure import Failure
from twistio.web._stan import CDATA, CharRef, Comment, Tag, slot, voidElements
from twistio.web._template_errors import FlattenerError, UnfilledSlot, UnsupportedType
from twistio.web.iweb import IRenderable

__name__ = "twisted.web._flatten"

#: How many bytes are gathered before they are handed to the write function.
BUFFER_SIZE = 2**16

FlattenableRecursive = Any

#: Everything :func:`flatten` accepts.
Flattenable = Union[
    bytes,
    str,
    slot,
    CDATA,
    Comment,
    Tag,
    tuple[FlattenableRecursive, ...],
    list[FlattenableRecursive],
    Generator[FlattenableRecursive, None, None],
    CharRef,
    Deferred[FlattenableRecursive],
    Coroutine[Deferred[FlattenableRecursive], object, FlattenableRecursive],
    IRenderable,
]

_Step = Union["Generator[Any, Any, None]", "Deferred[Generator[Any, Any, None]]"]


def escapeForContent(data: bytes | str) -> bytes:
    """Encode ``data`` as UTF-8 and escape ``&``, ``<`` and ``>`` for element content."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return data.replace(b"&", b"&amp;").replace(b"<", b"&lt;").replace(b">", b"&gt;")


def attributeEscapingDoneOutside(data: bytes | str) -> bytes:
    """Encode ``data`` as UTF-8 only: inside an attribute the writer does the escaping."""
    if isinstance(data, str):
        return data.encode("utf-8")
    return data


def _escapeForAttribute(data: bytes) -> bytes:
    return (
        data.replace(b"&", b"&amp;")
        .replace(b"<", b"&lt;")
        .replace(b">", b"&gt;")
        .replace(b'"', b"&quot;")
    )


def writeWithAttributeEscaping(
    write: Callable[[bytes], object],
) -> Callable[[bytes], None]:
    """Wrap ``write`` so that everything written is escaped for a double-quoted attribute."""

    def _write(data: bytes) -> None:
        write(_escapeForAttribute(data))

    return _write


def escapedCDATA(data: bytes | str) -> bytes:
    """Encode ``data`` as a CDATA section, splitting any ``]]>`` it contains."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return b"<![CDATA[" + data.replace(b"]]>", b"]]]]><![CDATA[>") + b"]]>"


def escapedComment(data: bytes | str) -> bytes:
    """Encode ``data`` as a comment that cannot end early nor end with a dash."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    data = data.replace(b"-->", b"--&gt;")
    if data.endswith(b"-"):
        data += b" "
    return b"<!--" + data + b"-->"


def _getSlotValue(
    name: str,
    slotData: list[dict[str, Any] | None],
    default: Any = None,
) -> Any:
    """The value of slot ``name``: from the innermost tag that fills it, else ``default``."""
    for data in reversed(slotData):
        if data is not None and name in data:
            return data[name]
    if default is not None:
        return default
    raise UnfilledSlot(name)


def _fork(d: Deferred[Any]) -> Deferred[Any]:
    """A new Deferred with ``d``'s result, leaving ``d``'s own result untouched.

    Cancelling the new Deferred cancels ``d``.  The same Deferred can thus be flattened twice,
    and a failure in it is still there for its owner (and logged if nobody handles it).
    """
    forked: Deferred[Any] = Deferred(lambda _: d.cancel())

    def passOn(result: Any) -> Any:
        if not forked.called:
            if isinstance(result, Failure):
                forked.errback(result)
            else:
                forked.callback(result)
        return result

    d.addBoth(passOn)
    return forked


def _flattenElement(
    request: Any,
    root: Any,
    write: Callable[[bytes], object],
    slotData: list[dict[str, Any] | None],
    renderFactory: Any,
    dataEscaper: Callable[[bytes | str], bytes],
) -> Generator[_Step, None, None]:
    """Write ``root`` (the parts that need no waiting) and yield steps for its parts.

    A step is either a generator like this one, for a part, or a Deferred that fires with one.
    """

    def keepGoing(
        newRoot: Any,
        dataEscaper: Callable[[bytes | str], bytes] = dataEscaper,
        renderFactory: Any = renderFactory,
        write: Callable[[bytes], object] = write,
    ) -> Generator[_Step, None, None]:
        return _flattenElement(request, newRoot, write, slotData, renderFactory, dataEscaper)

    if isinstance(root, (bytes, str)):
        write(dataEscaper(root))
    elif isinstance(root, slot):
        value = _getSlotValue(root.name, slotData, root.default)
        if type(value) is str or type(value) is bytes:
            write(dataEscaper(value))
        else:
            yield keepGoing(value)
    elif isinstance(root, CDATA):
        write(escapedCDATA(root.data))
    elif isinstance(root, Comment):
        write(escapedComment(root.data))
    elif isinstance(root, Tag):
        slotData.append(root.slotData)
        if root.render is not None:
            if renderFactory is None:
                raise ValueError(
                    f'Tag wants to be rendered by method "{root.render}" '
                    "but is not contained in any IRenderable"
                )
            # The render method gets a copy without the directive, so that returning the tag
            # (the usual case) does not render it again, and the template stays reusable.
            rootClone = root.clone(False)
            rootClone.render = None
            method = renderFactory.lookupRenderMethod(root.render)
            yield keepGoing(method(request, rootClone))
        elif not root.tagName:
            yield keepGoing(root.children)
        else:
            tagName = root.tagName
            if isinstance(tagName, str):
                tagName = tagName.encode("ascii")
            write(b"<" + tagName)
            for key, value in root.attributes.items():
                if isinstance(key, str):
                    key = key.encode("ascii")
                write(b" " + key + b'="')
                yield keepGoing(
                    value,
                    attributeEscapingDoneOutside,
                    write=writeWithAttributeEscaping(write),
                )
                write(b'"')
            if root.children or tagName.decode("ascii") not in voidElements:
                write(b">")
                yield keepGoing(root.children, escapeForContent)
                write(b"</" + tagName + b">")
            else:
                write(b" />")
        slotData.pop()
    elif isinstance(root, (tuple, list, GeneratorType)):
        for element in root:
            # Text is by far the most common child: write it here rather than through a
            # generator of its own.
            if type(element) is str or type(element) is bytes:
                write(dataEscaper(element))
            else:
                yield keepGoing(element)
    elif isinstance(root, CharRef):
        write(b"&#%d;" % (root.ordinal,))
    elif isinstance(root, Deferred):
        yield _fork(root).addCallback(keepGoing)
    elif iscoroutine(root):
        yield ensureDeferred(root).addCallback(keepGoing)
    elif IRenderable.providedBy(root):
        yield keepGoing(root.render(request), renderFactory=root)
    else:
        raise UnsupportedType(root)


async def _flattenTree(request: Any, root: Any, write: Callable[[bytes], object]) -> None:
    """Flatten ``root`` to ``write``, in chunks of about :data:`BUFFER_SIZE` bytes.

    What is ready is written in one chunk before waiting on a Deferred.  Any exception becomes a
    :class:`FlattenerError` listing the objects being flattened and the traceback.
    """
    pending: list[bytes] = []
    pendingSize = 0

    def flushBuffer() -> None:
        nonlocal pendingSize
        if pendingSize:
            data = b"".join(pending)
            del pending[:]
            pendingSize = 0
            write(data)

    def bufferedWrite(data: bytes) -> None:
        nonlocal pendingSize
        pending.append(data)
        pendingSize += len(data)
        if pendingSize >= BUFFER_SIZE:
            flushBuffer()

    stack: list[Generator[_Step, None, None]] = [
        _flattenElement(request, root, bufferedWrite, [], None, escapeForContent)
    ]
    while stack:
        try:
            element = next(stack[-1])
            if isinstance(element, Deferred):
                flushBuffer()
                element = await element
        except StopIteration:
            stack.pop()
        except Exception as e:
            # A generator that raised has no frame left: the roots are those still running.
            frames = [cast(GeneratorType, gen).gi_frame for gen in stack]  # type: ignore[type-arg]
            roots = [frame.f_locals["root"] for frame in frames if frame is not None]
            raise FlattenerError(e, roots, extract_tb(exc_info()[2])) from e
        else:
            stack.append(element)
    flushBuffer()


def flatten(request: Any, root: Flattenable, write: Callable[[bytes], object]) -> Deferred[None]:
    """Write the serialisation of ``root`` to ``write`` (UTF-8 bytes, in chunks).

    ``request`` is passed to render methods.  The Deferred fires with ``None`` when everything
    has been written, or fails with :class:`FlattenerError`; cancelling it cancels the Deferred
    being waited on.
    """
    return ensureDeferred(_flattenTree(request, root, write))


def flattenString(request: Any, root: Flattenable) -> Deferred[bytes]:
    """Like :func:`flatten`, but the Deferred fires with all the bytes at once."""
    io = BytesIO()
    d = flatten(request, root, io.write)
    return d.addCallback(lambda _: io.getvalue())
