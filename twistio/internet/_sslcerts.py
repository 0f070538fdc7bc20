"""Certificates, key pairs and distinguished names for twisted.internet.ssl, on ``cryptography``.

Twisted wraps pyOpenSSL ``X509``/``PKey`` objects; twistio wraps ``cryptography`` objects
instead, so ``.original`` is a ``cryptography.x509.Certificate`` or a private key object.
PEM is the format the stdlib ``ssl`` module speaks; ASN.1 (DER) is accepted too.
"""

from __future__ import annotations

import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

__name__ = "twisted.internet.ssl"

#: File types, as pyOpenSSL's crypto module numbers them.
FILETYPE_PEM = 1
FILETYPE_ASN1 = 2
TYPE_RSA = 6

#: Twisted's long attribute names, their short aliases and the X.509 name OIDs.
_NAMES: dict[str, tuple[str, x509.ObjectIdentifier]] = {
    "commonName": ("CN", NameOID.COMMON_NAME),
    "organizationName": ("O", NameOID.ORGANIZATION_NAME),
    "organizationalUnitName": ("OU", NameOID.ORGANIZATIONAL_UNIT_NAME),
    "localityName": ("L", NameOID.LOCALITY_NAME),
    "stateOrProvinceName": ("ST", NameOID.STATE_OR_PROVINCE_NAME),
    "countryName": ("C", NameOID.COUNTRY_NAME),
    "emailAddress": ("emailAddress", NameOID.EMAIL_ADDRESS),
}
_SHORT = {short: long for long, (short, _) in _NAMES.items()}


class DistinguishedName(dict):  # type: ignore[type-arg]
    """An X.509 name: attribute access by long (``commonName``) or short (``CN``) name.

    Values are stored as bytes, as in Twisted.
    """

    __slots__ = ()

    def __init__(self, **kw: Any) -> None:
        dict.__init__(self)
        for k, v in kw.items():
            setattr(self, k, v)

    def _key(self, name: str) -> str:
        name = _SHORT.get(name, name)
        if name not in _NAMES:
            raise AttributeError(name)
        return name

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self._key(name)]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, str):
            value = value.encode("ascii")
        if not isinstance(value, bytes):
            raise TypeError("DistinguishedName values must be str or bytes")
        self[self._key(name)] = value

    def inspect(self) -> str:
        """A human-readable multi-line rendering of the name."""
        width = max((len(k) for k in self), default=0)
        return "\n".join(f"{k.rjust(width)}: {self[k].decode()}" for k in sorted(self))

    def _toX509(self) -> x509.Name:
        return x509.Name([x509.NameAttribute(_NAMES[k][1], self[k].decode()) for k in sorted(self)])

    @classmethod
    def _fromX509(cls, name: x509.Name) -> DistinguishedName:
        dn = cls()
        oids = {oid: long for long, (_, oid) in _NAMES.items()}
        for attr in name:
            long = oids.get(attr.oid)
            if long is not None:
                value = attr.value
                dn[long] = value.encode() if isinstance(value, str) else bytes(value)
        return dn


DN = DistinguishedName


def _loadCertificate(data: bytes, format: int) -> x509.Certificate:
    if format == FILETYPE_ASN1:
        return x509.load_der_x509_certificate(data)
    return x509.load_pem_x509_certificate(data)


def _encoding(format: int) -> serialization.Encoding:
    return serialization.Encoding.DER if format == FILETYPE_ASN1 else serialization.Encoding.PEM


class CertBase:
    """What certificates and certificate requests share: the wrapped ``original``."""

    original: Any

    def __init__(self, original: Any) -> None:
        self.original = original

    def getSubject(self) -> DistinguishedName:
        """The subject's distinguished name."""
        return DistinguishedName._fromX509(self.original.subject)


class CertificateRequest(CertBase):
    """A certificate signing request (``cryptography.x509.CertificateSigningRequest``)."""

    def __init__(self, original: x509.CertificateSigningRequest) -> None:
        self.original = original

    @classmethod
    def load(cls, requestData: bytes, requestFormat: int = FILETYPE_ASN1) -> CertificateRequest:
        if requestFormat == FILETYPE_ASN1:
            return cls(x509.load_der_x509_csr(requestData))
        return cls(x509.load_pem_x509_csr(requestData))

    def dump(self, format: int = FILETYPE_ASN1) -> bytes:
        return bytes(self.original.public_bytes(_encoding(format)))

    def getSubject(self) -> DistinguishedName:
        return DistinguishedName._fromX509(self.original.subject)


