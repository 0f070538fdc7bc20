"""The document model of twisted.web.template: tags, slots, comments, CDATA, character refs.

These are plain data holders; turning them into bytes is the job of ``twistio.web._flatten``.
"""

from __future__ import annotations

import warnings
from inspect import iscoroutine, isgenerator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twistio.web._flatten import Flattenable

__name__ = "twisted.web._stan"

#: Tag names serialised as ``<name />`` when they have no children.
voidElements = (
    "img",
    "br",
    "hr",
    "base",
    "meta",
    "link",
    "param",
    "area",
    "input",
    "col",
    "basefont",
    "isindex",
    "frame",
    "command",
    "embed",
    "keygen",
    "source",
    "track",
    "wbs",
)


class slot:
    """A named hole in a template, filled by :meth:`Tag.fillSlots` on an enclosing tag.

    When flattened with no enclosing tag supplying ``name``, ``default`` is used; with no default
    either, flattening fails with ``UnfilledSlot``.
    """

    def __init__(
        self,
        name: str,
        default: Flattenable | None = None,
        filename: str | None = None,
        lineNumber: int | None = None,
        columnNumber: int | None = None,
    ) -> None:
        self.name = name
        self.children: list[Tag] = []
        self.default = default
        self.filename = filename
        self.lineNumber = lineNumber
        self.columnNumber = columnNumber

    def __repr__(self) -> str:
        return (
            f"slot(name={self.name!r}, children={self.children!r}, default={self.default!r}, "
            f"filename={self.filename!r}, lineNumber={self.lineNumber!r}, "
            f"columnNumber={self.columnNumber!r})"
        )


class Tag:
    """An element of the document: a name, attributes, children, and an optional renderer.

    A tag whose ``tagName`` is empty is *transparent*: only its children are written.  Calling a
    tag appends children and sets attributes (a trailing underscore is dropped from keyword
    names, so ``class_`` sets ``class``; ``render`` sets the renderer name) and returns the tag.
    Tags compare by identity.
    """

    slotData: dict[str, Flattenable] | None

    def __init__(
        self,
        tagName: bytes | str,
        attributes: dict[bytes | str, Flattenable] | None = None,
        children: list[Flattenable] | None = None,
        render: str | None = None,
        filename: str | None = None,
        lineNumber: int | None = None,
        columnNumber: int | None = None,
    ) -> None:
        self.tagName = tagName
        self.attributes: dict[bytes | str, Flattenable] = {} if attributes is None else attributes
        self.children: list[Flattenable] = [] if children is None else children
        self.render = render
        self.filename = filename
        self.lineNumber = lineNumber
        self.columnNumber = columnNumber
        self.slotData = None

    def fillSlots(self, **slots: Flattenable) -> Tag:
        """Give values to the slots named in ``slots`` for every descendant; return this tag."""
        if self.slotData is None:
            self.slotData = {}
        self.slotData.update(slots)
        return self

    def __call__(self, *children: Flattenable, **kw: Flattenable) -> Tag:
        """Append ``children`` and set the attributes in ``kw``; return this tag."""
        self.children.extend(children)
        for key, value in kw.items():
            if key[-1:] == "_":
                key = key[:-1]
            if key == "render":
                if not isinstance(value, str):
                    raise TypeError(f'Value for "render" attribute must be str, got {value!r}')
                self.render = value
            else:
                self.attributes[key] = value
        return self

    def clone(self, deep: bool = True) -> Tag:
        """Return a copy of this tag.

        The copy has its own attribute dict, child list and slot data.  With ``deep`` true, child
        tags and lists are copied too, recursively; otherwise the copy shares them.
        """
        new = Tag(
            self.tagName,
            attributes=self.attributes.copy(),
            children=[_cloneChild(child, deep) for child in self.children],
            render=self.render,
            filename=self.filename,
            lineNumber=self.lineNumber,
            columnNumber=self.columnNumber,
        )
        if self.slotData is not None:
            new.slotData = self.slotData.copy()
        return new

    def clear(self) -> Tag:
        """Remove every child (attributes stay); return this tag."""
        self.children = []
        return self

    def __repr__(self) -> str:
        extra = ""
        if self.attributes:
            extra += f", attributes={self.attributes!r}"
        if self.children:
            extra += f", children={self.children!r}"
        return f"Tag({self.tagName!r}{extra})"


def _cloneChild(obj: Any, deep: bool) -> Any:
    """Copy one child for :meth:`Tag.clone`: tags and lists when ``deep``, others as they are."""
    if isgenerator(obj):
        # A generator can be consumed only once, so the clone and the original compete for it.
        warnings.warn(
            "Cloning a Tag which contains a generator is unsafe, "
            "since the generator can be consumed only once; "
            "this is deprecated since Twisted 21.7.0 and will raise "
            "an exception in the future",
            DeprecationWarning,
            stacklevel=2,
        )
        return obj
    if iscoroutine(obj):
        warnings.warn(
            "Cloning a Tag which contains a coroutine is unsafe, "
            "since the coroutine can run only once; "
            "this is deprecated since Twisted 21.7.0 and will raise "
            "an exception in the future",
            DeprecationWarning,
            stacklevel=2,
        )
        return obj
    if not deep:
        return obj
    if isinstance(obj, Tag):
        return obj.clone(deep=True)
    if isinstance(obj, list):
        return [_cloneChild(item, deep) for item in obj]
    return obj


class CDATA:
    """A CDATA section holding ``data`` (written unescaped; ``]]>`` inside is split safely)."""

    def __init__(self, data: str) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"CDATA({self.data!r})"


class Comment:
    """An XML comment holding ``data`` (a ``-->`` inside is defused when written)."""

    def __init__(self, data: str) -> None:
        self.data = data

    def __repr__(self) -> str:
        return f"Comment({self.data!r})"


class CharRef:
    """A numeric character reference, written ``&#ordinal;``."""

    def __init__(self, ordinal: int) -> None:
        self.ordinal = ordinal

    def __repr__(self) -> str:
        return f"CharRef({self.ordinal!r})"


def _publishUnderTwistedName() -> None:
    # Code (Twisted's own tests among it) looks this module up as sys.modules[Tag.__module__];
    # with the alias on, make that name resolve even if nobody imported it as twisted.web._stan.
    import sys

    from twistio import _alias

    _alias.publish("twistio.web._stan", sys.modules["twistio.web._stan"])


_publishUnderTwistedName()
