"""HTTP Digest authentication on top of twisted.cred's digest support."""

from __future__ import annotations

from typing import Any

from zope.interface import implementer

from twistio.cred import credentials
from twistio.web.iweb import ICredentialFactory

__name__ = "twisted.web._auth.digest"


@implementer(ICredentialFactory)
class DigestCredentialFactory:
    """Credential factory for the ``digest`` scheme (``algorithm`` e.g. b"md5")."""

    scheme = b"digest"

    def __init__(self, algorithm: bytes, authenticationRealm: bytes) -> None:
        self.digest = credentials.DigestCredentialFactory(algorithm, authenticationRealm)

    def getChallenge(self, request: Any) -> dict[str, Any]:
        """A fresh challenge (nonce and opaque) bound to the client's address."""
        return self.digest.getChallenge(request.getClientAddress().host)  # type: ignore[no-any-return]

    def decode(self, response: bytes, request: Any) -> Any:
        """Digest credentials from the Authorization response; LoginFailed if bad."""
        return self.digest.decode(response, request.method, request.getClientAddress().host)