class PublicKey:
    """A public key; ``matches`` compares keys."""

    original: Any

    def __init__(self, osslpkey: Any) -> None:
        self.original = osslpkey

    def _der(self) -> bytes:
        return bytes(
            self.original.public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )

    def matches(self, otherKey: PublicKey) -> bool:
        return self._der() == otherKey._der()

    def keyHash(self) -> str:
        """A hex digest identifying the key."""
        digest = hashes.Hash(hashes.MD5())
        digest.update(self._der())
        return digest.finalize().hex()

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} {self.keyHash()}>"


class Certificate(CertBase):
    """An X.509 certificate (``original`` is a ``cryptography.x509.Certificate``)."""

    original: Any

    def __init__(self, original: Any) -> None:
        if isinstance(original, Certificate):
            original = original.original
        if not isinstance(original, x509.Certificate):
            raise TypeError(
                "Certificate wraps a cryptography.x509.Certificate in twistio "
                "(pyOpenSSL X509 objects are not supported); use Certificate.loadPEM"
            )
        self.original = original

    def __repr__(self) -> str:
        cn = self.getSubject().get("commonName", b"").decode()
        icn = self.getIssuer().get("commonName", b"").decode()
        return f"<{self.__class__.__name__} Subject={cn} Issuer={icn}>"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Certificate):
            return self.dump() == other.dump()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.dump())

    @classmethod
    def load(cls, requestData: bytes, format: int = FILETYPE_ASN1, args: Any = ()) -> Any:
        """Load a certificate from DER (default) or PEM bytes."""
        return cls(_loadCertificate(requestData, format), *args)

    @classmethod
    def loadPEM(cls, data: bytes | str) -> Any:
        """Load a certificate from PEM bytes."""
        if isinstance(data, str):
            data = data.encode("ascii")
        return cls.load(data, FILETYPE_PEM)

    @classmethod
    def peerFromTransport(cls, transport: Any) -> Certificate:
        """The certificate the peer of a TLS ``transport`` presented."""
        cert = transport.getPeerCertificate()
        if cert is None:
            raise CertificateError(f"{transport!r} did not have a peer certificate")
        return cls(cert)

    @classmethod
    def hostFromTransport(cls, transport: Any) -> Certificate:
        """The certificate this side of a TLS ``transport`` presented."""
        cert = getattr(transport, "getHostCertificate", lambda: None)()
        if cert is None:
            raise CertificateError(f"{transport!r} did not have a host certificate")
        return cls(cert)

    def dump(self, format: int = FILETYPE_ASN1) -> bytes:
        return bytes(self.original.public_bytes(_encoding(format)))

    def dumpPEM(self) -> bytes:
        return self.dump(FILETYPE_PEM)

    def serialNumber(self) -> int:
        return int(self.original.serial_number)

    def digest(self, method: str = "md5") -> bytes:
        """The certificate's fingerprint, colon-separated upper-case hex as OpenSSL prints it."""
        algorithm = getattr(hashes, method.upper())()
        raw = self.original.fingerprint(algorithm)
        return b":".join(b"%02X" % b for b in raw)

    def getSubject(self) -> DistinguishedName:
        return DistinguishedName._fromX509(self.original.subject)

    def getIssuer(self) -> DistinguishedName:
        return DistinguishedName._fromX509(self.original.issuer)

    def getPublicKey(self) -> PublicKey:
        return PublicKey(self.original.public_key())

    def options(self, *authorities: Any) -> Any:
        raise NotImplementedError("Possible, but doubtful we need this yet")

    def inspect(self) -> str:
        return "\n".join(
            [
                "Certificate For Subject:",
                self.getSubject().inspect(),
                "\nIssuer:",
                self.getIssuer().inspect(),
                f"\nSerial Number: {self.serialNumber()}",
                f"Digest: {self.digest().decode()}",
            ]
        )


class CertificateError(ValueError):
    """A transport had no certificate where one was wanted."""


