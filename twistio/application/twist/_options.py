"""Command line options of ``twist``: reactor, log level, log file and format, and the plugin
subcommand."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from sys import stderr, stdout
from typing import Any

from twistio.application.reactors import NoSuchReactor, installReactor
from twistio.application.runner._exit import ExitStatus, exit
from twistio.application.service import IServiceMaker
from twistio.copyright import version
from twistio.logger import (
    InvalidLogLevelError,
    LogLevel,
    jsonFileLogObserver,
    textFileLogObserver,
)
from twistio.plugin import getPlugins
from twistio.python.usage import Options, UsageError

__name__ = "twisted.application.twist._options"

__all__ = ["TwistOptions"]

# A name that can be patched (tests stand in a fake opener).
openFile = open


class TwistOptions(Options):
    """Options for ``twist [options] plugin [plugin_options]``."""

    defaultReactorName = "default"
    defaultLogLevel = LogLevel.info

    def __init__(self) -> None:
        Options.__init__(self)
        self["reactorName"] = self.defaultReactorName
        self["logLevel"] = self.defaultLogLevel
        self["logFile"] = stdout

    def getSynopsis(self) -> str:
        return f"{Options.getSynopsis(self)} plugin [plugin_options]"

    def opt_version(self) -> None:
        """Print version and exit."""
        exit(ExitStatus.EX_OK, f"{version}")

    def opt_reactor(self, name: str) -> None:
        """The name of the reactor to use.  (options: see twistd --help-reactors)"""
        # The reactor goes in while options are parsed, before any plugin imports one.
        try:
            self["reactor"] = self.installReactor(name)
        except NoSuchReactor:
            raise UsageError(f"Unknown reactor: {name}") from None
        else:
            self["reactorName"] = name

    def installReactor(self, name: str) -> Any:
        """Install the reactor named ``name`` and return it ("default": whatever reactor is
        installed, installing the default one if none is)."""
        if name == self.defaultReactorName:
            from twistio import internet

            current = getattr(internet, "reactor", None)
            if current is None:
                from twistio.internet import reactor as current
            return current
        return installReactor(name)

    def opt_log_level(self, levelName: str) -> None:
        """Set default log level.  (options: debug, info, warn, error, critical; default:
        "info")"""
        try:
            self["logLevel"] = LogLevel.levelWithName(levelName)
        except InvalidLogLevelError:
            raise UsageError(f"Invalid log level: {levelName}") from None

    opt_log_level.__doc__ = 'Set default log level. (options: {}; default: "{}")'.format(
        ", ".join(c.name for c in LogLevel.iterconstants()), defaultLogLevel.name
    )

    def opt_log_file(self, fileName: str) -> None:
        """Log to file. ("-" for stdout, "+" for stderr; default: "-")"""
        if fileName == "-":
            self["logFile"] = stdout
            return
        if fileName == "+":
            self["logFile"] = stderr
            return
        try:
            self["logFile"] = openFile(fileName, "a")
        except OSError as e:
            exit(ExitStatus.EX_IOERR, f"Unable to open log file {fileName!r}: {e}")

    def opt_log_format(self, format: str) -> None:
        """Log file format.  (options: "text", "json"; default: "text" if the log file is a
        tty, otherwise "json")"""
        format = format.lower()
        factories: dict[str, Callable[..., Any]] = {
            "text": textFileLogObserver,
            "json": jsonFileLogObserver,
        }
        if format not in factories:
            raise UsageError(f"Invalid log format: {format}")
        self["fileLogObserverFactory"] = factories[format]
        self["logFormat"] = format

    def selectDefaultLogObserver(self) -> None:
        """Choose text for a tty and JSON otherwise, unless a format was given."""
        if "fileLogObserverFactory" in self:
            return
        logFile = self["logFile"]
        if hasattr(logFile, "isatty") and logFile.isatty():
            self["fileLogObserverFactory"] = textFileLogObserver
            self["logFormat"] = "text"
        else:
            self["fileLogObserverFactory"] = jsonFileLogObserver
            self["logFormat"] = "json"

    def parseOptions(self, options: Any = None) -> None:
        self.selectDefaultLogObserver()
        Options.parseOptions(self, options=options)
        if "reactor" not in self:
            self["reactor"] = self.installReactor(name=self["reactorName"])

    @property
    def plugins(self) -> Mapping[str, Any]:
        """The service maker plugins, by subcommand name."""
        if "plugins" not in self:
            found = {}
            for plugin in getPlugins(IServiceMaker):
                found[plugin.tapname] = plugin
            self["plugins"] = found
        plugins: Mapping[str, Any] = self["plugins"]
        return plugins

    @property
    def subCommands(self) -> Iterator[tuple[str, None, Callable[[], Any], str]]:  # type: ignore[override]
        plugins = self.plugins
        for name in sorted(plugins):
            plugin = plugins[name]
            yield (plugin.tapname, None, _optionsMaker(plugin), plugin.description)

    def postOptions(self) -> None:
        Options.postOptions(self)
        if self.subCommand is None:
            raise UsageError("No plugin specified.")


def _optionsMaker(plugin: Any) -> Callable[[], Any]:
    return lambda: plugin.options()
