"""The ``portforward`` plugin: forward connections on an endpoint to a host and port."""

from __future__ import annotations

from typing import Any

from twistio.application import strports
from twistio.protocols import portforward
from twistio.python import usage

__name__ = "twisted.tap.portforward"

__all__ = ["Options", "makeService"]


class Options(usage.Options):
    """Options of ``portforward``."""

    synopsis = "[options]"
    longdesc = "(Deprecated) Port Forwarder. See 'twist forward' instead."
    optParameters = [
        ["port", "p", "tcp:6666", "The string endpoint to listen on."],
        ["host", "h", "localhost", "The destination host to connect to."],
        ["dest_port", "d", 6665, "Set the destination port to connect to."],
    ]
    compData = usage.Completions(optActions={"host": usage.CompleteHostnames()})


def makeService(config: Any) -> Any:
    """A service listening on ``--port`` that forwards to ``--host``:``--dest_port``."""
    factory = portforward.ProxyFactory(config["host"], int(config["dest_port"]))
    return strports.service(config["port"], factory)
