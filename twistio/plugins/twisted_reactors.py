"""The reactor plugins listed by ``twistd --help-reactors``, under Twisted's short names.

Every name selects twistio's asyncio reactor except those whose module twistio does not have
(platform GUI and Windows reactors), which show as unavailable as they do where Twisted lacks
their toolkit.
"""

from twistio.application.reactors import Reactor

__name__ = "twisted.plugins.twisted_reactors"

default = Reactor(
    "default",
    "twisted.internet.default",
    "A reasonable default: poll(2) if available, otherwise select(2).",
)
select = Reactor("select", "twisted.internet.selectreactor", "select(2) based reactor.")
poll = Reactor("poll", "twisted.internet.pollreactor", "poll(2) based reactor.")
epoll = Reactor("epoll", "twisted.internet.epollreactor", "epoll(4) based reactor.")
kqueue = Reactor("kqueue", "twisted.internet.kqreactor", "kqueue(2) based reactor.")
cf = Reactor("cf", "twisted.internet.cfreactor", "CoreFoundation based reactor.")
asyncio = Reactor("asyncio", "twisted.internet.asyncioreactor", "asyncio based reactor")
wx = Reactor("wx", "twisted.internet.wxreactor", "wxPython based reactor.")
gi = Reactor("gi", "twisted.internet.gireactor", "GObject Introspection based reactor.")
gtk3 = Reactor("gtk3", "twisted.internet.gtk3reactor", "Gtk3 based reactor.")
gtk2 = Reactor("gtk2", "twisted.internet.gtk2reactor", "Gtk2 based reactor.")
glib2 = Reactor("glib2", "twisted.internet.glib2reactor", "GLib2 based reactor.")
win32er = Reactor(
    "win32", "twisted.internet.win32eventreactor", "Win32 WaitForMultipleObjects based reactor."
)
iocp = Reactor("iocp", "twisted.internet.iocpreactor", "Win32 IO Completion Ports based reactor.")
