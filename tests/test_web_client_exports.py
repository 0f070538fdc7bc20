"""The public surface of twisted.web.client, _newclient and template, pinned."""

from __future__ import annotations

import importlib

import pytest

SURFACE = {
    "twistio.web.template": [
        "TEMPLATE_NAMESPACE", "VALID_HTML_TAG_NAMES", "Element", "Flattenable", "TagLoader",
        "XMLString", "XMLFile", "renderer", "flatten", "flattenString", "tags", "Comment",
        "CDATA", "Tag", "slot", "CharRef", "renderElement",
    ],
    "twistio.web.client": [
        "Agent", "BrowserLikePolicyForHTTPS", "BrowserLikeRedirectAgent", "ContentDecoderAgent",
        "CookieAgent", "GzipDecoder", "HTTPConnectionPool", "PartialDownloadError", "ProxyAgent",
        "readBody", "RedirectAgent", "RequestGenerationFailed", "RequestTransmissionFailed",
        "Response", "ResponseDone", "ResponseFailed", "ResponseNeverReceived", "URI",
    ],
}  # fmt: skip

# Names used from these modules without being in __all__.
EXTRA = {
    "twistio.web.client": [
        "FileBodyProducer", "HostnameCachingHTTPSPolicy", "HTTP11ClientProtocol", "Headers",
        "PotentialDataLoss", "Request", "RequestNotSent", "getPage", "downloadPage",
        "_HTTP11ClientFactory", "_ReadBodyProtocol", "_urljoin",
    ],
    "twistio.web._newclient": [
        "HTTP11ClientProtocol", "Request", "Response", "ResponseDone", "ResponseFailed",
        "ResponseNeverReceived", "RequestNotSent", "RequestGenerationFailed",
        "RequestTransmissionFailed", "ConnectionAborted", "WrongBodyLength", "ExcessWrite",
        "BadHeaders", "ParseError", "BadResponseVersion", "ChunkedEncoder",
        "LengthEnforcingConsumer", "TransportProxyProducer", "makeStatefulDispatcher",
        "UNKNOWN_LENGTH", "STATUS", "HEADER", "BODY", "DONE", "PotentialDataLoss", "_DataLoss",
        "_WrapperException", "_ensureValidMethod", "_ensureValidURI",
    ],
    "twistio.web._flatten": ["BUFFER_SIZE", "flatten", "flattenString", "escapeForContent"],
}  # fmt: skip


@pytest.mark.parametrize("module", sorted(SURFACE))
def test_all_is_twisteds(module: str) -> None:
    """__all__ lists what Twisted 26.10's does."""
    assert sorted(importlib.import_module(module).__all__) == sorted(SURFACE[module])


@pytest.mark.parametrize("module", sorted(set(SURFACE) | set(EXTRA)))
def test_names_exist_with_twisted_module(module: str) -> None:
    """Every public name exists; classes and functions report a twisted.web module."""
    mod = importlib.import_module(module)
    for name in SURFACE.get(module, []) + EXTRA.get(module, []):
        obj = getattr(mod, name)
        owner = getattr(obj, "__module__", None)
        if isinstance(obj, type) or callable(obj) and owner is not None:
            assert owner.startswith(("twisted.", "typing")), (name, owner)
