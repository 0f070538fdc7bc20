"""The practical limit for tcp_echo: an asyncio.Protocol echo server on uvloop or asyncio."""

import asyncio
import json
import sys

from _bench import args

opts = args(0, max_seconds=60.0, loop="uvloop")
if opts.loop == "uvloop":
    import uvloop

    loop = uvloop.new_event_loop()
else:
    loop = asyncio.new_event_loop()


class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


server = loop.run_until_complete(loop.create_server(Echo, "127.0.0.1", 0))
print(json.dumps({"port": server.sockets[0].getsockname()[1]}))
sys.stdout.flush()
loop.call_later(opts.max_seconds, loop.stop)
loop.run_forever()