class KeyPair(PublicKey):
    """A private key (``original`` is a ``cryptography`` private key object)."""

    @classmethod
    def generate(cls, kind: int = TYPE_RSA, size: int = 2048) -> KeyPair:
        if kind != TYPE_RSA:
            raise ValueError("only RSA keys are generated")
        return cls(rsa.generate_private_key(public_exponent=65537, key_size=size))

    @classmethod
    def load(cls, data: bytes, format: int = FILETYPE_ASN1) -> KeyPair:
        if format == FILETYPE_ASN1:
            return cls(serialization.load_der_private_key(data, None))
        return cls(serialization.load_pem_private_key(data, None))

    def _der(self) -> bytes:
        return PublicKey(self.original.public_key())._der()

    def dump(self, format: int = FILETYPE_ASN1) -> bytes:
        return bytes(
            self.original.private_bytes(
                _encoding(format),
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            )
        )

    def inspect(self) -> str:
        return f"{self.original.key_size}-bit key, hash {self.keyHash()}"

    def requestObject(
        self, distinguishedName: DistinguishedName, digestAlgorithm: str = "sha256"
    ) -> CertificateRequest:
        """A :class:`CertificateRequest` for ``distinguishedName``, signed by this key."""
        builder = x509.CertificateSigningRequestBuilder().subject_name(distinguishedName._toX509())
        return CertificateRequest(
            builder.sign(self.original, getattr(hashes, digestAlgorithm.upper())())
        )

    def certificateRequest(
        self,
        distinguishedName: DistinguishedName,
        format: int = FILETYPE_ASN1,
        digestAlgorithm: str = "sha256",
    ) -> bytes:
        """A CSR for ``distinguishedName`` signed by this key, serialized."""
        return self.requestObject(distinguishedName, digestAlgorithm).dump(format)

    def signRequestObject(
        self,
        issuerDistinguishedName: DistinguishedName,
        requestObject: CertificateRequest,
        serialNumber: int,
        secondsToExpiry: int = 60 * 60 * 24 * 365,
        digestAlgorithm: str = "sha256",
    ) -> Certificate:
        """Sign ``requestObject`` as ``issuerDistinguishedName`` with this key, no DN check."""
        req = requestObject.original
        return Certificate(
            self._sign(
                issuerDistinguishedName._toX509(),
                req.subject,
                req.public_key(),
                serialNumber,
                secondsToExpiry,
                digestAlgorithm,
            )
        )

    def signCertificateRequest(
        self,
        issuerDistinguishedName: DistinguishedName,
        requestData: bytes,
        verifyDNCallback: Any,
        serialNumber: int,
        requestFormat: int = FILETYPE_ASN1,
        certificateFormat: int = FILETYPE_ASN1,
        secondsToExpiry: int = 60 * 60 * 24 * 365,
        digestAlgorithm: str = "sha256",
    ) -> Any:
        """Sign a CSR if ``verifyDNCallback(subjectDN)`` agrees; returns (a Deferred of) bytes."""
        from twistio.internet import defer

        req = CertificateRequest.load(requestData, requestFormat).original
        subject = DistinguishedName._fromX509(req.subject)

        def verified(ok: Any) -> bytes:
            if not ok:
                raise VerifyError(
                    f"DN callback {verifyDNCallback!r} rejected request DN {subject!r}"
                )
            cert = self._sign(
                issuerDistinguishedName._toX509(),
                req.subject,
                req.public_key(),
                serialNumber,
                secondsToExpiry,
                digestAlgorithm,
            )
            return bytes(cert.public_bytes(_encoding(certificateFormat)))

        return defer.maybeDeferred(verifyDNCallback, subject).addCallback(verified)

    def _sign(
        self,
        issuer: x509.Name,
        subject: x509.Name,
        publicKey: Any,
        serialNumber: int,
        secondsToExpiry: int,
        digestAlgorithm: str,
    ) -> x509.Certificate:
        now = datetime.datetime.now(datetime.UTC)
        builder = (
            x509.CertificateBuilder()
            .issuer_name(issuer)
            .subject_name(subject)
            .public_key(publicKey)
            .serial_number(serialNumber)
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(seconds=secondsToExpiry))
        )
        if issuer == subject:
            builder = builder.add_extension(
                x509.BasicConstraints(ca=True, path_length=None), critical=True
            )
        return builder.sign(self.original, getattr(hashes, digestAlgorithm.upper())())

    def selfSignedCert(self, serialNumber: int, **kw: Any) -> PrivateCertificate:
        """A self-signed certificate for this key, with the name attributes in ``kw``."""
        dn = DistinguishedName(**kw)
        name = dn._toX509()
        cert = self._sign(
            name, name, self.original.public_key(), serialNumber, 60 * 60 * 24 * 365, "sha256"
        )
        pc: PrivateCertificate = PrivateCertificate.fromCertificateAndKeyPair(
            Certificate(cert), self
        )
        return pc

    def newCertificate(self, newCertData: bytes, format: int = FILETYPE_ASN1) -> PrivateCertificate:
        pc: PrivateCertificate = PrivateCertificate.load(newCertData, self, format)
        return pc


