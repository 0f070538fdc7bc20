"""The common spawn, fast: a child with just stdin/stdout/stderr, started by ``Popen``.

``posix_spawnp`` needs every descriptor that would survive exec named in its file actions, so
the parent must list its descriptors on each spawn (costly when hundreds of pipes are open).
``subprocess.Popen`` with ``close_fds`` closes them in the child instead (``close_range``),
through the same vfork+exec, and reports a failed exec as the same exception.  It is used when
that gives the child exactly what Twisted's spawn would: descriptors 0, 1 and 2 arranged and
nothing else, no ignored signal other than those Popen restores itself, and an executable
given as a path (Popen looks a bare name up in the child's PATH, Twisted in ours).
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Mapping
from typing import Any

__name__ = "twisted.internet.process"

#: Signal numbers whose disposition can be read (SIGKILL and SIGSTOP cannot change).
_CATCHABLE_SIGNALS = tuple(
    int(n) for n in sorted(signal.valid_signals() - {signal.SIGKILL, signal.SIGSTOP})
)

#: Signals Popen puts back to their default in the child (``restore_signals``).
_RESTORED_BY_POPEN = frozenset(
    int(getattr(signal, name)) for name in ("SIGPIPE", "SIGXFZ", "SIGXFSZ") if hasattr(signal, name)
)

try:
    # The C-level lookup answers plain numbers; the public wrapper builds an enum per call.
    from _signal import getsignal as _getsignal  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - CPython always has it
    _getsignal = signal.getsignal


def ignoredSignals() -> list[int]:
    """The signals this process ignores (a child would inherit SIG_IGN through exec)."""
    ignore = signal.SIG_IGN
    return [n for n in _CATCHABLE_SIGNALS if _getsignal(n) == ignore]


def spawnWithPopen(
    executable: Any, args: Any, environment: Mapping[Any, Any], fdmap: Mapping[int, int]
) -> subprocess.Popen[bytes] | None:
    """Start the child with Popen when that is equivalent (see the module docstring).

    Returns None, having started nothing, when it is not.
    """
    if sorted(fdmap) != [0, 1, 2] or not args:
        return None
    if os.sep not in os.fsdecode(executable):
        return None
    if any(n not in _RESTORED_BY_POPEN for n in ignoredSignals()):
        return None
    return subprocess.Popen(
        list(args),
        executable=executable,
        env=environment,
        stdin=fdmap[0],
        stdout=fdmap[1],
        stderr=fdmap[2],
        close_fds=True,
    )
