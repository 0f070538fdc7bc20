"""Body-loss exceptions of twisted.web.http that the client raises (re-exported by http)."""

from __future__ import annotations

__name__ = "twisted.web.http"


class PotentialDataLoss(Exception):
    """A body delimited by the connection closing ended: it may or may not be complete."""


class _DataLoss(Exception):
    """A body ended before the length its framing promised (or its chunked framing broke)."""
