"""twisted.internet.abstract: address-literal helpers shared by the transports."""

from __future__ import annotations

import socket

__name__ = "twisted.internet.abstract"

from twistio.internet._fdesc import FileDescriptor, _dataMustBeBytes  # noqa: E402


def isIPAddress(addr: str | bytes, family: int = socket.AF_INET) -> bool:
    """Whether ``addr`` is a literal address of ``family`` (dotted quad for AF_INET)."""
    if isinstance(addr, bytes):
        try:
            addr = addr.decode("ascii")
        except UnicodeDecodeError:
            return False
    if family == socket.AF_INET6:
        # Zone identifiers ("fe80::1%eth0") are accepted as in Twisted.
        addr = addr.split("%", 1)[0]
    elif family == socket.AF_INET:
        # inet_pton accepts only the full four-part dotted form, which is what we want.
        pass
    else:
        raise ValueError(f"unknown address family {family!r}")
    try:
        socket.inet_pton(family, addr)
    except (ValueError, OSError):
        return False
    return True


def isIPv6Address(addr: str | bytes) -> bool:
    """Whether ``addr`` is a literal IPv6 address (optionally with a ``%zone``)."""
    return isIPAddress(addr, socket.AF_INET6)


__all__ = ["FileDescriptor", "isIPAddress", "isIPv6Address", "_dataMustBeBytes"]
