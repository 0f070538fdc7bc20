"""``python -m twisted.trial``: run trial (importing this module does nothing)."""

from __future__ import annotations

# Decided before the module takes Twisted's name below.
_RUN = __name__ == "__main__"

__name__ = "twisted.trial.__main__"

if _RUN:
    from twistio.scripts.trial import run

    run()
