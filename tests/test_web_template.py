"""twisted.web.template: building, loading and flattening documents."""

from __future__ import annotations

from typing import Any

import pytest

from twistio.internet.defer import Deferred, succeed
from twistio.web._template_errors import FlattenerError, UnfilledSlot, UnsupportedType
from twistio.web.template import (
    CDATA,
    CharRef,
    Comment,
    Element,
    Tag,
    TagLoader,
    XMLString,
    flatten,
    flattenString,
    renderer,
    slot,
    tags,
)

T = 'xmlns:t="http://twistedmatrix.com/ns/twisted.web.template/0.1"'


def flat(root: Any) -> bytes:
    """Flatten ``root`` synchronously (every Deferred in it has fired)."""
    results: list[Any] = []
    flattenString(None, root).addBoth(results.append)
    assert len(results) == 1, "flattening did not finish synchronously"
    if isinstance(results[0], bytes):
        return results[0]
    results[0].raiseException()
    raise AssertionError("unreachable")


def test_text_and_attributes_are_escaped_for_their_context() -> None:
    """Content escapes & < >; attributes also escape the double quote."""
    assert flat(tags.p('a<b>&"c', title='"<&>')) == (
        b'<p title="&quot;&lt;&amp;&gt;">a&lt;b&gt;&amp;"c</p>'
    )


def test_tag_inside_attribute_is_escaped_so_it_parses_back() -> None:
    """A tag used as an attribute value is written as escaped markup."""
    assert flat(tags.img(alt=tags.b("x&y", id='"'))) == (
        b'<img alt="&lt;b id=&quot;&amp;quot;&quot;&gt;x&amp;amp;y&lt;/b&gt;" />'
    )


def test_void_and_non_void_empty_tags() -> None:
    """Void HTML elements self-close when empty; others get an end tag."""
    assert flat([tags.br(), tags.div(), tags.img(tags.b())]) == (
        b"<br /><div></div><img><b></b></img>"
    )


def test_comment_cdata_charref_and_unicode() -> None:
    """Special nodes are written in their XML forms, text as UTF-8."""
    assert flat([Comment("a-->b-"), CDATA("x]]>y"), CharRef(9731), "\N{SNOWMAN}"]) == (
        b"<!--a--&gt;b- -->"
        b"<![CDATA[x]]]]><![CDATA[>y]]>"
        b"&#9731;"
        b"\xe2\x98\x83"
    )


def test_slots_take_the_innermost_value_or_default() -> None:
    """A slot is filled by the nearest enclosing tag that fills it."""
    inner = tags.span(slot("a"), slot("b", default="dflt")).fillSlots(a="inner")
    outer = tags.div(inner, slot("a")).fillSlots(a="outer")
    assert flat(outer) == b"<div><span>innerdflt</span>outer</div>"


def test_unfilled_slot_and_unknown_type_fail_with_flattener_error() -> None:
    """Errors reach the caller wrapped in FlattenerError with the original inside."""
    for root, kind in [(tags.p(slot("x")), UnfilledSlot), (tags.p(object()), UnsupportedType)]:
        with pytest.raises(FlattenerError) as info:
            flat(root)
        assert isinstance(info.value._exception, kind)


def test_error_lists_the_roots_being_flattened() -> None:
    """The error message names the tags on the way to the failure."""
    with pytest.raises(FlattenerError) as info:
        flat(tags.div(tags.span(object())))
    text = str(info.value)
    assert text.startswith("Exception while flattening:\n  Tag <div>\n")
    assert "Tag <span>" in text


def test_deferreds_and_coroutines_are_waited_for_in_order() -> None:
    """Output follows document order whatever order the Deferreds fire in."""
    first: Deferred[str] = Deferred()
    second: Deferred[str] = Deferred()

    async def coro() -> str:
        return "c"

    chunks: list[bytes] = []
    done = flatten(None, ["a", first, "b", second, coro(), succeed("d")], chunks.append)
    second.callback("2")
    assert b"".join(chunks) == b"a"
    first.callback("1")
    results: list[object] = []
    done.addCallback(results.append)
    assert results == [None]
    assert b"".join(chunks) == b"a1b2cd"


def test_flattening_a_deferred_leaves_its_result() -> None:
    """The Deferred can be flattened twice; its own result is not consumed."""
    d = succeed("x")
    assert flat([d, d]) == b"xx"
    results: list[object] = []
    d.addCallback(results.append)
    assert results == ["x"]


def test_element_with_renderers_and_xml_loader() -> None:
    """An Element's template calls its render methods and fills slots."""

    class Page(Element):
        loader = XMLString(
            f'<ul {T}><li t:render="item"><t:slot name="n"/></li>'
            f'<t:transparent t:render="tail"/><t:attr name="x">y</t:attr></ul>'
        )

        @renderer
        def item(self, request: object, tag: Tag) -> object:
            return [tag.clone().fillSlots(n=str(i)) for i in range(3)]

        @renderer
        def tail(self, request: object, tag: Tag) -> object:
            return tag("end")

    assert flat(Page()) == b'<ul x="y"><li>0</li><li>1</li><li>2</li>end</ul>'


def test_xml_loader_keeps_prefixes_and_namespaces() -> None:
    """Foreign namespaces round-trip; the template namespace disappears."""
    source = b'<a:x a:k="v" xmlns:a="urn:a"><y xmlns="urn:b">t</y><!--c--></a:x>'
    assert flat(Element(XMLString(source))) == source


def test_tag_loader_and_clone_independence() -> None:
    """A clone has its own attributes and children."""
    tag = tags.p("x", id="1")
    copy = tag.clone()
    copy(id="2")("y")
    assert flat(Element(TagLoader(tag))) == b'<p id="1">x</p>'
    assert flat(copy) == b'<p id="2">xy</p>'


def test_large_output_is_chunked() -> None:
    """Synchronous output is handed over in buffer-sized pieces."""
    from twistio.web._flatten import BUFFER_SIZE

    chunks: list[bytes] = []
    flatten(None, ["a" * BUFFER_SIZE, "b"], chunks.append)
    assert chunks == [b"a" * BUFFER_SIZE, b"b"]
