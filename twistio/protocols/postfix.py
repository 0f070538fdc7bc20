"""twisted.protocols.postfix: a Postfix TCP lookup table server (the ``tcp_table`` protocol).

Requests are lines ``get KEY`` (answered ``200 VALUE``, ``500`` when there is no value, or
``400 reason`` when the lookup failed) and ``put KEY VALUE`` (not implemented: ``500``).
Keys and values travel %-quoted (:func:`quote`/:func:`unquote`).  The factory's ``get`` may
return the value or a Deferred of it.
"""

from __future__ import annotations

import sys
import urllib.parse
from collections import UserDict
from typing import Any, Union

from twistio.internet import defer, protocol
from twistio.protocols import basic, policies
from twistio.python import log

__name__ = "twisted.protocols.postfix"


def quote(s: bytes) -> bytes:
    """%-quote every byte but letters, digits and ``_.-~/``."""
    return urllib.parse.quote(s).encode("ascii")


def unquote(s: bytes) -> bytes:
    """Undo :func:`quote` (either case of hex digits)."""
    return urllib.parse.unquote_to_bytes(s)


# Kept under Twisted's private names too.
_quote = quote
_unquote = unquote


class PostfixTCPMapServer(basic.LineReceiver, policies.TimeoutMixin):
    """Serves lookups from ``self.factory.get`` (idle connections close after ``timeout``)."""

    timeout = 600
    delimiter = b"\n"

    def connectionMade(self) -> None:
        self.setTimeout(self.timeout)

    def sendCode(self, code: int, message: bytes = b"") -> None:
        """Send one reply line: the status code and its message."""
        self.sendLine(b"%d %s" % (code, message))

    def lineReceived(self, line: bytes) -> None:
        self.resetTimeout()
        try:
            request, params = line.split(None, 1)
        except ValueError:
            request, params = line, None
        try:
            handler = getattr(self, "do_" + request.decode("ascii"))
        except (AttributeError, UnicodeDecodeError):
            self.sendCode(400, b"unknown command")
            return
        try:
            handler(params)
        except BaseException:
            self.sendCode(400, str(sys.exc_info()[1]).encode("utf-8", "replace"))

    def do_get(self, key: bytes | None) -> None:
        if key is None:
            self.sendCode(400, b"Command 'get' takes 1 parameters.")
            return
        d = defer.maybeDeferred(self.factory.get, key)
        d.addCallbacks(self._cbGot, self._cbNot)
        d.addErrback(log.err)

    def _cbNot(self, fail: Any) -> None:
        self.sendCode(400, fail.getErrorMessage().encode("utf-8", "replace"))

    def _cbGot(self, value: Any) -> None:
        if value is None:
            self.sendCode(500)
        else:
            if isinstance(value, str):
                value = value.encode("utf-8")
            self.sendCode(200, quote(value))

    def do_put(self, keyAndValue: bytes | None) -> None:
        if keyAndValue is None or len(keyAndValue.split(None, 1)) != 2:
            self.sendCode(400, b"Command 'put' takes 2 parameters.")
            return
        self.sendCode(500, b"put is not implemented yet.")


_PostfixTCPMapDict = UserDict[bytes, Union[str, bytes]]


class PostfixTCPMapDictServerFactory(
    _PostfixTCPMapDict, protocol.ServerFactory[PostfixTCPMapServer]
):
    """Serves the lookups from a dictionary (it is one)."""

    protocol = PostfixTCPMapServer


class PostfixTCPMapDeferringDictServerFactory(protocol.ServerFactory[PostfixTCPMapServer]):
    """Serves the lookups from ``data``, each answer given as a Deferred."""

    protocol = PostfixTCPMapServer

    def __init__(self, data: dict[bytes, Any] | None = None) -> None:
        self.data: dict[bytes, Any] = {}
        if data is not None:
            self.data.update(data)

    def get(self, key: bytes) -> defer.Deferred[Any]:
        return defer.succeed(self.data.get(key))


__all__ = [
    "quote",
    "unquote",
    "PostfixTCPMapServer",
    "PostfixTCPMapDictServerFactory",
    "PostfixTCPMapDeferringDictServerFactory",
]
