"""Options of a distributed-trial worker process (the subset of trial's it honours)."""

from __future__ import annotations

import gc
import os
import sys

from twistio.python import usage
from twistio.python.filepath import FilePath

__name__ = "twisted.trial._dist.options"


class WorkerOptions(usage.Options):
    """``--disablegc`` and ``--recursionlimit`` take effect as they are parsed."""

    optFlags = [["disablegc", None, "Disable the garbage collector"]]
    optParameters = [["recursionlimit", None, None, "see sys.setrecursionlimit()"]]

    def opt_disablegc(self) -> None:
        """Disable the garbage collector"""
        self["disablegc"] = True
        gc.disable()

    def opt_recursionlimit(self, arg: str) -> None:
        """see sys.setrecursionlimit()"""
        try:
            limit = int(arg)
        except ValueError:
            raise usage.UsageError("argument to recursionlimit must be an integer") from None
        sys.setrecursionlimit(limit)
        self["recursionlimit"] = limit

    def coverdir(self) -> FilePath[str]:
        """Where coverage data goes: ``coverage`` below the working directory."""
        return FilePath(os.path.realpath(os.path.join(os.getcwd(), "coverage")))
