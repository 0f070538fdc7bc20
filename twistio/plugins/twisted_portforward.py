"""The ``portforward`` twistd plugin (twisted.tap.portforward)."""

from twistio.application.service import ServiceMaker

__name__ = "twisted.plugins.twisted_portforward"

TwistedPortForward = ServiceMaker(
    "Twisted Port-Forwarding", "twisted.tap.portforward", "A simple port-forwarder.", "portforward"
)
