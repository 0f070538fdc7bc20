"""The classic twisted.web site: resources, a form, a 404, a deferred render; fetched with urllib."""

import urllib.error
import urllib.request

from _show import say
from twisted.internet import defer, reactor, threads
from twisted.web import resource, server


class Hello(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/plain; charset=utf-8")
        name = request.args.get(b"name", [b"world"])[0]
        return b"Hello, " + name + b"!"

    def render_POST(self, request):
        body = request.content.read()
        return b"posted " + str(len(body)).encode() + b" bytes: " + body


class Slow(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        def finish():
            request.write(b"later ")
            request.write(b"and done")
            request.finish()

        reactor.callLater(0.01, finish)
        return server.NOT_DONE_YET


root = resource.Resource()
root.putChild(b"hello", Hello())
root.putChild(b"slow", Slow())
site = server.Site(root)
site.noisy = False
site.log = lambda request: None  # the access log carries client ports and times
port = reactor.listenTCP(0, site, interface="127.0.0.1")
base = f"http://127.0.0.1:{port.getHost().port}"


def fetch(path, data=None, method=None):
    req = urllib.request.Request(base + path, data=data, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers.get("Content-Type"), resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), e.read()


@defer.inlineCallbacks
def main():
    for args in [
        ("/hello",),
        ("/hello?name=twistio",),
        ("/hello", b"a=1&b=2"),
        ("/slow",),
        ("/missing",),
        ("/hello", None, "DELETE"),
    ]:
        status, ctype, body = yield threads.deferToThread(fetch, *args)
        say(args[0], args[2] if len(args) > 2 else ("POST" if len(args) > 1 else "GET"))
        say("  ", status, ctype)
        say("  ", body)
    reactor.stop()


reactor.callWhenRunning(main)
reactor.run()
