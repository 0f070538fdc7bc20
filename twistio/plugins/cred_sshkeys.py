"""The ``sshkey`` checker factory: users' ``~/.ssh/authorized_keys`` files."""

from __future__ import annotations

from typing import Any

from zope.interface import implementer

from twistio.cred.credentials import ISSHPrivateKey
from twistio.cred.strcred import ICheckerFactory
from twistio.plugin import IPlugin

__name__ = "twisted.plugins.cred_sshkeys"

sshKeyCheckerFactoryHelp = """
Accepts SSH public-key logins for local users whose offered key is listed
in ~/.ssh/authorized_keys or ~/.ssh/authorized_keys2 and who sign the
session with the matching private key.
"""


@implementer(ICheckerFactory, IPlugin)
class SSHKeyCheckerFactory:
    """Builds the authorized_keys checker; takes no argument string."""

    authType = "sshkey"
    authHelp = sshKeyCheckerFactoryHelp
    argStringFormat = "No argstring required."
    credentialInterfaces = (ISSHPrivateKey,)

    def generateChecker(self, argstring: str = "") -> Any:
        """An authorized_keys checker."""
        # Imported when used: the checker needs the cryptography package.
        from twistio.cred._sshkeys import SSHPublicKeyChecker

        return SSHPublicKeyChecker()


theSSHKeyCheckerFactory = SSHKeyCheckerFactory()
