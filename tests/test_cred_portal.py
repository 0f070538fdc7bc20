"""twisted.cred: portals, checkers and credentials, including twistio's str/bytes tolerance."""

from __future__ import annotations

import hashlib
import hmac
from binascii import hexlify
from pathlib import Path
from typing import Any

import pytest
from zope.interface import Interface, implementer
from zope.interface.verify import verifyObject

from twistio.cred import checkers, credentials, error, portal
from twistio.internet import defer
from twistio.python.failure import Failure


class IThing(Interface):
    pass


@implementer(IThing)
class Avatar:
    def __init__(self, avatarId: Any) -> None:
        self.avatarId = avatarId


@implementer(portal.IRealm)
class Realm:
    def __init__(self) -> None:
        self.loggedOut: list[Any] = []

    def requestAvatar(self, avatarId: Any, mind: object, *interfaces: Any) -> Any:
        if IThing not in interfaces:
            raise NotImplementedError()
        return IThing, Avatar(avatarId), lambda: self.loggedOut.append(avatarId)


def result(d: defer.Deferred[Any]) -> Any:
    """The synchronous result (or Failure) of ``d``."""
    out: list[Any] = []
    d.addBoth(out.append)
    assert out, "Deferred has not fired"
    return out[0]


def test_interfaces_verified() -> None:
    """The concrete classes provide the interfaces they declare, fully."""
    assert verifyObject(checkers.ICredentialsChecker, checkers.AllowAnonymousAccess())
    assert verifyObject(
        checkers.ICredentialsChecker, checkers.InMemoryUsernamePasswordDatabaseDontUse()
    )
    assert verifyObject(credentials.IUsernamePassword, credentials.UsernamePassword(b"a", b"b"))
    assert verifyObject(credentials.IAnonymous, credentials.Anonymous())
    assert verifyObject(
        credentials.ISSHPrivateKey, credentials.SSHPrivateKey(b"u", b"ssh-rsa", b"", None, None)
    )


@pytest.mark.parametrize("stored", [b"secret", "secret"])
@pytest.mark.parametrize(
    "username,password",
    [(b"alice", b"secret"), ("alice", "secret"), ("alice", b"secret"), (b"alice", "secret")],
)
def test_in_memory_accepts_str_and_bytes(username: Any, password: Any, stored: Any) -> None:
    """Users given as keyword arguments (str names, as the classic IRC server example does)
    log in whether the client's username and password are str or bytes; the avatar ID is the
    username as the client gave it."""
    realm = Realm()
    p = portal.Portal(realm, [checkers.InMemoryUsernamePasswordDatabaseDontUse(alice=stored)])
    iface, avatar, logout = result(
        p.login(credentials.UsernamePassword(username, password), None, IThing)
    )
    assert iface is IThing and avatar.avatarId == username
    logout()
    assert realm.loggedOut == [username]


def test_in_memory_rejects_wrong_password_and_user() -> None:
    checker = checkers.InMemoryUsernamePasswordDatabaseDontUse()
    checker.addUser("bob", "pw")
    assert result(checker.requestAvatarId(credentials.UsernamePassword(b"bob", b"pw"))) == b"bob"
    for creds in (
        credentials.UsernamePassword("bob", "wrong"),
        credentials.UsernamePassword("carol", "pw"),
    ):
        f = result(checker.requestAvatarId(creds))
        assert isinstance(f, Failure) and f.check(error.UnauthorizedLogin)


def test_portal_unhandled_and_realm_errors() -> None:
    """No checker for the credentials: UnhandledCredentials naming the interface.  A realm
    that serves none of the interfaces makes the login fail with its exception."""
    p = portal.Portal(Realm())
    f = result(p.login(credentials.Anonymous(), None, IThing))
    assert f.check(error.UnhandledCredentials)
    assert str(f.value) == "No checker for twisted.cred.credentials.IAnonymous"
    p.registerChecker(checkers.AllowAnonymousAccess())
    assert p.listCredentialsInterfaces() == [credentials.IAnonymous]
    _, avatar, _ = result(p.login(credentials.Anonymous(), None, IThing))
    assert avatar.avatarId == checkers.ANONYMOUS
    f = result(p.login(credentials.Anonymous(), None, Interface))
    assert f.check(NotImplementedError)


