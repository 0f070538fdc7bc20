"""Which asyncio event loop twistio runs on.

``TWISTIO_LOOP=uvloop`` (the default where uvloop imports) or ``TWISTIO_LOOP=asyncio`` (the
stdlib loop; also the fallback when uvloop is missing).  Tests run every body under both.
"""

from __future__ import annotations

import asyncio
import os

ENV_VAR = "TWISTIO_LOOP"


def loop_kind() -> str:
    """``"uvloop"`` or ``"asyncio"``: the loop twistio creates when it needs one."""
    wanted = os.environ.get(ENV_VAR, "uvloop").strip().lower() or "uvloop"
    if wanted not in ("uvloop", "asyncio"):
        raise ValueError(f"{ENV_VAR} must be 'uvloop' or 'asyncio', not {wanted!r}")
    if wanted == "uvloop":
        try:
            import uvloop  # noqa: F401
        except ImportError:
            return "asyncio"
    return wanted


def new_event_loop() -> asyncio.AbstractEventLoop:
    """A fresh loop of the configured kind (see :func:`loop_kind`)."""
    if loop_kind() == "uvloop":
        import uvloop

        return uvloop.new_event_loop()
    return asyncio.new_event_loop()
