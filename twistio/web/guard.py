"""twisted.web.guard: HTTP authentication (Basic and Digest) for resources with cred."""

from __future__ import annotations

from twistio.web._auth.basic import BasicCredentialFactory
from twistio.web._auth.digest import DigestCredentialFactory
from twistio.web._auth.wrapper import HTTPAuthSessionWrapper

__name__ = "twisted.web.guard"

__all__ = ["BasicCredentialFactory", "DigestCredentialFactory", "HTTPAuthSessionWrapper"]
