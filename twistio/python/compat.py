"""twisted.python.compat: helpers once needed to span Python 2 and 3, still imported widely."""

from __future__ import annotations

import inspect
import os
import platform
import urllib.parse
from collections.abc import Iterator
from functools import reduce
from html import escape
from io import IOBase, TextIOBase
from typing import Any, TypeVar
from urllib.parse import quote as urlquote
from urllib.parse import unquote as urlunquote

__name__ = "twisted.python.compat"

_T = TypeVar("_T")

#: Whether this interpreter is PyPy.
_PYPY = platform.python_implementation() == "PyPy"

unicode = str
long = int
NativeStringIO = __import__("io").StringIO

__all__ = [
    "reraise",
    "execfile",
    "frozenset",
    "reduce",
    "set",
    "cmp",
    "comparable",
    "nativeString",
    "NativeStringIO",
    "networkString",
    "unicode",
    "iterbytes",
    "intToBytes",
    "lazyByteSlice",
    "StringType",
    "InstanceType",
    "FileType",
    "items",
    "iteritems",
    "itervalues",
    "range",
    "xrange",
    "urllib_parse",
    "bytesEnviron",
    "escape",
    "urlquote",
    "urlunquote",
    "cookielib",
    "intern",
    "unichr",
    "raw_input",
    "_tokenize",
    "_get_async_param",
    "Sequence",
]


def currentframe(n: int = 0) -> Any:
    """The caller's frame, ``n`` levels further up."""
    f = inspect.currentframe()
    assert f is not None
    for _x in range(n + 1):
        assert f is not None
        f = f.f_back
    return f


def execfile(filename: str, globals: dict[str, Any], locals: dict[str, Any] | None = None) -> None:
    """Execute the Python source file ``filename`` in ``globals`` (and ``locals``).

    Universal newlines are honoured; a missing ``locals`` means ``globals``.
    """
    if locals is None:
        locals = globals
    with open(filename, "rb") as fin:
        source = fin.read()
    code = compile(source, filename, "exec")
    exec(code, globals, locals)


def cmp(a: Any, b: Any) -> int:
    """Python 2's three-way comparison: -1, 0 or 1."""
    if a < b:
        return -1
    elif a == b:
        return 0
    else:
        return 1


def comparable(klass: type[_T]) -> type[_T]:
    """Class decorator: derive the rich comparison methods from a ``__cmp__`` method."""

    def __eq__(self: Any, other: Any) -> bool:
        c = self.__cmp__(other)
        if c is NotImplemented:
            return c  # type: ignore[no-any-return]
        return bool(c == 0)

    def __ne__(self: Any, other: Any) -> bool:
        c = self.__cmp__(other)
        if c is NotImplemented:
            return c  # type: ignore[no-any-return]
        return bool(c != 0)

    def __lt__(self: Any, other: Any) -> bool:
        c = self.__cmp__(other)
        if c is NotImplemented:
            return c  # type: ignore[no-any-return]
        return bool(c < 0)

    def __le__(self: Any, other: Any) -> bool:
        c = self.__cmp__(other)
        if c is NotImplemented:
            return c  # type: ignore[no-any-return]
        return bool(c <= 0)

    def __gt__(self: Any, other: Any) -> bool:
        c = self.__cmp__(other)
        if c is NotImplemented:
            return c  # type: ignore[no-any-return]
        return bool(c > 0)

    def __ge__(self: Any, other: Any) -> bool:
        c = self.__cmp__(other)
        if c is NotImplemented:
            return c  # type: ignore[no-any-return]
        return bool(c >= 0)

    klass.__lt__ = __lt__  # type: ignore[assignment,operator]
    klass.__gt__ = __gt__  # type: ignore[assignment,operator]
    klass.__le__ = __le__  # type: ignore[assignment,operator]
    klass.__ge__ = __ge__  # type: ignore[assignment,operator]
    klass.__eq__ = __eq__  # type: ignore[assignment,method-assign]
    klass.__ne__ = __ne__  # type: ignore[assignment,method-assign]
    return klass


def ioType(fileIshObject: Any, default: type = str) -> type:
    """Whether ``fileIshObject`` wants ``str`` or ``bytes`` written to it.

    Falls back to ``default`` when it cannot be told.
    """
    if isinstance(fileIshObject, TextIOBase):
        # Text files (StringIO, TextIOWrapper...) take text.
        return str
    if isinstance(fileIshObject, IOBase):
        # Binary files and BytesIO take bytes.
        return bytes
    encoding = getattr(fileIshObject, "encoding", None)
    import codecs

    if isinstance(fileIshObject, (codecs.StreamReader, codecs.StreamWriter)):
        # Codec streams carry an encoding but are written with text.
        if encoding:
            return str
        else:
            return bytes
    return default


