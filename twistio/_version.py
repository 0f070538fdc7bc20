"""Version numbers: the Twisted release twistio follows, and twistio's own."""

from twistio._alias import TWISTED_VERSION
from twistio.python.versions import Version

#: twistio's own release.
__twistio_version__ = "0.1.0"
#: The Twisted release whose behaviour twistio follows (``twisted.__version__``).
__version__ = TWISTED_VERSION
#: ``twisted.version``: the same, as a comparable :class:`~twisted.python.versions.Version`.
version = Version("Twisted", *map(int, TWISTED_VERSION.split(".")))
