"""Checkers from strings: ``--auth memory:alice:secret`` style command-line authentication.

A checker factory plugin (:class:`ICheckerFactory`, found through :mod:`twisted.plugin` in the
``twisted.plugins`` package) turns an argument string into a credentials checker;
:func:`makeChecker` picks the factory by the text before the first colon.
:class:`AuthOptionMixin` gives a :class:`usage.Options` the ``--auth``, ``--help-auth`` and
``--help-auth-type`` options, collecting checkers in ``options["credCheckers"]`` and, per
credential interface, in ``options["credInterfaces"]``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from zope.interface import Attribute, Interface

from twistio.python import usage

__name__ = "twisted.cred.strcred"

__all__ = [
    "ICheckerFactory",
    "StrcredException",
    "InvalidAuthType",
    "InvalidAuthArgumentString",
    "UnsupportedInterfaces",
    "notSupportedWarning",
    "findCheckerFactories",
    "findCheckerFactory",
    "makeChecker",
    "AuthOptionMixin",
]

notSupportedWarning = "WARNING: This authType is not supported by this application."


class ICheckerFactory(Interface):
    """A plugin that builds credentials checkers from argument strings."""

    authType = Attribute("The name used before the colon in --auth, such as 'file'.")
    authHelp = Attribute("A paragraph of help text shown by --help-auth-type.")
    argStringFormat = Attribute("A one-line description of the argument string.")
    credentialInterfaces = Attribute("The credential interfaces the built checkers check.")

    def generateChecker(argstring: str) -> Any:
        """Return a checker configured by ``argstring`` (the text after the colon)."""


class StrcredException(Exception):
    """Base class of this module's errors."""


class InvalidAuthType(StrcredException):
    """No checker factory has the requested auth type."""


class InvalidAuthArgumentString(StrcredException):
    """A checker factory could not make sense of its argument string."""


class UnsupportedInterfaces(StrcredException):
    """The checker checks none of the credential interfaces the application accepts."""


def findCheckerFactories() -> Iterable[Any]:
    """Every installed :class:`ICheckerFactory` plugin."""
    # Imported here: the plugin machinery is heavy and belongs to twistd's area.
    from twistio.plugin import getPlugins

    return getPlugins(ICheckerFactory)


def findCheckerFactory(authType: str) -> Any:
    """The first checker factory whose ``authType`` is ``authType``.

    :raises InvalidAuthType: none is installed.
    """
    for factory in findCheckerFactories():
        if factory.authType == authType:
            return factory
    raise InvalidAuthType(authType)


def makeChecker(description: str) -> Any:
    """Build a checker from ``"authType[:argstring]"``."""
    authType, _, argstring = description.partition(":")
    return findCheckerFactory(authType).generateChecker(argstring)


class AuthOptionMixin:
    """Mix into a :class:`usage.Options` subclass to accept ``--auth`` and its help options.

    ``supportedInterfaces`` (None: all) limits which checkers the application accepts;
    ``authOutput`` is where the help options write.
    """

    supportedInterfaces: Sequence[Any] | None = None
    authOutput: Any = sys.stdout

    def supportsInterface(self, interface: Any) -> bool:
        """Whether the application accepts credentials of ``interface``."""
        return self.supportedInterfaces is None or interface in self.supportedInterfaces

    def supportsCheckerFactory(self, factory: Any) -> bool:
        """Whether ``factory`` builds checkers for some interface the application accepts."""
        return any(self.supportsInterface(i) for i in factory.credentialInterfaces)

    def addChecker(self, checker: Any) -> None:
        """Add ``checker`` to ``self["credCheckers"]`` and, for each supported interface it
        checks, to ``self["credInterfaces"][interface]``.

        :raises UnsupportedInterfaces: it checks no supported interface.
        """
        supported = [i for i in checker.credentialInterfaces if self.supportsInterface(i)]
        if not supported:
            raise UnsupportedInterfaces(checker.credentialInterfaces)
        options: Any = self
        options.setdefault("credCheckers", []).append(checker)
        byInterface = options.setdefault("credInterfaces", {})
        for iface in supported:
            byInterface.setdefault(iface, []).append(checker)

    def opt_auth(self, description: str) -> None:
        """Specify an authentication method for the server."""
        try:
            self.addChecker(makeChecker(description))
        except UnsupportedInterfaces as e:
            names = ", ".join(f"{i.__module__}.{i.__name__}" for i in e.args[0])
            raise usage.UsageError(f"Auth plugin not supported: {names}") from None
        except InvalidAuthType as e:
            raise usage.UsageError(f"Auth plugin not recognized: {e.args[0]}") from None
        except Exception as e:
            raise usage.UsageError(f"Unexpected error: {e}") from None

    def _checkerFactoriesForOptHelpAuth(self) -> Iterator[Any]:
        """The supported factories, one per auth type."""
        seen: set[str] = set()
        for factory in findCheckerFactories():
            if factory.authType in seen or not self.supportsCheckerFactory(factory):
                continue
            seen.add(factory.authType)
            yield factory

    def opt_help_auth(self) -> None:
        """Show all authentication methods available."""
        out = self.authOutput
        out.write("Usage: --auth AuthType[:ArgString]\n")
        out.write("For detailed help: --help-auth-type AuthType\n\n")
        factories = sorted(self._checkerFactoriesForOptHelpAuth(), key=lambda f: f.authType)
        width = max([len("AuthType")] + [len(f.authType) for f in factories])
        out.write(f"  {'AuthType':<{width}}\tArgString format\n")
        out.write(f"  {'=' * len('AuthType'):<{width}}\t{'=' * len('ArgString format')}\n")
        for factory in factories:
            out.write(f"  {factory.authType:<{width}}\t{factory.argStringFormat}\n")
        out.write("\n")
        raise SystemExit(0)

    def opt_help_auth_type(self, authType: str) -> None:
        """Show help for a particular authentication type."""
        try:
            factory = findCheckerFactory(authType)
        except InvalidAuthType:
            raise usage.UsageError(f"Invalid auth type: {authType}") from None
        out = self.authOutput
        out.write(f"Usage: --auth {authType}[:ArgString]\n")
        out.write(f"ArgString format: {factory.argStringFormat}\n\n")
        for line in factory.authHelp.strip().splitlines():
            out.write(f"  {line}\n")
        out.write("\n")
        if not self.supportsCheckerFactory(factory):
            out.write(f"  {notSupportedWarning}\n\n")
        raise SystemExit(0)
