"""twisted.protocols: basic, policies, loopback, wire and other classic protocols."""

from __future__ import annotations

from twistio._package import submodule_getattr

__name__ = "twisted.protocols"

__getattr__ = submodule_getattr("twistio.protocols", __name__)
