"""HTTP Digest (RFC 2617) hash calculations shared by the digest credentials."""

from __future__ import annotations

import hashlib
from binascii import hexlify
from collections.abc import Callable
from typing import Any

__name__ = "twisted.cred._digest"

# Algorithm names as they appear (lower-cased) in challenges and responses.
_HASHES: dict[bytes, Callable[..., Any]] = {
    b"md5": hashlib.md5,
    b"md5-sess": hashlib.md5,
    b"sha": hashlib.sha1,
}


def _hashOf(algorithm: bytes, data: bytes) -> bytes:
    """Hex digest of ``data`` with the hash named by ``algorithm`` (KeyError if unknown)."""
    return hexlify(_HASHES[algorithm](data).digest())


def calcHA1(
    pszAlg: bytes,
    pszUserName: bytes | None,
    pszRealm: bytes | None,
    pszPassword: bytes | None,
    pszNonce: bytes,
    pszCNonce: bytes,
    preHA1: bytes | None = None,
) -> bytes:
    """The hex "H(A1)" of RFC 2617 section 3.2.2.2.

    Either give ``pszUserName``, ``pszRealm`` and ``pszPassword``, or a precomputed
    ``preHA1`` (hex of ``H(user:realm:password)``), not both: mixing raises TypeError.
    For ``md5-sess`` the nonce and client nonce are folded in.
    """
    if preHA1 is not None:
        if pszUserName is not None or pszRealm is not None or pszPassword is not None:
            raise TypeError(
                "preHA1 is incompatible with the pszUserName, pszRealm, and pszPassword arguments"
            )
        ha1 = preHA1
    else:
        assert pszUserName is not None and pszRealm is not None and pszPassword is not None
        ha1 = _hashOf(pszAlg, b":".join((pszUserName, pszRealm, pszPassword)))
    if pszAlg == b"md5-sess":
        ha1 = _hashOf(pszAlg, b":".join((ha1, pszNonce, pszCNonce)))
    return ha1


def calcHA2(
    algo: bytes,
    pszMethod: bytes,
    pszDigestUri: bytes,
    pszQop: bytes | None,
    pszHEntity: bytes | None,
) -> bytes:
    """The hex "H(A2)": ``method:uri``, plus the entity hash when the qop is ``auth-int``."""
    parts = [pszMethod, pszDigestUri]
    if pszQop == b"auth-int":
        assert pszHEntity is not None
        parts.append(pszHEntity)
    return _hashOf(algo, b":".join(parts))


def calcResponse(
    HA1: bytes,
    HA2: bytes,
    algo: bytes,
    pszNonce: bytes,
    pszNonceCount: bytes | None,
    pszCNonce: bytes | None,
    pszQop: bytes | None,
) -> bytes:
    """The hex request-digest a client sends; nonce count, client nonce and qop take part
    only when the nonce count and client nonce are both given."""
    parts = [HA1, pszNonce]
    if pszNonceCount and pszCNonce:
        parts += [pszNonceCount, pszCNonce, pszQop or b""]
    parts.append(HA2)
    return _hashOf(algo, b":".join(parts))
