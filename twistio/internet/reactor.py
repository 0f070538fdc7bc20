"""twisted.internet.reactor: importing this installs the default reactor (if none is) and
replaces this module in ``sys.modules`` with the reactor object itself."""

from __future__ import annotations

import sys
from types import ModuleType

__name__ = "twisted.internet.reactor"

if isinstance(sys.modules.get("twistio.internet.reactor"), ModuleType):
    from twistio.internet import default as _default

    _default.install()
