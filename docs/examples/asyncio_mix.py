"""Twisted code and asyncio code in one program, on one event loop.

Run with:  twistio run docs/examples/asyncio_mix.py

- asyncio.run() starts the loop; `await reactor.run()` runs the Twisted reactor on it.
- An asyncio task awaits a Deferred; an inlineCallbacks function yields an asyncio coroutine.
- A Twisted TCP echo server is reached by asyncio's own stream client.
"""

import asyncio

from twisted.internet import defer, protocol, reactor, task


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


@defer.inlineCallbacks
def twisted_side(port):
    # A coroutine (or an asyncio Future) can be yielded where a Deferred can.
    reader, writer = yield defer.Deferred.fromCoroutine(
        asyncio.open_connection("127.0.0.1", port)
    )
    writer.write(b"hello through an asyncio stream\n")
    line = yield defer.Deferred.fromCoroutine(reader.readline())
    writer.close()
    return line.decode().strip()


async def asyncio_side(port):
    # A Deferred is awaitable inside an asyncio task.
    echoed = await twisted_side(port)
    print("echoed:", echoed)
    slept = await task.deferLater(reactor, 0.01, lambda: "deferLater fired")
    print(slept)
    reactor.stop()


async def main():
    factory = protocol.ServerFactory.forProtocol(Echo)
    port = reactor.listenTCP(0, factory, interface="127.0.0.1")
    number = port.getHost().port
    asyncio.get_running_loop().create_task(asyncio_side(number))
    await reactor.run()  # returns once reactor.stop() has run the shutdown triggers
    print("reactor stopped; asyncio.run returns")


asyncio.run(main())
