"""twisted.web.vhost: name-based virtual hosting and the VHostMonster proxy helper."""

from __future__ import annotations

import itertools
from typing import Any

from twistio.web import pages, resource

__name__ = "twisted.web.vhost"

__all__ = ["NameVirtualHost", "VHostMonsterResource", "VirtualHostCollection"]


class VirtualHostCollection(resource.Resource):
    """A collection of virtual hosts of a NameVirtualHost (its ``hosts`` as children)."""

    def __init__(self, nvh: NameVirtualHost) -> None:
        resource.Resource.__init__(self)
        self.nvh = nvh

    def listStaticEntities(self) -> list[tuple[bytes, Any]]:
        return list(self.nvh.hosts.items())

    def getStaticEntity(self, name: bytes) -> Any:
        return self.nvh.hosts.get(name)

    def reallyPutEntity(self, name: bytes, entity: Any) -> None:
        self.nvh.addHost(name, entity)

    def delEntity(self, name: bytes) -> None:
        self.nvh.removeHost(name)


class NameVirtualHost(resource.Resource):
    """Dispatches to the resource of the request's Host (port ignored), else
    ``default``, else a 404 page."""

    default: Any = None

    def __init__(self) -> None:
        resource.Resource.__init__(self)
        self.hosts: dict[bytes, Any] = {}

    def listStaticEntities(self) -> list[tuple[bytes, Any]]:
        return list(
            itertools.chain(resource.Resource.listStaticEntities(self),
                            [(b"Virtual Hosts", VirtualHostCollection(self))])
        )  # fmt: skip

    def getStaticEntity(self, name: bytes) -> Any:
        if name == b"Virtual Hosts":
            return VirtualHostCollection(self)
        return resource.Resource.getStaticEntity(self, name)

    def addHost(self, name: bytes, resrc: Any) -> None:
        """Serve ``resrc`` for requests to host ``name``."""
        self.hosts[name] = resrc

    def removeHost(self, name: bytes) -> None:
        del self.hosts[name]

    def _getResourceForRequest(self, request: Any) -> Any:
        host = request.getHeader(b"host")
        if host is None:
            return self.default or pages.notFound()
        host = host.lower().split(b":", 1)[0]
        return self.hosts.get(host, self.default) or pages.notFound(
            "Not Found", f"host {host.decode('ascii', 'replace')!r} not in vhost map"
        )

    def render(self, request: Any) -> Any:
        return self._getResourceForRequest(request).render(request)

    def getChild(self, path: bytes, request: Any) -> Any:
        resrc = self._getResourceForRequest(request)
        if resrc.isLeaf:
            request.postpath.insert(0, request.prepath.pop(-1))
            return resrc
        return resrc.getChildWithDefault(path, request)


class _HostResource(resource.Resource):
    """Consumes ``host[:port]`` from the path and makes the request look as if it had
    been made to that host (see VHostMonsterResource)."""

    def getChild(self, path: bytes, request: Any) -> Any:
        if b":" in path:
            host, portText = path.split(b":", 1)
            port = int(portText)
        else:
            host, port = path, 80
        request.setHost(host, port)
        prefixLen = 3 + request.isSecure() + 4 + len(path) + len(request.prepath[-3])
        request.path = b"/" + b"/".join(request.postpath)
        request.uri = request.uri[prefixLen:]
        del request.prepath[:3]
        return request.site.getResourceFor(request)


class VHostMonsterResource(resource.Resource):
    """For use behind a reverse proxy: ``/http/host:port/rest`` or ``/https/...`` makes
    the request look as made to ``host:port`` (over TLS for https)."""

    def getChild(self, path: bytes, request: Any) -> Any:
        if path == b"http":
            request.isSecure = lambda: 0
        elif path == b"https":
            request.isSecure = lambda: 1
        return _HostResource()