class VerifyError(Exception):
    """A signing request was refused by the DN callback."""


class PrivateCertificate(Certificate):
    """A certificate together with its private key."""

    privateKey: KeyPair

    def __repr__(self) -> str:
        return f"{Certificate.__repr__(self)} with {self.privateKey!r}"

    def _setPrivateKey(self, privateKey: KeyPair) -> PrivateCertificate:
        if not privateKey.matches(Certificate.getPublicKey(self)):
            raise VerifyError("Certificate public and private keys do not match.")
        self.privateKey = privateKey
        return self

    def newCertificate(self, newCertData: bytes, format: int = FILETYPE_ASN1) -> PrivateCertificate:
        pc: PrivateCertificate = self.load(newCertData, self.privateKey, format)
        return pc

    @classmethod
    def load(  # type: ignore[override]
        cls, data: bytes, privateKey: KeyPair, format: int = FILETYPE_ASN1, args: Any = ()
    ) -> Any:
        return cls(_loadCertificate(data, format))._setPrivateKey(privateKey)

    @classmethod
    def loadPEM(cls, data: bytes | str) -> Any:
        """Load a certificate and its private key, both PEM, from one blob."""
        if isinstance(data, str):
            data = data.encode("ascii")
        return cls.load(data, KeyPair.load(data, FILETYPE_PEM), FILETYPE_PEM)

    @classmethod
    def fromCertificateAndKeyPair(
        cls, certificateInstance: Certificate, privateKey: KeyPair
    ) -> PrivateCertificate:
        return cls(certificateInstance.original)._setPrivateKey(privateKey)

    def dumpPEM(self) -> bytes:
        """Certificate and private key, PEM, key first (as Twisted writes them)."""
        return self.privateKey.dump(FILETYPE_PEM) + self.dump(FILETYPE_PEM)

    def inspect(self) -> str:
        return "\n".join([Certificate.inspect(self), self.privateKey.inspect()])

    def getPublicKey(self) -> PublicKey:
        return self.privateKey

    def signCertificateRequest(
        self,
        requestData: bytes,
        verifyDNCallback: Any,
        serialNumber: int,
        requestFormat: int = FILETYPE_ASN1,
        certificateFormat: int = FILETYPE_ASN1,
    ) -> Any:
        return self.privateKey.signCertificateRequest(
            self.getSubject(),
            requestData,
            verifyDNCallback,
            serialNumber,
            requestFormat,
            certificateFormat,
        )

    def signRequestObject(
        self,
        certificateRequest: CertificateRequest,
        serialNumber: int,
        secondsToExpiry: int = 60 * 60 * 24 * 365,
        digestAlgorithm: str = "sha256",
    ) -> Certificate:
        req = certificateRequest.original
        return Certificate(
            self.privateKey._sign(
                self.original.subject,
                req.subject,
                req.public_key(),
                serialNumber,
                secondsToExpiry,
                digestAlgorithm,
            )
        )

    def certificateRequest(
        self, format: int = FILETYPE_ASN1, digestAlgorithm: str = "sha256"
    ) -> bytes:
        return self.privateKey.certificateRequest(self.getSubject(), format, digestAlgorithm)

    def options(self, *authorities: Any) -> Any:
        """CertificateOptions presenting this certificate (verifying peers if ``authorities``)."""
        from twistio.internet._sslverify import CertificateOptions

        kw: dict[str, Any] = {"privateKey": self.privateKey, "certificate": self}
        if authorities:
            kw.update(verify=True, requireCertificate=True, caCerts=list(authorities))
        return CertificateOptions(**kw)
