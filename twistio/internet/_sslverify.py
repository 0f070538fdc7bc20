"""TLS connection options for twisted.internet.ssl, built on the stdlib ``ssl`` module.

Twisted's option objects make pyOpenSSL ``Context`` objects; twistio's make ``ssl.SSLContext``
objects, which the reactor hands to the loop's ``start_tls``.  Every object the reactor accepts
as a ``contextFactory``/``creator`` is turned into a context by :func:`_contextFor`: twistio's
own options answer directly, and anything else must have ``getContext()`` returning an
``ssl.SSLContext`` (a pyOpenSSL context gets a TypeError saying what to use instead).
"""

from __future__ import annotations

import os
import ssl
import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from zope.interface import Interface, implementer

from twistio.internet._sslcerts import (
    DN,
    FILETYPE_PEM,
    Certificate,
    CertificateRequest,
    DistinguishedName,
    KeyPair,
    PrivateCertificate,
    VerifyError,
)
from twistio.internet.interfaces import (
    IAcceptableCiphers,
    ICipher,
    IOpenSSLClientConnectionCreator,
    IOpenSSLContextFactory,
    IOpenSSLServerConnectionCreator,
)
from twistio.python._constants import NamedConstant, Names

__name__ = "twisted.internet.ssl"


class TLSVersion(Names):
    """TLS protocol versions, for CertificateOptions' minimum and maximum."""

    SSLv3 = NamedConstant()
    TLSv1_0 = NamedConstant()
    TLSv1_1 = NamedConstant()
    TLSv1_2 = NamedConstant()
    TLSv1_3 = NamedConstant()


_VERSIONS = {
    "SSLv3": ssl.TLSVersion.SSLv3,
    "TLSv1_0": ssl.TLSVersion.TLSv1,
    "TLSv1_1": ssl.TLSVersion.TLSv1_1,
    "TLSv1_2": ssl.TLSVersion.TLSv1_2,
    "TLSv1_3": ssl.TLSVersion.TLSv1_3,
}


class SimpleVerificationError(Exception):
    """Not a very useful verification error."""


class VerificationError(ssl.SSLCertVerificationError):
    """The peer's certificate does not match the name the client asked for."""


#: pyOpenSSL Context methods classic code calls, and what to do on a stdlib SSLContext.
_PYOPENSSL_METHODS = {
    "set_verify": "set verify_mode (and check_hostname)",
    "use_certificate_file": "call load_cert_chain(certfile, keyfile)",
    "use_certificate_chain_file": "call load_cert_chain(certfile, keyfile)",
    "use_privatekey_file": "call load_cert_chain(certfile, keyfile)",
    "use_certificate": "use CertificateOptions(privateKey=..., certificate=...)",
    "use_privatekey": "use CertificateOptions(privateKey=..., certificate=...)",
    "set_cipher_list": "call set_ciphers()",
    "set_options": "or flags into options",
    "set_alpn_protos": "call set_alpn_protocols()",
    "set_verify_depth": "(the stdlib ssl module has no verify depth setting)",
    "set_info_callback": "(the stdlib ssl module has no info callback)",
    "set_tmp_ecdh": "call set_ecdh_curve()",
    "load_tmp_dh": "call load_dh_params()",
    "set_session_id": "(the stdlib ssl module sets session ids itself)",
    "set_default_verify_paths": "call set_default_verify_paths() (same name, stdlib)",
}


class _Context(ssl.SSLContext):
    """A stdlib SSLContext that explains itself when used like a pyOpenSSL Context."""

    def __getattr__(self, name: str) -> Any:
        hint = _PYOPENSSL_METHODS.get(name)
        if hint is None:
            raise AttributeError(name)
        raise AttributeError(
            f"{name}() is a pyOpenSSL Context method; twistio's contexts are stdlib "
            f"ssl.SSLContext objects: {hint}"
        )


def _noPyOpenSSL(what: object) -> TypeError:
    return TypeError(
        f"{what!r} is not a stdlib ssl.SSLContext: twistio runs TLS on Python's ssl module, not "
        "pyOpenSSL. Use twisted.internet.ssl.CertificateOptions or optionsForClientTLS (or an "
        "object whose getContext() returns an ssl.SSLContext) instead of a pyOpenSSL Context."
    )


def _contextFor(creator: Any, serverSide: bool) -> tuple[ssl.SSLContext, str | None]:
    """The ``ssl.SSLContext`` (and server hostname, client side) ``creator`` stands for."""
    own = getattr(creator, "_twistioContext", None)
    if own is not None:
        result: tuple[ssl.SSLContext, str | None] = own(serverSide)
        return result
    if isinstance(creator, ssl.SSLContext):
        ctx = creator
    else:
        getContext = getattr(creator, "getContext", None)
        if getContext is None:
            raise _noPyOpenSSL(creator)
        ctx = getContext()
        if not isinstance(ctx, ssl.SSLContext):
            raise _noPyOpenSSL(ctx)
    hostname = None
    if not serverSide and ctx.check_hostname:
        hostname = getattr(creator, "_hostname", None)
    return ctx, hostname


