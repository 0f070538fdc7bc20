"""twistio: the Twisted networking framework rebuilt on asyncio.

With the alias on (:func:`install`, ``twistio run``, ``twistio trial``...), this package *is*
the ``twisted`` package: ``twisted.__version__`` is the Twisted release whose behaviour
twistio follows, and ``__twistio_version__`` is twistio's own.
"""

from twistio._alias import RealTwistedImported, installed
from twistio._alias import install as _install_alias
from twistio._version import __twistio_version__, __version__, version

__all__ = [
    "RealTwistedImported",
    "install",
    "installed",
    "__version__",
    "__twistio_version__",
    "version",
]


def install() -> None:
    """Make ``import twisted...`` resolve to twistio from now on.

    Call before anything imports ``twisted``.  Raises :class:`RealTwistedImported` if the real
    Twisted is already imported.  Child Python processes inherit the alias through the
    ``TWISTIO_ALIAS`` environment variable.
    """
    _install_alias()
