"""Credentials: what a client offers to prove who it is (:mod:`twisted.cred.credentials`).

twistio accepts ``str`` as well as ``bytes`` usernames and passwords where Twisted's classic
examples pass ``str``: a ``str`` compares equal to its UTF-8 encoding (see :func:`_asBytes`).
"""

from __future__ import annotations

import hmac
import random
import sys
import time
from binascii import hexlify
from hashlib import md5
from typing import Any

from zope.interface import implementer

from twistio.cred import error
from twistio.cred._digest import calcHA1, calcHA2, calcResponse
from twistio.cred._digestfactory import DigestCredentialFactory, DigestedCredentials
from twistio.cred._interfaces import (
    IAnonymous,
    ICredentials,
    ISSHPrivateKey,
    IUsernameDigestHash,
    IUsernameHashedPassword,
    IUsernamePassword,
    _asBytes,
    _sameSecret,
)
from twistio.python.deprecate import deprecatedModuleAttribute
from twistio.python.versions import Version

__name__ = "twisted.cred.credentials"

__all__ = [
    "ICredentials",
    "IUsernameDigestHash",
    "IUsernameHashedPassword",
    "IUsernamePassword",
    "IAnonymous",
    "ISSHPrivateKey",
    "DigestedCredentials",
    "DigestCredentialFactory",
    "CramMD5Credentials",
    "UsernameHashedPassword",
    "UsernamePassword",
    "Anonymous",
    "SSHPrivateKey",
    "calcHA1",
    "calcHA2",
    "calcResponse",
    "error",
]


@implementer(IUsernameHashedPassword)
class CramMD5Credentials:
    """CRAM-MD5 (RFC 2195): the client answers a challenge with HMAC-MD5(secret, challenge)."""

    challenge = b""
    response: bytes | None = None

    def __init__(self, host: Any = None) -> None:
        self.host = host

    def getChallenge(self) -> bytes:
        """The challenge to send; made on the first call, then the same on every call."""
        if self.challenge:
            return self.challenge
        # RFC 2195 suggests a message-id-like token: random digits, a timestamp, a host.
        stamp = b"<%d.%d@%s>" % (
            random.randrange(2**31),
            int(time.time()),
            self.host if isinstance(self.host, bytes) else str(self.host).encode("utf-8"),
        )
        self.challenge = stamp
        return stamp

    def setResponse(self, response: bytes) -> None:
        """Take the client's ``username SP hexdigest`` answer."""
        self.username, self.response = response.split(None, 1)

    def moreChallenges(self) -> bool:
        """CRAM-MD5 needs a single round trip."""
        return False

    def checkPassword(self, password: bytes) -> bool:
        """Whether the response is the HMAC-MD5 of the challenge keyed by ``password``."""
        if self.response is None:
            return False
        verify = hexlify(hmac.HMAC(_asBytes(password), self.challenge, digestmod=md5).digest())
        return hmac.compare_digest(verify, _asBytes(self.response))


@implementer(IUsernameHashedPassword)
class UsernameHashedPassword:
    """Deprecated: a username and a password "hash" compared for equality."""

    def __init__(self, username: bytes, hashed: bytes) -> None:
        self.username = username
        self.hashed = hashed

    def checkPassword(self, password: bytes) -> bool:
        """Whether ``password`` equals the hashed value held here."""
        return _sameSecret(password, self.hashed)


deprecatedModuleAttribute(
    Version("Twisted", 21, 2, 0),
    "Use twisted.cred.credentials.UsernamePassword instead.",
    "twisted.cred.credentials",
    "UsernameHashedPassword",
)

# With the alias on, ``from twisted.cred import credentials`` can find this module as an
# attribute of the package without ever importing it by its Twisted name; deprecated-attribute
# helpers look it up in sys.modules by that name, so make sure it is there.
if "twisted.cred" in sys.modules and sys.modules["twisted.cred"] is sys.modules.get("twistio.cred"):
    sys.modules.setdefault("twisted.cred.credentials", sys.modules["twistio.cred.credentials"])


@implementer(IUsernamePassword)
class UsernamePassword:
    """A username and a cleartext password."""

    def __init__(self, username: bytes, password: bytes) -> None:
        self.username = username
        self.password = password

    def checkPassword(self, password: bytes) -> bool:
        """Whether ``password`` equals ours (a str matches its UTF-8 bytes)."""
        return _sameSecret(password, self.password)


@implementer(IAnonymous)
class Anonymous:
    """Credentials of someone who did not say who they are."""


@implementer(ISSHPrivateKey)
class SSHPrivateKey:
    """A username, a public key and (optionally) a signature made with its private key."""

    def __init__(
        self,
        username: bytes,
        algName: bytes,
        blob: bytes,
        sigData: bytes | None,
        signature: bytes | None,
    ) -> None:
        self.username = username
        self.algName = algName
        self.blob = blob
        self.sigData = sigData
        self.signature = signature
