"""A TCP echo server on raw uvloop, the target of the tcp_client_connect scenario.

Prints {"port": P} once listening on 127.0.0.1 and stops by itself after argv[1] seconds.  It
runs in its own process under the interpreter named by ``BENCH_TARGET_PYTHON`` (the runner
sets it to its own, which has uvloop), so every client implementation meets the same server,
on the other core.
"""

import asyncio
import json
import sys

try:
    import uvloop
except ImportError:  # run by hand without uvloop: the stdlib loop serves just the same
    uvloop = None


class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


loop = uvloop.new_event_loop() if uvloop is not None else asyncio.new_event_loop()
server = loop.run_until_complete(loop.create_server(Echo, "127.0.0.1", 0, backlog=1024))
print(json.dumps({"port": server.sockets[0].getsockname()[1]}))
sys.stdout.flush()
loop.call_later(float(sys.argv[1]), loop.stop)
loop.run_forever()
