"""UDP the classic way: a DatagramProtocol echo server and a connected UDP client."""

from _show import say
from twisted.internet import protocol, reactor


class Echo(protocol.DatagramProtocol):
    def startProtocol(self):
        say("server: started")

    def datagramReceived(self, data, addr):
        say("server: got", data, "from", addr[0])
        self.transport.write(data.upper(), addr)

    def stopProtocol(self):
        say("server: stopped")


class Client(protocol.DatagramProtocol):
    def __init__(self, port):
        self.port = port
        self.replies = []

    def startProtocol(self):
        self.transport.connect("127.0.0.1", self.port)
        say("client: connected")
        self.words = [b"one", b"two", b"three"]
        self.transport.write(self.words.pop(0))  # one at a time: the order is then fixed

    def datagramReceived(self, data, addr):
        self.replies.append(data)
        say("client: reply", data)
        if self.words:
            self.transport.write(self.words.pop(0))
        else:
            client_port.stopListening()
            server_port.stopListening().addCallback(lambda _: reactor.stop())


server_port = reactor.listenUDP(0, Echo(), interface="127.0.0.1")
host = server_port.getHost()
say("listening:", type(host).__name__, host.type, host.host)
client_port = reactor.listenUDP(0, Client(host.port), interface="127.0.0.1")
reactor.callLater(10, reactor.stop)
reactor.run()
say("reactor stopped")
