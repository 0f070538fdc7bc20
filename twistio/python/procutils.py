"""twisted.python.procutils: finding executables on the ``PATH``."""

from __future__ import annotations

import os

__name__ = "twisted.python.procutils"

__all__ = ["which"]


def which(name: str, flags: int = os.X_OK) -> list[str]:
    """Every file named ``name`` (or ``name`` plus a ``PATHEXT`` extension) on ``PATH``
    that ``os.access`` allows with ``flags``, in ``PATH`` order."""
    found = []
    extensions = [ext for ext in os.environ.get("PATHEXT", "").split(os.pathsep) if ext]
    path = os.environ.get("PATH", None)
    if path is None:
        return []
    for directory in path.split(os.pathsep):
        candidate = os.path.join(directory, name)
        if os.access(candidate, flags):
            found.append(candidate)
        for ext in extensions:
            withExt = candidate + ext
            if os.access(withExt, flags):
                found.append(withExt)
    return found
