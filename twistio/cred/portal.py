"""The portal: where credentials are checked and a realm hands out the avatar."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from zope.interface import Interface, providedBy

from twistio.cred import error
from twistio.cred.checkers import ICredentialsChecker
from twistio.cred.credentials import ICredentials
from twistio.internet import defer
from twistio.internet.defer import Deferred, maybeDeferred
from twistio.python import reflect

__name__ = "twisted.cred.portal"

__all__ = ["IRealm", "Portal"]

_requestResult = tuple[Any, Any, Callable[[], None]]


class IRealm(Interface):
    """Where avatars come from once a login is known to be genuine."""

    def requestAvatar(avatarId: Any, mind: object, *interfaces: Any) -> Any:
        """Return (or a Deferred firing with) ``(interface, avatar, logout)`` for
        ``avatarId``, where ``interface`` is the first of ``interfaces`` the realm serves,
        ``avatar`` provides it and ``logout`` is called with no arguments when the session ends.

        :raises NotImplementedError: none of ``interfaces`` is served.
        """


class Portal:
    """Joins a realm to the checkers that can vouch for credentials of each interface."""

    def __init__(self, realm: IRealm, checkers: Iterable[ICredentialsChecker] = ()) -> None:
        self.realm = realm
        self.checkers: dict[Any, ICredentialsChecker] = {}
        for checker in checkers:
            self.registerChecker(checker)

    def listCredentialsInterfaces(self) -> list[Any]:
        """The credential interfaces some registered checker can check."""
        return list(self.checkers)

    def registerChecker(self, checker: ICredentialsChecker, *credentialInterfaces: Any) -> None:
        """Use ``checker`` for ``credentialInterfaces`` (by default its own
        ``credentialInterfaces``); a later registration for an interface wins."""
        if not credentialInterfaces:
            credentialInterfaces = tuple(checker.credentialInterfaces)
        for iface in credentialInterfaces:
            self.checkers[iface] = checker

    def login(self, credentials: ICredentials, mind: object, *interfaces: Any) -> Deferred[_requestResult]:
        """Check ``credentials`` and ask the realm for an avatar providing one of ``interfaces``.

        The Deferred fires with the realm's ``(interface, avatar, logout)``, or fails with
        :class:`UnhandledCredentials` when no checker handles these credentials, or with
        whatever the checker (usually :class:`UnauthorizedLogin`) or the realm raised.
        """
        # Most specific interface first, so a derived credential interface finds the checker
        # of the interface it extends.
        for iface in providedBy(credentials).__iro__:
            checker = self.checkers.get(iface)
            if checker is not None:
                d: Deferred[Any] = maybeDeferred(checker.requestAvatarId, credentials)
                d.addCallback(lambda avatarId: self.realm.requestAvatar(avatarId, mind, *interfaces))
                return d
        names = ", ".join(reflect.qual(i) for i in providedBy(credentials))
        return defer.fail(error.UnhandledCredentials(f"No checker for {names}"))
