"""twisted.web.script: Python scripts as resources (``.rpy`` files and ``.epy`` pages)."""

from __future__ import annotations

import os
import traceback
from io import StringIO
from typing import Any

from twistio import __version__ as _twistioVersion
from twistio.web import http, resource, server, util
from twistio.web.static import Registry

__name__ = "twisted.web.script"

__all__ = [
    "AlreadyCached",
    "CacheScanner",
    "PythonScript",
    "ResourceScript",
    "ResourceScriptDirectory",
    "ResourceScriptWrapper",
]

rpyNoResource = """<p>You forgot to assign to the variable "resource" in your script. \
For example:</p>
<pre>
# MyCoolWebApp.rpy

import mygreatresource

resource = mygreatresource.MyGreatResource()
</pre>
"""


class AlreadyCached(Exception):
    """Raised by ``cache()`` in a script whose resource is already cached."""


class CacheScanner:
    """Gives a script ``cache()`` (reuse the cached resource) and ``recache()``."""

    def __init__(self, path: str, registry: Registry) -> None:
        self.path = path
        self.registry = registry
        self.doCache = 0

    def cache(self) -> None:
        c = self.registry.getCachedPath(self.path)
        if c is not None:
            raise AlreadyCached(c)
        self.recache()

    def recache(self) -> None:
        self.doCache = 1


noRsrc = resource._errorPage(500, "Whoops! Internal Error", rpyNoResource)


def _execfile(path: str, namespace: dict[str, Any]) -> None:
    with open(path, "rb") as f:
        code = compile(f.read(), path, "exec")
    exec(code, namespace, namespace)


def ResourceScript(path: str, registry: Registry) -> Any:
    """Run the ``.rpy`` file ``path`` and return the resource it assigns to ``resource``."""
    cs = CacheScanner(path, registry)
    glob: dict[str, Any] = {
        "__file__": path,
        "resource": noRsrc,
        "registry": registry,
        "cache": cs.cache,
        "recache": cs.recache,
    }
    try:
        _execfile(path, glob)
    except AlreadyCached as ac:
        return ac.args[0]
    rsrc = glob["resource"]
    if cs.doCache and rsrc is not noRsrc:
        registry.cachePath(path, rsrc)
    return rsrc


class ResourceScriptWrapper(resource.Resource):
    """Re-runs the script for every request (no caching between requests)."""

    def __init__(self, path: str, registry: Registry | None = None) -> None:
        resource.Resource.__init__(self)
        self.path = path
        self.registry = registry or Registry()

    def render(self, request: Any) -> Any:
        res = ResourceScript(self.path, self.registry)
        return res.render(request)

    def getChildWithDefault(self, path: bytes, request: Any) -> Any:
        res = ResourceScript(self.path, self.registry)
        return res.getChildWithDefault(path, request)


class ResourceScriptDirectory(resource.Resource):
    """A directory whose files are all ``.rpy`` scripts."""

    def __init__(self, pathname: str, registry: Registry | None = None) -> None:
        resource.Resource.__init__(self)
        self.path = pathname
        self.registry = registry or Registry()

    def getChild(self, path: bytes, request: Any) -> Any:
        fn = os.path.join(os.fsdecode(self.path), os.fsdecode(path))
        if os.path.isdir(fn):
            return ResourceScriptDirectory(fn, self.registry)
        if os.path.exists(fn):
            return ResourceScript(fn, self.registry)
        return resource._noResource()

    def render(self, request: Any) -> bytes:
        return resource._noResource().render(request)


class PythonScript(resource.Resource):
    """A Python file run for each request with ``request`` in its namespace; it writes
    the response itself."""

    isLeaf = True

    def __init__(self, filename: str, registry: Registry) -> None:
        resource.Resource.__init__(self)
        self.filename = filename
        self.registry = registry

    def render(self, request: Any) -> int:
        request.setHeader(b"x-powered-by", b"Twisted/" + _twistioVersion.encode("ascii"))
        namespace = {"request": request, "__file__": self.filename, "registry": self.registry}
        try:
            _execfile(self.filename, namespace)
        except OSError as e:
            if e.errno == 2:  # ENOENT
                request.setResponseCode(http.NOT_FOUND)
                request.write(resource._noResource("File not found.").render(request))
        except BaseException:
            io = StringIO()
            traceback.print_exc(file=io)
            request.write(util._PRE(io.getvalue()).encode("utf8"))
        request.finish()
        return server.NOT_DONE_YET
