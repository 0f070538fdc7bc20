"""The ``file`` checker factory: ``--auth file:/path/to/passwd`` (``user:password`` lines)."""

from __future__ import annotations

import os
import sys
from typing import Any

from zope.interface import implementer

from twistio.cred.checkers import FilePasswordDB
from twistio.cred.credentials import IUsernameHashedPassword, IUsernamePassword
from twistio.cred.strcred import ICheckerFactory
from twistio.plugin import IPlugin

__name__ = "twisted.plugins.cred_file"

fileCheckerFactoryHelp = """
Reads users from a file in FilePasswordDB format: one 'username:password'
pair per line, in plain text. Lines starting with '#' are ignored.
"""

invalidFileWarning = "Warning: not a valid file"


@implementer(ICheckerFactory, IPlugin)
class FileCheckerFactory:
    """Builds a :class:`FilePasswordDB` from a filename; warns (on ``errorOutput``) when the
    file does not exist yet, since logins will fail until it does."""

    authType = "file"
    authHelp = fileCheckerFactoryHelp
    argStringFormat = "Location of a FilePasswordDB-formatted file."
    credentialInterfaces = (IUsernamePassword, IUsernameHashedPassword)
    errorOutput: Any = sys.stderr

    def generateChecker(self, argstring: str = "") -> Any:
        """A checker reading ``argstring``.

        :raises ValueError: no filename was given.
        """
        if not argstring.strip():
            raise ValueError(f"{self.authType!r} requires a filename")
        if not os.path.isfile(argstring):
            self.errorOutput.write(f"{invalidFileWarning}: {argstring}\n")
        return FilePasswordDB(argstring)


theFileCheckerFactory = FileCheckerFactory()
