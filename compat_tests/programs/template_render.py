"""twisted.web.template: an Element with renderers and slots, stan tags, quoting, a Deferred."""

from _show import say
from twisted.internet import defer, reactor
from twisted.web.template import Element, XMLString, flattenString, renderer, tags

TEMPLATE = XMLString(
    """<div xmlns:t="http://twistedmatrix.com/ns/twisted.web.template/0.1" class="page" t:render="page">
  <h1><t:slot name="title" /></h1>
  <ul t:render="items"><li t:render="item"><t:slot name="name" /> = <t:slot name="value" /></li></ul>
  <p t:render="later" />
  <t:transparent t:render="quoted" />
</div>"""
)


class Page(Element):
    loader = TEMPLATE

    def __init__(self, title, items):
        super().__init__()
        self.title = title
        self.rows = items

    @renderer
    def page(self, request, tag):
        return tag.fillSlots(title=self.title)

    @renderer
    def items(self, request, tag):
        return tag

    @renderer
    def item(self, request, tag):
        for name, value in self.rows:
            yield tag.clone().fillSlots(name=name, value=str(value))

    @renderer
    def later(self, request, tag):
        d = defer.Deferred()
        reactor.callLater(0, d.callback, tag("filled later"))
        return d

    @renderer
    def quoted(self, request, tag):
        return tags.span('<script>alert("x") & more</script>', title='a "quoted" <attr>')


@defer.inlineCallbacks
def main():
    page = Page("Classic & <Title>", [("one", 1), ("two", 2.5), ("three", None)])
    html = yield flattenString(None, page)
    say(html.decode())
    try:
        yield flattenString(None, tags.p(object()))
    except Exception as e:
        say("unflattenable:", type(e).__name__)
    html = yield flattenString(
        None, tags.html(tags.body(tags.p("stan ", tags.b("bold"), class_="x")))
    )
    say(html.decode())
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
