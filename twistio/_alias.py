"""The ``twisted`` import alias: ``import twisted.x`` hands back the module ``twistio.x``.

Contract:

- After :func:`install`, importing ``twisted`` or ``twisted.<name>`` returns the very object
  that importing ``twistio`` / ``twistio.<name>`` returns (``sys.modules`` holds one object
  under both names; nothing is copied).  This includes non-module objects that a twistio
  module puts in ``sys.modules`` for itself, such as the installed reactor.
- :func:`install` refuses, with :class:`RealTwistedImported`, when the real Twisted is already
  imported: mixing two worlds would give two ``Deferred`` classes.
- While installed, ``importlib.metadata`` answers for the distribution ``twisted`` with the
  Twisted version twistio implements.
- An *overlay* directory may be registered (:func:`add_overlay`): modules named
  ``twisted.<...>.test.<...>`` or ``twisted.test.<...>`` that twistio does not provide are
  loaded from it under their ``twisted.*`` name.  The compatibility harness uses this to run
  Twisted's own test modules (downloaded at test time) against twistio.

This module imports nothing of twistio and only the standard library's import machinery.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.metadata
import importlib.util
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

PUBLIC = "twisted"
REAL = "twistio"
#: The Twisted release whose behaviour twistio follows.
TWISTED_VERSION = "26.10.0"
#: Set in the environment of child interpreters so that the ``.pth`` hook turns the alias on.
ENV_FLAG = "TWISTIO_ALIAS"
#: The directory holding the stand-in ``twisted`` package (twistio/_hook/path/twisted).
_STAND_IN_PATH = str(Path(__file__).parent / "_hook" / "path")


class RealTwistedImported(ImportError):
    """The real Twisted was imported before the alias could be installed."""


def _real_name(fullname: str) -> str | None:
    """Map ``twisted[.x]`` to ``twistio[.x]``; ``None`` for any other name."""
    if fullname == PUBLIC:
        return REAL
    if fullname.startswith(PUBLIC + "."):
        return REAL + fullname[len(PUBLIC) :]
    return None


def _is_test_module(fullname: str) -> bool:
    parts = fullname.split(".")
    return "test" in parts[1:]


class _AliasLoader(importlib.abc.Loader):
    """Hands back the already-imported twistio object; executes nothing."""

    def __init__(self, real: str) -> None:
        self.real = real

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Any:
        importlib.import_module(self.real)
        # The module may have replaced itself in sys.modules (twisted.internet.reactor does).
        return sys.modules[self.real]

    def exec_module(self, module: ModuleType) -> None:
        return None

    def get_code(self, fullname: str) -> Any:
        """The real module's code, for ``python -m twisted.x`` (runpy runs it as __main__)."""
        spec = importlib.util.find_spec(self.real)
        getter = getattr(spec.loader, "get_code", None) if spec is not None else None
        return getter(self.real) if getter is not None else None


def _real_origin(real: str, obj: ModuleType | None) -> str | None:
    """Where the real module lives (runpy makes it ``sys.argv[0]`` for ``python -m twisted.x``)."""
    if obj is not None:
        return getattr(obj, "__file__", None)
    try:
        spec = importlib.util.find_spec(real)
    except (ImportError, ValueError):
        return None
    return spec.origin if spec is not None else None


class _TwistedDistribution(importlib.metadata.Distribution):
    """Metadata for ``twisted`` while the alias is on, naming the version we implement."""

    def read_text(self, filename: str) -> str | None:
        if filename in ("METADATA", "PKG-INFO"):
            return (
                "Metadata-Version: 2.1\n"
                "Name: Twisted\n"
                f"Version: {TWISTED_VERSION}\n"
                "Summary: Provided by twistio (Twisted rebuilt on asyncio)\n"
            )
        return None

    def locate_file(self, path: str | os.PathLike[str]) -> Path:
        return Path(__file__).parent / path


