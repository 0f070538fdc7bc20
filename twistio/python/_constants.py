"""Named constants (the part of the ``constantly`` library that twistio needs).

``LogLevel`` and ``PredicateResult`` are containers of :class:`NamedConstant`: each constant
knows its ``name``, constants of one container order by definition, and the container can
``lookupByName`` and ``iterconstants``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

__name__ = "twisted.python._constants"

__all__ = ["NamedConstant", "Names"]


class _Constant:
    _counter = 0

    def __init__(self) -> None:
        _Constant._counter += 1
        self._index = _Constant._counter
        self._container: Any = None
        self.name = ""

    def __repr__(self) -> str:
        return f"<{self._container.__name__}={self.name}>"

    def _realize(self, container: Any, name: str) -> None:
        self._container = container
        self.name = name

    def _check(self, other: object) -> bool:
        return isinstance(other, _Constant) and other._container is self._container

    def __lt__(self, other: object) -> bool:
        # _check inlined: levels are compared for every log event.
        if not (isinstance(other, _Constant) and other._container is self._container):
            return NotImplemented
        return self._index < other._index  # type: ignore[attr-defined, no-any-return]

    def __le__(self, other: object) -> bool:
        # _check inlined: levels are compared for every log event.
        if not (isinstance(other, _Constant) and other._container is self._container):
            return NotImplemented
        return self._index <= other._index  # type: ignore[attr-defined, no-any-return]

    def __gt__(self, other: object) -> bool:
        # _check inlined: levels are compared for every log event.
        if not (isinstance(other, _Constant) and other._container is self._container):
            return NotImplemented
        return self._index > other._index  # type: ignore[attr-defined, no-any-return]

    def __ge__(self, other: object) -> bool:
        # _check inlined: levels are compared for every log event.
        if not (isinstance(other, _Constant) and other._container is self._container):
            return NotImplemented
        return self._index >= other._index  # type: ignore[attr-defined, no-any-return]

    __hash__ = object.__hash__


class NamedConstant(_Constant):
    """A constant whose only value is its name."""


class _ContainerType(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], attributes: dict[str, Any]) -> Any:
        cls = super().__new__(mcs, name, bases, attributes)
        found = [(v._index, k, v) for k, v in attributes.items() if isinstance(v, _Constant)]
        found.sort()
        enumerants: dict[str, Any] = {}
        for _index, key, constant in found:
            constant._realize(cls, key)
            enumerants[key] = constant
        cls._enumerants = enumerants  # type: ignore[attr-defined]
        # In definition order, made once: loggers check every event's level against it.
        cls._ordered = tuple(enumerants.values())  # type: ignore[attr-defined]
        return cls

    def __iter__(cls) -> Iterator[Any]:
        return iter(cls._enumerants.values())  # type: ignore[attr-defined]


class Names(metaclass=_ContainerType):
    """A container of :class:`NamedConstant` (subclass it; instances are never made)."""

    _enumerants: dict[str, Any] = {}
    _ordered: tuple[Any, ...] = ()

    @classmethod
    def lookupByName(cls, name: str) -> Any:
        """The constant named ``name``; ``ValueError`` if there is none."""
        if name in cls._enumerants:
            return cls._enumerants[name]
        raise ValueError(name)

    @classmethod
    def iterconstants(cls) -> Iterator[Any]:
        """The constants, in definition order."""
        return iter(cls._ordered)
