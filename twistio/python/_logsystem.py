"""The legacy log ``system`` of the protocol callback running now.

Twisted wraps every read and connection event in ``callWithLogger(transport, ...)``, so that
``log.msg``/``log.err``/``print`` (with ``startLogging``'s stdout capture) inside a protocol
callback are tagged ``[Echo,0,127.0.0.1]`` instead of ``[-]``.  Pushing a logging context per
read would cost the hot path more than the read itself, so twistio's transports instead set
:data:`current` (one list slot) around each callback, and :func:`system` turns it into the
``system`` text only when something is actually logged.

Contract: ``current[0]`` is ``None`` or an object with ``logPrefix()`` and an ``_ownerThread``
attribute (the thread ident its callbacks run on); it is set and restored only by that thread.
Legacy events logged from other threads never see it.
"""

from __future__ import annotations

import threading
from typing import Any

#: The object whose ``logPrefix()`` names the running callback's events, or ``None``.
current: list[Any] = [None]


def system() -> str | None:
    """The ``system`` for a legacy event logged now, or ``None`` outside protocol callbacks."""
    obj = current[0]
    if obj is None or getattr(obj, "_ownerThread", None) != threading.get_ident():
        return None
    try:
        return str(obj.logPrefix())
    except Exception:
        return "(buggy logPrefix method)"