class AliasFinder(importlib.abc.MetaPathFinder):
    """The meta path finder behind the alias; one instance is installed at most."""

    def __init__(self) -> None:
        self.overlays: list[Path] = []

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        real = _real_name(fullname)
        if real is None:
            return None
        if real in sys.modules:
            found = True
        else:
            try:
                found = importlib.util.find_spec(real) is not None
            except ModuleNotFoundError:
                found = False
        if not found:
            return self._overlay_spec(fullname)
        obj = sys.modules.get(real)
        is_package = hasattr(obj, "__path__") if obj is not None else _spec_is_package(real)
        spec = importlib.machinery.ModuleSpec(
            fullname, _AliasLoader(real), origin=_real_origin(real, obj), is_package=is_package
        )
        if is_package:
            # Submodules are found by this finder, not by path; keep the real locations so
            # tools that inspect __path__ (pkgutil, plugin discovery) still see files.
            spec.submodule_search_locations = list(_real_search_locations(real))
        return spec

    def _overlay_spec(self, fullname: str) -> importlib.machinery.ModuleSpec | None:
        if not _is_test_module(fullname):
            return None
        rel = Path(*fullname.split(".")[1:])
        for root in self.overlays:
            package_init = root / rel / "__init__.py"
            if package_init.is_file():
                return importlib.util.spec_from_file_location(
                    fullname, package_init, submodule_search_locations=[str(root / rel)]
                )
            module_file = (root / rel).with_suffix(".py")
            if module_file.is_file():
                return importlib.util.spec_from_file_location(fullname, module_file)
        return None

    def find_distributions(self, context: Any = None) -> Iterator[importlib.metadata.Distribution]:
        name = getattr(context, "name", None)
        if name is None or name.lower().replace("-", "_") == PUBLIC:
            yield _TwistedDistribution()


def _spec_is_package(real: str) -> bool:
    spec = importlib.util.find_spec(real)
    return spec is not None and spec.submodule_search_locations is not None


def _real_search_locations(real: str) -> Iterator[str]:
    module = sys.modules.get(real)
    if module is not None and hasattr(module, "__path__"):
        yield from module.__path__
        return
    spec = importlib.util.find_spec(real)
    if spec is not None and spec.submodule_search_locations is not None:
        yield from spec.submodule_search_locations


_finder: AliasFinder | None = None


def installed() -> bool:
    """Whether the alias is on in this interpreter."""
    return _finder is not None and _finder in sys.meta_path


def install() -> None:
    """Turn the alias on (idempotent); see the module docstring for the contract.

    Also sets ``TWISTIO_ALIAS=1`` in ``os.environ`` so that child Python interpreters started
    from here get the alias too (through twistio's ``.pth`` hook), and appends to ``sys.path``
    a directory holding a stand-in ``twisted`` package, for children started with a new
    environment whose ``PYTHONPATH`` is this ``sys.path``.
    """
    global _finder
    existing = sys.modules.get(PUBLIC)
    if existing is not None and existing is not sys.modules.get(REAL):
        raise RealTwistedImported(
            "the real Twisted is already imported (from "
            f"{getattr(existing, '__file__', '?')}); call twistio.install() before anything "
            "imports twisted, or run the program with 'twistio run'"
        )
    if _finder is None:
        _finder = AliasFinder()
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    os.environ[ENV_FLAG] = "1"
    # For children given a new environment but this sys.path (see _hook/path/twisted).
    if _STAND_IN_PATH not in sys.path:
        sys.path.append(_STAND_IN_PATH)


def uninstall() -> None:
    """Turn the alias off and forget every ``twisted.*`` entry it made (for tests)."""
    if _finder is not None and _finder in sys.meta_path:
        sys.meta_path.remove(_finder)
    for name in [n for n in sys.modules if n == PUBLIC or n.startswith(PUBLIC + ".")]:
        del sys.modules[name]
    os.environ.pop(ENV_FLAG, None)


def add_overlay(directory: str | os.PathLike[str]) -> None:
    """Let ``twisted.*`` test modules that twistio lacks load from ``directory``.

    ``directory`` holds a ``twisted`` tree's contents (``test/``, ``internet/test/``...).
    """
    install()
    assert _finder is not None
    path = Path(directory)
    if path not in _finder.overlays:
        _finder.overlays.append(path)


def publish(name: str, obj: object) -> None:
    """Put ``obj`` in ``sys.modules`` under the twistio name and, with the alias on, the Twisted one.

    For modules that replace themselves (``twisted.internet.reactor``).
    """
    real = _real_name(name) or name
    sys.modules[real] = obj  # type: ignore[assignment]
    if installed():
        sys.modules[PUBLIC + real[len(REAL) :]] = obj  # type: ignore[assignment]


def forget(name: str) -> None:
    """Remove ``name`` from ``sys.modules`` under both its names."""
    real = _real_name(name) or name
    sys.modules.pop(real, None)
    sys.modules.pop(PUBLIC + real[len(REAL) :], None)
