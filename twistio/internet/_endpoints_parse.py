"""Endpoint description strings: ``serverFromString``/``clientFromString`` and the
parsers behind them.

A description is ``type:arg:arg:key=value:...``; ``\\`` escapes the next character (so
``\\:`` is a literal colon) and a value may contain ``=`` unescaped.  ``tcp``, ``unix`` and
``ssl`` are built in (servers; ``tcp``, ``unix`` and ``ssl`` clients too); every other
type comes from the endpoint string parser plugins (``twisted.plugins``), among them
``tcp6``, ``stdio``, ``systemd`` and ``tls`` defined here.
"""

from __future__ import annotations

import socket
from typing import Any

from zope.interface import implementer

from twistio.internet._endpoints_hostname import HostnameEndpoint
from twistio.internet._endpoints_simple import (
    AdoptedStreamServerEndpoint,
    SSL4ClientEndpoint,
    SSL4ServerEndpoint,
    StandardIOEndpoint,
    TCP4ClientEndpoint,
    TCP4ServerEndpoint,
    TCP6ServerEndpoint,
    UNIXClientEndpoint,
    UNIXServerEndpoint,
)
from twistio.internet._endpoints_wrap import wrapClientTLS
from twistio.internet.abstract import isIPv6Address
from twistio.internet.interfaces import (
    IStreamClientEndpointStringParserWithReactor,
    IStreamServerEndpoint,
    IStreamServerEndpointStringParser,
)
from twistio.plugin import IPlugin
from twistio.python.filepath import FilePath
from twistio.python.systemd import ListenFDs

__name__ = "twisted.internet.endpoints"


def quoteStringArgument(argument: str) -> str:
    """``argument`` with ``\\`` and ``:`` escaped, to embed it in an endpoint description."""
    backslash = "\\"
    return argument.replace(backslash, backslash * 2).replace(":", backslash + ":")


def _parse(description: str) -> tuple[list[str], dict[str, str]]:
    """Split ``description`` into positional arguments and keyword arguments.

    The first unescaped ``=`` of a field separates a keyword from its value; later ones
    belong to the value.
    """
    args: list[str] = []
    kw: dict[str, str] = {}
    current: list[str] = []
    key: str | None = None  # set once the field's first unescaped "=" is seen

    def endField() -> None:
        if key is None:
            args.append("".join(current))
        else:
            kw[key] = "".join(current)

    chars = iter(description)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, ""))
        elif ch == ":":
            endField()
            current, key = [], None
        elif ch == "=" and key is None:
            key, current = "".join(current), []
        else:
            current.append(ch)
    endField()
    return args, kw


