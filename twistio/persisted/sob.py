"""Saving and loading whole applications (the ``.tap``/``.tas``/``.tac`` files of twistd).

A :class:`Persistent` saves its object as a pickle (``.tap``) or as Python source (``.tas``).
twistio's source form is a small Python file that rebuilds the object from an embedded pickle;
it loads with :func:`load` like Twisted's, but is not Twisted's AOT notation.  ``.tac`` files
are plain Python that define a variable, read with :func:`loadValueFromFile`.
"""

from __future__ import annotations

import os
import pickle
import sys
from typing import Any

from zope.interface import Interface, implementer

from twistio.persisted import styles
from twistio.python import log

__name__ = "twisted.persisted.sob"

__all__ = [
    "IPersistable",
    "Persistent",
    "Persistant",
    "load",
    "loadValueFromFile",
    "guessType",
]

_SOURCE_HEADER = "# twistio persisted object (source style)\nimport pickle as _pickle\n"


class IPersistable(Interface):
    """Something that can be saved to a file."""

    def setStyle(style: str) -> None:  # type: ignore[misc]
        """Choose the file format: "pickle" or "source"."""

    def save(
        tag: str | None = None, filename: str | None = None, passphrase: str | None = None
    ) -> None:  # type: ignore[misc]
        """Save to ``filename`` (default: the name, ``-tag`` if given, ``.ta`` + style initial)."""


@implementer(IPersistable)
class Persistent:
    """Saves ``original`` under ``name``."""

    style = "pickle"

    def __init__(self, original: Any, name: str) -> None:
        self.original = original
        self.name = name

    def setStyle(self, style: str) -> None:
        """Choose "pickle" or "source"."""
        self.style = style

    def _defaultFilename(self, tag: str | None) -> str:
        base = f"{self.name}-{tag}" if tag else self.name
        return f"{base}.ta{self.style[0]}"

    def save(
        self, tag: str | None = None, filename: str | None = None, passphrase: str | None = None
    ) -> None:
        """Write the object (atomically: to a temporary name, then renamed)."""
        if passphrase is not None:
            raise TypeError(
                "passphrase must be None: encrypted application files are not supported"
            )
        finalname = filename if filename else self._defaultFilename(tag)
        temporary = finalname + "-2"
        log.msg(f"Saving {self.name} application to {finalname}...")
        data = pickle.dumps(self.original, protocol=2)
        if self.style == "source":
            with open(temporary, "w", encoding="utf-8") as f:
                f.write(_SOURCE_HEADER)
                f.write(f"app = _pickle.loads({data!r})\n")
        else:
            with open(temporary, "wb") as fb:
                fb.write(data)
        os.replace(temporary, finalname)
        log.msg("Saved.")


# Twisted keeps the misspelt name for old code.
Persistant = Persistent


class _EverythingEphemeral(styles.Ephemeral):
    """The ``__main__`` seen by a source-style file while it loads (see :func:`load`)."""

    initRun = 0

    def __init__(self, mainMod: Any) -> None:
        self.mainMod = mainMod
        self.initRun = 1

    def __getattr__(self, key: str) -> Any:
        if key in ("mainMod", "initRun"):
            raise AttributeError(key)
        if self.initRun:
            return getattr(self.mainMod, key)
        log.msg(f"Warning!  Loading from __main__: {key}")
        return styles.Ephemeral()


def load(filename: str, style: str) -> Any:
    """Load an object saved by :meth:`Persistent.save` in ``style``; its IPersistable
    component (if any) is pointed at the file's name without extension."""
    if style == "source":
        namespace: dict[str, Any] = {"__file__": filename}
        with open(filename, encoding="utf-8") as f:
            code = compile(f.read(), filename, "exec")
        # While the file runs, __main__ is a stand-in: it reads through to the real one but
        # keeps what the file sets, and afterwards hands out Ephemeral placeholders.
        realMain = sys.modules["__main__"]
        standIn = _EverythingEphemeral(realMain)
        sys.modules["__main__"] = standIn  # type: ignore[assignment]
        try:
            exec(code, namespace)
        finally:
            standIn.initRun = 0
            sys.modules["__main__"] = realMain
        value = namespace["app"]
    else:
        with open(filename, "rb") as fb:
            value = pickle.load(fb)
    persistable = IPersistable(value, None)
    if persistable is not None and hasattr(persistable, "setStyle"):
        persistable.setStyle(style)
    return value


def loadValueFromFile(filename: str, variable: str) -> Any:
    """Run the Python file ``filename`` and return the value it gives ``variable``
    (KeyError if it defines none)."""
    with open(filename, encoding="utf-8") as f:
        code = compile(f.read(), filename, "exec")
    namespace: dict[str, Any] = {"__file__": filename}
    exec(code, namespace)
    return namespace[variable]


def guessType(filename: str) -> str:
    """The style of ``filename`` from its extension: .tac python, .tap pickle, .tas source,
    .etap/.etas the encrypted forms (KeyError for anything else)."""
    ext = os.path.splitext(filename)[1]
    return {
        ".tac": "python",
        ".etac": "python",
        ".py": "python",
        ".tap": "pickle",
        ".etap": "pickle",
        ".tas": "source",
        ".etas": "source",
    }[ext]
