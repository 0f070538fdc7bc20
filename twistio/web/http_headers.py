"""``Headers``: an HTTP header collection keyed case-insensitively, bytes or text."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, AnyStr, TypeVar, overload

__name__ = "twisted.web.http_headers"

__all__ = ["Headers", "InvalidHeaderName"]

_T = TypeVar("_T")

_TOKEN = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_LINEAR_WS = re.compile(rb"\r\n|\r|\n")


class InvalidHeaderName(ValueError):
    """A header name is not an RFC 9110 token."""


class _NameEncoder:
    """Turns header names (bytes or text) into their canonical capitalised bytes.

    Results are cached, up to ``_MAX_CACHED_HEADERS`` names, so a peer sending many
    distinct names cannot grow the cache without bound.
    """

    _MAX_CACHED_HEADERS = 10_000

    #: Names whose conventional spelling is not simple capitalisation.
    _special = {
        b"content-md5": b"Content-MD5",
        b"dnt": b"DNT",
        b"etag": b"ETag",
        b"p3p": b"P3P",
        b"te": b"TE",
        b"www-authenticate": b"WWW-Authenticate",
        b"x-xss-protection": b"X-XSS-Protection",
    }

    def __init__(self) -> None:
        self._canonicalHeaderCache: dict[bytes | str, bytes] = {}

    def encode(self, name: bytes | str) -> bytes:
        """Return the canonical form of ``name``; ``InvalidHeaderName`` if not a token."""
        cached = self._canonicalHeaderCache.get(name)
        if cached is not None:
            return cached
        raw = name.encode("iso-8859-1") if isinstance(name, str) else name
        if not _TOKEN.match(raw):
            raise InvalidHeaderName(name)
        lower = raw.lower()
        result = self._special.get(lower)
        if result is None:
            result = b"-".join(part.capitalize() for part in lower.split(b"-"))
        if len(self._canonicalHeaderCache) < self._MAX_CACHED_HEADERS:
            self._canonicalHeaderCache[name] = result
        return result


_nameEncoder = _NameEncoder()
#: The encoder's cache, read directly on the hottest paths (one lookup, no call).
_canonicalCache = _nameEncoder._canonicalHeaderCache


def _encodeValue(value: bytes | str) -> bytes:
    raw = value.encode("utf-8") if isinstance(value, str) else value
    # Line breaks in a value would end the header line (response splitting).  Most
    # values have none: two substring tests are much cheaper than the substitution.
    if type(raw) is bytes:
        # bytes.find: "in" on bytes first tries the needle as an int (a TypeError
        # built and dropped each time).
        if raw.find(b"\n") >= 0 or raw.find(b"\r") >= 0:
            return _LINEAR_WS.sub(b" ", raw)
        return raw
    if b"\n" in raw or b"\r" in raw:
        return _LINEAR_WS.sub(b" ", raw)
    return raw


class Headers:
    """A collection of HTTP headers.

    Names are case-insensitive and stored in canonical form.  Methods take names and
    values as bytes or text (names encoded ISO-8859-1, values UTF-8); ``getRawHeaders``
    answers in the type of the name it was asked with.
    """

    def __init__(
        self,
        rawHeaders: Mapping[AnyStr, Sequence[AnyStr]] | Mapping[Any, Any] | None = None,
    ) -> None:
        self._rawHeaders: dict[bytes, list[bytes]] = {}
        if rawHeaders is not None:
            for name, values in rawHeaders.items():
                self.setRawHeaders(name, values)

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self._rawHeaders!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Headers):
            return self._rawHeaders == other._rawHeaders
        return NotImplemented

    # Twisted's Headers hash by identity despite __eq__; keep that.
    __hash__ = object.__hash__

    def copy(self) -> Headers:
        """An independent copy."""
        new = self.__class__()
        new._rawHeaders = {k: list(v) for k, v in self._rawHeaders.items()}
        return new

    def hasHeader(self, name: bytes | str) -> bool:
        """Whether any value is set for ``name``."""
        return _nameEncoder.encode(name) in self._rawHeaders

    def removeHeader(self, name: bytes | str) -> None:
        """Remove every value of ``name`` (no error when absent)."""
        self._rawHeaders.pop(_nameEncoder.encode(name), None)

    def setRawHeaders(self, name: bytes | str, values: Sequence[bytes | str]) -> None:
        """Replace the values of ``name`` by ``values``."""
        encoded = _canonicalCache.get(name)
        if encoded is None:
            encoded = _nameEncoder.encode(name)
        self._rawHeaders[encoded] = [_encodeValue(v) for v in values]

    def addRawHeader(self, name: bytes | str, value: bytes | str) -> None:
        """Append ``value`` to the values of ``name``."""
        encoded = _canonicalCache.get(name)
        if encoded is None:
            encoded = _nameEncoder.encode(name)
        self._rawHeaders.setdefault(encoded, []).append(_encodeValue(value))

    @overload
    def getRawHeaders(self, name: bytes) -> list[bytes] | None: ...
    @overload
    def getRawHeaders(self, name: str) -> list[str] | None: ...
    @overload
    def getRawHeaders(self, name: bytes, default: _T) -> list[bytes] | _T: ...
    @overload
    def getRawHeaders(self, name: str, default: _T) -> list[str] | _T: ...

    def getRawHeaders(self, name: bytes | str, default: object = None) -> object:
        """The values of ``name``, or ``default`` when it has none."""
        encoded = _canonicalCache.get(name)
        if encoded is None:
            encoded = _nameEncoder.encode(name)
        values = self._rawHeaders.get(encoded)
        if values is None:
            return default
        if isinstance(name, str):
            return [v.decode("utf-8") for v in values]
        return list(values)

    def getAllRawHeaders(self) -> Iterator[tuple[bytes, Sequence[bytes]]]:
        """Every (canonical name, values) pair."""
        return iter(list(self._rawHeaders.items()))
