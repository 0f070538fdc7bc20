"""HTTP Basic authentication: turns an ``Authorization: Basic ...`` value into
UsernamePassword credentials."""

from __future__ import annotations

import binascii
from typing import Any

from zope.interface import implementer

from twistio.cred import credentials, error
from twistio.web.iweb import ICredentialFactory

__name__ = "twisted.web._auth.basic"


@implementer(ICredentialFactory)
class BasicCredentialFactory:
    """Credential factory for the ``basic`` scheme in ``authenticationRealm``."""

    scheme = b"basic"

    def __init__(self, authenticationRealm: bytes | str) -> None:
        self.authenticationRealm = authenticationRealm

    def getChallenge(self, request: Any) -> dict[str, Any]:
        """The WWW-Authenticate parameters: just the realm."""
        return {"realm": self.authenticationRealm}

    def decode(self, response: bytes, request: Any) -> credentials.UsernamePassword:
        """Credentials from the base64 ``user:password``; LoginFailed if malformed."""
        try:
            # Padding may be missing; extra padding is harmless to a2b_base64.
            decoded = binascii.a2b_base64(response + b"===")
        except binascii.Error:
            raise error.LoginFailed("Invalid credentials") from None
        parts = decoded.split(b":", 1)
        if len(parts) != 2:
            raise error.LoginFailed("Invalid credentials")
        return credentials.UsernamePassword(parts[0], parts[1])
