"""twisted.internet.interfaces: the zope interfaces of Twisted's networking core.

Each interface carries the names, attributes and method signatures that Twisted declares, so that
``verifyObject``/``verifyClass`` and ``providedBy`` checks written against Twisted work unchanged.
Method contracts are those of Twisted's documentation of the same interface; arguments are typed
loosely (``Any``) on purpose, so that implementations may narrow them.
"""

from __future__ import annotations

from typing import Any, NewType

from zope.interface import Attribute, Interface

__name__ = "twisted.internet.interfaces"


class _Binding:
    """Where and how to bind a socket locally (made by ``twisted.internet.tcp.makeBinding``).

    An immutable value: equal when all four fields are.
    """

    __slots__ = ("_address", "_port", "_reuseAddress", "_reusePort")
    _address: str | bytes | None
    _port: int
    _reuseAddress: bool
    _reusePort: bool

    def __init__(
        self,
        _address: str | bytes | None = None,
        _port: int = 0,
        _reuseAddress: bool = False,
        _reusePort: bool = False,
    ) -> None:
        values = (_address, _port, _reuseAddress, _reusePort)
        for name, value in zip(self.__slots__, values, strict=True):
            object.__setattr__(self, name, value)

    def _fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Binding)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        fields = zip(self.__slots__, self._fields(), strict=True)
        parts = ", ".join(f"{name}={value!r}" for name, value in fields)
        return f"_Binding({parts})"


#: Opaque type naming a binding, as in Twisted.
Binding = NewType("Binding", _Binding)


class IAddress(Interface):
    """Twisted's ``IAddress`` (see its documentation)."""


class IConnector(Interface):
    """Twisted's ``IConnector`` (see its documentation)."""

    def stopConnecting() -> Any:
        """``IConnector.stopConnecting``."""

    def disconnect() -> Any:
        """``IConnector.disconnect``."""

    def connect() -> Any:
        """``IConnector.connect``."""

    def getDestination() -> Any:
        """``IConnector.getDestination``."""


class IResolverSimple(Interface):
    """Twisted's ``IResolverSimple`` (see its documentation)."""

    def getHostByName(name: Any, timeout: Any = ()) -> Any:
        """``IResolverSimple.getHostByName``."""


class IHostResolution(Interface):
    """Twisted's ``IHostResolution`` (see its documentation)."""

    name = Attribute("``IHostResolution.name``.")

    def cancel() -> Any:
        """``IHostResolution.cancel``."""


class IResolutionReceiver(Interface):
    """Twisted's ``IResolutionReceiver`` (see its documentation)."""

    def resolutionBegan(resolutionInProgress: Any) -> Any:
        """``IResolutionReceiver.resolutionBegan``."""

    def addressResolved(address: Any) -> Any:
        """``IResolutionReceiver.addressResolved``."""

    def resolutionComplete() -> Any:
        """``IResolutionReceiver.resolutionComplete``."""


class IHostnameResolver(Interface):
    """Twisted's ``IHostnameResolver`` (see its documentation)."""

    def resolveHostName(
        resolutionReceiver: Any,
        hostName: Any,
        portNumber: Any = 0,
        addressTypes: Any = None,
        transportSemantics: Any = "TCP",
    ) -> Any:
        """``IHostnameResolver.resolveHostName``."""


