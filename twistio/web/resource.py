"""twisted.web.resource: the resource tree (Resource, getChildForRequest, error pages)."""

from __future__ import annotations

import warnings
from typing import Any

from zope.interface import Attribute, Interface, implementer

from twistio.python.components import proxyForInterface
from twistio.python.versions import Version
from twistio.web._responses import FORBIDDEN, NOT_FOUND
from twistio.web.error import UnsupportedMethod

__name__ = "twisted.web.resource"

__all__ = [
    "EncodingResourceWrapper",
    "ErrorPage",
    "ForbiddenResource",
    "IResource",
    "NoResource",
    "Resource",
    "getChildForRequest",
]


class IResource(Interface):
    """A web resource: renders requests and finds children."""

    isLeaf = Attribute("If true, traversal stops here (the rest is in request.postpath).")

    def getChildWithDefault(name: Any, request: Any) -> Any:
        """The child called ``name`` (bytes), found statically or dynamically."""

    def putChild(path: Any, child: Any) -> Any:
        """Add a static child under the path segment ``path`` (bytes)."""

    def render(request: Any) -> Any:
        """Bytes for the response body, or NOT_DONE_YET."""


#: request method -> name of the render_* method answering it (a few methods are common).
_renderNames: dict[Any, str] = {}


def getChildForRequest(resource: Any, request: Any) -> Any:
    """Walk ``request.postpath`` down from ``resource`` until a leaf; return the resource
    reached (segments walked are moved to ``request.prepath``)."""
    while request.postpath and not resource.isLeaf:
        pathElement = request.postpath.pop(0)
        request.prepath.append(pathElement)
        resource = resource.getChildWithDefault(pathElement, request)
    return resource


def _computeAllowedMethods(resource: Any) -> list[bytes]:
    """The methods a resource renders, from its ``render_*`` methods (base classes first)."""
    names: list[str] = []
    for klass in reversed(type(resource).__mro__):
        for name in vars(klass):
            if name.startswith("render_") and callable(vars(klass)[name]):
                method = name[len("render_") :]
                if method and method not in names:
                    names.append(method)
    return [name.encode("ascii") for name in names]


@implementer(IResource)
class Resource:
    """A node of the resource tree.

    ``render`` dispatches to ``render_<METHOD>``; HEAD falls back to GET; an unknown
    method raises ``UnsupportedMethod`` with the methods it could have used.
    """

    entityType = IResource
    server: Any = None
    isLeaf: bool | int = 0

    def __init__(self) -> None:
        self.children: dict[bytes, Any] = {}

    def listStaticNames(self) -> list[bytes]:
        return list(self.children.keys())

    def listStaticEntities(self) -> list[tuple[bytes, Any]]:
        return list(self.children.items())

    def listNames(self) -> list[bytes]:
        return self.listStaticNames() + self.listDynamicNames()

    def listEntities(self) -> list[tuple[bytes, Any]]:
        return self.listStaticEntities() + self.listDynamicEntities()

    def listDynamicNames(self) -> list[bytes]:
        return []

    def listDynamicEntities(self, request: Any = None) -> list[tuple[bytes, Any]]:
        return []

    def getStaticEntity(self, name: bytes) -> Any:
        return self.children.get(name)

    def getDynamicEntity(self, name: bytes, request: Any) -> Any:
        if name not in self.children:
            return self.getChild(name, request)
        return None

    def delEntity(self, name: bytes) -> None:
        del self.children[name]

    def reallyPutEntity(self, name: bytes, entity: Any) -> None:
        self.children[name] = entity

    def getChild(self, path: bytes, request: Any) -> Any:
        """The dynamic child ``path``; by default a 404 page."""
        return _noResource()

    def getChildWithDefault(self, path: bytes, request: Any) -> Any:
        """A static child if there is one, else ``getChild``."""
        if path in self.children:
            return self.children[path]
        return self.getChild(path, request)

    def getChildForRequest(self, request: Any) -> Any:
        warnings.warn(
            "Please use module level getChildForRequest.", DeprecationWarning, stacklevel=2
        )
        return getChildForRequest(self, request)

    def putChild(self, path: bytes, child: Any) -> None:
        """Add ``child`` under the path segment ``path`` (bytes)."""
        if not isinstance(path, bytes):
            raise TypeError(f"Path segment must be bytes, but {path!r} is {type(path)}")
        self.children[path] = child
        # Twisted propagates the server reference down the tree.
        child.server = self.server

    def render(self, request: Any) -> Any:
        """Call ``render_<METHOD>``; ``UnsupportedMethod`` if there is none."""
        method = request.method
        name = _renderNames.get(method)
        if name is None:
            if isinstance(method, bytes):
                name = "render_" + method.decode("ascii", "replace")
            else:
                name = "render_" + method
            if len(_renderNames) < 64:
                _renderNames[method] = name
        m = getattr(self, name, None)
        if not m:
            try:
                allowedMethods = self.allowedMethods  # type: ignore[attr-defined]
            except AttributeError:
                allowedMethods = _computeAllowedMethods(self)
            raise UnsupportedMethod(allowedMethods)
        return m(request)

    def render_HEAD(self, request: Any) -> Any:
        """HEAD renders as GET (the server drops the body)."""
        return self.render_GET(request)  # type: ignore[attr-defined]


