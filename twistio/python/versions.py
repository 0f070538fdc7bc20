"""twisted.python.versions: comparable release versions (``Version('Twisted', 26, 10, 0)``)."""

from __future__ import annotations

import functools
from typing import Any

__name__ = "twisted.python.versions"

__all__ = ["Version", "getVersionString", "IncomparableVersions"]


class IncomparableVersions(TypeError):
    """Two versions of different packages were compared."""


@functools.total_ordering
class Version:
    """A package's version: ``package``, ``major``, ``minor``, ``micro`` and optional
    ``release_candidate``/``post``/``dev`` parts.  Versions of the same package compare by
    their parts (a release candidate sorts before its release); comparing versions of two
    different packages raises :class:`IncomparableVersions`.
    """

    def __init__(
        self,
        package: str,
        major: int | str,
        minor: int,
        micro: int,
        release_candidate: int | None = None,
        prerelease: int | None = None,
        post: int | None = None,
        dev: int | None = None,
    ) -> None:
        self.package = package
        self.major = major
        self.minor = minor
        self.micro = micro
        self.release_candidate = release_candidate if release_candidate is not None else prerelease
        self.post = post
        self.dev = dev

    @property
    def prerelease(self) -> int | None:
        return self.release_candidate

    def public(self) -> str:
        """The version as a PEP 440 string, e.g. ``26.10.0rc1``."""
        text = f"{self.major}.{self.minor}.{self.micro}"
        if self.release_candidate is not None:
            text += f"rc{self.release_candidate}"
        if self.post is not None:
            text += f".post{self.post}"
        if self.dev is not None:
            text += f".dev{self.dev}"
        return text

    base = public
    short = public
    local = public

    def __repr__(self) -> str:
        extra = ""
        if self.release_candidate is not None:
            extra += f", release_candidate={self.release_candidate!r}"
        if self.post is not None:
            extra += f", post={self.post!r}"
        if self.dev is not None:
            extra += f", dev={self.dev!r}"
        return f"Version({self.package!r}, {self.major!r}, {self.minor!r}, {self.micro!r}{extra})"

    def __str__(self) -> str:
        return f"[{self.package}, version {self.short()}]"

    def _key(self) -> tuple[Any, ...]:
        rc = self.release_candidate if self.release_candidate is not None else float("inf")
        dev = self.dev if self.dev is not None else float("inf")
        return (self.major, self.minor, self.micro, rc, self.post or 0, dev)

    def _check(self, other: object) -> Version:
        if not isinstance(other, Version):
            return NotImplemented  # type: ignore[no-any-return]
        if self.package.lower() != other.package.lower():
            raise IncomparableVersions(f"{self.package!r} != {other.package!r}")
        return other

    def __eq__(self, other: object) -> bool:
        checked = self._check(other)
        if checked is NotImplemented:
            return NotImplemented
        return self._key() == checked._key()

    def __lt__(self, other: object) -> bool:
        checked = self._check(other)
        if checked is NotImplemented:
            return NotImplemented
        return self._key() < checked._key()

    def __hash__(self) -> int:
        return hash((self.package.lower(), self._key()))


def getVersionString(version: Version) -> str:
    """``'Twisted 26.10.0'`` for ``Version('Twisted', 26, 10, 0)``."""
    return f"{version.package} {version.short()}"
