"""twisted.internet.endpoints: client and server endpoints, and the endpoint description
strings of ``serverFromString``/``clientFromString``.

Endpoints: TCP (IPv4, IPv6), ``HostnameEndpoint`` (name resolution and staggered IPv4/IPv6
attempts), SSL, UNIX sockets, adopted sockets (systemd socket activation), standard I/O and
child processes; ``wrapClientTLS``/``wrapServerTLS`` add TLS to any stream endpoint.  The
implementations live in the private ``_endpoints_*`` modules; this module is their public
face.
"""

from __future__ import annotations

from twistio.internet._endpoints_hostname import HostnameEndpoint, _SimpleHostnameResolver  # noqa: F401
from twistio.internet._endpoints_parse import (
    _loadCAsFromDir,  # noqa: F401 -- re-exported private name
    _matchPluginToPrefix,  # noqa: F401 -- re-exported private name
    _parse,  # noqa: F401 -- re-exported private name
    _parseClientTLS,  # noqa: F401 -- re-exported private name
    _parseServer,  # noqa: F401 -- re-exported private name
    _parseSSL,  # noqa: F401 -- re-exported private name
    _parseTCP,  # noqa: F401 -- re-exported private name
    _parseUNIX,  # noqa: F401 -- re-exported private name
    _SNIOptions,  # noqa: F401 -- re-exported private name
    _StandardIOParser,  # noqa: F401 -- re-exported private name
    _SystemdParser,  # noqa: F401 -- re-exported private name
    _TCP6ServerParser,  # noqa: F401 -- re-exported private name
    _TLSClientEndpointParser,  # noqa: F401 -- re-exported private name
    _TLSServerEndpoint,  # noqa: F401 -- re-exported private name
    _TLSServerEndpointParser,  # noqa: F401 -- re-exported private name
    clientFromString,
    quoteStringArgument,  # noqa: F401 -- re-exported private name
    serverFromString,
)
from twistio.internet._endpoints_simple import (
    AdoptedStreamServerEndpoint,
    ProcessEndpoint,
    SSL4ClientEndpoint,
    SSL4ServerEndpoint,
    StandardErrorBehavior,
    StandardIOEndpoint,
    TCP4ClientEndpoint,
    TCP4ServerEndpoint,
    TCP6ClientEndpoint,
    TCP6ServerEndpoint,
    UNIXClientEndpoint,
    UNIXServerEndpoint,
    _ProcessEndpointTransport,  # noqa: F401 -- re-exported private name
    _WrapIProtocol,  # noqa: F401 -- re-exported private name
)
from twistio.internet._endpoints_wrap import (
    _WrapperEndpoint,  # noqa: F401 -- re-exported private name
    _WrapperServerEndpoint,  # noqa: F401 -- re-exported private name
    _WrappingFactory,  # noqa: F401 -- re-exported private name
    _WrappingProtocol,  # noqa: F401 -- re-exported private name
    connectProtocol,
    wrapClientTLS,
    wrapServerTLS,
)

__name__ = "twisted.internet.endpoints"

__all__ = [
    "clientFromString",
    "serverFromString",
    "TCP4ServerEndpoint",
    "TCP6ServerEndpoint",
    "TCP4ClientEndpoint",
    "TCP6ClientEndpoint",
    "UNIXServerEndpoint",
    "UNIXClientEndpoint",
    "SSL4ServerEndpoint",
    "SSL4ClientEndpoint",
    "AdoptedStreamServerEndpoint",
    "StandardIOEndpoint",
    "ProcessEndpoint",
    "HostnameEndpoint",
    "StandardErrorBehavior",
    "connectProtocol",
    "wrapServerTLS",
    "wrapClientTLS",
]
