"""twisted.internet.address: the address objects transports return from getHost/getPeer.

Addresses compare and hash by value (and sort, for IPv4/IPv6), are mutable like Twisted's,
and have Twisted's reprs, e.g. ``IPv4Address(type='TCP', host='127.0.0.1', port=80)``.
"""

import os
from dataclasses import dataclass
from typing import Literal

from zope.interface import implementer

from twistio.internet.interfaces import IAddress

__name__ = "twisted.internet.address"


def _check_type(kind: str) -> None:
    if kind not in ("TCP", "UDP"):
        raise ValueError(f"'type' must be in ['TCP', 'UDP'] (got {kind!r})")


@implementer(IAddress)
@dataclass(order=True, unsafe_hash=True)
class IPv4Address:
    """An IPv4 socket endpoint: ``type`` is ``"TCP"`` or ``"UDP"``; ``host`` a dotted quad."""

    type: Literal["TCP", "UDP"]
    host: str
    port: int

    def __post_init__(self) -> None:
        _check_type(self.type)


@implementer(IAddress)
@dataclass(order=True, unsafe_hash=True)
class IPv6Address:
    """An IPv6 socket endpoint, with the optional ``flowInfo`` and ``scopeID``."""

    type: Literal["TCP", "UDP"]
    host: str
    port: int
    flowInfo: int = 0
    scopeID: str | int = 0

    def __post_init__(self) -> None:
        _check_type(self.type)


@implementer(IAddress)
class _ProcessAddress:
    """The address of a process transport (compares by identity)."""


@implementer(IAddress)
@dataclass(unsafe_hash=True)
class HostnameAddress:
    """A host name (bytes) and port, as used by endpoints that resolve names."""

    hostname: bytes
    port: int


def _as_bytes(name: "bytes | str | None") -> "bytes | None":
    if name is None or isinstance(name, bytes):
        return name
    return os.fsencode(name)


@implementer(IAddress)
class UNIXAddress:
    """A UNIX socket path (``name``, kept as bytes) or ``None`` for an unnamed socket.

    Two addresses are equal when their names are equal or name the same file.
    """

    def __init__(self, name: bytes | str | None) -> None:
        self.name = _as_bytes(name)

    def __setattr__(self, key: str, value: object) -> None:
        if key == "name":
            value = _as_bytes(value)  # type: ignore[arg-type]
        object.__setattr__(self, key, value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UNIXAddress):
            return False
        if self.name == other.name:
            return True
        if self.name is None or other.name is None:
            return False
        try:
            # ValueError: an abstract-namespace name (leading NUL) cannot be stat()ed.
            return os.path.samefile(self.name, other.name)
        except (OSError, ValueError):
            return False

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        if self.name is None:
            return hash((self.__class__, None))
        try:
            st = os.stat(self.name)
        except OSError:
            return hash(self.name)
        # Files that are the same compare equal, so they must hash alike.
        return hash((st.st_dev, st.st_ino))

    def __repr__(self) -> str:
        shown = None if self.name is None else os.fsdecode(self.name)
        return f"UNIXAddress({shown!r})"


__all__ = ["IPv4Address", "IPv6Address", "UNIXAddress", "HostnameAddress"]
