"""The endpoint description parsers twisted.internet.endpoints registers as plugins:
``tcp6``, ``stdio``, ``systemd`` and ``tls`` (server and client)."""

from __future__ import annotations

from twistio.internet._endpoints_parse import (
    _StandardIOParser,
    _SystemdParser,
    _TCP6ServerParser,
    _TLSClientEndpointParser,
    _TLSServerEndpointParser,
)

__name__ = "twisted.plugins.twisted_core"

systemdEndpointParser = _SystemdParser()
tcp6ServerEndpointParser = _TCP6ServerParser()
stdioServerEndpointParser = _StandardIOParser()
tlsServerEndpointParser = _TLSServerEndpointParser()
tlsClientEndpointParser = _TLSClientEndpointParser()
