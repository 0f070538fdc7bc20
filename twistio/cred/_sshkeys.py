"""A small SSH public-key checker for the ``sshkey`` strcred plugin.

Twisted's ``sshkey`` plugin uses :mod:`twisted.conch.checkers`; twistio does not have Conch yet,
so this module checks :class:`ISSHPrivateKey` credentials itself: the offered key must be listed
in the user's ``~/.ssh/authorized_keys`` or ``authorized_keys2``, and the signature over
``sigData`` must verify with it (RSA with SHA-1/256/512, Ed25519, ECDSA P-256/384/521).
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from collections.abc import Callable, Iterator
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from zope.interface import implementer

from twistio.cred.checkers import ICredentialsChecker
from twistio.cred.credentials import ISSHPrivateKey
from twistio.cred.error import UnauthorizedLogin
from twistio.internet import defer

__name__ = "twisted.cred._sshkeys"

_KEY_TYPES = (
    b"ssh-rsa",
    b"ssh-ed25519",
    b"ecdsa-sha2-nistp256",
    b"ecdsa-sha2-nistp384",
    b"ecdsa-sha2-nistp521",
)

_RSA_HASHES: dict[bytes, Callable[[], hashes.HashAlgorithm]] = {
    b"ssh-rsa": hashes.SHA1,
    b"rsa-sha2-256": hashes.SHA256,
    b"rsa-sha2-512": hashes.SHA512,
}

_EC_HASHES: dict[int, Callable[[], hashes.HashAlgorithm]] = {
    256: hashes.SHA256,
    384: hashes.SHA384,
    521: hashes.SHA512,
}


def _sshStrings(data: bytes) -> Iterator[bytes]:
    """The SSH wire-format ``string`` fields of ``data``, in order."""
    offset = 0
    while offset < len(data):
        if offset + 4 > len(data):
            raise ValueError("truncated SSH string")
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        offset += 4
        if offset + length > len(data):
            raise ValueError("truncated SSH string")
        yield data[offset : offset + length]
        offset += length


def _verify(blob: bytes, algName: bytes, signature: bytes, data: bytes) -> bool:
    """Whether ``signature`` (SSH wire format) over ``data`` verifies with the key ``blob``."""
    try:
        key = serialization.load_ssh_public_key(algName + b" " + base64.b64encode(blob))
        sigFormat, sigBlob = list(_sshStrings(signature))[:2]
        if isinstance(key, rsa.RSAPublicKey):
            hashFactory = _RSA_HASHES.get(sigFormat)
            if hashFactory is None:
                return False
            key.verify(sigBlob, data, padding.PKCS1v15(), hashFactory())
        elif isinstance(key, ed25519.Ed25519PublicKey):
            key.verify(sigBlob, data)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            rBytes, sBytes = list(_sshStrings(sigBlob))[:2]
            der = encode_dss_signature(int.from_bytes(rBytes, "big"), int.from_bytes(sBytes, "big"))
            key.verify(der, data, ec.ECDSA(_EC_HASHES[key.curve.key_size]()))
        else:
            return False
    except (InvalidSignature, ValueError, KeyError, TypeError, struct.error):
        return False
    return True


def _authorizedBlobs(path: str) -> Iterator[bytes]:
    """The key blobs listed in one authorized_keys file (options before the key allowed)."""
    try:
        with open(path, "rb") as f:
            lines = f.readlines()
    except OSError:
        return
    for line in lines:
        fields = line.split()
        if not fields or fields[0].startswith(b"#"):
            continue
        for i, field in enumerate(fields[:-1]):
            if field in _KEY_TYPES:
                try:
                    yield base64.b64decode(fields[i + 1], validate=True)
                except (binascii.Error, ValueError):
                    pass
                break


@implementer(ICredentialsChecker)
class SSHPublicKeyChecker:
    """Accepts a user whose offered key is in their authorized_keys files and who signed
    ``sigData`` with it; the avatar ID is the username.

    ``homeOf(username)`` finds the home directory (default: the ``pwd`` database).
    """

    credentialInterfaces = (ISSHPrivateKey,)

    def __init__(self, homeOf: Callable[[str], str] | None = None) -> None:
        self._homeOf = homeOf or _pwdHome

    def requestAvatarId(self, credentials: Any) -> defer.Deferred[Any]:
        """The username, or a failure with :class:`UnauthorizedLogin` (also when no
        signature was offered yet: Conch's ``ValidPublicKey`` is not available)."""
        username = credentials.username
        name = username.decode("utf-8") if isinstance(username, bytes) else username
        try:
            home = self._homeOf(name)
        except (KeyError, OSError):
            return defer.fail(UnauthorizedLogin("no such user"))
        sshDir = os.path.join(home, ".ssh")
        files = [os.path.join(sshDir, n) for n in ("authorized_keys", "authorized_keys2")]
        if not any(credentials.blob == blob for f in files for blob in _authorizedBlobs(f)):
            return defer.fail(UnauthorizedLogin("key not authorized"))
        if credentials.signature is None:
            return defer.fail(UnauthorizedLogin("key is authorized; a signature is required"))
        if not _verify(credentials.blob, credentials.algName, credentials.signature, credentials.sigData):
            return defer.fail(UnauthorizedLogin("bad signature"))
        return defer.succeed(username)


def _pwdHome(username: str) -> str:
    import pwd

    return pwd.getpwnam(username).pw_dir
