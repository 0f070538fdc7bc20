"""twisted.python.monkey: :class:`MonkeyPatcher`, reversible attribute replacement."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

__name__ = "twisted.python.monkey"

__all__ = ["MonkeyPatcher"]

_T = TypeVar("_T")


class MonkeyPatcher:
    """Replaces attributes of objects (``patch``) and puts the originals back
    (``restore``).  Usable as a context manager."""

    def __init__(self, *patches: tuple[object, str, Any]) -> None:
        # (obj, name, value) to set.
        self._patchesToApply: list[tuple[object, str, Any]] = []
        # (obj, name, original value) to restore, in the order they were replaced.
        self._originals: list[tuple[object, str, Any]] = []
        for patch in patches:
            self.addPatch(*patch)

    def addPatch(self, obj: object, name: str, value: Any) -> None:
        """Arrange for ``obj.name`` to be ``value`` while patched."""
        self._patchesToApply.append((obj, name, value))

    def _alreadyPatched(self, obj: object, name: str) -> bool:
        for o, n, _v in self._originals:
            if (o, n) == (obj, name):
                return True
        return False

    def patch(self) -> None:
        """Apply every patch, remembering the original values."""
        for obj, name, value in self._patchesToApply:
            if not self._alreadyPatched(obj, name):
                self._originals.append((obj, name, getattr(obj, name)))
            setattr(obj, name, value)

    __enter__ = patch

    def restore(self) -> None:
        """Put back the original values (most recently patched first)."""
        while self._originals:
            obj, name, value = self._originals.pop()
            setattr(obj, name, value)

    def __exit__(
        self,
        excType: type[BaseException] | None = None,
        excValue: BaseException | None = None,
        excTraceback: TracebackType | None = None,
    ) -> None:
        self.restore()

    def runWithPatches(self, f: Callable[..., _T], *args: Any, **kw: Any) -> _T:
        """Call ``f`` with the patches applied, restoring afterwards."""
        self.patch()
        try:
            return f(*args, **kw)
        finally:
            self.restore()
