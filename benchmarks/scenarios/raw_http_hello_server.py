"""The practical limits for http_hello: an aiohttp server, or a bare httptools server.

``BENCH_RAW_SERVER=httptools`` picks the bare one: httptools (llhttp) parsing on an
asyncio Protocol, one canned keep-alive response per request, no framework at all; it is
the ceiling any Python HTTP server on this loop can reach.  Otherwise aiohttp answers.
Both run on uvloop or asyncio (``--loop``).
"""

import asyncio
import json
import os
import sys

from _bench import args

opts = args(0, max_seconds=60.0, loop="uvloop")
if opts.loop == "uvloop":
    import uvloop

    loop = uvloop.new_event_loop()
else:
    loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)


def serve_httptools():
    import httptools

    body = b"Hello, world!"
    response = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s" % (
        len(body),
        body,
    )
    close = response.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1)

    class Server(asyncio.Protocol):
        def connection_made(self, transport):
            self.transport = transport
            self.parser = httptools.HttpRequestParser(self)

        def data_received(self, data):
            try:
                self.parser.feed_data(data)
            except httptools.HttpParserError:
                self.transport.write(b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n")
                self.transport.close()

        def on_message_complete(self):
            if self.parser.should_keep_alive():
                self.transport.write(response)
            else:
                self.transport.write(close)
                self.transport.close()

    server = loop.run_until_complete(loop.create_server(Server, "127.0.0.1", 0))
    return server.sockets[0].getsockname()[1]


def serve_aiohttp():
    from aiohttp import web

    async def hello(request):
        return web.Response(body=b"Hello, world!", content_type="text/plain")

    app = web.Application()
    app.router.add_get("/", hello)
    runner = web.AppRunner(app, access_log=None)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    return site._server.sockets[0].getsockname()[1]


port = serve_httptools() if os.environ.get("BENCH_RAW_SERVER") == "httptools" else serve_aiohttp()
print(json.dumps({"port": port}))
sys.stdout.flush()
loop.call_later(opts.max_seconds, loop.stop)
loop.run_forever()
