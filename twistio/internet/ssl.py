"""twisted.internet.ssl: TLS on Python's ``ssl`` module.

Use :func:`optionsForClientTLS` for clients (certificate and hostname verification on) and
:class:`CertificateOptions` (or ``PrivateCertificate.options()``) for servers, with
``reactor.listenSSL``/``connectSSL``, ``transport.startTLS`` or the TLS endpoints.

Difference from Twisted: contexts are ``ssl.SSLContext`` objects, not pyOpenSSL ``Context``
objects; a context factory whose ``getContext()`` returns a pyOpenSSL context is refused with a
TypeError saying so.  Certificates and keys wrap ``cryptography`` objects.
"""

from __future__ import annotations

import enum
import ssl as _stdlibssl
from typing import Any

from zope.interface import implementer

from twistio._aio.tls import TLSClient as Client
from twistio._aio.tls import TLSConnector as Connector
from twistio._aio.tls import TLSPort as Port
from twistio._aio.tls import TLSServer as Server
from twistio.internet._sslcerts import (
    DN,
    FILETYPE_ASN1,
    FILETYPE_PEM,
    TYPE_RSA,
    CertBase,
    Certificate,
    CertificateRequest,
    DistinguishedName,
    KeyPair,
    PrivateCertificate,
    PublicKey,
)
from twistio.internet._sslverify import (
    AcceptableCiphers,
    CertificateOptions,
    ClientTLSOptions,
    DiffieHellmanParameters,
    OpenSSLAcceptableCiphers,
    OpenSSLCertificateAuthorities,
    OpenSSLDefaultPaths,
    OpenSSLDiffieHellmanParameters,
    TLSVersion,
    VerificationError,
    _Context,
    optionsForClientTLS,
    platformTrust,
    trustRootFromCertificates,
)
from twistio.internet.interfaces import IOpenSSLContextFactory
from twistio.python.deprecate import deprecated, deprecatedModuleAttribute
from twistio.python.versions import Version

__name__ = "twisted.internet.ssl"

#: TLS is always available (the stdlib ssl module).
supported = True

__all__ = [
    "ContextFactory",
    "DefaultOpenSSLContextFactory",
    "ClientContextFactory",
    "DistinguishedName",
    "Certificate",
    "PrivateCertificate",
    "PublicKey",
    "KeyPair",
    "CertificateRequest",
    "CertificateOptions",
    "Client",
    "Server",
    "Port",
    "Connector",
    "TLSVersion",
    "optionsForClientTLS",
    "platformTrust",
    "trustRootFromCertificates",
    "AcceptableCiphers",
    "DiffieHellmanParameters",
    "VerificationError",
    "DN",
    "CertBase",
    "FILETYPE_PEM",
    "FILETYPE_ASN1",
    "TYPE_RSA",
    "ClientTLSOptions",
    "OpenSSLAcceptableCiphers",
    "OpenSSLCertificateAuthorities",
    "OpenSSLDefaultPaths",
    "OpenSSLDiffieHellmanParameters",
]


class ContextFactory:
    """A factory for TLS contexts (subclasses implement ``getContext``)."""

    isClient = 0

    def getContext(self) -> Any:
        """An ``ssl.SSLContext``."""
        raise NotImplementedError


@implementer(IOpenSSLContextFactory)
class DefaultOpenSSLContextFactory(ContextFactory):
    """A server context from a PEM private key file and a PEM certificate file.

    ``sslmethod`` and ``_contextFactory`` (pyOpenSSL's) are accepted for signature
    compatibility; a pyOpenSSL ``_contextFactory`` is refused.
    """

    _context: _stdlibssl.SSLContext | None = None

    def __init__(
        self,
        privateKeyFileName: str,
        certificateFileName: str,
        sslmethod: Any = None,
        _contextFactory: Any = None,
    ) -> None:
        if _contextFactory is not None and not issubclass(_contextFactory, _stdlibssl.SSLContext):
            from twistio.internet._sslverify import _noPyOpenSSL

            raise _noPyOpenSSL(_contextFactory)
        self.privateKeyFileName = privateKeyFileName
        self.certificateFileName = certificateFileName
        self.sslmethod = sslmethod
        self._contextFactory = _contextFactory
        self.cacheContext()

    def cacheContext(self) -> None:
        """Build the context now, so a bad key or certificate file fails here."""
        if self._context is None:
            ctx = _Context(_stdlibssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(self.certificateFileName, self.privateKeyFileName)
            self._context = ctx

    def __getstate__(self) -> dict[str, Any]:
        d = self.__dict__.copy()
        d.pop("_context", None)
        d.pop("_clientContext", None)
        return d

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__ = state

    def getContext(self) -> _stdlibssl.SSLContext:
        """The cached server context."""
        self.cacheContext()
        assert self._context is not None
        return self._context

    _clientContext: _stdlibssl.SSLContext | None = None

    def _twistioContext(self, serverSide: bool) -> tuple[_stdlibssl.SSLContext, str | None]:
        """The context for one side of a connection.

        pyOpenSSL contexts serve either role, so classic code also hands this factory to
        ``connectSSL`` to present a client certificate.  A stdlib context has one role: the
        client side gets its own context with the same key and certificate and, as with
        pyOpenSSL's defaults, no verification of the server.
        """
        if serverSide:
            return self.getContext(), None
        if self._clientContext is None:
            ctx = _Context(_stdlibssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = _stdlibssl.CERT_NONE
            ctx.load_cert_chain(self.certificateFileName, self.privateKeyFileName)
            self._clientContext = ctx
        return self._clientContext, None


@implementer(IOpenSSLContextFactory)
class ClientContextFactory:
    """A client context that does NOT verify the server (classic, insecure): prefer
    :func:`optionsForClientTLS`."""

    isClient = 1
    method: Any = None

    def getContext(self) -> _stdlibssl.SSLContext:
        ctx = _Context(_stdlibssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = _stdlibssl.CERT_NONE
        return ctx


class ProtocolNegotiationSupport(enum.Flag):
    """Which protocol negotiation mechanisms TLS supports (deprecated: ALPN always is)."""

    NOUPGRADE = 0
    NPN = 1
    ALPN = 2


@deprecated(Version("Twisted", 26, 10, 0))
def protocolNegotiationMechanisms() -> ProtocolNegotiationSupport:
    """The mechanisms available: ALPN (the stdlib ssl module has no NPN)."""
    return ProtocolNegotiationSupport.ALPN


deprecatedModuleAttribute(
    Version("Twisted", 26, 10, 0),
    "All supported TLS backends provide ALPN. There is no need to check for support.",
    "twisted.internet.ssl",
    "ProtocolNegotiationSupport",
)
