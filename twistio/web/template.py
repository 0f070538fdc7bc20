"""twisted.web.template: HTML templating with tags, slots, render methods and Elements.

Build documents with ``tags`` (``tags.p("hello", class_="x")``) or load them from XML with
``XMLString``/``XMLFile``; give them behaviour with an :class:`Element` and its ``@renderer``
methods; turn them into bytes with ``flatten``/``flattenString`` or ``renderElement``.
"""

from __future__ import annotations

from twistio.web._element import Element, renderer
from twistio.web._flatten import Flattenable, flatten, flattenString
from twistio.web._stan import CDATA, CharRef, Comment, Tag, slot
from twistio.web._template_util import (
    TEMPLATE_NAMESPACE,
    VALID_HTML_TAG_NAMES,
    TagLoader,
    XMLFile,
    XMLString,
    renderElement,
    tags,
)

__name__ = "twisted.web.template"

__all__ = [
    "TEMPLATE_NAMESPACE",
    "VALID_HTML_TAG_NAMES",
    "Element",
    "Flattenable",
    "TagLoader",
    "XMLString",
    "XMLFile",
    "renderer",
    "flatten",
    "flattenString",
    "tags",
    "Comment",
    "CDATA",
    "Tag",
    "slot",
    "CharRef",
    "renderElement",
]
