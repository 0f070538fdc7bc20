"""twisted.cred.strcred and the cred_* checker factory plugins."""

from __future__ import annotations

import base64
import io
import struct
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from twistio.cred import checkers, credentials, error, strcred
from twistio.cred._sshkeys import SSHPublicKeyChecker
from twistio.python import usage
from twistio.python.failure import Failure


def result(d: Any) -> Any:
    out: list[Any] = []
    d.addBoth(out.append)
    assert out
    return out[0]


class Options(usage.Options, strcred.AuthOptionMixin):
    pass


def test_factories_found_as_plugins() -> None:
    types = {f.authType for f in strcred.findCheckerFactories()}
    assert {"anonymous", "file", "memory", "unix", "sshkey"} <= types
    with pytest.raises(strcred.InvalidAuthType):
        strcred.findCheckerFactory("no-such-type")


def test_memory_checker_from_string() -> None:
    checker = strcred.makeChecker("memory:admin:asdf:alice:foo")
    ok = result(checker.requestAvatarId(credentials.UsernamePassword("alice", "foo")))
    assert ok == "alice"
    bad = result(checker.requestAvatarId(credentials.UsernamePassword("alice", "asdf")))
    assert isinstance(bad, Failure) and bad.check(error.UnauthorizedLogin)
    with pytest.raises(strcred.InvalidAuthArgumentString):
        strcred.makeChecker("memory:a:b:c")


def test_auth_options_collect_checkers(tmp_path: Path) -> None:
    """--auth may repeat; checkers are listed overall and per credential interface."""
    db = tmp_path / "db"
    db.write_bytes(b"u:p\n")
    options = Options()
    options.parseOptions(["--auth", f"file:{db}", "--auth", "anonymous"])
    assert len(options["credCheckers"]) == 2
    assert isinstance(options["credInterfaces"][credentials.IAnonymous][0],
                      checkers.AllowAnonymousAccess)
    assert isinstance(options["credInterfaces"][credentials.IUsernamePassword][0],
                      checkers.FilePasswordDB)
    with pytest.raises(usage.UsageError, match="Unexpected error: 'file' requires a filename"):
        Options().parseOptions(["--auth", "file:"])
    with pytest.raises(usage.UsageError, match="Auth plugin not recognized: nope"):
        Options().parseOptions(["--auth", "nope"])


def test_help_auth_lists_supported_types_only() -> None:
    class PasswordsOnly(Options):
        supportedInterfaces = (credentials.IUsernamePassword,)

    options = PasswordsOnly()
    options.authOutput = io.StringIO()
    with pytest.raises(SystemExit):
        options.parseOptions(["--help-auth"])
    listing = options.authOutput.getvalue()
    assert "memory" in listing and "file" in listing and "anonymous" not in listing
    options.authOutput = io.StringIO()
    with pytest.raises(SystemExit):
        options.parseOptions(["--help-auth-type", "anonymous"])
    assert strcred.notSupportedWarning in options.authOutput.getvalue()
    with pytest.raises(usage.UsageError):
        options.parseOptions(["--auth", "anonymous"])


def _sshString(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def _mpint(value: int) -> bytes:
    raw = value.to_bytes((value.bit_length() + 8) // 8, "big")
    return _sshString(raw)


def _keyAndSigner(kind: str) -> tuple[bytes, bytes, Any]:
    """(algName, blob, sign(data) -> SSH signature) for a fresh key of ``kind``."""
    if kind == "ed25519":
        key: Any = ed25519.Ed25519PrivateKey.generate()

        def sign(data: bytes) -> bytes:
            return _sshString(b"ssh-ed25519") + _sshString(key.sign(data))
    elif kind == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

        def sign(data: bytes) -> bytes:
            sig = key.sign(data, padding.PKCS1v15(), hashes.SHA256())
            return _sshString(b"rsa-sha2-256") + _sshString(sig)
    else:
        key = ec.generate_private_key(ec.SECP256R1())

        def sign(data: bytes) -> bytes:
            r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
            return _sshString(b"ecdsa-sha2-nistp256") + _sshString(_mpint(r) + _mpint(s))

    line = key.public_key().public_bytes(
        serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
    )
    algName, b64 = line.split()[:2]
    return algName, base64.b64decode(b64), sign


@pytest.mark.parametrize("kind", ["ed25519", "rsa", "ecdsa"])
def test_sshkey_checker(tmp_path: Path, kind: str) -> None:
    """A key listed in authorized_keys with a valid signature logs in; an unlisted key, a
    missing signature or a signature over other data does not."""
    algName, blob, sign = _keyAndSigner(kind)
    otherAlg, otherBlob, otherSign = _keyAndSigner(kind)
    (tmp_path / ".ssh").mkdir()
    (tmp_path / ".ssh" / "authorized_keys").write_bytes(
        b"# keys\nno-pty " + algName + b" " + base64.b64encode(blob) + b" me@host\n"
    )
    checker = SSHPublicKeyChecker(homeOf=lambda name: str(tmp_path))
    assert isinstance(strcred.makeChecker("sshkey"), SSHPublicKeyChecker)
    data = b"session data"

    def attempt(alg: bytes, keyBlob: bytes, sig: bytes | None, signed: bytes = data) -> Any:
        return result(checker.requestAvatarId(
            credentials.SSHPrivateKey(b"me", alg, keyBlob, signed, sig)))

    assert attempt(algName, blob, sign(data)) == b"me"
    for outcome in (
        attempt(algName, blob, None),
        attempt(algName, blob, sign(b"other data")),
        attempt(otherAlg, otherBlob, otherSign(data)),
    ):
        assert isinstance(outcome, Failure) and outcome.check(error.UnauthorizedLogin)
