"""twisted.internet.ssl objects without the network: certificates, keys, names and options."""

from __future__ import annotations

import ssl

import pytest
from cryptography import x509
from zope.interface.verify import verifyObject

from twistio.internet import interfaces
from twistio.internet import ssl as tssl
from twistio.internet._sslverify import _contextFor


@pytest.fixture(scope="module")
def keyPair() -> tssl.KeyPair:
    return tssl.KeyPair.generate(size=2048)


@pytest.fixture(scope="module")
def selfSigned(keyPair: tssl.KeyPair) -> tssl.PrivateCertificate:
    return keyPair.selfSignedCert(7, commonName="example.com", organizationName="twistio")


def test_distinguished_name_aliases() -> None:
    """Long and short attribute names are the same entry; values are bytes."""
    dn = tssl.DistinguishedName(commonName="a.example", O="Org")
    assert dn.CN == dn.commonName == b"a.example"
    assert dn.organizationName == b"Org"
    with pytest.raises(AttributeError):
        dn.notAnAttribute  # noqa: B018
    assert "commonName: a.example" in dn.inspect()


def test_self_signed_round_trip(selfSigned: tssl.PrivateCertificate) -> None:
    """A self-signed certificate's PEM reloads equal, with subject, issuer and serial intact."""
    assert selfSigned.getSubject().commonName == b"example.com"
    assert selfSigned.getIssuer() == selfSigned.getSubject()
    assert selfSigned.serialNumber() == 7
    again = tssl.Certificate.loadPEM(selfSigned.dumpPEM())
    assert again == tssl.Certificate(selfSigned.original)
    assert isinstance(again.original, x509.Certificate)
    both = tssl.PrivateCertificate.loadPEM(selfSigned.dumpPEM())
    assert both.privateKey.matches(selfSigned.privateKey)
    assert tssl.Certificate.load(selfSigned.dump()) == again
    assert len(selfSigned.digest("sha256").split(b":")) == 32


def test_mismatched_key_refused(selfSigned: tssl.PrivateCertificate, keyPair: tssl.KeyPair) -> None:
    """A certificate paired with someone else's key is refused."""
    other = tssl.KeyPair.generate(size=2048)
    with pytest.raises(Exception, match="do not match"):
        tssl.PrivateCertificate.fromCertificateAndKeyPair(selfSigned, other)


def test_sign_certificate_request(selfSigned: tssl.PrivateCertificate) -> None:
    """A CA signs a CSR when the DN callback agrees; the result names the CA as issuer."""
    leafKey = tssl.KeyPair.generate(size=2048)
    csr = leafKey.certificateRequest(tssl.DN(commonName="leaf.example"))
    results: list[bytes] = []
    selfSigned.signCertificateRequest(
        csr, lambda dn: dn.commonName == b"leaf.example", 9
    ).addCallback(results.append)
    leaf = leafKey.newCertificate(results[0])
    assert leaf.getIssuer().commonName == b"example.com"
    assert leaf.getSubject().commonName == b"leaf.example"
    assert leaf.serialNumber() == 9


def test_certificate_options_contexts(selfSigned: tssl.PrivateCertificate) -> None:
    """CertificateOptions gives stdlib contexts: TLS 1.2 minimum, verification as asked."""
    options = selfSigned.options()
    verifyObject(interfaces.IOpenSSLContextFactory, options)
    server = options.getContext()
    assert isinstance(server, ssl.SSLContext)
    assert server.minimum_version == ssl.TLSVersion.TLSv1_2
    assert server.verify_mode == ssl.CERT_NONE
    verifying = selfSigned.options(selfSigned)
    assert verifying.getContext().verify_mode == ssl.CERT_REQUIRED
    capped = tssl.CertificateOptions(lowerMaximumSecurityTo=tssl.TLSVersion.TLSv1_2)
    assert capped.getContext().maximum_version == ssl.TLSVersion.TLSv1_2
    with pytest.raises(ValueError):
        tssl.CertificateOptions(privateKey=selfSigned.privateKey.original)


def test_options_for_client_tls_verifies_hostname(selfSigned: tssl.PrivateCertificate) -> None:
    """optionsForClientTLS turns certificate and hostname checks on, and refuses bytes."""
    creator = tssl.optionsForClientTLS("example.com", trustRoot=selfSigned)
    verifyObject(interfaces.IOpenSSLClientConnectionCreator, creator)
    ctx, hostname = _contextFor(creator, False)
    assert hostname == "example.com"
    assert ctx.check_hostname and ctx.verify_mode == ssl.CERT_REQUIRED
    with pytest.raises(TypeError):
        tssl.optionsForClientTLS(b"example.com")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        tssl.trustRootFromCertificates([object()])


def test_classic_client_context_factory_does_not_verify() -> None:
    """ClientContextFactory, as classic code uses it, makes an unverified client context."""
    ctx, hostname = _contextFor(tssl.ClientContextFactory(), False)
    assert ctx.verify_mode == ssl.CERT_NONE and hostname is None


