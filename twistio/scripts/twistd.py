"""twistd: run a Twisted application (a .tac file, a saved .tap, or a plugin subcommand)."""

from __future__ import annotations

from typing import Any

from twistio.application import app
from twistio.python.runtime import platformType as platformType
from twistio.scripts._twistd_unix import ServerOptions, UnixApplicationRunner

__name__ = "twisted.scripts.twistd"

__all__ = ["ServerOptions", "run", "runApp"]

_SomeApplicationRunner = UnixApplicationRunner


def runApp(config: Any) -> None:
    """Run the application ``config`` describes; if the reactor stopped because of a signal,
    end the process by that signal as well."""
    runner = _SomeApplicationRunner(config)
    runner.run()
    if runner._exitSignal is not None:
        app._exitWithSignal(runner._exitSignal)


def run() -> None:
    """The twistd command: parse ``sys.argv`` and run."""
    app.run(runApp, ServerOptions)
