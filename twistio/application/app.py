"""The machinery under twistd: options, reactor selection, application loading and the runner.

:func:`run` parses the command line with a :class:`ServerOptions` subclass and hands the
result to ``runApp``; an :class:`ApplicationRunner` then loads or makes the application,
starts logging, starts the application's services and runs the reactor.
"""

from __future__ import annotations

import os
import pdb
import signal
import sys
from collections.abc import Callable, Iterator
from operator import attrgetter
from typing import Any, TextIO

from twistio import copyright, plugin
from twistio.application import reactors, service
from twistio.application._appsupport import (
    AppLogger,
    AppProfiler,
    CProfileRunner,
    ProfileRunner,
)
from twistio.application._appsupport import _BasicProfiler as _BasicProfiler
from twistio.application.reactors import NoSuchReactor, installReactor
from twistio.internet.interfaces import _ISupportsExitSignalCapturing
from twistio.persisted import sob
from twistio.python import log, runtime, usage, util
from twistio.python.reflect import namedAny

__name__ = "twisted.application.app"

__all__ = [
    "AppLogger",
    "AppProfiler",
    "ApplicationRunner",
    "CProfileRunner",
    "ProfileRunner",
    "ReactorSelectionMixin",
    "ServerOptions",
    "convertStyle",
    "getApplication",
    "getPassphrase",
    "getSavePassphrase",
    "run",
    "runReactorWithLogging",
    "startApplication",
]


def fixPdb() -> None:
    """Make pdb's ``continue`` and ``quit`` work with a running reactor (kept for callers;
    twistio's pdb needs no change)."""


def runReactorWithLogging(
    config: Any, oldstdout: TextIO, oldstderr: TextIO, profiler: Any = None, reactor: Any = None
) -> None:
    """Run ``reactor`` (default: the global one) as twistd does: under the profiler or pdb
    when configured, logging a failure to start it."""
    if reactor is None:
        from twistio.internet import reactor as globalReactor

        reactor = globalReactor
    try:
        if config["profile"]:
            if profiler is not None:
                profiler.run(reactor)
        elif config["debug"]:
            sys.stdout = oldstdout
            sys.stderr = oldstderr
            if runtime.platformType == "posix":
                signal.signal(signal.SIGUSR2, lambda *args: pdb.set_trace())
                signal.signal(signal.SIGINT, lambda *args: pdb.set_trace())
            fixPdb()
            pdb.runcall(reactor.run)
        else:
            reactor.run()
    except BaseException:
        close = False
        if config.get("nodaemon"):
            out: Any = oldstdout
        else:
            out = open("TWISTD-CRASH.log", "a")  # noqa: SIM115 - closed below
            close = True
        import traceback

        traceback.print_exc(file=out)
        out.flush()
        if close:
            out.close()


def getPassphrase(needed: Any) -> str | None:
    """Ask for the passphrase of an encrypted file when ``needed``; otherwise None."""
    if needed:
        return util.getPassword("Passphrase: ")
    return None


def getSavePassphrase(needed: Any) -> str | None:
    """Ask (twice) for a passphrase to encrypt with when ``needed``; otherwise None."""
    if needed:
        return util.getPassword("Encryption passphrase: ")
    return None


_NO_APPLICATION = """
Could not find 'application' in the file. To use 'twistd -y', your .tac
file must create a suitable object (e.g., by calling service.Application())
and store it in a variable named 'application'. twistd loads your .tac file
and scans the global variables for one of this name.

Please read the 'Using Application' HOWTO for details.
"""


def getApplication(config: Any, passphrase: str | None) -> Any:
    """Load the application named by ``config`` (``python``, then ``source``, then ``file``).

    A file that cannot be loaded ends the process (SystemExit) with a short message.
    """
    chosen = [(config[kind], kind) for kind in ("python", "source", "file") if config[kind]][0]
    filename, style = chosen[0], {"file": "pickle"}.get(chosen[1], chosen[1])
    try:
        log.msg(f"Loading {filename}...")
        application = service.loadApplication(filename, style, passphrase)
        log.msg("Loaded.")
    except Exception as e:
        message = f"Failed to load application: {e}"
        if isinstance(e, KeyError) and e.args and e.args[0] == "application":
            message += _NO_APPLICATION
        # One message, no traceback: logging has not started, and a broken .tac is a user
        # error (real twistd also prints the traceback).
        raise SystemExit(message) from None
    return application


