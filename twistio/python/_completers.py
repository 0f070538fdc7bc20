"""Shell completion descriptions for :mod:`twisted.python.usage` options."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__name__ = "twisted.python.usage"

__all__ = [
    "Completions",
    "Completer",
    "CompleteFiles",
    "CompleteDirs",
    "CompleteList",
    "CompleteMultiList",
    "CompleteUsernames",
    "CompleteGroups",
    "CompleteHostnames",
    "CompleteUserAtHost",
    "CompleteNetInterfaces",
]

_ZSH = "zsh"
_BASH = "bash"


class Completer:
    """Completes nothing; subclasses complete particular kinds of words.

    :param descr: what the value is (default: the option's name).
    :param repeat: whether the value may be given more than once (for positional
        arguments).
    """

    _action = ""

    def __init__(self, descr: str | None = None, repeat: bool = False) -> None:
        self._descr = descr
        self._repeat = repeat

    @property
    def _repeatFlag(self) -> str:
        return "*" if self._repeat else ""

    def _description(self, optName: str) -> str:
        if self._descr is not None:
            return self._descr
        return optName

    def _zshAction(self, optName: str) -> str:
        return self._action

    def _shellCode(self, optName: str, shellType: str) -> str:
        """The completion code for ``shellType`` (only zsh is supported)."""
        if shellType != _ZSH:
            raise NotImplementedError(f"Unknown shellType {shellType!r}")
        return f"{self._repeatFlag}:{self._description(optName)}:{self._zshAction(optName)}"


class CompleteFiles(Completer):
    """Completes file names matching ``globPattern``."""

    def __init__(self, globPattern: str = "*", **kw: Any) -> None:
        super().__init__(**kw)
        self._globPattern = globPattern

    def _description(self, optName: str) -> str:
        return f"{super()._description(optName)} ({self._globPattern})"

    def _zshAction(self, optName: str) -> str:
        return f'_files -g "{self._globPattern}"'


class CompleteDirs(Completer):
    """Completes directory names."""

    _action = "_directories"


class CompleteList(Completer):
    """Completes one word of ``items``."""

    def __init__(self, items: Iterable[str] | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self._items = list(items) if items is not None else []

    def _zshAction(self, optName: str) -> str:
        return "({})".format(" ".join(self._items))


class CompleteMultiList(Completer):
    """Completes a comma-separated list of words of ``items``."""

    def __init__(self, items: Iterable[str] | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self._items = list(items) if items is not None else []

    def _zshAction(self, optName: str) -> str:
        return "_values -s , '{}' {}".format(self._description(optName), " ".join(self._items))


class CompleteUsernames(Completer):
    """Completes user names."""

    _action = "_users"


class CompleteGroups(Completer):
    """Completes group names."""

    _action = "_groups"

    def __init__(self, descr: str | None = "group", repeat: bool = False) -> None:
        super().__init__(descr, repeat)


class CompleteHostnames(Completer):
    """Completes host names."""

    _action = "_hosts"


class CompleteUserAtHost(Completer):
    """Completes ``host`` or ``user@host``."""

    def _description(self, optName: str) -> str:
        if self._descr is not None:
            return self._descr
        return "host | user@host"

    _action = "_user_at_host"


class CompleteNetInterfaces(Completer):
    """Completes network interface names."""

    _action = "_net_interfaces"


class Completions:
    """How to complete an Options class's options and arguments in a shell.

    :param descriptions: option name to a description overriding its help text.
    :param multiUse: options that may be given several times.
    :param mutuallyExclusive: groups of options that exclude each other.
    :param optActions: option name to a :class:`Completer` for its value.
    :param extraActions: completers for the positional arguments, in order.
    """

    def __init__(
        self,
        descriptions: Mapping[str, str] = {},  # noqa: B006
        multiUse: Sequence[str] = [],  # noqa: B006
        mutuallyExclusive: Sequence[Sequence[str]] = [],  # noqa: B006
        optActions: Mapping[str, Completer] = {},  # noqa: B006
        extraActions: Sequence[Completer] = [],  # noqa: B006
    ) -> None:
        self.descriptions = descriptions
        self.multiUse = multiUse
        self.mutuallyExclusive = mutuallyExclusive
        self.optActions = optActions
        self.extraActions = extraActions
