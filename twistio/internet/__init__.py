"""twisted.internet: the reactor, transports, protocols and the tools around them."""

from __future__ import annotations

from twistio._package import submodule_getattr

__name__ = "twisted.internet"

__getattr__ = submodule_getattr("twistio.internet", __name__)