def convertStyle(
    filein: str, typein: str, passphrase: str | None, fileout: str, typeout: str, encrypt: Any
) -> None:
    """Load the application in ``filein`` (style ``typein``) and save it to ``fileout`` in
    style ``typeout``."""
    application = service.loadApplication(filein, typein, passphrase)
    persistable = sob.IPersistable(application)
    persistable.setStyle(typeout)
    savePassphrase = getSavePassphrase(encrypt)
    target: str | None = fileout
    if savePassphrase:
        target = None
    persistable.save(filename=target, passphrase=savePassphrase)


def startApplication(application: Any, save: Any) -> None:
    """Start ``application``'s services now, stop them before reactor shutdown, and save the
    application after shutdown when ``save``."""
    from twistio import internet

    reactor: Any = getattr(internet, "reactor", None)
    if reactor is None:
        from twistio.internet import reactor
    service.IService(application).startService()
    if save:
        persistable = sob.IPersistable(application)
        reactor.addSystemEventTrigger("after", "shutdown", persistable.save, "shutdown")
    reactor.addSystemEventTrigger("before", "shutdown", service.IService(application).stopService)


def _exitWithSignal(sig: int) -> None:
    """End the process by signal ``sig`` with its default action, so the parent sees the
    status a process killed by that signal has."""
    signal.signal(sig, signal.SIG_DFL)
    os.kill(os.getpid(), sig)


class ApplicationRunner:
    """Runs an application: ``preApplication``, load or make it, start logging,
    ``postApplication`` (start it and run the reactor), stop logging.  Subclasses supply the
    two hooks; ``_exitSignal`` is the signal that stopped the reactor, if any."""

    _exitSignal: int | None = None
    profilerFactory: Callable[[Any], Any] = AppProfiler
    loggerFactory: Callable[[Any], Any] = AppLogger

    def __init__(self, config: Any) -> None:
        self.config = config
        self.profiler = self.profilerFactory(config)
        self.logger = self.loggerFactory(config)

    def run(self) -> None:
        self.preApplication()
        self.application = self.createOrGetApplication()
        self.logger.start(self.application)
        self.postApplication()
        self.logger.stop()

    def startReactor(self, reactor: Any, oldstdout: Any, oldstderr: Any) -> None:
        """Run ``reactor`` (default: the global one) and remember the signal that stopped it."""
        if reactor is None:
            from twistio import internet

            reactor = getattr(internet, "reactor", None)
            if reactor is None:
                from twistio.internet import reactor as installed

                reactor = installed
        runReactorWithLogging(self.config, oldstdout, oldstderr, self.profiler, reactor)
        if _ISupportsExitSignalCapturing.providedBy(reactor):
            self._exitSignal = reactor._exitSignal
        else:
            self._exitSignal = None

    def preApplication(self) -> None:
        raise NotImplementedError()

    def postApplication(self) -> None:
        raise NotImplementedError()

    def createOrGetApplication(self) -> Any:
        """The application: one made by the chosen plugin subcommand, or one loaded from the
        file named by the options."""
        if self.config.subCommand:
            maker = self.config.loadedPlugins[self.config.subCommand]
            made = maker.makeService(self.config.subOptions)
            application = service.Application(maker.tapname)
            made.setServiceParent(application)
            return application
        passphrase = getPassphrase(self.config["encrypted"])
        return getApplication(self.config, passphrase)


def _reactorAvailability(installer: Any) -> str | None:
    """None if ``installer``'s module imports, else why not."""
    try:
        plugin._resolve(installer.moduleName)
    except Exception as e:
        return str(e)
    return None


class ReactorSelectionMixin:
    """``--reactor``/``-r`` (installs the named reactor as soon as it is parsed) and
    ``--help-reactors`` for an Options class."""

    messageOutput: TextIO = sys.stdout
    _getReactorTypes = staticmethod(reactors.getReactorTypes)

    def opt_help_reactors(self) -> None:
        """Display a list of possibly available reactor names."""
        available: list[str] = []
        missing: list[str] = []
        for installer in sorted(self._getReactorTypes(), key=attrgetter("shortName")):
            problem = _reactorAvailability(installer)
            if problem is None:
                available.append(f"    {installer.shortName:<4}\t{installer.description}\n")
            else:
                missing.append(
                    f"    !{installer.shortName:<4}\t{installer.description} ({problem})\n"
                )
        for line in available:
            self.messageOutput.write(line)
        if missing:
            self.messageOutput.write("\n    reactors not available on this platform:\n\n")
            for line in missing:
                self.messageOutput.write(line)
        raise SystemExit(0)

    def opt_reactor(self, shortName: str) -> None:
        """Which reactor to use (see --help-reactors for a list of possibilities)"""
        # The reactor goes in now, before anything (subcommand plugins) imports one.
        try:
            installReactor(shortName)
        except NoSuchReactor:
            raise usage.UsageError(
                f"The specified reactor does not exist: '{shortName}'.\n"
                "See the list of available reactors with --help-reactors"
            ) from None
        except Exception as e:
            raise usage.UsageError(
                f"The specified reactor cannot be used, failed with error: {e}.\n"
                "See the list of available reactors with --help-reactors"
            ) from None
        else:
            cast_self: Any = self
            cast_self["reactor"] = shortName

    opt_r = opt_reactor


