"""File permission bits as objects: :class:`RWX` and :class:`Permissions`."""

from __future__ import annotations

from stat import (
    S_IMODE,
    S_IRGRP,
    S_IROTH,
    S_IRUSR,
    S_IWGRP,
    S_IWOTH,
    S_IWUSR,
    S_IXGRP,
    S_IXOTH,
    S_IXUSR,
)

__name__ = "twisted.python.filepath"

__all__ = ["RWX", "Permissions"]


class RWX:
    """Read, write and execute permission for one class of users."""

    compareAttributes = ("read", "write", "execute")

    def __init__(self, readable: bool, writable: bool, executable: bool) -> None:
        self.read = readable
        self.write = writable
        self.execute = executable

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RWX):
            return NotImplemented
        return (self.read, self.write, self.execute) == (other.read, other.write, other.execute)

    def __hash__(self) -> int:
        return hash((self.read, self.write, self.execute))

    def __repr__(self) -> str:
        return f"RWX(read={self.read}, write={self.write}, execute={self.execute})"

    def shorthand(self) -> str:
        """``"rwx"``-style text, with ``-`` for missing permissions."""
        return "".join(
            flag if allowed else "-"
            for flag, allowed in (("r", self.read), ("w", self.write), ("x", self.execute))
        )


class Permissions:
    """The permissions of a file, from its ``st_mode``: ``user``, ``group`` and ``other``
    :class:`RWX` objects."""

    def __init__(self, statModeInt: int) -> None:
        self.user, self.group, self.other = (
            RWX(*(bool(statModeInt & bit) for bit in bits))
            for bits in (
                (S_IRUSR, S_IWUSR, S_IXUSR),
                (S_IRGRP, S_IWGRP, S_IXGRP),
                (S_IROTH, S_IWOTH, S_IXOTH),
            )
        )
        self._mode = S_IMODE(statModeInt)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Permissions):
            return NotImplemented
        return (self.user, self.group, self.other) == (other.user, other.group, other.other)

    def __hash__(self) -> int:
        return hash((self.user, self.group, self.other))

    def __repr__(self) -> str:
        return f"[{self.user} | {self.group} | {self.other}]"

    def shorthand(self) -> str:
        """``"rwxr-xr-x"``-style text."""
        return "".join(x.shorthand() for x in (self.user, self.group, self.other))
