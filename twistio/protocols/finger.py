"""twisted.protocols.finger: a finger (RFC 1288) server that refuses to tell anything.

Subclasses override :meth:`Finger.getUser`, :meth:`Finger.getDomain` and
:meth:`Finger.forwardQuery` to answer; by default every query gets a one-line refusal and the
connection is closed.
"""

from __future__ import annotations

from twistio.protocols import basic

__name__ = "twisted.protocols.finger"


class Finger(basic.LineReceiver):
    """Answers one query line: ``[/W] [user][@host]``."""

    def lineReceived(self, line: bytes) -> None:
        parts = line.split()
        if not parts:
            parts = [b""]
        # Any word before the last one (normally /W) asks for the verbose form.
        slash_w = 0 if len(parts) == 1 else 1
        user = parts[-1]
        if b"@" in user:
            hostPlace = user.rfind(b"@")
            user = user[:hostPlace]
            # Taken from the already shortened name, so empty, as Twisted passes it.
            host = user[hostPlace + 1 :]
            self.forwardQuery(slash_w, user, host)
        elif user:
            self.getUser(slash_w, user)
        else:
            self.getDomain(slash_w)

    def _refuseMessage(self, message: bytes) -> None:
        self.transport.write(message + b"\n")
        self.transport.loseConnection()

    def forwardQuery(self, slash_w: int, user: bytes, host: bytes) -> None:
        """A query for a user on another host: refused."""
        self._refuseMessage(b"Finger forwarding service denied")

    def getDomain(self, slash_w: int) -> None:
        """A query for everyone logged in: refused."""
        self._refuseMessage(b"Finger online list denied")

    def getUser(self, slash_w: int, user: bytes) -> None:
        """A query for one local user: reported as unknown."""
        self.transport.write(b"Login: " + user + b"\n")
        self._refuseMessage(b"No such user")


__all__ = ["Finger"]