def _withPEMFiles(
    ctx: ssl.SSLContext, certificate: Any, privateKey: Any, chain: Sequence[Any]
) -> None:
    # The stdlib loads certificates and keys only from files: write them to a private
    # temporary file just long enough to load it.
    pem = _asKeyPair(privateKey).dump(FILETYPE_PEM) + _asCertificate(certificate).dump(FILETYPE_PEM)
    for extra in chain:
        pem += _asCertificate(extra).dump(FILETYPE_PEM)
    fd, path = tempfile.mkstemp(suffix=".pem")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
        ctx.load_cert_chain(path)
    finally:
        os.unlink(path)


def _asCertificate(cert: Any) -> Certificate:
    return cert if isinstance(cert, Certificate) else Certificate(cert)


def _asKeyPair(key: Any) -> KeyPair:
    if isinstance(key, KeyPair):
        return key
    if not hasattr(key, "private_bytes"):
        raise TypeError(
            f"{key!r}: twistio takes a KeyPair or a cryptography private key (pyOpenSSL PKey "
            "objects are not supported)"
        )
    return KeyPair(key)


class IOpenSSLTrustRoot(Interface):
    """Something that can add trusted CA certificates to a context."""

    def _addCACertsToContext(context: Any) -> None:
        """Add this root's certificates to ``context``."""


@implementer(IOpenSSLTrustRoot)
class OpenSSLCertificateAuthorities:
    """Trust exactly these CA certificates."""

    def __init__(self, caCerts: Iterable[Any]) -> None:
        self._caCerts = [_asCertificate(c) for c in caCerts]

    def _addCACertsToContext(self, context: ssl.SSLContext) -> None:
        data = "".join(c.dumpPEM().decode("ascii") for c in self._caCerts)
        if data:
            context.load_verify_locations(cadata=data)


@implementer(IOpenSSLTrustRoot)
class OpenSSLDefaultPaths:
    """Trust the platform's default CA store."""

    def _addCACertsToContext(self, context: ssl.SSLContext) -> None:
        context.load_default_certs(ssl.Purpose.SERVER_AUTH)


def platformTrust() -> OpenSSLDefaultPaths:
    """Trust the certificate authorities the platform trusts."""
    return OpenSSLDefaultPaths()


def trustRootFromCertificates(certificates: Iterable[Any]) -> OpenSSLCertificateAuthorities:
    """Trust only ``certificates`` (Certificate instances)."""
    certs = list(certificates)
    for cert in certs:
        if not isinstance(cert, Certificate):
            raise TypeError(
                f"certificates items must be twisted.internet.ssl.CertificateBase instances, not {cert!r}"
            )
    return OpenSSLCertificateAuthorities(certs)


def _trustRootFor(trustRoot: Any) -> Any:
    if trustRoot is None:
        return OpenSSLDefaultPaths()
    if isinstance(trustRoot, Certificate):
        return OpenSSLCertificateAuthorities([trustRoot])
    if not hasattr(trustRoot, "_addCACertsToContext"):
        raise TypeError(f"{trustRoot!r} is not a trust root (see trustRootFromCertificates)")
    return trustRoot


@implementer(ICipher)
class OpenSSLCipher:
    """A cipher, by its OpenSSL name."""

    def __init__(self, fullName: str) -> None:
        self.fullName = fullName

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OpenSSLCipher):
            return self.fullName == other.fullName
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.fullName)

    def __repr__(self) -> str:
        return f"OpenSSLCipher(fullName={self.fullName!r})"


