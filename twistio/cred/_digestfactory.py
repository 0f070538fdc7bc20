"""HTTP Digest authentication: challenges, opaque values and the client's answer.

The opaque value sent with a challenge binds the nonce to the client address and the time it
was issued: ``hex(md5(key + privateKey)) "-" base64(key)`` with ``key = nonce,clientip,time``.
A response is accepted only with an opaque that this factory made, for the same nonce and
client, within :attr:`DigestCredentialFactory.CHALLENGE_LIFETIME_SECS`.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import time
from binascii import hexlify
from hashlib import md5
from typing import Any

from zope.interface import implementer

from twistio.cred import error
from twistio.cred._digest import calcHA1, calcHA2, calcResponse
from twistio.cred._interfaces import IUsernameDigestHash, IUsernameHashedPassword, _asBytes
from twistio.python.randbytes import secureRandom

__name__ = "twisted.cred.credentials"

# One ``key=value`` or ``key="quoted, value"`` item of a Digest response header.
_FIELD = re.compile(rb'\s*([^=,\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,]*))\s*(?:,|$)')


def _hostBytes(host: Any) -> bytes:
    """The client address as it is written into an opaque (empty when unknown)."""
    if host is None:
        return b""
    return _asBytes(host)


@implementer(IUsernameHashedPassword, IUsernameDigestHash)
class DigestedCredentials:
    """The answer to an HTTP Digest challenge, checked by recomputing the expected digest."""

    def __init__(self, username: bytes, method: bytes, realm: Any, fields: dict[str, bytes]) -> None:
        self.username = username
        self.method = method
        self.realm = realm
        self.fields = fields

    def _expected(self, password: bytes | None, preHA1: bytes | None) -> bool:
        fields = self.fields
        response = fields.get("response")
        uri = fields.get("uri")
        nonce = fields.get("nonce")
        cnonce = fields.get("cnonce")
        nc = fields.get("nc")
        algo = fields.get("algorithm", b"md5").lower()
        qop = fields.get("qop", b"auth")
        if response is None or uri is None or nonce is None:
            return False
        try:
            if preHA1 is None:
                assert password is not None
                ha1 = calcHA1(
                    algo,
                    _asBytes(self.username),
                    _asBytes(self.realm),
                    _asBytes(password),
                    nonce,
                    cnonce or b"",
                )
            else:
                ha1 = calcHA1(algo, None, None, None, nonce, cnonce or b"", preHA1=preHA1)
            ha2 = calcHA2(algo, _asBytes(self.method), uri, qop, None)
            expected = calcResponse(ha1, ha2, algo, nonce, nc, cnonce, qop)
        except KeyError:
            # An algorithm we do not know can never match.
            return False
        return hmac.compare_digest(expected, response)

    def checkPassword(self, password: bytes) -> bool:
        """Whether the client's digest was computed from ``password``."""
        return self._expected(_asBytes(password), None)

    def checkHash(self, digestHash: bytes) -> bool:
        """Whether the client's digest was computed from the stored hex ``digestHash``
        of ``username:realm:password``."""
        return self._expected(None, _asBytes(digestHash))


class DigestCredentialFactory:
    """Issues HTTP Digest challenges and turns the answers into :class:`DigestedCredentials`."""

    CHALLENGE_LIFETIME_SECS = 15 * 60
    scheme = b"digest"

    def __init__(self, algorithm: Any, authenticationRealm: Any) -> None:
        self.algorithm = algorithm
        self.authenticationRealm = authenticationRealm
        self.privateKey = secureRandom(12)

    def getChallenge(self, address: Any) -> dict[str, Any]:
        """A fresh challenge for a client at ``address`` (a host string, or None)."""
        nonce = self._generateNonce()
        return {
            "nonce": nonce,
            "opaque": self._generateOpaque(nonce, address),
            "qop": b"auth",
            "algorithm": self.algorithm,
            "realm": self.authenticationRealm,
        }

    def _generateNonce(self) -> bytes:
        return hexlify(secureRandom(12))

    def _getTime(self) -> float:
        return time.time()

    def _generateOpaque(self, nonce: bytes, clientip: Any) -> bytes:
        """The opaque value binding ``nonce`` to ``clientip`` and the current time."""
        key = b",".join((nonce, _hostBytes(clientip), str(int(self._getTime())).encode("ascii")))
        digest = hexlify(md5(key + self.privateKey).digest())
        return digest + b"-" + base64.b64encode(key).replace(b"\n", b"")

    def _verifyOpaque(self, opaque: bytes, nonce: bytes, clientip: Any) -> bool:
        """Check that ``opaque`` was made here for ``nonce`` and ``clientip`` and is recent.

        :raises LoginFailed: with the reason otherwise.
        """
        parts = opaque.split(b"-")
        if len(parts) != 2:
            raise error.LoginFailed("Invalid response, invalid opaque value")
        try:
            key = base64.b64decode(parts[1], validate=False)
        except (binascii.Error, ValueError):
            raise error.LoginFailed("Invalid response, invalid opaque value") from None
        keyParts = key.split(b",")
        if len(keyParts) != 3:
            raise error.LoginFailed("Invalid response, invalid opaque value")
        if keyParts[0] != nonce:
            raise error.LoginFailed("Invalid response, incompatible opaque/nonce values")
        if keyParts[1] != _hostBytes(clientip):
            raise error.LoginFailed("Invalid response, incompatible opaque/client values")
        try:
            when = int(keyParts[2])
        except ValueError:
            raise error.LoginFailed("Invalid response, invalid opaque/time values") from None
        if self._getTime() - when > self.CHALLENGE_LIFETIME_SECS:
            raise error.LoginFailed("Invalid response, incompatible opaque/time values")
        expected = hexlify(md5(key + self.privateKey).digest())
        if not hmac.compare_digest(expected, parts[0]):
            raise error.LoginFailed("Invalid response, invalid opaque checksum")
        return True

    def decode(self, response: bytes, method: bytes, host: Any) -> DigestedCredentials:
        """Parse the client's ``Authorization: Digest`` value into credentials.

        :raises LoginFailed: no username, no opaque, no nonce, or a bad opaque.
        """
        fields: dict[str, bytes] = {}
        for match in _FIELD.finditer(response):
            name, quoted, plain = match.groups()
            value = quoted if quoted is not None else plain.strip()
            fields[name.decode("ascii", "replace").lower()] = value
        username = fields.get("username")
        if not username:
            raise error.LoginFailed("Invalid response, no username given.")
        if "opaque" not in fields:
            raise error.LoginFailed("Invalid response, no opaque given.")
        if "nonce" not in fields:
            raise error.LoginFailed("Invalid response, no nonce given.")
        self._verifyOpaque(fields["opaque"], fields["nonce"], host)
        return DigestedCredentials(username, method, self.authenticationRealm, fields)
