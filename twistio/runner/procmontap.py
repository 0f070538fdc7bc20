"""twisted.runner.procmontap: ``twistd procmon COMMAND...``, one program kept running."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from twistio.python import usage
from twistio.runner.procmon import ProcessMonitor

__name__ = "twisted.runner.procmontap"


class Options(usage.Options):
    """``procmon [options] commandline``: the program to keep running, and the timings."""

    synopsis = "[procmon options] commandline"
    optParameters = [
        [
            "threshold",
            "t",
            1,
            "Seconds a process must run for its exit not to count as an instant death.",
            float,
        ],
        [
            "killtime",
            "k",
            5,
            "Seconds a stopping process gets after TERM before it is sent KILL.",
            float,
        ],
        [
            "minrestartdelay",
            "m",
            1,
            "The shortest wait, in seconds, before restarting a process that died at once",
            float,
        ],
        [
            "maxrestartdelay",
            "M",
            3600,
            "The longest wait, in seconds, before restarting a process that keeps dying",
            float,
        ],
    ]
    longdesc = (
        "procmon starts a program and starts it again whenever it exits.\n\n"
        "A program that exits sooner than the threshold (1 second by default) is not "
        "restarted at once: the wait doubles with each such exit, up to the maximum, and a "
        "run that lasts resets it.\n\nExample: twistd procmon sleep 10"
    )

    def parseArgs(self, *args: str) -> None:
        """The command line to run (required)."""
        self["args"] = args

    def postOptions(self) -> None:
        if not self["args"]:
            raise usage.UsageError("Missing arguments: the command line to run.")


def makeService(config: Any) -> ProcessMonitor:
    """A ProcessMonitor running the command line, named by the command line itself (with
    an empty environment, as ``spawnProcess`` gives by default)."""
    monitor = ProcessMonitor()
    monitor.threshold = config["threshold"]
    monitor.killTime = config["killtime"]
    monitor.minRestartDelay = config["minrestartdelay"]
    monitor.maxRestartDelay = config["maxrestartdelay"]
    args: Sequence[str] = config["args"]
    monitor.addProcess(" ".join(args), args)  # type: ignore[arg-type]
    return monitor
