"""The ``twistio`` command: run unchanged Twisted programs and tools with the alias on.

``twistio run SCRIPT [ARGS]``   run SCRIPT as ``__main__`` (``-m MODULE`` runs a module)
``twistio trial [OPTIONS]``     Twisted's ``trial`` test runner
``twistio twistd [OPTIONS]``    Twisted's ``twistd`` daemon launcher
``twistio twist [OPTIONS]``     Twisted's ``twist`` launcher

Usage errors (unknown command, missing file) print one line on stderr and exit with status 2.
"""

from __future__ import annotations

import os
import runpy
import sys
from collections.abc import Callable, Sequence

from twistio import _alias

USAGE = "usage: twistio {run SCRIPT|run -m MODULE|trial|twistd|twist} [ARGS...]"


def _fail(message: str) -> int:
    print(f"twistio: {message}", file=sys.stderr)
    return 2


def _run(args: Sequence[str]) -> int:
    if not args:
        return _fail("run needs a script path (or -m MODULE)")
    if args[0] == "-m":
        if len(args) < 2:
            return _fail("run -m needs a module name")
        _alias.install()
        sys.argv = [args[1], *args[2:]]
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        return 0
    if args[0].startswith("-"):
        return _fail(f"run: unknown option {args[0]!r}")
    script = args[0]
    if not os.path.isfile(script):
        return _fail(f"run: no such file: {script!r}")
    _alias.install()
    sys.argv = [script, *args[1:]]
    # The script's directory comes first on sys.path, as for `python script.py`.
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    runpy.run_path(script, run_name="__main__")
    return 0


def _tool(module: str, name: str) -> Callable[[Sequence[str]], int]:
    def run(args: Sequence[str]) -> int:
        _alias.install()
        import importlib

        # Before the import: usage lines name the program from sys.argv[0] at import time.
        sys.argv = [name, *args]
        try:
            entry = importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name is not None and module.startswith(e.name):
                return _fail(f"{name} is not available in this twistio release yet")
            raise
        entry.run()
        return 0

    return run


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "run": _run,
    "trial": _tool("twistio.scripts.trial", "trial"),
    "twistd": _tool("twistio.scripts.twistd", "twistd"),
    "twist": _tool("twistio.application.twist._twist", "twist"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``twistio`` console script; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(USAGE, file=sys.stderr if not args else sys.stdout)
        return 2 if not args else 0
    command = COMMANDS.get(args[0])
    if command is None:
        return _fail(f"unknown command {args[0]!r}; {USAGE}")
    try:
        return command(args[1:])
    except SystemExit as e:
        code = e.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code, file=sys.stderr)
        return 1
