"""twisted.web.template: flatten a 100-row table page (Element, renderers, slots) n times."""

from _bench import args, timed
from twisted.web.template import Element, XMLString, flattenString, renderer

TEMPLATE = XMLString(
    '<html xmlns:t="http://twistedmatrix.com/ns/twisted.web.template/0.1"><body>'
    '<h1 t:render="title" /><table>'
    '<tr t:render="rows"><td><t:slot name="name"/></td><td class="n"><t:slot name="n"/></td>'
    '<td><a><t:attr name="href">/item/<t:slot name="n"/></t:attr>link &amp; more</a></td></tr>'
    "</table></body></html>"
)


class Page(Element):
    loader = TEMPLATE

    @renderer
    def title(self, request, tag):
        return tag("Items & things")

    @renderer
    def rows(self, request, tag):
        for i in range(100):
            yield tag.clone().fillSlots(name=f"row <{i}>", n=str(i))


def run(n):
    results = []
    for _ in range(n):
        flattenString(None, Page()).addBoth(results.append)
    assert all(isinstance(r, bytes) for r in results), results[:1]


timed(run, args(300).n)
