"""The ``anonymous`` checker factory for ``--auth`` (see :mod:`twisted.cred.strcred`)."""

from __future__ import annotations

from typing import Any

from zope.interface import implementer

from twistio.cred.checkers import AllowAnonymousAccess
from twistio.cred.credentials import IAnonymous
from twistio.cred.strcred import ICheckerFactory
from twistio.plugin import IPlugin

__name__ = "twisted.plugins.cred_anonymous"

anonymousCheckerFactoryHelp = """
Lets anyone in without credentials, as the anonymous avatar, on servers
that offer anonymous access.
"""


@implementer(ICheckerFactory, IPlugin)
class AnonymousCheckerFactory:
    """Builds :class:`AllowAnonymousAccess` checkers; takes no argument string."""

    authType = "anonymous"
    authHelp = anonymousCheckerFactoryHelp
    argStringFormat = "No argstring required."
    credentialInterfaces = (IAnonymous,)

    def generateChecker(self, argstring: str = "") -> Any:
        """A checker letting everyone in anonymously."""
        return AllowAnonymousAccess()


theAnonymousCheckerFactory = AnonymousCheckerFactory()