def test_error_hierarchy() -> None:
    assert issubclass(error.UnauthorizedLogin, error.LoginFailed)
    assert issubclass(error.UnauthorizedLogin, error.Unauthorized)
    assert issubclass(error.UnhandledCredentials, error.LoginFailed)
    assert issubclass(error.LoginDenied, error.LoginFailed)


def test_file_db_str_username_case_and_hash(tmp_path: Path) -> None:
    """FilePasswordDB finds str usernames, folds case when asked, and with ``hash`` compares
    the hashed offered password with the stored one."""
    db = tmp_path / "passwd"
    db.write_bytes(b"# comment\nAlice:" + hexlify(b"pw1") + b"\nbob:" + hexlify(b"pw2") + b"\n")
    checker = checkers.FilePasswordDB(
        str(db), caseSensitive=False, hash=lambda u, p, stored: hexlify(p)
    )
    assert checker.credentialInterfaces == (credentials.IUsernamePassword,)
    assert result(checker.requestAvatarId(credentials.UsernamePassword("ALICE", "pw1"))) == b"alice"
    f = result(checker.requestAvatarId(credentials.UsernamePassword("bob", "pw1")))
    assert f.check(error.UnauthorizedLogin)
    with pytest.raises(KeyError):
        checker.getUser("nobody")
    missing = checkers.FilePasswordDB(str(tmp_path / "absent"), cache=True)
    with pytest.raises(error.UnauthorizedLogin):
        missing.getUser(b"alice")


def test_file_db_cache_rereads_changed_file(tmp_path: Path) -> None:
    """With cache=True the file is read again once it changes."""
    import os

    db = tmp_path / "passwd"
    db.write_bytes(b"u:one\n")
    checker = checkers.FilePasswordDB(str(db), cache=True)
    assert checker.getUser(b"u") == (b"u", b"one")
    db.write_bytes(b"u:two\n")
    stat = db.stat()
    os.utime(db, (stat.st_atime + 10, stat.st_mtime + 10))
    assert checker.getUser(b"u") == (b"u", b"two")
    assert "_credCache" not in checker.__getstate__()


def test_cram_md5_round_trip() -> None:
    creds = credentials.CramMD5Credentials(b"example.org")
    challenge = creds.getChallenge()
    assert challenge.startswith(b"<") and challenge.endswith(b"@example.org>")
    answer = hexlify(hmac.HMAC(b"tanstaaftanstaaf", challenge, hashlib.md5).digest())
    creds.setResponse(b"tim " + answer)
    assert creds.username == b"tim"
    assert creds.checkPassword(b"tanstaaftanstaaf")
    assert not creds.checkPassword(b"wrong")


def test_digest_round_trip() -> None:
    """A client answering a Digest challenge as RFC 2617 says is accepted with the right
    password or stored hash, refused otherwise, and a forged opaque is refused outright."""
    factory = credentials.DigestCredentialFactory(b"md5", b"realm")
    challenge = factory.getChallenge("127.0.0.1")
    nonce, opaque = challenge["nonce"], challenge["opaque"]
    ha1 = credentials.calcHA1(b"md5", b"user", b"realm", b"pass", nonce, b"cn")
    ha2 = credentials.calcHA2(b"md5", b"GET", b"/a,b", b"auth", None)
    response = credentials.calcResponse(ha1, ha2, b"md5", nonce, b"00000001", b"cn", b"auth")
    header = (
        b'username="user", realm="realm", nonce="%s", uri="/a,b", qop=auth, nc=00000001, '
        b'cnonce="cn", response="%s", opaque="%s"' % (nonce, response, opaque)
    )
    creds = factory.decode(header, b"GET", "127.0.0.1")
    assert creds.checkPassword(b"pass") and not creds.checkPassword(b"nope")
    assert creds.checkHash(hexlify(hashlib.md5(b"user:realm:pass").digest()))
    with pytest.raises(error.LoginFailed):
        factory.decode(header, b"GET", "10.0.0.9")
    forged = header.replace(opaque, b"0" * 32 + opaque[32:])
    with pytest.raises(error.LoginFailed):
        factory.decode(forged, b"GET", "127.0.0.1")
