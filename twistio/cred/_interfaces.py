"""The credential interfaces of :mod:`twisted.cred.credentials` (defined apart so the digest
machinery can use them without an import cycle)."""

from __future__ import annotations

import hmac
from typing import Any

from zope.interface import Attribute, Interface

__name__ = "twisted.cred.credentials"


def _asBytes(value: str | bytes) -> bytes:
    """``value`` as bytes: str is UTF-8 encoded, so ``"bob"`` and ``b"bob"`` compare equal."""
    return value.encode("utf-8") if isinstance(value, str) else value


def _sameSecret(given: Any, expected: Any) -> bool:
    """Whether two secrets are equal, treating a str as its UTF-8 bytes."""
    if isinstance(given, (str, bytes)) and isinstance(expected, (str, bytes)):
        return hmac.compare_digest(_asBytes(given), _asBytes(expected))
    return bool(given == expected)


class ICredentials(Interface):
    """Marker for anything a portal can check; more specific interfaces say how."""


class IUsernameDigestHash(ICredentials):
    """Credentials that can be checked against a stored ``H(username:realm:password)``."""

    def checkHash(digestHash: bytes) -> bool:
        """Whether these credentials match the stored hex digest ``digestHash``."""


class IUsernameHashedPassword(ICredentials):
    """A username plus something that can be checked against the cleartext password."""

    username = Attribute("The username, as bytes (twistio also accepts str).")

    def checkPassword(password: bytes) -> bool:
        """Whether ``password`` (the stored cleartext) is what the client proved it knows."""


class IUsernamePassword(ICredentials):
    """A username and its cleartext password."""

    username = Attribute("The username, as bytes (twistio also accepts str).")
    password = Attribute("The cleartext password, as bytes (twistio also accepts str).")

    def checkPassword(password: bytes) -> bool:
        """Whether ``password`` equals the password held here."""


class IAnonymous(ICredentials):
    """No credentials at all: an anonymous login."""


class ISSHPrivateKey(ICredentials):
    """Proof of possession of an SSH private key."""

    username = Attribute("The username (bytes).")
    algName = Attribute("The key algorithm name, such as b'ssh-rsa'.")
    blob = Attribute("The public key blob in SSH wire format.")
    sigData = Attribute("The data the signature covers, or None before signing.")
    signature = Attribute("The signature over sigData, or None to ask if the key is allowed.")
