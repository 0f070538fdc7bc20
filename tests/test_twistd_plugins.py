"""twisted.plugin: dropin packages with their dropin.cache, and plugins published through the
``twisted.plugins`` entry point group (which real Twisted does not read)."""

from __future__ import annotations

import importlib
import os
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from zope.interface import Interface

from twistio import plugin
from twistio.application.reactors import IReactorInstaller
from twistio.application.service import IServiceMaker


class IGreeter(Interface):
    """A test plugin interface."""


PLUGIN_MODULE = """\
'''Greeters for tests.'''
from zope.interface import provider
from twistio.plugin import IPlugin
from {iface_module} import IGreeter


@provider(IPlugin, IGreeter)
class {name}:
    '''Says {name}.'''
"""


@pytest.fixture
def syspath(tmp_path: Path) -> Iterator[Path]:
    saved_path = sys.path[:]
    saved_modules = set(sys.modules)
    sys.path.insert(0, str(tmp_path))
    importlib.invalidate_caches()
    yield tmp_path
    sys.path[:] = saved_path
    for name in set(sys.modules) - saved_modules:
        del sys.modules[name]


def _write_package(root: Path, name: str, plugins: dict[str, str]) -> Path:
    package = root / name / "plugins"
    package.mkdir(parents=True)
    (root / name / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    for module, cls in plugins.items():
        (package / f"{module}.py").write_text(PLUGIN_MODULE.format(iface_module=__name__, name=cls))
    return package


def test_dropin_package_and_cache(syspath: Path) -> None:
    """Plugins of a dropin package are found; the cache is written and then used, and a
    changed module is read again."""
    directory = _write_package(syspath, "greetpkg", {"hello": "Hello", "bye": "Bye"})
    package = importlib.import_module("greetpkg.plugins")
    found = sorted(p.__name__ for p in plugin.getPlugins(IGreeter, package))
    assert found == ["Bye", "Hello"]
    assert (directory / "dropin.cache").exists()
    cache = plugin.getCache(package)
    assert sorted(cache) == ["bye", "hello"]
    assert cache["hello"].plugins[0].name == "Hello"
    assert "Greeters for tests." in (cache["hello"].description or "")

    (directory / "hello.py").write_text(PLUGIN_MODULE.format(iface_module=__name__, name="Howdy"))
    # Newer than the cache, whatever the file system's timestamp resolution.
    future = time.time() + 10
    os.utime(directory / "hello.py", (future, future))
    sys.modules.pop("greetpkg.plugins.hello", None)
    importlib.invalidate_caches()
    assert sorted(p.__name__ for p in plugin.getPlugins(IGreeter, package)) == ["Bye", "Howdy"]


def test_removed_module_leaves_the_cache(syspath: Path) -> None:
    """A plugin module that is deleted no longer yields plugins."""
    directory = _write_package(syspath, "gonepkg", {"one": "One", "two": "Two"})
    package = importlib.import_module("gonepkg.plugins")
    assert len(list(plugin.getPlugins(IGreeter, package))) == 2
    (directory / "two.py").unlink()
    assert [p.__name__ for p in plugin.getPlugins(IGreeter, package)] == ["One"]


def test_entry_points(syspath: Path) -> None:
    """Objects and modules published under the ``twisted.plugins`` entry point group are
    plugins of the default package."""
    (syspath / "epgreeters.py").write_text(
        PLUGIN_MODULE.format(iface_module=__name__, name="FromEntryPoint")
        + textwrap.dedent(
            """
            @provider(IPlugin, IGreeter)
            class Second:
                '''Also found (the module is scanned).'''
            """
        )
    )
    (syspath / "epsingle.py").write_text(PLUGIN_MODULE.format(iface_module=__name__, name="Single"))
    dist = syspath / "epgreeters-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: epgreeters\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        "[twisted.plugins]\nmodule = epgreeters\nsingle = epsingle:Single\n"
    )
    importlib.invalidate_caches()
    names = sorted(p.__name__ for p in plugin.getPlugins(IGreeter))
    assert names == ["FromEntryPoint", "Second", "Single"]
    # The entry points are not plugins of other packages.
    assert list(plugin.getPlugins(IGreeter, importlib.import_module("twistio.plugins"))) == []


def test_builtin_plugins() -> None:
    """The reactor names of --reactor and the web service maker are plugins."""
    reactors = {r.shortName for r in plugin.getPlugins(IReactorInstaller)}
    assert {"default", "select", "poll", "epoll", "asyncio"} <= reactors
    makers = {m.tapname: m for m in plugin.getPlugins(IServiceMaker)}
    assert "web" in makers
    assert makers["web"].options().__class__.__name__ == "Options"


def test_plugin_package_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Directories named like the package on sys.path extend it unless they are packages."""
    (tmp_path / "a" / "twisted" / "plugins").mkdir(parents=True)
    (tmp_path / "b" / "twisted" / "plugins").mkdir(parents=True)
    (tmp_path / "b" / "twisted" / "plugins" / "__init__.py").write_text("")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "a"), str(tmp_path / "b")])
    assert plugin.pluginPackagePaths("twisted.plugins") == [
        str(tmp_path / "a" / "twisted" / "plugins")
    ]
