"""The ``memory`` checker factory: ``--auth memory:alice:secret:bob:hunter2``."""

from __future__ import annotations

from typing import Any

from zope.interface import implementer

from twistio.cred.checkers import InMemoryUsernamePasswordDatabaseDontUse
from twistio.cred.credentials import IUsernameHashedPassword, IUsernamePassword
from twistio.cred.strcred import ICheckerFactory, InvalidAuthArgumentString
from twistio.plugin import IPlugin

__name__ = "twisted.plugins.cred_memory"

inMemoryCheckerFactoryHelp = """
Users and cleartext passwords given right on the command line, as
name:password pairs separated by colons.

Good for examples and throwaway test servers only: the passwords show up
in the process list and shell history.
"""


@implementer(ICheckerFactory, IPlugin)
class InMemoryCheckerFactory:
    """Builds an in-memory checker from ``name:password[:name:password...]``."""

    authType = "memory"
    authHelp = inMemoryCheckerFactoryHelp
    argStringFormat = "A colon-separated list (name:password:...)"
    credentialInterfaces = (IUsernamePassword, IUsernameHashedPassword)

    def generateChecker(self, argstring: str = "") -> Any:
        """A checker holding the given users (as str, as they were typed).

        :raises InvalidAuthArgumentString: the fields do not come in pairs.
        """
        checker = InMemoryUsernamePasswordDatabaseDontUse()
        if argstring:
            fields = argstring.split(":")
            if len(fields) % 2:
                raise InvalidAuthArgumentString("argstring must be in format U:P:...")
            for name, password in zip(fields[::2], fields[1::2], strict=True):
                checker.addUser(name, password)
        return checker


theInMemoryCheckerFactory = InMemoryCheckerFactory()
