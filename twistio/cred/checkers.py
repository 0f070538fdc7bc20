"""Credential checkers: turn credentials into an avatar ID, or refuse them.

twistio's in-memory and file checkers accept ``str`` as well as ``bytes`` usernames (a ``str``
matches its UTF-8 encoding), so classic examples that pass ``str`` can log in.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from zope.interface import Attribute, Interface, implementer

from twistio.cred import error
from twistio.cred._interfaces import _asBytes, _sameSecret
from twistio.cred.credentials import IAnonymous, IUsernameHashedPassword, IUsernamePassword
from twistio.internet import defer
from twistio.internet.defer import Deferred
from twistio.logger import Logger
from twistio.python import failure

__name__ = "twisted.cred.checkers"

__all__ = [
    "ICredentialsChecker",
    "ANONYMOUS",
    "AllowAnonymousAccess",
    "InMemoryUsernamePasswordDatabaseDontUse",
    "FilePasswordDB",
    "OnDiskUsernamePasswordDatabase",
]


class ICredentialsChecker(Interface):
    """Something that can vouch for some kinds of credentials."""

    credentialInterfaces = Attribute("The credential interfaces this checker can check.")

    def requestAvatarId(credentials: Any) -> Any:
        """Return (or a Deferred firing with) the avatar ID the credentials prove, or fail
        with :class:`UnauthorizedLogin`."""


# The avatar ID of an anonymous login: an empty tuple, which no real user ID equals.
ANONYMOUS: tuple[()] = ()


@implementer(ICredentialsChecker)
class AllowAnonymousAccess:
    """Lets anyone in anonymously, as :data:`ANONYMOUS`."""

    credentialInterfaces = (IAnonymous,)

    def requestAvatarId(self, credentials: Any) -> Deferred[Any]:
        """Always succeeds with :data:`ANONYMOUS`."""
        return defer.succeed(ANONYMOUS)


def _alternate(username: Any) -> Any:
    """The other spelling of ``username`` (bytes <-> UTF-8 str), or None."""
    if isinstance(username, bytes):
        try:
            return username.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if isinstance(username, str):
        return username.encode("utf-8")
    return None


@implementer(ICredentialsChecker)
class InMemoryUsernamePasswordDatabaseDontUse:
    """Usernames and cleartext passwords held in a dict: for tests and examples only.

    Keyword arguments are users (their names stored UTF-8 encoded); :meth:`addUser` adds more.
    """

    credentialInterfaces = (IUsernamePassword, IUsernameHashedPassword)

    def __init__(self, **users: Any) -> None:
        self.users: dict[Any, Any] = {name.encode("utf-8"): pw for name, pw in users.items()}

    def addUser(self, username: Any, password: Any) -> None:
        """Add (or replace) a user."""
        self.users[username] = password

    def _lookup(self, username: Any) -> tuple[bool, Any]:
        if username in self.users:
            return True, self.users[username]
        other = _alternate(username)
        if other is not None and other in self.users:
            return True, self.users[other]
        return False, None

    def requestAvatarId(self, credentials: Any) -> Deferred[Any]:
        """The username, if the credentials' password checks against the stored one."""
        found, password = self._lookup(credentials.username)
        if not found:
            return defer.fail(error.UnauthorizedLogin())
        d: Deferred[Any] = defer.maybeDeferred(credentials.checkPassword, password)
        return d.addCallback(_matched, credentials.username)


def _matched(matches: object, avatarId: Any) -> Any:
    if matches:
        return avatarId
    return failure.Failure(error.UnauthorizedLogin())


@implementer(ICredentialsChecker)
class FilePasswordDB:
    """Users read from a text file of delimited fields (``user:password`` by default).

    Lines starting with ``#`` and lines with too few fields are ignored.  With
    ``caseSensitive=False`` usernames are compared lower-cased.  ``hash(username, password,
    storedPassword)`` (if given) turns the offered cleartext into what the file stores; without
    it the stored value is the cleartext, and hashed credentials may be checked too.  With
    ``cache=True`` the file is read once and again only when it changes.  A missing or
    unreadable file refuses every login.
    """

    _credCache: dict[bytes, bytes] | None = None
    _cacheTimestamp: float = 0.0
    _log = Logger()

    def __init__(
        self,
        filename: str,
        delim: bytes = b":",
        usernameField: int = 0,
        passwordField: int = 1,
        caseSensitive: bool = True,
        hash: Callable[[bytes, bytes, bytes], bytes] | None = None,
        cache: bool = False,
    ) -> None:
        self.filename = filename
        self.delim = delim
        self.ufield = usernameField
        self.pfield = passwordField
        self.caseSensitive = caseSensitive
        self.hash = hash
        self.cache = cache
        if hash is None:
            self.credentialInterfaces: tuple[Any, ...] = (IUsernamePassword, IUsernameHashedPassword)
        else:
            self.credentialInterfaces = (IUsernamePassword,)

    def __getstate__(self) -> dict[str, Any]:
        # The cache is a copy of the file: never pickle it.
        state = dict(self.__dict__)
        for key in ("_credCache", "_cacheTimestamp"):
            state.pop(key, None)
        return state

    def _cbPasswordMatch(self, matched: object, username: bytes) -> Any:
        return _matched(matched, username)

    def _loadCredentials(self) -> Iterator[tuple[bytes, bytes]]:
        """Yield ``(username, password)`` for each usable line of the file.

        :raises UnauthorizedLogin: the file cannot be read.
        """
        try:
            with open(self.filename, "rb") as f:
                for line in f:
                    line = line.rstrip()
                    parts = line.split(self.delim)
                    if line.startswith(b"#") or len(parts) <= max(self.ufield, self.pfield):
                        continue
                    username = parts[self.ufield]
                    if not self.caseSensitive:
                        username = username.lower()
                    yield username, parts[self.pfield]
        except OSError as e:
            self._log.error("Unable to load credentials db: {e!r}", e=e)
            raise error.UnauthorizedLogin() from e

    def getUser(self, username: Any) -> tuple[bytes, bytes]:
        """``(username, password)`` as stored for ``username``.

        :raises KeyError: no such user.
        :raises UnauthorizedLogin: the file cannot be read.
        """
        original = username
        username = _asBytes(username) if isinstance(username, str) else username
        if not self.caseSensitive:
            username = username.lower()
        if self.cache:
            try:
                mtime: float | None = os.path.getmtime(self.filename)
            except OSError:
                mtime = None  # _loadCredentials reports it and refuses
            if self._credCache is None or mtime is None or mtime > self._cacheTimestamp:
                self._credCache = dict(self._loadCredentials())
                self._cacheTimestamp = mtime or 0.0
            if username in self._credCache:
                return username, self._credCache[username]
        else:
            for u, p in self._loadCredentials():
                if u == username:
                    return u, p
        raise KeyError(original)

    def requestAvatarId(self, credentials: Any) -> Deferred[Any]:
        """The stored username, if the credentials prove the stored password."""
        try:
            u, p = self.getUser(credentials.username)
        except KeyError:
            return defer.fail(error.UnauthorizedLogin())
        except error.UnauthorizedLogin as e:
            return defer.fail(e)
        if self.hash is not None:
            password = credentials.password
            if isinstance(password, str):
                password = _asBytes(password)
            return defer.succeed(self._cbPasswordMatch(_sameSecret(self.hash(credentials.username, password, p), p), u))
        d: Deferred[Any] = defer.maybeDeferred(credentials.checkPassword, p)
        return d.addCallback(self._cbPasswordMatch, u)


OnDiskUsernamePasswordDatabase = FilePasswordDB