def nativeString(s: str | bytes) -> str:
    """Convert ``s`` to ``str``: bytes are decoded as ASCII, text must be ASCII too.

    :raises UnicodeError: ``s`` is not ASCII.
    :raises TypeError: ``s`` is neither ``bytes`` nor ``str``.
    """
    if not isinstance(s, (bytes, str)):
        raise TypeError(f"{s!r} is neither bytes nor str")
    if isinstance(s, bytes):
        return s.decode("ascii")
    # Check it is ASCII; the encoded form is not needed.
    s.encode("ascii")
    return s


def _matchingString(constantString: str | bytes, inputString: str | bytes) -> Any:
    """``constantString`` (ASCII) as the same type (``str``/``bytes``) as ``inputString``."""
    otherType: str | bytes
    if isinstance(constantString, bytes):
        otherType = constantString.decode("ascii")
    else:
        otherType = constantString.encode("ascii")
    if type(constantString) is type(inputString):
        return constantString
    else:
        return otherType


def reraise(exception: BaseException, traceback: Any) -> None:
    """Re-raise ``exception`` with ``traceback``."""
    raise exception.with_traceback(traceback)


def iterbytes(originalBytes: bytes) -> Iterator[bytes]:
    """Iterate over ``originalBytes`` as one-byte ``bytes`` objects."""
    for i in range(len(originalBytes)):
        yield originalBytes[i : i + 1]


def intToBytes(i: int) -> bytes:
    """The ASCII decimal digits of ``i`` as bytes: ``intToBytes(12) == b'12'``."""
    return (f"{i}").encode("ascii")


def lazyByteSlice(object: bytes, offset: int = 0, size: int | None = None) -> memoryview:
    """A zero-copy slice (a ``memoryview``) of ``object`` from ``offset``, ``size`` long."""
    view = memoryview(object)
    if size is None:
        return view[offset:]
    else:
        return view[offset : (offset + size)]


def networkString(s: str) -> bytes:
    """Encode the ASCII text ``s`` as bytes.

    :raises TypeError: ``s`` is not ``str``.
    :raises UnicodeError: ``s`` is not ASCII.
    """
    if not isinstance(s, str):
        raise TypeError("Can only convert strings to bytes")
    return s.encode("ascii")


def _bytesEnviron() -> dict[bytes, bytes]:
    target: dict[bytes, bytes] = {}
    for k, v in os.environ.items():
        target[os.environ_encode(k)] = os.environ_encode(v)  # type: ignore[attr-defined]
    return target


def bytesEnviron() -> dict[bytes, bytes]:
    """``os.environ`` with keys and values as bytes (``os.environb`` where available)."""
    environb = getattr(os, "environb", None)
    if environb is not None:
        return dict(environb)
    return _bytesEnviron()


def _constructMethod(cls: type, name: str, self: object) -> Any:
    """Rebuild a bound method (used when unpickling)."""
    func = cls.__dict__[name]
    return func.__get__(self, cls)


def _get_async_param(isAsync: bool | None = None, **kwargs: Any) -> bool:
    """The value of the old ``async`` keyword argument, now spelled ``isAsync``."""
    if isAsync is None and "async" in kwargs:
        isAsync = kwargs.pop("async")
    if kwargs:
        raise TypeError
    return bool(isAsync)


def _pypy3BlockingHack() -> None:
    """Nothing to do on CPython."""


def items(d: dict[Any, Any]) -> list[tuple[Any, Any]]:
    """The items of ``d`` as a list."""
    return list(d.items())


def iteritems(d: dict[Any, Any]) -> Any:
    return d.items()


def itervalues(d: dict[Any, Any]) -> Any:
    return d.values()


def iterkeys(d: dict[Any, Any]) -> Any:
    return d.keys()


def _coercedUnicode(s: Any) -> str:
    """``s`` as text: ASCII bytes are decoded, text is returned as it is."""
    if isinstance(s, bytes):
        return s.decode("ascii")
    return str(s)


StringType = str
InstanceType = object
FileType = IOBase
xrange = range
range = range
frozenset = frozenset
set = set
intern = __import__("sys").intern
unichr = chr
raw_input = input
urllib_parse = urllib.parse
_tokenize = __import__("tokenize").tokenize
import http.cookiejar as cookielib  # noqa: E402
from collections.abc import Sequence  # noqa: E402

__all__ += ["currentframe", "ioType", "iterkeys", "_PYPY", "long", "unicode"]
