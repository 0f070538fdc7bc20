"""twisted.python.systemd: listening sockets inherited from systemd socket activation
(:class:`ListenFDs`)."""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping, Sequence

__name__ = "twisted.python.systemd"

__all__ = ["ListenFDs"]


class ListenFDs:
    """The file descriptors (and their names) systemd passed to this process."""

    _START = 3

    def __init__(self, descriptors: Sequence[int], names: Sequence[str] | None = None) -> None:
        self._descriptors = list(descriptors)
        if names is None:
            names = ("unknown",) * len(self._descriptors)
        self._names = tuple(names)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ListenFDs):
            return NotImplemented
        return self._descriptors == other._descriptors and self._names == other._names

    def __hash__(self) -> int:
        return hash((tuple(self._descriptors), self._names))

    def __repr__(self) -> str:
        return f"ListenFDs(_descriptors={self._descriptors!r}, _names={self._names!r})"

    @classmethod
    def fromEnvironment(
        cls, environ: MutableMapping[str, str] | Mapping[str, str] | None = None, start: int | None = None
    ) -> ListenFDs:
        """The descriptors described by ``LISTEN_PID``/``LISTEN_FDS``/``LISTEN_FDNAMES`` in
        ``environ`` (``os.environ`` by default), if they were meant for this process.

        When they were meant for this process, ``LISTEN_PID`` and ``LISTEN_FDS`` are removed
        (as Twisted does; ``LISTEN_FDNAMES`` stays) so the same descriptors are not used twice;
        otherwise the mapping is left alone.
        """
        if environ is None:
            environ = os.environ
        if start is None:
            start = cls._START

        pidText = environ.get("LISTEN_PID")
        fdsText = environ.get("LISTEN_FDS")
        namesText = environ.get("LISTEN_FDNAMES")
        try:
            pid = int(pidText) if pidText is not None else None
            count = int(fdsText) if fdsText is not None else None
        except ValueError:
            return cls([], ())
        if pid != os.getpid() or count is None:
            return cls([], ())
        if isinstance(environ, MutableMapping):
            for key in ("LISTEN_PID", "LISTEN_FDS"):
                environ.pop(key, None)
        descriptors = list(range(start, start + count))
        if namesText is None:
            names: tuple[str, ...] = ("unknown",) * count
        elif namesText == "":
            names = ()
        else:
            names = tuple(namesText.split(":"))
        return cls(descriptors, names)

    def inheritedDescriptors(self) -> list[int]:
        """The descriptors (a new list each time)."""
        return list(self._descriptors)

    def inheritedNamedDescriptors(self) -> dict[str, int]:
        """Descriptor names to descriptors."""
        return dict(zip(self._names, self._descriptors, strict=False))
