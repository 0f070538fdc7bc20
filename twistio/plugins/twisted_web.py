"""The ``web`` twistd/twist plugin (twisted.web.tap)."""

from twistio.application.service import ServiceMaker

__name__ = "twisted.plugins.twisted_web"

TwistedWeb = ServiceMaker(
    "Twisted Web",
    "twisted.web.tap",
    "A general-purpose web server which can serve from a filesystem or application resource.",
    "web",
)
