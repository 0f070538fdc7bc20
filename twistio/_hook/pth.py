"""Run by ``twistio_alias.pth`` at every interpreter start-up.

Does nothing unless ``TWISTIO_ALIAS=1`` is in the environment, which an aliased program sets
for its children; then it turns the ``twisted`` alias on before any user code runs.  It must
stay cheap: it runs in every Python process of the environment.
"""

import os

if os.environ.get("TWISTIO_ALIAS") == "1":
    from twistio import _alias

    try:
        _alias.install()
    except _alias.RealTwistedImported:  # pragma: no cover - nothing imports twisted this early
        pass
    else:
        # Children of an oracle run (Twisted's tests spawn ``python -m twisted.test.<helper>``)
        # need the extracted Twisted test tree too.
        _overlay = os.environ.get("TWISTIO_ORACLE_OVERLAY")
        if _overlay:
            _alias.add_overlay(_overlay)