def _parseTCP(
    factory: Any, port: str, interface: str = "", backlog: str | int = 50
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    return (int(port), factory), {"interface": interface, "backlog": int(backlog)}


def _parseUNIX(
    factory: Any,
    address: str,
    mode: str = "666",
    backlog: str | int = 50,
    lockfile: str | bool = True,
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    return (address, factory), {
        "mode": int(mode, 8),
        "backlog": int(backlog),
        "wantPID": bool(int(lockfile)),
    }


_METHOD_VERSIONS = {
    "SSLv3_METHOD": "SSLv3",
    "TLSv1_METHOD": "TLSv1_0",
    "TLSv1_1_METHOD": "TLSv1_1",
    "TLSv1_2_METHOD": "TLSv1_2",
}


def _sslMethodOptions(sslmethod: str | None) -> dict[str, Any]:
    """CertificateOptions keywords for a pyOpenSSL method name (``TLSv1_2_METHOD``...):
    stdlib contexts express a fixed version as both minimum and maximum."""
    if sslmethod is None or sslmethod in ("TLS_METHOD", "SSLv23_METHOD"):
        return {}
    if sslmethod not in _METHOD_VERSIONS:
        raise ValueError(f"Unknown sslmethod: {sslmethod!r}")
    from twistio.internet.ssl import TLSVersion

    level = getattr(TLSVersion, _METHOD_VERSIONS[sslmethod])
    return {"insecurelyLowerMinimumTo": level, "lowerMaximumSecurityTo": level}


def _parseSSL(
    factory: Any,
    port: str,
    privateKey: str = "server.pem",
    certKey: str | None = None,
    sslmethod: str | None = None,
    interface: str = "",
    backlog: str | int = 50,
    extraCertChain: str | None = None,
    dhParameters: str | None = None,
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    from twistio.internet.ssl import (
        Certificate,
        CertificateOptions,
        DiffieHellmanParameters,
        PrivateCertificate,
    )

    if certKey is None:
        certKey = privateKey
    keyPEM = FilePath(privateKey).getContent()
    certPEM = FilePath(certKey).getContent()
    cert = PrivateCertificate.loadPEM(certPEM + b"\n" + keyPEM)
    chain: list[Any] = []
    if extraCertChain is not None:
        chain = [Certificate.loadPEM(block).original for block in _pemBlocks(extraCertChain)]
        if not chain:
            raise ValueError(
                f"Specified chain file '{extraCertChain}' doesn't contain any valid"
                " certificates in PEM format."
            )
    options = CertificateOptions(
        privateKey=cert.privateKey.original,
        certificate=cert.original,
        extraCertChain=chain or None,
        dhParameters=(
            DiffieHellmanParameters.fromFile(FilePath(dhParameters))
            if dhParameters is not None
            else None
        ),
        **_sslMethodOptions(sslmethod),
    )
    return (int(port), factory, options), {"interface": interface, "backlog": int(backlog)}


def _pemBlocks(path: str) -> list[bytes]:
    """The PEM certificate blocks in the file at ``path``, in order."""
    begin, end = b"-----BEGIN CERTIFICATE-----", b"-----END CERTIFICATE-----"
    data = FilePath(path).getContent()
    blocks: list[bytes] = []
    start = data.find(begin)
    while start != -1:
        stop = data.find(end, start)
        if stop == -1:
            break
        blocks.append(data[start : stop + len(end)] + b"\n")
        start = data.find(begin, stop)
    return blocks


_serverParsers: dict[str, Any] = {"tcp": _parseTCP, "unix": _parseUNIX, "ssl": _parseSSL}

_endpointServerFactories: dict[str, Any] = {
    "TCP": TCP4ServerEndpoint,
    "SSL": SSL4ServerEndpoint,
    "UNIX": UNIXServerEndpoint,
}


def _matchPluginToPrefix(plugins: Any, endpointType: str) -> Any:
    """The plugin whose ``prefix`` is ``endpointType`` (case-insensitively)."""
    endpointType = endpointType.lower()
    for plugin in plugins:
        if plugin.prefix.lower() == endpointType:
            return plugin
    raise ValueError(f"Unknown endpoint type: '{endpointType}'")


def _getPlugins(interface: Any) -> Any:
    # Lazy: scanning the plugin packages is slow and only string descriptions need it.
    from twistio import plugins
    from twistio.plugin import getPlugins

    return getPlugins(interface, plugins)


def _parseServer(description: str, factory: Any) -> tuple[Any, Any, dict[str, Any]]:
    """``(kind, args, kwargs)`` for a server description: ``kind`` is ``"TCP"``, ``"UNIX"``
    or ``"SSL"`` with the reactor method's arguments, or the parser plugin that handles
    the type with the description's own arguments."""
    args, kw = _parse(description)
    endpointType = args[0]
    parser = _serverParsers.get(endpointType)
    if parser is None:
        plugin = _matchPluginToPrefix(_getPlugins(IStreamServerEndpointStringParser), endpointType)
        return (plugin, args[1:], kw)
    posArgs, kwArgs = parser(factory, *args[1:], **kw)
    return (endpointType.upper(), posArgs, kwArgs)


def serverFromString(reactor: Any, description: str) -> Any:
    """A server endpoint from a description, such as ``"tcp:8080:interface=127.0.0.1"``,
    ``"unix:/run/app.sock:mode=660"``, ``"ssl:443:privateKey=key.pem:certKey=cert.pem"``
    or a type defined by a parser plugin (``tcp6``, ``systemd``, ``stdio``, ...).

    Raises ``ValueError`` for an unknown type.
    """
    nameOrPlugin, args, kw = _parseServer(description, None)
    if not isinstance(nameOrPlugin, str):
        return nameOrPlugin.parseStreamServer(reactor, *args, **kw)
    # The factory slot (args[1]) is filled in by listen(), not here.
    args = args[:1] + args[2:]
    return _endpointServerFactories[nameOrPlugin](reactor, *args, **kw)


def _bindAddress(bindAddress: str | None) -> tuple[str, int] | None:
    return (bindAddress, 0) if bindAddress is not None else None


def _clientTCP(
    reactor: Any,
    host: Any = None,
    port: Any = None,
    timeout: str = "30",
    bindAddress: str | None = None,
) -> Any:
    return TCP4ClientEndpoint(reactor, host, int(port), int(timeout), _bindAddress(bindAddress))


def _clientUNIX(
    reactor: Any,
    path: str,
    timeout: str = "30",
    lockfile: str | None = None,
    checkPID: str | None = None,
) -> Any:
    if lockfile is not None:
        check: Any = bool(int(lockfile))
    else:
        check = int(checkPID) if checkPID is not None else 0
    return UNIXClientEndpoint(reactor, path, int(timeout), check)


def _loadCAsFromDir(directoryPath: Any) -> Any:
    """Trust the certificates in the ``*.pem`` files of ``directoryPath`` (a FilePath);
    unreadable or invalid files are skipped."""
    from twistio.internet.ssl import Certificate, OpenSSLCertificateAuthorities

    caCerts: dict[Any, Any] = {}
    for child in directoryPath.children():
        if not child.asTextMode().basename().split(".")[-1].lower() == "pem":
            continue
        try:
            data = child.getContent()
        except OSError:
            continue
        try:
            cert = Certificate.loadPEM(data)
        except Exception:
            continue
        caCerts[cert.digest()] = cert
    return OpenSSLCertificateAuthorities(list(caCerts.values()))


def _clientSSL(
    reactor: Any,
    host: Any = None,
    port: Any = None,
    timeout: str = "30",
    bindAddress: str | None = None,
    certKey: str | None = None,
    privateKey: str | None = None,
    caCertsDir: str | None = None,
    sslmethod: str | None = None,
) -> Any:
    from twistio.internet.ssl import CertificateOptions, PrivateCertificate

    certificate = key = None
    if certKey is not None:
        certPEM = FilePath(certKey).getContent()
        keyPEM = FilePath(privateKey or certKey).getContent()
        cert = PrivateCertificate.loadPEM(certPEM + b"\n" + keyPEM)
        certificate, key = cert.original, cert.privateKey.original
    trust: dict[str, Any] = {}
    if caCertsDir is not None:
        trust = {"trustRoot": _loadCAsFromDir(FilePath(caCertsDir))}
    options = CertificateOptions(
        privateKey=key, certificate=certificate, **trust, **_sslMethodOptions(sslmethod)
    )
    return SSL4ClientEndpoint(
        reactor,
        host,
        int(port),
        options,
        int(timeout),
        _bindAddress(bindAddress),
    )


_clientParsers: dict[str, Any] = {"TCP": _clientTCP, "SSL": _clientSSL, "UNIX": _clientUNIX}


def _clientPositional(kind: str, args: list[str], kw: dict[str, str]) -> None:
    """Move the leading positional ``host``/``port`` (``path`` for unix) into ``kw``."""
    names = ("path",) if kind == "UNIX" else ("host", "port")
    for name in names:
        if args and name not in kw:
            kw[name] = args.pop(0)


def clientFromString(reactor: Any, description: str | bytes) -> Any:
    """A client endpoint from a description, such as ``"tcp:example.com:80"``,
    ``"tls:example.com:443"``, ``"unix:/run/app.sock"``, ``"ssl:host=h:port=443"`` or a
    type defined by a client parser plugin.

    Raises ``ValueError`` for an unknown type.
    """
    if isinstance(description, bytes):
        description = description.decode("utf-8")
    args, kw = _parse(description)
    aname = args.pop(0)
    name = aname.upper()
    if name not in _clientParsers:
        plugin = _matchPluginToPrefix(
            _getPlugins(IStreamClientEndpointStringParserWithReactor), name
        )
        return plugin.parseStreamClient(reactor, *args, **kw)
    _clientPositional(name, args, kw)
    return _clientParsers[name](reactor, *args, **kw)


@implementer(IPlugin, IStreamServerEndpointStringParser)
class _SystemdParser:
    """``systemd:domain=INET:index=0`` (or ``name=...``): a listening socket inherited
    through systemd socket activation (``LISTEN_FDS``, ``LISTEN_FDNAMES``)."""

    prefix = "systemd"
    _sddaemon = ListenFDs.fromEnvironment()

    def _parseServer(
        self,
        reactor: Any,
        domain: str,
        index: str | int | None = None,
        name: str | None = None,
    ) -> AdoptedStreamServerEndpoint:
        if (index is None) == (name is None):
            raise ValueError("Specify exactly one of index or name")
        if name is not None:
            fileno = self._sddaemon.inheritedNamedDescriptors()[name]
        else:
            fileno = self._sddaemon.inheritedDescriptors()[int(index)]  # type: ignore[arg-type]
        addressFamily = getattr(socket, "AF_" + domain)
        return AdoptedStreamServerEndpoint(reactor, fileno, addressFamily)

    def parseStreamServer(self, reactor: Any, *args: Any, **kwargs: Any) -> Any:
        """An endpoint adopting the described inherited socket."""
        return self._parseServer(reactor, *args, **kwargs)


@implementer(IPlugin, IStreamServerEndpointStringParser)
class _TCP6ServerParser:
    """``tcp6:port:backlog=..:interface=..``: an IPv6 TCP server."""

    prefix = "tcp6"

    def _parseServer(
        self, reactor: Any, port: str, backlog: str | int = 50, interface: str = "::"
    ) -> TCP6ServerEndpoint:
        return TCP6ServerEndpoint(reactor, int(port), int(backlog), interface)

    def parseStreamServer(self, reactor: Any, *args: Any, **kwargs: Any) -> Any:
        """A TCP6ServerEndpoint."""
        return self._parseServer(reactor, *args, **kwargs)


@implementer(IPlugin, IStreamServerEndpointStringParser)
class _StandardIOParser:
    """``stdio:``: this process's standard input and output."""

    prefix = "stdio"

    def _parseServer(self, reactor: Any) -> StandardIOEndpoint:
        return StandardIOEndpoint(reactor)

    def parseStreamServer(self, reactor: Any, *args: Any, **kwargs: Any) -> Any:
        """A StandardIOEndpoint (any arguments are ignored)."""
        return self._parseServer(reactor)


def _privateCertFromPaths(certificatePath: Any, keyPath: Any) -> Any:
    from twistio.internet.ssl import PrivateCertificate

    return PrivateCertificate.loadPEM(certificatePath.getContent() + b"\n" + keyPath.getContent())


def _parseClientTLS(
    reactor: Any,
    host: bytes | str,
    port: bytes | str,
    timeout: bytes | str = b"30",
    bindAddress: bytes | str | None = None,
    certificate: bytes | str | None = None,
    privateKey: bytes | str | None = None,
    trustRoots: bytes | str | None = None,
    endpoint: bytes | str | None = None,
    **kwargs: object,
) -> Any:
    """``tls:host:port``: TLS (verifying ``host``'s certificate against ``trustRoots``, a
    directory of PEM files, or the platform's store) over a HostnameEndpoint, or over the
    client description ``endpoint`` when given."""
    from twistio.internet.ssl import optionsForClientTLS

    if kwargs:
        raise TypeError(f"unrecognized keyword arguments present: {list(kwargs.keys())}")
    hostText = host.decode("utf-8") if isinstance(host, bytes) else host
    portNumber = int(port)
    clientCertificate = None
    if certificate is not None:
        certPath = FilePath(certificate)
        keyPath = FilePath(privateKey) if privateKey is not None else certPath
        clientCertificate = _privateCertFromPaths(certPath, keyPath)
    trustRoot = _loadCAsFromDir(FilePath(trustRoots)) if trustRoots is not None else None
    if endpoint is not None:
        endpointText = endpoint.decode("utf-8") if isinstance(endpoint, bytes) else endpoint
        wrapped = clientFromString(reactor, endpointText)
    else:
        wrapped = HostnameEndpoint(
            reactor, hostText, portNumber, int(timeout), _bindAddressFrom(bindAddress)
        )
    return wrapClientTLS(optionsForClientTLS(hostText, trustRoot, clientCertificate), wrapped)


def _bindAddressFrom(bindAddress: bytes | str | None) -> tuple[str, int] | None:
    if bindAddress is None:
        return None
    text = bindAddress.decode("ascii") if isinstance(bindAddress, bytes) else bindAddress
    return (text, 0)


@implementer(IPlugin, IStreamClientEndpointStringParserWithReactor)
class _TLSClientEndpointParser:
    """``tls:host:port``: a TLS client endpoint (see ``_parseClientTLS``)."""

    prefix = "tls"

    def parseStreamClient(self, reactor: Any, *args: Any, **kwargs: Any) -> Any:
        """A TLS client endpoint over a HostnameEndpoint."""
        return _parseClientTLS(reactor, *args, **kwargs)


class _SNIOptions:
    """Server TLS options choosing the certificate by the client's server name (SNI):
    ``<hostname>.pem`` files of a directory, each holding a certificate and its key; a
    client naming no known host gets the first certificate (in name order)."""

    def __init__(self, certificateDirectory: Any) -> None:
        from twistio.internet.ssl import CertificateOptions, PrivateCertificate

        self._byName: dict[str, Any] = {}
        for child in sorted(certificateDirectory.children(), key=lambda c: c.basename()):
            if not child.basename().lower().endswith(".pem"):
                continue
            cert = PrivateCertificate.loadPEM(child.getContent())
            options = CertificateOptions(
                privateKey=cert.privateKey.original, certificate=cert.original
            )
            self._byName[child.basename()[: -len(".pem")].lower()] = options
        if not self._byName:
            raise ValueError(f"no certificates (*.pem) in {certificateDirectory.path!r}")
        self._default = next(iter(self._byName.values()))

    def _twistioContext(self, serverSide: bool) -> tuple[Any, str | None]:
        ctx = self._default.getContext()
        if ctx.sni_callback is None:
            ctx.sni_callback = self._selectCertificate
        return ctx, None

    def _selectCertificate(self, sslObject: Any, serverName: str | None, ctx: Any) -> None:
        options = self._byName.get((serverName or "").lower())
        if options is not None and options is not self._default:
            sslObject.context = options.getContext()


@implementer(IStreamServerEndpoint)
class _TLSServerEndpoint:
    """TLS, configured by ``connectionCreator``, on the connections ``endpoint`` accepts."""

    def __init__(self, endpoint: Any, connectionCreator: Any) -> None:
        self.endpoint = endpoint
        self.connectionCreator = connectionCreator

    def listen(self, protocolFactory: Any) -> Any:
        """A Deferred firing with the wrapped endpoint's listening port."""
        from twistio.protocols.tls import TLSMemoryBIOFactory

        return self.endpoint.listen(
            TLSMemoryBIOFactory(self.connectionCreator, False, protocolFactory)
        )


@implementer(IPlugin, IStreamServerEndpointStringParser)
class _TLSServerEndpointParser:
    """``tls:certificateDirectory:port:backlog=..:interface=..``: a TLS server over TCP
    (port 443 on ``::`` by default) whose certificate is chosen by the client's server
    name (see ``_SNIOptions``)."""

    prefix = "tls"

    def _actualParseStreamServer(
        self,
        reactor: Any,
        path: str,
        port: str = "443",
        backlog: str = "50",
        interface: str = "::",
    ) -> Any:
        options = _SNIOptions(FilePath(path))
        endpointClass = TCP6ServerEndpoint if isIPv6Address(interface) else TCP4ServerEndpoint
        return _TLSServerEndpoint(
            endpointClass(reactor, int(port), int(backlog), interface), options
        )

    def parseStreamServer(self, reactor: Any, *args: Any, **kwargs: Any) -> Any:
        """A server endpoint speaking TLS on a TCP server endpoint."""
        return self._actualParseStreamServer(reactor, *args, **kwargs)