class IResolver(IResolverSimple):
    """Twisted's ``IResolver`` (see its documentation)."""

    def query(query: Any, timeout: Any) -> Any:
        """``IResolver.query``."""

    def lookupAddress(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupAddress``."""

    def lookupAddress6(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupAddress6``."""

    def lookupIPV6Address(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupIPV6Address``."""

    def lookupMailExchange(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupMailExchange``."""

    def lookupNameservers(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupNameservers``."""

    def lookupCanonicalName(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupCanonicalName``."""

    def lookupMailBox(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupMailBox``."""

    def lookupMailGroup(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupMailGroup``."""

    def lookupMailRename(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupMailRename``."""

    def lookupPointer(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupPointer``."""

    def lookupAuthority(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupAuthority``."""

    def lookupNull(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupNull``."""

    def lookupWellKnownServices(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupWellKnownServices``."""

    def lookupHostInfo(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupHostInfo``."""

    def lookupMailboxInfo(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupMailboxInfo``."""

    def lookupText(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupText``."""

    def lookupResponsibility(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupResponsibility``."""

    def lookupAFSDatabase(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupAFSDatabase``."""

    def lookupService(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupService``."""

    def lookupAllRecords(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupAllRecords``."""

    def lookupSenderPolicy(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupSenderPolicy``."""

    def lookupNamingAuthorityPointer(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupNamingAuthorityPointer``."""

    def lookupZone(name: Any, timeout: Any) -> Any:
        """``IResolver.lookupZone``."""


class IReactorTCP(Interface):
    """Twisted's ``IReactorTCP`` (see its documentation)."""

    def listenTCP(port: Any, factory: Any, backlog: Any = 50, interface: Any = "") -> Any:
        """``IReactorTCP.listenTCP``."""

    def connectTCP(
        host: Any, port: Any, factory: Any, timeout: Any = 30.0, bindAddress: Any = None
    ) -> Any:
        """``IReactorTCP.connectTCP``."""


class IReactorTCP2(IReactorTCP):
    """Twisted's ``IReactorTCP2`` (see its documentation)."""

    def listenTCP(port: Any, factory: Any, backlog: Any = 50, interface: Any = None) -> Any:
        """``IReactorTCP2.listenTCP``."""

    def connectTCP(
        host: Any, port: Any, factory: Any, timeout: Any = 30.0, bindAddress: Any = None
    ) -> Any:
        """``IReactorTCP2.connectTCP``."""


class IReactorSSL(Interface):
    """Twisted's ``IReactorSSL`` (see its documentation)."""

    def connectSSL(
        host: Any, port: Any, factory: Any, contextFactory: Any, timeout: Any, bindAddress: Any
    ) -> Any:
        """``IReactorSSL.connectSSL``."""

    def listenSSL(
        port: Any, factory: Any, contextFactory: Any, backlog: Any = 50, interface: Any = ""
    ) -> Any:
        """``IReactorSSL.listenSSL``."""


class IReactorUNIX(Interface):
    """Twisted's ``IReactorUNIX`` (see its documentation)."""

    def connectUNIX(address: Any, factory: Any, timeout: Any = 30, checkPID: Any = False) -> Any:
        """``IReactorUNIX.connectUNIX``."""

    def listenUNIX(
        address: Any, factory: Any, backlog: Any = 50, mode: Any = 438, wantPID: Any = False
    ) -> Any:
        """``IReactorUNIX.listenUNIX``."""


class IReactorUNIXDatagram(Interface):
    """Twisted's ``IReactorUNIXDatagram`` (see its documentation)."""

    def connectUNIXDatagram(
        address: Any, protocol: Any, maxPacketSize: Any, mode: Any, bindAddress: Any
    ) -> Any:
        """``IReactorUNIXDatagram.connectUNIXDatagram``."""

    def listenUNIXDatagram(address: Any, protocol: Any, maxPacketSize: Any, mode: Any) -> Any:
        """``IReactorUNIXDatagram.listenUNIXDatagram``."""


class IReactorWin32Events(Interface):
    """Twisted's ``IReactorWin32Events`` (see its documentation)."""

    def addEvent(event: Any, fd: Any, action: Any) -> Any:
        """``IReactorWin32Events.addEvent``."""

    def removeEvent(event: Any) -> Any:
        """``IReactorWin32Events.removeEvent``."""


class IReactorUDP(Interface):
    """Twisted's ``IReactorUDP`` (see its documentation)."""

    def listenUDP(port: Any, protocol: Any, interface: Any, maxPacketSize: Any) -> Any:
        """``IReactorUDP.listenUDP``."""


class IReactorMulticast(Interface):
    """Twisted's ``IReactorMulticast`` (see its documentation)."""

    def listenMulticast(
        port: Any,
        protocol: Any,
        interface: Any = "",
        maxPacketSize: Any = 8192,
        listenMultiple: Any = False,
    ) -> Any:
        """``IReactorMulticast.listenMulticast``."""


class IReactorSocket(Interface):
    """Twisted's ``IReactorSocket`` (see its documentation)."""

    def adoptStreamPort(fileDescriptor: Any, addressFamily: Any, factory: Any) -> Any:
        """``IReactorSocket.adoptStreamPort``."""

    def adoptStreamConnection(fileDescriptor: Any, addressFamily: Any, factory: Any) -> Any:
        """``IReactorSocket.adoptStreamConnection``."""

    def adoptDatagramPort(
        fileDescriptor: Any, addressFamily: Any, protocol: Any, maxPacketSize: Any
    ) -> Any:
        """``IReactorSocket.adoptDatagramPort``."""


class IReactorProcess(Interface):
    """Twisted's ``IReactorProcess`` (see its documentation)."""

    def spawnProcess(
        processProtocol: Any,
        executable: Any,
        args: Any,
        env: Any = None,
        path: Any = None,
        uid: Any = None,
        gid: Any = None,
        usePTY: Any = False,
        childFDs: Any = None,
    ) -> Any:
        """``IReactorProcess.spawnProcess``."""


class IReactorTime(Interface):
    """Twisted's ``IReactorTime`` (see its documentation)."""

    def seconds() -> Any:
        """``IReactorTime.seconds``."""

    def callLater(delay: Any, callable: Any, /, *args: Any, **kwargs: Any) -> Any:
        """``IReactorTime.callLater``."""

    def getDelayedCalls() -> Any:
        """``IReactorTime.getDelayedCalls``."""


class IDelayedCall(Interface):
    """Twisted's ``IDelayedCall`` (see its documentation)."""

    def getTime() -> Any:
        """``IDelayedCall.getTime``."""

    def cancel() -> Any:
        """``IDelayedCall.cancel``."""

    def delay(secondsLater: Any) -> Any:
        """``IDelayedCall.delay``."""

    def reset(secondsFromNow: Any) -> Any:
        """``IDelayedCall.reset``."""

    def active() -> Any:
        """``IDelayedCall.active``."""


class IReactorFromThreads(Interface):
    """Twisted's ``IReactorFromThreads`` (see its documentation)."""

    def callFromThread(callable: Any, /, *args: Any, **kwargs: Any) -> Any:
        """``IReactorFromThreads.callFromThread``."""


class IReactorInThreads(Interface):
    """Twisted's ``IReactorInThreads`` (see its documentation)."""

    def callInThread(callable: Any, /, *args: Any, **kwargs: Any) -> Any:
        """``IReactorInThreads.callInThread``."""


class IReactorThreads(IReactorFromThreads, IReactorInThreads):
    """Twisted's ``IReactorThreads`` (see its documentation)."""

    def getThreadPool() -> Any:
        """``IReactorThreads.getThreadPool``."""

    def suggestThreadPoolSize(size: Any) -> Any:
        """``IReactorThreads.suggestThreadPoolSize``."""


class IReactorCore(Interface):
    """Twisted's ``IReactorCore`` (see its documentation)."""

    running = Attribute("``IReactorCore.running``.")

    def resolve(name: Any, timeout: Any = (1, 3, 11, 45)) -> Any:
        """``IReactorCore.resolve``."""

    def run() -> Any:
        """``IReactorCore.run``."""

    def stop() -> Any:
        """``IReactorCore.stop``."""

    def crash() -> Any:
        """``IReactorCore.crash``."""

    def iterate(delay: Any) -> Any:
        """``IReactorCore.iterate``."""

    def fireSystemEvent(eventType: Any) -> Any:
        """``IReactorCore.fireSystemEvent``."""

    def addSystemEventTrigger(
        phase: Any, eventType: Any, callable: Any, /, *args: Any, **kwargs: Any
    ) -> Any:
        """``IReactorCore.addSystemEventTrigger``."""

    def removeSystemEventTrigger(triggerID: Any) -> Any:
        """``IReactorCore.removeSystemEventTrigger``."""

    def callWhenRunning(callable: Any, /, *args: Any, **kwargs: Any) -> Any:
        """``IReactorCore.callWhenRunning``."""


class IReactorPluggableResolver(Interface):
    """Twisted's ``IReactorPluggableResolver`` (see its documentation)."""

    def installResolver(resolver: Any) -> Any:
        """``IReactorPluggableResolver.installResolver``."""


class IReactorPluggableNameResolver(Interface):
    """Twisted's ``IReactorPluggableNameResolver`` (see its documentation)."""

    nameResolver = Attribute("``IReactorPluggableNameResolver.nameResolver``.")

    def installNameResolver(resolver: Any) -> Any:
        """``IReactorPluggableNameResolver.installNameResolver``."""


class IReactorDaemonize(Interface):
    """Twisted's ``IReactorDaemonize`` (see its documentation)."""

    def beforeDaemonize() -> Any:
        """``IReactorDaemonize.beforeDaemonize``."""

    def afterDaemonize() -> Any:
        """``IReactorDaemonize.afterDaemonize``."""


class IReactorFDSet(Interface):
    """Twisted's ``IReactorFDSet`` (see its documentation)."""

    def addReader(reader: Any) -> Any:
        """``IReactorFDSet.addReader``."""

    def addWriter(writer: Any) -> Any:
        """``IReactorFDSet.addWriter``."""

    def removeReader(reader: Any) -> Any:
        """``IReactorFDSet.removeReader``."""

    def removeWriter(writer: Any) -> Any:
        """``IReactorFDSet.removeWriter``."""

    def removeAll() -> Any:
        """``IReactorFDSet.removeAll``."""

    def getReaders() -> Any:
        """``IReactorFDSet.getReaders``."""

    def getWriters() -> Any:
        """``IReactorFDSet.getWriters``."""


class IListeningPort(Interface):
    """Twisted's ``IListeningPort`` (see its documentation)."""

    def startListening() -> Any:
        """``IListeningPort.startListening``."""

    def stopListening() -> Any:
        """``IListeningPort.stopListening``."""

    def getHost() -> Any:
        """``IListeningPort.getHost``."""


class ILoggingContext(Interface):
    """Twisted's ``ILoggingContext`` (see its documentation)."""

    def logPrefix() -> Any:
        """``ILoggingContext.logPrefix``."""


class IFileDescriptor(ILoggingContext):
    """Twisted's ``IFileDescriptor`` (see its documentation)."""

    def fileno() -> Any:
        """``IFileDescriptor.fileno``."""

    def connectionLost(reason: Any) -> Any:
        """``IFileDescriptor.connectionLost``."""


class IReadDescriptor(IFileDescriptor):
    """Twisted's ``IReadDescriptor`` (see its documentation)."""

    def doRead() -> Any:
        """``IReadDescriptor.doRead``."""


class IWriteDescriptor(IFileDescriptor):
    """Twisted's ``IWriteDescriptor`` (see its documentation)."""

    def doWrite() -> Any:
        """``IWriteDescriptor.doWrite``."""


class IReadWriteDescriptor(IReadDescriptor, IWriteDescriptor):
    """Twisted's ``IReadWriteDescriptor`` (see its documentation)."""


class IHalfCloseableDescriptor(Interface):
    """Twisted's ``IHalfCloseableDescriptor`` (see its documentation)."""

    def writeConnectionLost(reason: Any) -> Any:
        """``IHalfCloseableDescriptor.writeConnectionLost``."""

    def readConnectionLost(reason: Any) -> Any:
        """``IHalfCloseableDescriptor.readConnectionLost``."""


class ISystemHandle(Interface):
    """Twisted's ``ISystemHandle`` (see its documentation)."""

    def getHandle() -> Any:
        """``ISystemHandle.getHandle``."""


class IConsumer(Interface):
    """Twisted's ``IConsumer`` (see its documentation)."""

    def registerProducer(producer: Any, streaming: Any) -> Any:
        """``IConsumer.registerProducer``."""

    def unregisterProducer() -> Any:
        """``IConsumer.unregisterProducer``."""

    def write(data: Any) -> Any:
        """``IConsumer.write``."""


class IProducer(Interface):
    """Twisted's ``IProducer`` (see its documentation)."""

    def stopProducing() -> Any:
        """``IProducer.stopProducing``."""


class IPushProducer(IProducer):
    """Twisted's ``IPushProducer`` (see its documentation)."""

    def pauseProducing() -> Any:
        """``IPushProducer.pauseProducing``."""

    def resumeProducing() -> Any:
        """``IPushProducer.resumeProducing``."""


class IPullProducer(IProducer):
    """Twisted's ``IPullProducer`` (see its documentation)."""

    def resumeProducing() -> Any:
        """``IPullProducer.resumeProducing``."""


class IProtocol(Interface):
    """Twisted's ``IProtocol`` (see its documentation)."""

    def dataReceived(data: Any) -> Any:
        """``IProtocol.dataReceived``."""

    def connectionLost(reason: Any) -> Any:
        """``IProtocol.connectionLost``."""

    def makeConnection(transport: Any) -> Any:
        """``IProtocol.makeConnection``."""

    def connectionMade() -> Any:
        """``IProtocol.connectionMade``."""


class IProcessProtocol(Interface):
    """Twisted's ``IProcessProtocol`` (see its documentation)."""

    def makeConnection(process: Any) -> Any:
        """``IProcessProtocol.makeConnection``."""

    def childDataReceived(childFD: Any, data: Any) -> Any:
        """``IProcessProtocol.childDataReceived``."""

    def childConnectionLost(childFD: Any) -> Any:
        """``IProcessProtocol.childConnectionLost``."""

    def processExited(reason: Any) -> Any:
        """``IProcessProtocol.processExited``."""

    def processEnded(reason: Any) -> Any:
        """``IProcessProtocol.processEnded``."""


class IHalfCloseableProtocol(Interface):
    """Twisted's ``IHalfCloseableProtocol`` (see its documentation)."""

    def readConnectionLost() -> Any:
        """``IHalfCloseableProtocol.readConnectionLost``."""

    def writeConnectionLost() -> Any:
        """``IHalfCloseableProtocol.writeConnectionLost``."""


class IHandshakeListener(Interface):
    """Twisted's ``IHandshakeListener`` (see its documentation)."""

    def handshakeCompleted() -> Any:
        """``IHandshakeListener.handshakeCompleted``."""


class IFileDescriptorReceiver(Interface):
    """Twisted's ``IFileDescriptorReceiver`` (see its documentation)."""

    def fileDescriptorReceived(descriptor: Any) -> Any:
        """``IFileDescriptorReceiver.fileDescriptorReceived``."""


class IProtocolFactory(Interface):
    """Twisted's ``IProtocolFactory`` (see its documentation)."""

    def buildProtocol(addr: Any) -> Any:
        """``IProtocolFactory.buildProtocol``."""

    def doStart() -> Any:
        """``IProtocolFactory.doStart``."""

    def doStop() -> Any:
        """``IProtocolFactory.doStop``."""


class ITransport(Interface):
    """Twisted's ``ITransport`` (see its documentation)."""

    def write(data: Any) -> Any:
        """``ITransport.write``."""

    def writeSequence(data: Any) -> Any:
        """``ITransport.writeSequence``."""

    def loseConnection() -> Any:
        """``ITransport.loseConnection``."""

    def getPeer() -> Any:
        """``ITransport.getPeer``."""

    def getHost() -> Any:
        """``ITransport.getHost``."""


class ITCPTransport(ITransport):
    """Twisted's ``ITCPTransport`` (see its documentation)."""

    def loseWriteConnection() -> Any:
        """``ITCPTransport.loseWriteConnection``."""

    def abortConnection() -> Any:
        """``ITCPTransport.abortConnection``."""

    def getTcpNoDelay() -> Any:
        """``ITCPTransport.getTcpNoDelay``."""

    def setTcpNoDelay(enabled: Any) -> Any:
        """``ITCPTransport.setTcpNoDelay``."""

    def getTcpKeepAlive() -> Any:
        """``ITCPTransport.getTcpKeepAlive``."""

    def setTcpKeepAlive(enabled: Any) -> Any:
        """``ITCPTransport.setTcpKeepAlive``."""

    def getHost() -> Any:
        """``ITCPTransport.getHost``."""

    def getPeer() -> Any:
        """``ITCPTransport.getPeer``."""


class IUNIXTransport(ITransport):
    """Twisted's ``IUNIXTransport`` (see its documentation)."""

    def sendFileDescriptor(descriptor: Any) -> Any:
        """``IUNIXTransport.sendFileDescriptor``."""


class IOpenSSLServerConnectionCreator(Interface):
    """Twisted's ``IOpenSSLServerConnectionCreator`` (see its documentation)."""

    def serverConnectionForTLS(tlsProtocol: Any) -> Any:
        """``IOpenSSLServerConnectionCreator.serverConnectionForTLS``."""


class IOpenSSLClientConnectionCreator(Interface):
    """Twisted's ``IOpenSSLClientConnectionCreator`` (see its documentation)."""

    def clientConnectionForTLS(tlsProtocol: Any) -> Any:
        """``IOpenSSLClientConnectionCreator.clientConnectionForTLS``."""


class IProtocolNegotiationFactory(Interface):
    """Twisted's ``IProtocolNegotiationFactory`` (see its documentation)."""

    def acceptableProtocols() -> Any:
        """``IProtocolNegotiationFactory.acceptableProtocols``."""


class IOpenSSLContextFactory(Interface):
    """Twisted's ``IOpenSSLContextFactory`` (see its documentation)."""

    def getContext() -> Any:
        """``IOpenSSLContextFactory.getContext``."""


class ITLSTransport(ITCPTransport):
    """Twisted's ``ITLSTransport`` (see its documentation)."""

    def startTLS(contextFactory: Any) -> Any:
        """``ITLSTransport.startTLS``."""


class ISSLTransport(ITCPTransport):
    """Twisted's ``ISSLTransport`` (see its documentation)."""

    def getPeerCertificate() -> Any:
        """``ISSLTransport.getPeerCertificate``."""


class INegotiated(ISSLTransport):
    """Twisted's ``INegotiated`` (see its documentation)."""

    negotiatedProtocol = Attribute("``INegotiated.negotiatedProtocol``.")


class ICipher(Interface):
    """Twisted's ``ICipher`` (see its documentation)."""

    fullName = Attribute("``ICipher.fullName``.")


class IAcceptableCiphers(Interface):
    """Twisted's ``IAcceptableCiphers`` (see its documentation)."""

    def selectCiphers(availableCiphers: Any) -> Any:
        """``IAcceptableCiphers.selectCiphers``."""


class IProcessTransport(ITransport):
    """Twisted's ``IProcessTransport`` (see its documentation)."""

    pid = Attribute("``IProcessTransport.pid``.")

    def closeStdin() -> Any:
        """``IProcessTransport.closeStdin``."""

    def closeStdout() -> Any:
        """``IProcessTransport.closeStdout``."""

    def closeStderr() -> Any:
        """``IProcessTransport.closeStderr``."""

    def closeChildFD(descriptor: Any) -> Any:
        """``IProcessTransport.closeChildFD``."""

    def writeToChild(childFD: Any, data: Any) -> Any:
        """``IProcessTransport.writeToChild``."""

    def loseConnection() -> Any:
        """``IProcessTransport.loseConnection``."""

    def signalProcess(signalID: Any) -> Any:
        """``IProcessTransport.signalProcess``."""


class IServiceCollection(Interface):
    """Twisted's ``IServiceCollection`` (see its documentation)."""

    def getServiceNamed(serviceName: Any) -> Any:
        """``IServiceCollection.getServiceNamed``."""

    def addService(service: Any) -> Any:
        """``IServiceCollection.addService``."""

    def removeService(service: Any) -> Any:
        """``IServiceCollection.removeService``."""


class IUDPTransport(Interface):
    """Twisted's ``IUDPTransport`` (see its documentation)."""

    def write(packet: Any, addr: Any) -> Any:
        """``IUDPTransport.write``."""

    def connect(host: Any, port: Any) -> Any:
        """``IUDPTransport.connect``."""

    def getHost() -> Any:
        """``IUDPTransport.getHost``."""

    def stopListening() -> Any:
        """``IUDPTransport.stopListening``."""

    def setBroadcastAllowed(enabled: Any) -> Any:
        """``IUDPTransport.setBroadcastAllowed``."""

    def getBroadcastAllowed() -> Any:
        """``IUDPTransport.getBroadcastAllowed``."""


class IUNIXDatagramTransport(Interface):
    """Twisted's ``IUNIXDatagramTransport`` (see its documentation)."""

    def write(packet: Any, addr: Any) -> Any:
        """``IUNIXDatagramTransport.write``."""

    def getHost() -> Any:
        """``IUNIXDatagramTransport.getHost``."""


class IUNIXDatagramConnectedTransport(Interface):
    """Twisted's ``IUNIXDatagramConnectedTransport`` (see its documentation)."""

    def write(packet: Any) -> Any:
        """``IUNIXDatagramConnectedTransport.write``."""

    def getHost() -> Any:
        """``IUNIXDatagramConnectedTransport.getHost``."""

    def getPeer() -> Any:
        """``IUNIXDatagramConnectedTransport.getPeer``."""


class IMulticastTransport(IUDPTransport):
    """Twisted's ``IMulticastTransport`` (see its documentation)."""

    def getOutgoingInterface() -> Any:
        """``IMulticastTransport.getOutgoingInterface``."""

    def setOutgoingInterface(addr: Any) -> Any:
        """``IMulticastTransport.setOutgoingInterface``."""

    def getLoopbackMode() -> Any:
        """``IMulticastTransport.getLoopbackMode``."""

    def setLoopbackMode(mode: Any) -> Any:
        """``IMulticastTransport.setLoopbackMode``."""

    def getTTL() -> Any:
        """``IMulticastTransport.getTTL``."""

    def setTTL(ttl: Any) -> Any:
        """``IMulticastTransport.setTTL``."""

    def joinGroup(addr: Any, interface: Any = "") -> Any:
        """``IMulticastTransport.joinGroup``."""

    def leaveGroup(addr: Any, interface: Any = "") -> Any:
        """``IMulticastTransport.leaveGroup``."""


class IStreamClientEndpoint(Interface):
    """Twisted's ``IStreamClientEndpoint`` (see its documentation)."""

    def connect(protocolFactory: Any) -> Any:
        """``IStreamClientEndpoint.connect``."""


class IStreamServerEndpoint(Interface):
    """Twisted's ``IStreamServerEndpoint`` (see its documentation)."""

    def listen(protocolFactory: Any) -> Any:
        """``IStreamServerEndpoint.listen``."""


class IStreamServerEndpointStringParser(Interface):
    """Twisted's ``IStreamServerEndpointStringParser`` (see its documentation)."""

    prefix = Attribute("``IStreamServerEndpointStringParser.prefix``.")

    def parseStreamServer(reactor: Any, *args: Any, **kwargs: Any) -> Any:
        """``IStreamServerEndpointStringParser.parseStreamServer``."""


class IStreamClientEndpointStringParserWithReactor(Interface):
    """Twisted's ``IStreamClientEndpointStringParserWithReactor`` (see its documentation)."""

    prefix = Attribute("``IStreamClientEndpointStringParserWithReactor.prefix``.")

    def parseStreamClient(reactor: Any, *args: Any, **kwargs: Any) -> Any:
        """``IStreamClientEndpointStringParserWithReactor.parseStreamClient``."""


class _ISupportsExitSignalCapturing(Interface):
    """Twisted's ``_ISupportsExitSignalCapturing`` (see its documentation)."""

    _exitSignal = Attribute("``_ISupportsExitSignalCapturing._exitSignal``.")