_ERROR_TEMPLATE = """
<html>
  <head><title>%(code)s - %(brief)s</title></head>
  <body>
    <h1>%(brief)s</h1>
    <p>%(detail)s</p>
  </body>
</html>
"""


class _UnsafeErrorPageBase(Resource):
    """An error page (not HTML-escaped: brief and detail are inserted as they are)."""

    template = _ERROR_TEMPLATE

    def __init__(self, status: int, brief: str, detail: str) -> None:
        Resource.__init__(self)
        self.code = status
        self.brief = brief
        self.detail = detail

    def render(self, request: Any) -> bytes:
        request.setResponseCode(self.code)
        request.setHeader(b"content-type", b"text/html; charset=utf-8")
        text = self.template % {"code": self.code, "brief": self.brief, "detail": self.detail}
        return text.encode("utf-8") if isinstance(text, str) else text

    def getChild(self, chnam: bytes, request: Any) -> Any:
        return self


def _deprecatedInit(cls: type, replacement: str) -> None:
    """Make constructing ``cls`` warn as Twisted's deprecated error pages do."""
    original = cls.__init__  # type: ignore[misc]
    message = (
        f"{cls.__module__}.{cls.__qualname__}.__init__ was deprecated in Twisted 22.10.0; "
        f"please use Use {replacement} instead, which properly escapes HTML. instead"
    )

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        warnings.warn(message, DeprecationWarning, stacklevel=2)
        original(self, *args, **kwargs)

    __init__.deprecatedVersion = Version("Twisted", 22, 10, 0)  # type: ignore[attr-defined]
    cls.__init__ = __init__  # type: ignore[misc]


class _UnsafeErrorPage(_UnsafeErrorPageBase):
    """Deprecated: use twisted.web.pages.errorPage."""


class _UnsafeNoResource(_UnsafeErrorPageBase):
    """A 404 page.  Deprecated: use twisted.web.pages.notFound."""

    def __init__(self, message: str = "Sorry. No luck finding that resource.") -> None:
        _UnsafeErrorPageBase.__init__(self, NOT_FOUND, "No Such Resource", message)


class _UnsafeForbiddenResource(_UnsafeErrorPageBase):
    """A 403 page.  Deprecated: use twisted.web.pages.forbidden."""

    def __init__(self, message: str = "Sorry, resource is forbidden.") -> None:
        _UnsafeErrorPageBase.__init__(self, FORBIDDEN, "Forbidden Resource", message)


_deprecatedInit(_UnsafeErrorPage, "twisted.web.pages.errorPage")
_deprecatedInit(_UnsafeNoResource, "twisted.web.pages.notFound")
_deprecatedInit(_UnsafeForbiddenResource, "twisted.web.pages.forbidden")


def _errorPage(status: int, brief: str, detail: str) -> _UnsafeErrorPage:
    """An error page made without the deprecation warning (for twistio's own use)."""
    page = _UnsafeErrorPage.__new__(_UnsafeErrorPage)
    _UnsafeErrorPageBase.__init__(page, status, brief, detail)
    return page


def _noResource(message: str = "Sorry. No luck finding that resource.") -> _UnsafeNoResource:
    page = _UnsafeNoResource.__new__(_UnsafeNoResource)
    _UnsafeErrorPageBase.__init__(page, NOT_FOUND, "No Such Resource", message)
    return page


def _forbiddenResource(message: str = "Sorry, resource is forbidden.") -> _UnsafeForbiddenResource:
    page = _UnsafeForbiddenResource.__new__(_UnsafeForbiddenResource)
    _UnsafeErrorPageBase.__init__(page, FORBIDDEN, "Forbidden Resource", message)
    return page


ErrorPage = _UnsafeErrorPage
NoResource = _UnsafeNoResource
ForbiddenResource = _UnsafeForbiddenResource


class _IEncodingResource(Interface):
    """A resource that may encode its responses (see EncodingResourceWrapper)."""

    def getEncoder(request: Any) -> Any:
        """An encoder for request, or None."""


@implementer(_IEncodingResource)
class EncodingResourceWrapper(proxyForInterface(IResource)):  # type: ignore[misc]
    """Wraps a resource so its responses are encoded (e.g. gzip) when the client
    accepts it; ``encoders`` are encoder factories tried in order."""

    def __init__(self, original: Any, encoders: list[Any]) -> None:
        super().__init__(original)
        self._encoders = encoders

    def getEncoder(self, request: Any) -> Any:
        for encoderFactory in self._encoders:
            encoder = encoderFactory.encoderForRequest(request)
            if encoder is not None:
                return encoder
        return None
