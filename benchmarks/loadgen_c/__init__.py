"""The C load generator (``loadgen.c``): built on demand, used for the echo and connect modes.

:func:`command` compiles ``loadgen.c`` with ``cc -O2`` into ``benchmarks/results/loadgen_c/``
(once per source version: the binary's name carries a hash of the source) and returns the
command that runs it, or ``None`` when the mode has no C implementation or no compiler is
available, in which case callers use ``python -m benchmarks.loadgen`` (same options, same
result line).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "loadgen.c"
CACHE = HERE.parent / "results" / "loadgen_c"
MODES = ("echo", "connect")

_built: dict[str, Path | None] = {}


def binary() -> Path | None:
    """The compiled load generator, building it first if needed; None without a compiler."""
    source = SOURCE.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:12]
    if digest in _built:
        return _built[digest]
    target = CACHE / f"loadgen-{digest}"
    if not target.exists():
        compiler = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
        if compiler is None:
            print("note: no C compiler; using the Python load generator", file=sys.stderr)
            _built[digest] = None
            return None
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        proc = subprocess.run(
            [compiler, "-O2", "-o", str(partial), str(SOURCE)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            print(
                "note: building loadgen.c failed; using the Python load generator\n" + proc.stderr,
                file=sys.stderr,
            )
            _built[digest] = None
            return None
        partial.replace(target)  # atomic: concurrent builders never run a partial file
        for old in CACHE.glob("loadgen-*"):
            if old != target and not old.name.endswith(".tmp"):
                old.unlink(missing_ok=True)  # builds of earlier versions of the source
    _built[digest] = target
    return target


def command(mode: str) -> list[str] | None:
    """The command prefix running the C load generator for ``mode``, or None (use Python)."""
    if mode not in MODES:
        return None
    built = binary()
    return [str(built)] if built is not None else None
