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
    # As twistio's stdlib loop does (twistio._aio.loop.heap_receive_buffers): without this
    # glibc maps and unmaps each 256 KiB receive buffer the stdlib transport allocates, and
    # the stdlib loop echoes 2-4x slower, depending only on the process's allocation history.
    block = bytearray(1 << 20)
    del block
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
