"""twisted.web.pages: simple, HTML-escaped error pages (errorPage, notFound, forbidden)."""

from __future__ import annotations

from typing import Any

from twistio.web import http
from twistio.web.resource import Resource

__name__ = "twisted.web.pages"

__all__ = ["errorPage", "forbidden", "notFound"]


class _ErrorPage(Resource):
    """A leaf answering every request with ``code`` and a small page (text escaped)."""

    def __init__(self, code: int, brief: str, detail: str) -> None:
        super().__init__()
        self._code = code
        self._brief = brief
        self._detail = detail

    def render(self, request: Any) -> Any:
        from twistio.web.template import renderElement, tags

        request.setResponseCode(self._code)
        request.setHeader(b"content-type", b"text/html; charset=utf-8")
        # renderElement writes the doctype, the page and finishes the request.
        return renderElement(
            request,
            tags.html(
                tags.head(tags.title(f"{self._code} - {self._brief}")),
                tags.body(tags.h1(self._brief), tags.p(self._detail)),
            ),
        )

    def getChild(self, path: bytes, request: Any) -> Resource:
        return self


def errorPage(code: int, brief: str, detail: str) -> _ErrorPage:
    """A resource answering ``code`` with ``brief`` and ``detail`` (escaped)."""
    return _ErrorPage(code, brief, detail)


def notFound(
    brief: str = "No Such Resource", message: str = "Sorry. No luck finding that resource."
) -> _ErrorPage:
    """A 404 page."""
    return _ErrorPage(http.NOT_FOUND, brief, message)


def forbidden(
    brief: str = "Forbidden Resource", message: str = "Sorry, resource is forbidden."
) -> _ErrorPage:
    """A 403 page."""
    return _ErrorPage(http.FORBIDDEN, brief, message)
