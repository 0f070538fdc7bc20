"""The ``procmon`` twistd plugin (twisted.runner.procmontap)."""

from twistio.application.service import ServiceMaker

__name__ = "twisted.plugins.twisted_runner"

TwistedProcmon = ServiceMaker(
    "Twisted Process Monitor",
    "twisted.runner.procmontap",
    "A process watchdog / supervisor",
    "procmon",
)
