"""The ``unix`` checker factory: local accounts from ``pwd`` and, if readable, ``spwd``."""

from __future__ import annotations

import warnings
from typing import Any

from zope.interface import implementer

from twistio.cred.checkers import ICredentialsChecker
from twistio.cred.credentials import IUsernamePassword
from twistio.cred.error import UnauthorizedLogin
from twistio.cred.strcred import ICheckerFactory
from twistio.internet import defer
from twistio.plugin import IPlugin

__name__ = "twisted.plugins.cred_unix"

unixCheckerFactoryHelp = """
Checks usernames and passwords against the local UNIX accounts, using
every source Python offers:

  * the pwd module (password hashes in /etc/passwd)
  * the spwd module (password hashes in /etc/shadow, readable by root)

Not available on Windows.
"""


def _cryptModule() -> Any:
    """The stdlib ``crypt`` module (deprecated since 3.11, gone in 3.13), or None."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            import crypt
        except ImportError:
            return None
    return crypt


def _optionalModule(name: str) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return __import__(name)
    except ImportError:
        return None


def verifyCryptedPassword(crypted: str | bytes, pw: str | bytes) -> bool:
    """Whether ``pw`` hashes (with the salt and method in ``crypted``) to ``crypted``.

    Either argument may be bytes (UTF-8).  False when ``crypt`` is unavailable or fails.
    """
    if isinstance(crypted, bytes):
        crypted = crypted.decode("utf-8")
    if isinstance(pw, bytes):
        pw = pw.decode("utf-8")
    crypt = _cryptModule()
    if crypt is None:
        return False
    try:
        return bool(crypt.crypt(pw, crypted) == crypted)
    except OSError:
        return False


@implementer(ICredentialsChecker)
class UNIXChecker:
    """Checks :class:`IUsernamePassword` credentials against local accounts; the avatar ID
    is the username as str."""

    credentialInterfaces = (IUsernamePassword,)

    def checkPwd(self, pwd: Any, username: str, password: str) -> bool | None:
        """True if ``pwd`` holds a matching hash, None if the hash lives in the shadow file.

        :raises KeyError: no such user.
        """
        crypted = pwd.getpwnam(username)[1]
        if crypted in ("*", "x"):
            return None
        return verifyCryptedPassword(crypted, password) or None

    def checkSpwd(self, spwd: Any, username: str, password: str) -> bool | None:
        """True if the shadow file holds a matching hash.

        :raises KeyError: no such user.
        """
        try:
            crypted = spwd.getspnam(username)[1]
        except PermissionError:
            return None
        return verifyCryptedPassword(crypted, password) or None

    def requestAvatarId(self, credentials: Any) -> defer.Deferred[Any]:
        """The username, if one of the sources vouches for the password."""
        username = credentials.username
        password = credentials.password
        if isinstance(username, bytes):
            username = username.decode("utf-8")
        if isinstance(password, bytes):
            password = password.decode("utf-8")
        for check, moduleName in ((self.checkPwd, "pwd"), (self.checkSpwd, "spwd")):
            module = _optionalModule(moduleName)
            if module is None:
                continue
            try:
                if check(module, username, password):
                    return defer.succeed(username)
            except KeyError:
                return defer.fail(UnauthorizedLogin())
            except Exception:
                # A source we cannot use (no permission, unsupported hash): try the next.
                continue
        return defer.fail(UnauthorizedLogin())


@implementer(ICheckerFactory, IPlugin)
class UNIXCheckerFactory:
    """Builds :class:`UNIXChecker`; takes no argument string."""

    authType = "unix"
    authHelp = unixCheckerFactoryHelp
    argStringFormat = "No argstring required."
    credentialInterfaces = UNIXChecker.credentialInterfaces

    def generateChecker(self, argstring: str = "") -> Any:
        """A local-account checker."""
        return UNIXChecker()


theUnixCheckerFactory = UNIXCheckerFactory()