class ServerOptions(usage.Options, ReactorSelectionMixin):
    """The platform-independent options of twistd; subcommands are the IServiceMaker plugins."""

    longdesc = "twistd reads a twisted.application.service.Application out of a file and runs it."

    optFlags: list[list[Any]] = [
        ["savestats", None, "save the Stats object rather than the text output of the profiler."],
        ["no_save", "o", "do not save state on shutdown"],
        ["encrypted", "e", "The specified tap/aos file is encrypted."],
    ]

    optParameters: list[list[Any]] = [
        ["logfile", "l", None, "log to a specified file, - for stdout"],
        [
            "logger",
            None,
            None,
            "A fully-qualified name to a log observer factory to use for the initial log "
            "observer.  Takes precedence over --logfile and --syslog (when available).",
        ],
        ["profile", "p", None, "Run in profile mode, dumping results to specified file."],
        ["profiler", None, "cprofile", "Name of the profiler to use (profile, cprofile)."],
        ["file", "f", "twistd.tap", "read the given .tap file"],
        ["python", "y", None, "read an application from within a Python file (implies -o)"],
        ["source", "s", None, "Read an application from a .tas file (AOT format)."],
        ["rundir", "d", ".", "Change to a supplied directory before running"],
    ]

    compData = usage.Completions(
        mutuallyExclusive=[("file", "python", "source")],
        optActions={
            "file": usage.CompleteFiles("*.tap"),
            "python": usage.CompleteFiles("*.(tac|py)"),
            "source": usage.CompleteFiles("*.tas"),
            "rundir": usage.CompleteDirs(),
        },
    )

    _getPlugins = staticmethod(plugin.getPlugins)

    def __init__(self, *a: Any, **kw: Any) -> None:
        self["debug"] = False
        self.stdout: TextIO = kw.pop("stdout", sys.stdout)
        usage.Options.__init__(self)

    def opt_debug(self) -> None:
        """Run the application in the Python Debugger (implies nodaemon), sending SIGUSR2
        will drop into debugger"""
        self["debug"] = True

    opt_b = opt_debug

    def opt_spew(self) -> None:
        """Print an insanely verbose log of everything that happens.  Useful when debugging
        freezes or locks in complex code."""
        sys.settrace(util.spewer)
        try:
            import threading

            threading.settrace(util.spewer)
        except ImportError:
            pass
        self["nodaemon"] = 1

    def opt_version(self) -> None:
        """Print version information and exit."""
        name = (
            "(the Twisted Windows runner)"
            if runtime.platformType == "win32"
            else "(the Twisted daemon)"
        )
        self.stdout.write(f"twistd {name} {copyright.version}\n{copyright.copyright}\n")
        sys.exit()

    def postOptions(self) -> None:
        if self.subCommand or self["python"]:
            self["no_save"] = True
        if self["logger"] is not None:
            try:
                self["logger"] = namedAny(self["logger"])
            except Exception as e:
                raise usage.UsageError(
                    f"Logger '{self['logger']}' could not be imported: {e}"
                ) from None

    @property
    def subCommands(self) -> Iterator[tuple[str, None, Callable[[], Any], str]]:  # type: ignore[override]
        plugins = self._getPlugins(service.IServiceMaker)
        self.loadedPlugins: dict[str, Any] = {}
        for maker in sorted(plugins, key=attrgetter("tapname")):
            self.loadedPlugins[maker.tapname] = maker
            yield (maker.tapname, None, _optionsMaker(maker), maker.description)


def _optionsMaker(maker: Any) -> Callable[[], Any]:
    """A parser factory for the subcommand of plugin ``maker``."""
    return lambda: maker.options()


def run(runApp: Callable[[Any], None], ServerOptions: Callable[[], Any]) -> None:
    """Parse ``sys.argv`` with ``ServerOptions()`` and call ``runApp(config)``; a usage error
    prints the usage and the error and exits with status 1."""
    config = ServerOptions()
    try:
        config.parseOptions()
    except usage.error as ue:
        commstr = " ".join(sys.argv[:2])
        print(config)
        print(f"{commstr}: {ue}")
        sys.exit(1)
    else:
        runApp(config)
