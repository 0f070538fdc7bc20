"""Services from endpoint description strings ("tcp:8080", "unix:/run/app.sock", ...)."""

from __future__ import annotations

from typing import Any

from twistio.application.internet import StreamServerEndpointService

__name__ = "twisted.application.strports"

__all__ = ["service"]


def service(description: str, factory: Any, reactor: Any = None) -> StreamServerEndpointService:
    """A service listening on the server endpoint ``description`` with ``factory``.

    As with Twisted, a listen failure that happens at once is raised from ``startService``
    (so twistd stops instead of running without its port).
    """
    from twistio.internet import endpoints

    if reactor is None:
        from twistio.internet import reactor as globalReactor

        reactor = globalReactor
    svc = StreamServerEndpointService(endpoints.serverFromString(reactor, description), factory)
    svc._raiseSynchronously = True
    return svc
