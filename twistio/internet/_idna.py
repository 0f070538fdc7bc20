"""Internationalised host names to and from their ASCII (IDNA) form.

Uses the ``idna`` package (IDNA 2008) when installed, else the stdlib's IDNA 2003 codec.
"""

from __future__ import annotations

__name__ = "twisted.internet._idna"


def _idnaBytes(text: str) -> bytes:
    """``text`` (a host name) in its ASCII-compatible encoding, as bytes."""
    try:
        import idna
    except ImportError:
        return text.encode("idna")
    result: bytes = idna.encode(text)
    return result


def _idnaText(octets: bytes | str) -> str:
    """The Unicode form of an ASCII-compatible host name (bytes or text)."""
    try:
        import idna
    except ImportError:
        if isinstance(octets, str):
            octets = octets.encode("ascii")
        return octets.decode("idna")
    if isinstance(octets, str):
        octets = octets.encode("ascii")
    result: str = idna.decode(octets)
    return result
