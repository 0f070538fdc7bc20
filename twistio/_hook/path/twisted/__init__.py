"""A stand-in ``twisted`` package for child interpreters that lost ``TWISTIO_ALIAS``.

An aliased program puts this file's parent directory at the end of ``sys.path``.  A child
started with a replaced environment that still carries that path (Twisted's own tests pass
``PYTHONPATH=os.pathsep.join(sys.path)``) then finds this package on ``import twisted``, and
it turns the alias on and hands back twistio in its place.  An installed real Twisted earlier
on the path still wins, as it would without twistio.
"""

import importlib
import sys

from twistio import _alias

# The alias refuses to start while another ``twisted`` is in sys.modules: this stand-in is.
del sys.modules[__name__]
_alias.install()
# The import statement that reached this file returns whatever sys.modules now holds.
sys.modules[__name__] = importlib.import_module(__name__)
