"""twisted.cred the classic way: a realm, a portal, checkers, good and bad logins."""

from _show import say
from twisted.cred import checkers, credentials, error, portal
from twisted.internet import defer, reactor
from zope.interface import Interface, implementer


class IAvatar(Interface):
    pass


@implementer(IAvatar)
class Avatar:
    def __init__(self, name):
        self.name = name


@implementer(portal.IRealm)
class Realm:
    def requestAvatar(self, avatarId, mind, *interfaces):
        if IAvatar in interfaces:
            avatar = Avatar(avatarId)
            return IAvatar, avatar, lambda: say("  logout", avatar.name)
        raise NotImplementedError("no supported interface")


checker = checkers.InMemoryUsernamePasswordDatabaseDontUse(alice=b"secret", bob=b"hunter2")
p = portal.Portal(Realm(), [checker, checkers.AllowAnonymousAccess()])
say("interfaces:", sorted(i.__name__ for i in p.listCredentialsInterfaces()))


@defer.inlineCallbacks
def main():
    attempts = [
        credentials.UsernamePassword(b"alice", b"secret"),
        credentials.UsernamePassword(b"alice", b"wrong"),
        credentials.UsernamePassword(b"carol", b"secret"),
        credentials.Anonymous(),
    ]
    for creds in attempts:
        try:
            iface, avatar, logout = yield p.login(creds, None, IAvatar)
        except error.UnauthorizedLogin as e:
            say(type(creds).__name__, getattr(creds, "username", None), "->", type(e).__name__, e)
        else:
            say(
                type(creds).__name__,
                getattr(creds, "username", None),
                "->",
                iface.__name__,
                avatar.name,
            )
            logout()
    try:
        yield p.login(credentials.UsernamePassword(b"alice", b"secret"), None, Interface)
    except NotImplementedError as e:
        say("unsupported interface ->", type(e).__name__, e)
    hashed = credentials.UsernameHashedPassword(b"bob", b"hunter2")
    avatar_id = yield checker.requestAvatarId(hashed)
    say("hashed password checked:", avatar_id)
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
