"""Decoding of POSTed form bodies into ``Request.args``."""

from __future__ import annotations

from email import message_from_bytes
from email.message import Message
from typing import IO

from twistio.web._http_util import _parseRequestArgs

__name__ = "twisted.web.http"


def _parseContentType(line: bytes) -> bytes:
    """The media type of a Content-Type value, lower-cased, without parameters."""
    return line.split(b";", 1)[0].strip().lower()


def parseFormBody(ctype: bytes, content: IO[bytes], args: dict[bytes, list[bytes]]) -> bool:
    """Add the fields of a urlencoded or multipart form body to ``args``.

    Returns False when a multipart body is malformed (the request gets a 400).
    """
    key = _parseContentType(ctype)
    if key == b"application/x-www-form-urlencoded":
        content.seek(0)
        for k, v in _parseRequestArgs(content.read()).items():
            args.setdefault(k, []).extend(v)
        return True
    if key == b"multipart/form-data":
        content.seek(0)
        body = content.read()
        msg = message_from_bytes(b"Content-Type: " + ctype + b"\r\n\r\n" + body)
        if not msg.is_multipart():
            return False
        payload = msg.get_payload()
        if not isinstance(payload, list):
            return False
        for part in payload:
            if not isinstance(part, Message):
                return False
            name = part.get_param("name", header="content-disposition")
            if not isinstance(name, str):
                continue
            data = part.get_payload(decode=True)
            value = data if isinstance(data, bytes) else b""
            args.setdefault(name.encode("utf-8"), []).append(value)
        return True
    return True
