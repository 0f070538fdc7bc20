"""The ``twist`` command: run the service of one plugin under a :class:`Runner`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from twistio.application.app import _exitWithSignal
from twistio.application.runner._exit import ExitStatus, exit
from twistio.application.runner._runner import Runner
from twistio.application.service import Application, IService, IServiceMaker
from twistio.application.twist._options import TwistOptions
from twistio.internet.interfaces import _ISupportsExitSignalCapturing
from twistio.python.usage import UsageError

__name__ = "twisted.application.twist._twist"

__all__ = ["Twist", "run"]


class Twist:
    """The steps of ``twist``, each replaceable in tests."""

    @staticmethod
    def options(argv: Sequence[str]) -> TwistOptions:
        """Parse ``argv`` (the program name first); a usage error exits with EX_USAGE and
        the usage."""
        options = TwistOptions()
        try:
            options.parseOptions(argv[1:])
        except UsageError as e:
            exit(ExitStatus.EX_USAGE, f"Error: {e}\n\n{options}")
        return options

    @staticmethod
    def service(plugin: IServiceMaker, options: Any) -> IService:
        """The plugin's service for ``options``, inside an application of its name."""
        service = plugin.makeService(options)
        application = Application(plugin.tapname)
        service.setServiceParent(application)
        return IService(application)

    @staticmethod
    def startService(reactor: Any, service: IService) -> None:
        """Start ``service`` now and stop it before the reactor shuts down."""
        service.startService()
        reactor.addSystemEventTrigger("before", "shutdown", service.stopService)

    @staticmethod
    def run(twistOptions: TwistOptions) -> None:
        """Run the reactor with the options' logging; end by the signal that stopped the
        reactor, if one did."""
        runner = Runner(
            reactor=twistOptions["reactor"],
            defaultLogLevel=twistOptions["logLevel"],
            logFile=twistOptions["logFile"],
            fileLogObserverFactory=twistOptions["fileLogObserverFactory"],
        )
        runner.run()
        reactor = twistOptions["reactor"]
        if _ISupportsExitSignalCapturing.providedBy(reactor):
            if reactor._exitSignal is not None:
                _exitWithSignal(reactor._exitSignal)

    @classmethod
    def main(cls, argv: Sequence[str] = sys.argv) -> None:
        """``twist``: parse, make the plugin's service, start it, run."""
        options = cls.options(argv)
        reactor = options["reactor"]
        subCommand = options.subCommand
        assert subCommand is not None
        service = cls.service(plugin=options.plugins[subCommand], options=options.subOptions)
        cls.startService(reactor, service)
        cls.run(options)


def run() -> None:
    """The ``twistio twist`` entry point."""
    Twist.main(sys.argv)
