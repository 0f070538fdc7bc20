"""A minimal keep-alive HTTP/1.1 server on plain asyncio, the target of the agent scenario.

Prints {"port": P} once listening on 127.0.0.1; answers every request with a short body;
stops by itself after --max-seconds.  Being plain asyncio, it is the same server whichever
implementation the client under test runs on.
"""

import asyncio
import json
import sys

BODY = b"Hello, world!"
RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nContent-Type: text/plain\r\n\r\n%s" % (
    len(BODY),
    BODY,
)


class Server(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buffer = b""

    def data_received(self, data):
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            # Requests in this scenario carry no body.
            self.buffer = self.buffer[end + 4 :]
            self.transport.write(RESPONSE)


async def main(max_seconds):
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Server, "127.0.0.1", 0)
    print(json.dumps({"port": server.sockets[0].getsockname()[1]}))
    sys.stdout.flush()
    await asyncio.sleep(max_seconds)
    server.close()


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1]) if len(sys.argv) > 1 else 120.0))