def _expandCipherString(cipherString: str) -> tuple[OpenSSLCipher, ...]:
    """The ciphers an OpenSSL cipher string selects (empty if it selects none)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        ctx.set_ciphers(cipherString)
    except ssl.SSLError:
        return ()
    return tuple(OpenSSLCipher(c["name"]) for c in ctx.get_ciphers())


@implementer(IAcceptableCiphers)
class OpenSSLAcceptableCiphers:
    """The ciphers a connection may use (applied with ``SSLContext.set_ciphers``)."""

    def __init__(self, ciphers: Iterable[OpenSSLCipher]) -> None:
        self._ciphers = list(ciphers)

    def selectCiphers(self, availableCiphers: Iterable[OpenSSLCipher]) -> list[OpenSSLCipher]:
        """Those of ``availableCiphers`` that are acceptable."""
        available = set(availableCiphers)
        return [c for c in self._ciphers if c in available]

    @classmethod
    def fromOpenSSLCipherString(cls, cipherString: str) -> OpenSSLAcceptableCiphers:
        """The ciphers an OpenSSL cipher string selects."""
        return cls(_expandCipherString(cipherString))

    def _apply(self, ctx: ssl.SSLContext) -> None:
        # TLS 1.3 suites are not settable through set_ciphers and OpenSSL skips them.
        names = [c.fullName for c in self._ciphers if not c.fullName.startswith("TLS_")]
        if names:
            ctx.set_ciphers(":".join(names))


AcceptableCiphers = OpenSSLAcceptableCiphers


class OpenSSLDiffieHellmanParameters:
    """Diffie-Hellman parameters loaded from a PEM file."""

    def __init__(self, parameters: Any) -> None:
        self._dhFile = parameters

    @classmethod
    def fromFile(cls, filePath: Any) -> OpenSSLDiffieHellmanParameters:
        return cls(filePath)

    def _apply(self, ctx: ssl.SSLContext) -> None:
        path = getattr(self._dhFile, "path", self._dhFile)
        ctx.load_dh_params(path)


DiffieHellmanParameters = OpenSSLDiffieHellmanParameters


@implementer(IOpenSSLContextFactory)
class CertificateOptions:
    """TLS settings for either side of a connection, as ``ssl.SSLContext`` objects.

    ``privateKey`` and ``certificate`` are a KeyPair/PrivateCertificate's parts (or their
    ``cryptography`` originals).  ``getContext()`` gives the server-side context; a client
    connection gets a client-side context built from the same settings.
    """

    def __init__(
        self,
        privateKey: Any = None,
        certificate: Any = None,
        method: Any = None,
        verify: bool = False,
        caCerts: Any = None,
        verifyDepth: int = 9,
        requireCertificate: bool = True,
        verifyOnce: bool = True,
        enableSingleUseKeys: bool = True,
        enableSessions: bool = False,
        fixBrokenPeers: bool = False,
        enableSessionTickets: bool = False,
        extraCertChain: Any = None,
        acceptableCiphers: Any = None,
        dhParameters: Any = None,
        trustRoot: Any = None,
        acceptableProtocols: Any = None,
        raiseMinimumTo: Any = None,
        insecurelyLowerMinimumTo: Any = None,
        lowerMaximumSecurityTo: Any = None,
    ) -> None:
        if (privateKey is None) != (certificate is None):
            raise ValueError("Specify neither or both of privateKey and certificate")
        if extraCertChain and certificate is None:
            raise ValueError("extraCertChain specified without certificate")
        if method is not None and (
            raiseMinimumTo or insecurelyLowerMinimumTo or lowerMaximumSecurityTo
        ):
            raise TypeError(
                "nope: method cannot be combined with raiseMinimumTo, insecurelyLowerMinimumTo "
                "or lowerMaximumSecurityTo"
            )
        if raiseMinimumTo and insecurelyLowerMinimumTo:
            raise TypeError("nope: raiseMinimumTo and insecurelyLowerMinimumTo together")
        if trustRoot is not None and (caCerts is not None or verify):
            raise TypeError("trustRoot cannot be combined with caCerts or verify")
        if verify and not caCerts:
            raise ValueError(
                "Specify client CA certificate information if and only if enabling certificate verification"
            )
        if method is not None and not isinstance(method, int | ssl._SSLMethod):
            raise _noPyOpenSSL(method)
        self.privateKey = privateKey
        self.certificate = certificate
        self.method = method
        self.extraCertChain = list(extraCertChain or ())
        self.verify = verify
        self.caCerts = caCerts
        self.verifyDepth = verifyDepth
        self.requireCertificate = requireCertificate
        self.verifyOnce = verifyOnce
        self.enableSingleUseKeys = enableSingleUseKeys
        self.enableSessions = enableSessions
        self.fixBrokenPeers = fixBrokenPeers
        self.enableSessionTickets = enableSessionTickets
        self._acceptableCiphers = acceptableCiphers
        self.dhParameters = dhParameters
        if trustRoot is None and verify:
            trustRoot = OpenSSLCertificateAuthorities(caCerts)
        self.trustRoot = trustRoot
        self._acceptableProtocols = [
            p.decode("ascii") if isinstance(p, bytes) else p for p in acceptableProtocols or ()
        ]
        self._minimum = raiseMinimumTo or insecurelyLowerMinimumTo or TLSVersion.TLSv1_2
        self._maximum = lowerMaximumSecurityTo
        self._contexts: dict[bool, ssl.SSLContext] = {}

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_contexts"] = {}
        return state

    def getContext(self) -> ssl.SSLContext:
        """The (cached) server-side ``ssl.SSLContext`` these options describe."""
        return self._context(True)

    def _twistioContext(self, serverSide: bool) -> tuple[ssl.SSLContext, str | None]:
        return self._context(serverSide), None

    def _context(self, serverSide: bool) -> ssl.SSLContext:
        ctx = self._contexts.get(serverSide)
        if ctx is None:
            ctx = self._contexts[serverSide] = self._makeContext(serverSide)
        return ctx

    def _makeContext(self, serverSide: bool) -> ssl.SSLContext:
        ctx = _Context(ssl.PROTOCOL_TLS_SERVER if serverSide else ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.minimum_version = _VERSIONS[self._minimum.name]
        if self._maximum is not None:
            ctx.maximum_version = _VERSIONS[self._maximum.name]
        if self.certificate is not None:
            _withPEMFiles(ctx, self.certificate, self.privateKey, self.extraCertChain)
        if self.trustRoot is not None:
            _trustRootFor(self.trustRoot)._addCACertsToContext(ctx)
            ctx.verify_mode = (
                ssl.CERT_REQUIRED
                if (self.requireCertificate or not serverSide)
                else ssl.CERT_OPTIONAL
            )
        else:
            ctx.verify_mode = ssl.CERT_NONE
        if not self.enableSessionTickets:
            ctx.options |= ssl.OP_NO_TICKET
        if self.enableSingleUseKeys:
            ctx.options |= ssl.OP_SINGLE_DH_USE | ssl.OP_SINGLE_ECDH_USE
        if self._acceptableCiphers is not None:
            self._acceptableCiphers._apply(ctx)
        if self.dhParameters is not None:
            self.dhParameters._apply(ctx)
        if self._acceptableProtocols:
            ctx.set_alpn_protocols(self._acceptableProtocols)
        return ctx


OpenSSLCertificateOptions = CertificateOptions


@implementer(IOpenSSLClientConnectionCreator)
class ClientTLSOptions:
    """Client TLS for one hostname: certificate and hostname verification on."""

    def __init__(self, hostname: str, ctx: ssl.SSLContext) -> None:
        self._hostname = hostname
        self._hostnameBytes = hostname.encode("idna")
        self._ctx = ctx

    def _twistioContext(self, serverSide: bool) -> tuple[ssl.SSLContext, str | None]:
        return self._ctx, self._hostname

    def clientConnectionForTLS(self, tlsProtocol: Any) -> Any:
        """An ``ssl.SSLObject`` over memory BIOs for ``tlsProtocol`` (no pyOpenSSL here)."""
        return self._ctx.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname=self._hostname)


def optionsForClientTLS(
    hostname: str,
    trustRoot: Any = None,
    clientCertificate: PrivateCertificate | None = None,
    acceptableProtocols: Any = None,
    *,
    extraCertificateOptions: dict[str, Any] | None = None,
) -> ClientTLSOptions:
    """Client options verifying that the server's certificate is valid for ``hostname``.

    ``trustRoot`` defaults to the platform's trust store; pass the result of
    ``trustRootFromCertificates`` (or a Certificate) to trust your own CA.
    """
    if isinstance(hostname, bytes):
        raise TypeError(
            f"optionsForClientTLS requires text for host names, not bytes; not {hostname!r}"
        )
    extra = dict(extraCertificateOptions or {})
    if clientCertificate is not None:
        extra.update(privateKey=clientCertificate.privateKey, certificate=clientCertificate)
    options = CertificateOptions(
        trustRoot=_trustRootFor(trustRoot), acceptableProtocols=acceptableProtocols, **extra
    )
    ctx = options._context(False)
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.check_hostname = True
    return ClientTLSOptions(hostname, ctx)


@implementer(IOpenSSLServerConnectionCreator)
class _ServerCreator:
    """Adapts server-side options to IOpenSSLServerConnectionCreator."""

    def __init__(self, options: Any) -> None:
        self._options = options

    def serverConnectionForTLS(self, tlsProtocol: Any) -> Any:
        ctx, _ = _contextFor(self._options, True)
        return ctx.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_side=True)


OpenSSLDHParameters = OpenSSLDiffieHellmanParameters

#: Re-exported for code that imports them from this module, as from Twisted's.
__all__ = [
    "DN",
    "Certificate",
    "CertificateOptions",
    "CertificateRequest",
    "ClientTLSOptions",
    "DistinguishedName",
    "KeyPair",
    "OpenSSLAcceptableCiphers",
    "OpenSSLCertificateAuthorities",
    "OpenSSLCertificateOptions",
    "OpenSSLCipher",
    "OpenSSLDHParameters",
    "OpenSSLDefaultPaths",
    "OpenSSLDiffieHellmanParameters",
    "PrivateCertificate",
    "TLSVersion",
    "VerificationError",
    "VerifyError",
    "optionsForClientTLS",
    "platformTrust",
    "trustRootFromCertificates",
]