class _PyOpenSSLStyle:
    """A context factory in the pyOpenSSL style: getContext returns something else."""

    def getContext(self) -> object:
        return object()


def test_pyopenssl_context_refused_clearly() -> None:
    """A context factory handing back a non-stdlib (pyOpenSSL) context gets a TypeError that
    says what to use instead, at listenSSL/connectSSL time."""
    from twistio._aio.tls import TLSConnector, TLSPort
    from twistio.internet.protocol import Factory

    with pytest.raises(TypeError, match="pyOpenSSL.*CertificateOptions"):
        TLSPort(0, Factory(), _PyOpenSSLStyle())
    with pytest.raises(TypeError, match="pyOpenSSL"):
        TLSConnector("127.0.0.1", 1, Factory(), _PyOpenSSLStyle(), 30, None, reactor=object())


def test_default_openssl_context_factory(
    tmp_path: pytest.TempPathFactory, selfSigned: tssl.PrivateCertificate
) -> None:
    """DefaultOpenSSLContextFactory loads PEM key and certificate files into a server context."""
    from pathlib import Path

    directory = Path(str(tmp_path))
    (directory / "key.pem").write_bytes(selfSigned.privateKey.dump(tssl.FILETYPE_PEM))
    (directory / "cert.pem").write_bytes(selfSigned.dump(tssl.FILETYPE_PEM))
    factory = tssl.DefaultOpenSSLContextFactory(
        str(directory / "key.pem"), str(directory / "cert.pem")
    )
    assert isinstance(factory.getContext(), ssl.SSLContext)
    assert factory.getContext() is factory.getContext()
    with pytest.raises(OSError):
        tssl.DefaultOpenSSLContextFactory(str(directory / "nope"), str(directory / "cert.pem"))


def test_public_names_report_twisted_module() -> None:
    """The public names live in twisted.internet.ssl, as in Twisted."""
    for name in ("CertificateOptions", "PrivateCertificate", "KeyPair", "Certificate"):
        assert getattr(tssl, name).__module__ == "twisted.internet.ssl"
    assert tssl.supported
    assert set(tssl.__all__) <= set(dir(tssl))


def test_protocol_negotiation_deprecated() -> None:
    """protocolNegotiationMechanisms still answers ALPN, with Twisted 26.10's deprecation."""
    with pytest.warns(DeprecationWarning, match="protocolNegotiationMechanisms was deprecated"):
        mechanisms = tssl.protocolNegotiationMechanisms()
    with pytest.warns(DeprecationWarning, match="There is no need to check for support"):
        flags = tssl.ProtocolNegotiationSupport
    assert flags.ALPN in mechanisms
    assert issubclass(tssl.Certificate, tssl.CertBase)


def test_acceptable_ciphers_from_cipher_string() -> None:
    """A cipher string expands to named ciphers, narrows what a context offers, and
    selectCiphers keeps only acceptable ones."""
    from twistio.internet import _sslverify as sslverify

    acceptable = sslverify.OpenSSLAcceptableCiphers.fromOpenSSLCipherString("ECDHE+AESGCM")
    gcm = sslverify.OpenSSLCipher("ECDHE-RSA-AES128-GCM-SHA256")
    assert acceptable.selectCiphers([gcm, sslverify.OpenSSLCipher("NULL-MD5")]) == [gcm]
    ctx = tssl.CertificateOptions(acceptableCiphers=acceptable).getContext()
    tls12 = [c["name"] for c in ctx.get_ciphers() if c["protocol"] == "TLSv1.2"]
    assert tls12 and all("GCM" in name and name.startswith("ECDHE") for name in tls12)
    assert sslverify.OpenSSLCertificateOptions is tssl.CertificateOptions


def test_request_object_signed_by_key_pair(keyPair: tssl.KeyPair) -> None:
    """KeyPair.requestObject gives a CertificateRequest (dumpable, reloadable) and
    KeyPair.signRequestObject turns it into a Certificate issued by the given name."""
    subject = tssl.DistinguishedName(organizationName="org", organizationalUnitName="unit")
    issuer = tssl.DistinguishedName(commonName="issuer.example")
    req = keyPair.requestObject(subject)
    assert isinstance(req, tssl.CertificateRequest)
    assert req.getSubject() == subject
    pem = req.dump(tssl.FILETYPE_PEM)
    assert pem.startswith(b"-----BEGIN CERTIFICATE REQUEST-----")
    cert = keyPair.signRequestObject(issuer, req, 42, secondsToExpiry=60)
    assert isinstance(cert, tssl.Certificate)
    assert cert.getSubject() == subject
    assert cert.getIssuer() == issuer
    assert cert.serialNumber() == 42
    assert cert.getPublicKey().matches(keyPair)
