"""The classic echo server: every byte received is sent back.

    twistio run docs/examples/echoserv.py [port]      (default port 8000)

Try it with ``nc 127.0.0.1 8000`` or with echoclient.py.
"""

import sys

from twisted.internet import reactor
from twisted.internet.protocol import Factory, Protocol


class Echo(Protocol):
    def dataReceived(self, data):
        """As soon as any data is received, write it back."""
        self.transport.write(data)


def main(argv):
    port = int(argv[1]) if len(argv) > 1 else 8000
    factory = Factory()
    factory.protocol = Echo
    listening = reactor.listenTCP(port, factory)
    print(f"Echo server listening on port {listening.getHost().port}", flush=True)
    reactor.run()


if __name__ == "__main__":
    main(sys.argv)
