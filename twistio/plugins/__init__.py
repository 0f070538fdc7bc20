"""twisted.plugins: the plugin package scanned by ``getPlugins`` by default.

Directories named ``twisted/plugins`` elsewhere on ``sys.path`` (without an ``__init__.py``)
are part of this package, so applications can drop plugin modules there as with Twisted.
"""

from twistio._package import submodule_getattr
from twistio.plugin import pluginPackagePaths

__name__ = "twisted.plugins"

__path__.extend(pluginPackagePaths(__name__))  # noqa: F821

__getattr__ = submodule_getattr("twistio.plugins", __name__)
__all__: list[str] = []
