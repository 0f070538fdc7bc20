"""twisted.python.fakepwd: in-memory stand-ins for the ``pwd`` and ``spwd`` modules (tests)."""

from __future__ import annotations

from typing import Any

__name__ = "twisted.python.fakepwd"

__all__ = ["UserDatabase", "ShadowDatabase"]


class _Record:
    """A tuple-like record whose fields are also attributes (like ``pwd.struct_passwd``)."""

    _fields: tuple[str, ...] = ()

    def __init__(self, *values: Any) -> None:
        self._values = values
        for name, value in zip(self._fields, values, strict=False):
            setattr(self, name, value)

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, index: Any) -> Any:
        return self._values[index]

    def __iter__(self) -> Any:
        return iter(self._values)

    def __eq__(self, other: object) -> bool:
        try:
            return tuple(self) == tuple(other)  # type: ignore[arg-type]
        except TypeError:
            return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={v!r}" for n, v in zip(self._fields, self._values, strict=False))
        return f"{type(self).__name__}({fields})"


class _UserRecord(_Record):
    _fields = ("pw_name", "pw_passwd", "pw_uid", "pw_gid", "pw_gecos", "pw_dir", "pw_shell")
    pw_name: str
    pw_passwd: str
    pw_uid: int
    pw_gid: int
    pw_gecos: str
    pw_dir: str
    pw_shell: str


class _ShadowRecord(_Record):
    _fields = (
        "sp_nam",
        "sp_pwd",
        "sp_lstchg",
        "sp_min",
        "sp_max",
        "sp_warn",
        "sp_inact",
        "sp_expire",
        "sp_flag",
    )
    sp_nam: str


class UserDatabase:
    """Users added with :meth:`addUser`, looked up like ``pwd`` does (KeyError when absent)."""

    def __init__(self) -> None:
        self._users: list[_UserRecord] = []

    def addUser(
        self, username: str, password: str, uid: int, gid: int, gecos: str, home: str, shell: str
    ) -> None:
        """Add a user record."""
        self._users.append(_UserRecord(username, password, uid, gid, gecos, home, shell))

    def getpwuid(self, uid: int) -> _UserRecord:
        """The first user with ``uid``."""
        for entry in self._users:
            if entry.pw_uid == uid:
                return entry
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    def getpwnam(self, name: str) -> _UserRecord:
        """The first user named ``name``."""
        if not isinstance(name, str):
            raise TypeError(f"getpwnam() argument must be str, not {type(name).__name__}")
        for entry in self._users:
            if entry.pw_name == name:
                return entry
        raise KeyError(f"getpwnam(): name not found: {name!r}")

    def getpwall(self) -> list[_UserRecord]:
        """Every user."""
        return list(self._users)


class ShadowDatabase:
    """Shadow password entries, looked up like ``spwd`` does."""

    def __init__(self) -> None:
        self._users: list[_ShadowRecord] = []

    def addUser(
        self,
        username: str,
        password: str,
        lastChange: int,
        min: int,
        max: int,
        warn: int,
        inact: int,
        expire: int,
        flag: int,
    ) -> None:
        """Add a shadow entry."""
        self._users.append(
            _ShadowRecord(username, password, lastChange, min, max, warn, inact, expire, flag)
        )

    def getspnam(self, username: str) -> _ShadowRecord:
        """The entry for ``username``."""
        if not isinstance(username, str):
            raise TypeError(f"getspnam() argument must be str, not {type(username).__name__}")
        for entry in self._users:
            if entry.sp_nam == username:
                return entry
        raise KeyError(username)

    def getspall(self) -> list[_ShadowRecord]:
        """Every entry."""
        return list(self._users)
