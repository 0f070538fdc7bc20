"""Helpers of twisted.web.http: dates, chunk framing, query parsing, content ranges."""

from __future__ import annotations

import calendar
import time
from urllib.parse import unquote_to_bytes
from urllib.parse import urlparse as _stdlib_urlparse

from twistio._sansio.http import encode_chunk

__name__ = "twisted.web.http"

weekdayname = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
monthname = [None, "Jan", "Feb", "Mar", "Apr", "May", "Jun",
             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]  # fmt: skip
weekdayname_lower = [name.lower() for name in weekdayname]
monthname_lower = [name and name.lower() for name in monthname]


def timegm(year: int, month: int, day: int, hour: int, minute: int, second: int) -> int:
    """Seconds since the epoch of a UTC date (no time zone involved)."""
    return calendar.timegm((year, month, day, hour, minute, second, 0, 0, 0))


_dateCache: list[object] = [None, b""]


def datetimeToString(msSinceEpoch: float | None = None) -> bytes:
    """An RFC 1123 date (``b"Thu, 01 Jan 1970 00:00:00 GMT"``) for a POSIX time."""
    if msSinceEpoch is None:
        # "Now" is asked for by every response: format each second once.
        now = int(time.time())
        if _dateCache[0] != now:
            _dateCache[0] = now
            _dateCache[1] = datetimeToString(now)
        return _dateCache[1]  # type: ignore[return-value]
    year, month, day, hh, mm, ss, wd, _, _ = time.gmtime(msSinceEpoch)
    s = f"{weekdayname[wd]}, {day:02d} {monthname[month]:>3} {year:4d} {hh:02d}:{mm:02d}:{ss:02d} GMT"
    return s.encode("ascii")


def datetimeToLogString(msSinceEpoch: float | None = None) -> str:
    """A date in the Common Log Format (``[01/Jan/1970:00:00:00 +0000]``)."""
    if msSinceEpoch is None:
        msSinceEpoch = time.time()
    year, month, day, hh, mm, ss, _, _, _ = time.gmtime(msSinceEpoch)
    return f"[{day:02d}/{monthname[month]:>3}/{year:4d}:{hh:02d}:{mm:02d}:{ss:02d} +0000]"


def stringToDatetime(dateString: bytes) -> int:
    """Parse an HTTP date (RFC 1123, RFC 850 or asctime form) to a POSIX time.

    Raises ``ValueError`` for anything else.
    """
    parts = dateString.decode("ascii").split()
    if parts[0][0:3].lower() not in weekdayname_lower:
        # Some clients omit the weekday.
        try:
            return stringToDatetime(b"Sun, " + dateString)
        except ValueError:
            pass
    partlen = len(parts)
    if (partlen == 5 or partlen == 6) and parts[1].isdigit():
        # RFC 1123: Sun, 06 Nov 1994 08:49:37 GMT
        day, month, year, timestr = parts[1], parts[2], parts[3], parts[4]
    elif partlen == 3 or partlen == 4:
        # RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        dateparts = parts[1].split("-")
        if len(dateparts) != 3:
            raise ValueError(f"Unknown datetime format {dateString!r}")
        day, month, year = dateparts
        timestr = parts[2]
        year_i = int(year)
        if year_i < 69:
            year = str(year_i + 2000)
        elif year_i < 100:
            year = str(year_i + 1900)
    elif len(parts) == 5:
        # asctime: Sun Nov  6 08:49:37 1994
        day, month, year, timestr = parts[2], parts[1], parts[4], parts[3]
    else:
        raise ValueError(f"Unknown datetime format {dateString!r}")
    day_i = int(day)
    month_i = monthname_lower.index(month.lower())
    year_i = int(year)
    hour, minute, sec = (int(x) for x in timestr.split(":"))
    return int(timegm(year_i, month_i, day_i, hour, minute, sec))


def toChunk(data: bytes) -> tuple[bytes, ...]:
    """The pieces of one chunk of a chunked body carrying ``data``."""
    if not data:
        return (b"0", b"\r\n", b"", b"\r\n")
    framed = encode_chunk(data)
    return (framed[: framed.index(b"\r\n")], b"\r\n", data, b"\r\n")


def _ishexdigits(b: bytes) -> bool:
    return bool(b) and all(c in b"0123456789abcdefABCDEF" for c in b)


def _hexint(b: bytes) -> int:
    if not _ishexdigits(b):
        raise ValueError(b)
    return int(b, 16)


def fromChunk(data: bytes) -> tuple[bytes, bytes]:
    """Split one chunk off ``data``: (chunk body, rest).  ``ValueError`` if malformed."""
    prefix, rest = data.split(b"\r\n", 1)
    length = _hexint(prefix)
    if length < 0:
        raise ValueError(f"Chunk length must be >= 0, not {length}")
    if rest[length : length + 2] != b"\r\n":
        raise ValueError("chunk must end with CRLF")
    return rest[:length], rest[length + 2 :]


def parseContentRange(header: bytes) -> tuple[int, int, int | None]:
    """Parse ``bytes START-END/TOTAL`` into (start, end, total or None for ``*``)."""
    kind, other = header.strip().split()
    if kind.lower() != b"bytes":
        raise ValueError(f"a range of type {kind!r} is not supported")
    startend, realLength = other.split(b"/")
    start, end = map(int, startend.split(b"-"))
    return start, end, None if realLength == b"*" else int(realLength)


def urlparse(url: bytes) -> tuple[bytes, bytes, bytes, bytes, bytes, bytes]:
    """``urllib.parse.urlparse`` for bytes (refuses text)."""
    if isinstance(url, str):
        raise TypeError("url must be bytes, not unicode")
    result = _stdlib_urlparse(url)
    return result  # type: ignore[return-value]


def parse_qs(qs: bytes, keep_blank_values: int = 0, strict_parsing: int = 0) -> dict[bytes, list[bytes]]:
    """Parse a query string into {name: [values]} with bytes keys and values."""
    d: dict[bytes, list[bytes]] = {}
    items = [s2 for s1 in qs.split(b"&") for s2 in s1.split(b";")]
    for item in items:
        try:
            k, v = item.split(b"=", 1)
        except ValueError:
            if strict_parsing:
                raise
            continue
        if v or keep_blank_values:
            k = unquote_to_bytes(k.replace(b"+", b" "))
            v = unquote_to_bytes(v.replace(b"+", b" "))
            d.setdefault(k, []).append(v)
    return d


def _parseRequestArgs(query: bytes) -> dict[bytes, list[bytes]]:
    """Arguments from a query string, as Request.args holds them (blank values kept)."""
    return parse_qs(query, 1)


def stringToDatetimeOrNone(value: bytes) -> int | None:
    try:
        return stringToDatetime(value)
    except (ValueError, IndexError):
        return None
