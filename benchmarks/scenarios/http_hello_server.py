"""twisted.web hello-world server for the http_hello scenario; prints {"port": P} once listening.

A leaf Resource answering every GET with a short text body.  The Site is Twisted's default
one, so each request also writes its access line to the legacy log (held in the log
beginner's buffer until logging starts), on Twisted and twistio alike.  127.0.0.1 only;
stops after --max-seconds.
"""

from _bench import args, choose_reactor, serve

choose_reactor()

from twisted.web import resource, server  # noqa: E402


class Hello(resource.Resource):
    isLeaf = True

    def render_GET(self, request):
        request.setHeader(b"content-type", b"text/plain")
        return b"Hello, world!"


opts = args(0, max_seconds=60.0)
site = server.Site(Hello())
serve(site, opts.max_seconds)
