"""The ``web`` plugin of twistd and twist: serve a directory, a file or a resource class.

A subset of Twisted's web plugin options: ``--listen`` (repeatable, default ``tcp:8080``),
``--port``, ``--path``, ``--index``, ``--mime-type``, ``--class``, ``--display-tracebacks``,
``--notracebacks``, ``--logfile``.  Without ``--path`` or ``--class`` a small demo page is
served.
"""

from __future__ import annotations

import os
from typing import Any

from twistio.application import service, strports
from twistio.python import reflect, usage

__name__ = "twisted.web.tap"

__all__ = ["Options", "makeService"]

_DEMO = b"<html><head><title>twistio web</title></head><body><h1>It works.</h1></body></html>"


class Options(usage.Options):
    """Options of the ``web`` plugin."""

    synopsis = "[web options]"

    optParameters = [
        ["logfile", "l", None, "Path to web CLF (Combined Log Format) log file."],
        ["mime-type", "m", None, "Specify the default mime-type for static files."],
    ]

    optFlags = [
        [
            "display-tracebacks",
            None,
            "Show uncaught exceptions during rendering tracebacks to the client. WARNING: "
            "This may be a security risk and expose private data!",
        ],
        ["notracebacks", "n", "(DEPRECATED: Tracebacks are disabled by default.)"],
    ]

    longdesc = "This starts a webserver.  If you specify no arguments, it will serve a demo page."

    def __init__(self) -> None:
        usage.Options.__init__(self)
        self["indexes"] = []
        self["root"] = None
        self["ports"] = []

    def opt_listen(self, port: str) -> None:
        """Add an strports description of port to start the server on. [default: tcp:8080]"""
        self["ports"].append(port)

    def opt_port(self, port: str) -> None:
        """(DEPRECATED: use --listen) Strports description of port to start the server on"""
        self["ports"].append(port)

    opt_p = opt_port

    def opt_index(self, indexName: str) -> None:
        """Add the name of a file used to check for directory indexes. [default: index,
        index.html]"""
        self["indexes"].append(indexName)

    opt_i = opt_index

    def opt_path(self, path: str) -> None:
        """<path> is either a specific file or a directory to be set as the root of the web
        server."""
        from twistio.web import static

        if not os.path.exists(path):
            raise usage.UsageError(f"{path} does not exist.")
        self["root"] = static.File(os.path.abspath(path))

    def opt_class(self, className: str) -> None:
        """Create a Resource subclass with a zero-argument constructor."""
        classObj = reflect.namedClass(className)
        self["root"] = classObj()

    def postOptions(self) -> None:
        if not self["ports"]:
            self["ports"] = ["tcp:8080"]
        root = self["root"]
        if root is not None and self["indexes"] and hasattr(root, "indexNames"):
            root.indexNames = self["indexes"]
        if root is not None and self["mime-type"] and hasattr(root, "defaultType"):
            root.defaultType = self["mime-type"]


def makeService(config: Any) -> service.MultiService:
    """A service listening on every ``--listen`` port with a Site serving the root."""
    from twistio.web import server, static

    root = config["root"]
    if root is None:
        root = static.Data(_DEMO, "text/html")
        # The one page answers every path, the root included.
        root.isLeaf = True
    if config["logfile"]:
        site = server.Site(root, logPath=config["logfile"])
    else:
        site = server.Site(root)
    site.displayTracebacks = bool(config["display-tracebacks"])
    svc = service.MultiService()
    for port in config["ports"]:
        strports.service(port, site).setServiceParent(svc)
    return svc
