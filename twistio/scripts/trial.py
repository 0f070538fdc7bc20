"""twisted.scripts.trial: the ``trial`` command (``twistio trial``).

``trial [options] [[file|package|module|TestCase|testmethod]...]`` loads the tests named
(dotted names or paths), runs them with the chosen reporter in the temp directory and exits
with status 0 when every test passed, 1 otherwise.  ``-j N`` runs the tests in N worker
processes (see :mod:`twistio.trial._dist`).
"""

from __future__ import annotations

import gc
import os
import random
import sys
import time
from collections.abc import Sequence
from typing import Any

from twistio.python import failure, reflect, usage
from twistio.trial import reporter as _reporter
from twistio.trial import runner
from twistio.trial._asyncrunner import _iterateTests

__name__ = "twisted.scripts.trial"

__all__ = ["Options", "run"]

#: Reporter names and descriptions (``--help-reporters``), in Twisted's order.
REPORTERS: list[tuple[str, str, str]] = [
    ("verbose", "verbose color output (default reporter)", "TreeReporter"),
    ("bwverbose", "Colorless verbose output", "VerboseTextReporter"),
    ("summary", "minimal summary output", "MinimalReporter"),
    ("text", "terse text output", "TextReporter"),
    ("timing", "Timing output", "TimingTextReporter"),
    ("subunit", "subunit output", "SubunitReporter"),
]

_ORDERS = {
    "alphabetical": "alphabetical order for test methods, arbitrary order for test cases",
    "toptobottom": "attempt to run test cases and methods in the order they were defined",
}


def _reporterClass(name: Any) -> Any:
    """The reporter class for ``--reporter=name``: a reporter plugin's (``IReporter`` plugins,
    looked up on ``twisted.plugin`` at call time), else one of trial's own."""
    if not isinstance(name, str):
        return name
    from twistio import plugin
    from twistio.trial import itrial

    for candidate in plugin.getPlugins(itrial.IReporter):
        if getattr(candidate, "longOpt", None) == name:
            module = str(candidate.module)
            try:
                return reflect.namedAny(f"{module}.{candidate.klass}")
            except (ImportError, AttributeError):
                # Without the alias on, twisted.* plugin modules are twistio's.
                if module.split(".")[0] != "twisted":
                    raise
                return reflect.namedAny(f"twistio{module[len('twisted') :]}.{candidate.klass}")
    for rname, _doc, klass in REPORTERS:
        if rname == name:
            return getattr(_reporter, klass)
    raise usage.UsageError(
        "Only pass names of Reporter plugins to --reporter. See --help-reporters for more info."
    )


def _getLoader(config: Options) -> runner.TestLoader:
    loader = runner.TestLoader()
    if config["random"]:
        randomer = random.Random()
        randomer.seed(config["random"])
        loader.sorter = lambda x: randomer.random()
        print(f"Running tests shuffled with seed {config['random']}\n")
    elif config["order"] == "toptobottom":
        loader.sorter = _definitionOrder
    return loader


def _definitionOrder(thing: Any) -> Any:
    import inspect

    method = getattr(thing, "_testMethodName", None)
    if method is not None:
        fn = getattr(type(thing), method, None)
        code = getattr(fn, "__code__", None)
        return (0, code.co_firstlineno if code else 0, method)
    if isinstance(thing, type):
        try:
            return (1, inspect.getsourcelines(thing)[1], thing.__name__)
        except (OSError, TypeError):
            return (1, 0, thing.__name__)
    return (2, 0, runner.name(thing))


class Options(usage.Options):
    """The ``trial`` command line (same options as Twisted's)."""

    synopsis = (
        f"{usage._executableName()} [options] [[file|package|module|TestCase|testmethod]...]\n"
    )
    longdesc = (
        "trial loads and executes a suite of unit tests, obtained from modules, packages "
        "and files listed on the command line."
    )

    optFlags = [
        ["help", "h"],
        ["no-recurse", "N", "Don't recurse into packages"],
        ["help-orders", None, "Help on available test running orders"],
        ["help-reporters", None, "Help on available output plugins (reporters)"],
        ["rterrors", "e", "realtime errors, print out tracebacks as soon as they occur"],
        ["unclean-warnings", None, "Turn dirty reactor errors into warnings"],
        ["force-gc", None, "Have Trial run gc.collect() before and after each test case."],
        [
            "exitfirst",
            "x",
            "Exit after the first non-successful result (cannot be specified along with --jobs).",
        ],
        ["debug", "b", "Run tests in a debugger."],
        ["debug-stacktraces", "B", "Report Deferred creation and callback stack traces"],
        ["nopm", None, "don't automatically jump into debugger for postmorteming of exceptions"],
        ["dry-run", "n", "do everything but run the tests"],
        ["profile", None, "Run tests under the Python profiler"],
        ["until-failure", "u", "Repeat test until it fails"],
        ["disablegc", None, "Disable the garbage collector"],
        [
            "coverage",
            None,
            "Generate coverage information in the coverage file in the "
            "directory specified by the temp-directory option.",
        ],
        ["spew", None, "Print an insanely verbose log of everything that happens."],
    ]

    optParameters = [
        [
            "order",
            "o",
            None,
            "Specify what order to run test cases and methods. See --help-orders for more info.",
        ],
        ["random", "z", None, "Run tests in random order using the specified seed"],
        ["temp-directory", None, "_trial_temp", "Path to use as working directory for tests."],
        [
            "reporter",
            None,
            "verbose",
            "The reporter to use for this test run.  See --help-reporters for more info.",
        ],
        ["logfile", "l", "test.log", "log file name"],
        [
            "debugger",
            None,
            "pdb",
            "the fully qualified name of a debugger to use if --debug is passed",
        ],
        ["tbformat", None, "default", "Specify the format to display tracebacks with."],
        ["recursionlimit", None, None, "see sys.setrecursionlimit()"],
        [
            "jobs",
            "j",
            None,
            "Number of local workers to run, a strictly positive integer or "
            "'auto' to spawn one worker for each available CPU.",
        ],
        ["reactor", "r", None, "Which reactor to use"],
        ["testmodule", None, None, "Filename to grep for test cases (-*- test-case-name)."],
        [
            "without-module",
            None,
            None,
            "Fake the lack of the specified modules, separated with commas.",
        ],
    ]

    def __init__(self) -> None:
        super().__init__()
        self["tests"] = []

    def opt_help_reporters(self) -> None:
        print(
            "Trial's output can be customized using plugins called Reporters. You can\n"
            "select any of the following reporters using --reporter=<foo>\n"
        )
        for name, doc, _klass in REPORTERS:
            print("   ", name, "\t", doc)
        print()
        sys.exit(0)

    def opt_help_orders(self) -> None:
        synopsis = (
            "Trial can attempt to run test cases and their methods in a few different orders. "
            "You can select any of the following options using --order=<foo>.\n"
        )
        print(synopsis)
        for name, description in sorted(_ORDERS.items()):
            print("   ", name, "\t", description)
        sys.exit(0)

    def opt_testmodule(self, filename: str) -> None:
        """Filename to grep for test cases (-*- test-case-name)."""
        if not os.path.isfile(filename):
            sys.stderr.write(f"File {filename!r} doesn't exist\n")
            return
        filename = os.path.abspath(filename)
        if filename.endswith(".py"):
            self["tests"].append(filename)
            return
        for name in _testCaseNames(filename):
            self["tests"].append(name)

    def opt_recursionlimit(self, arg: str) -> None:
        """see sys.setrecursionlimit()"""
        try:
            sys.setrecursionlimit(int(arg))
        except (TypeError, ValueError):
            raise usage.UsageError("argument to recursionlimit must be an integer") from None
        self["recursionlimit"] = int(arg)

    def opt_random(self, option: str) -> None:
        try:
            self["random"] = int(option)
        except ValueError:
            raise usage.UsageError("Argument to --random must be a positive integer") from None
        if self["random"] < 0:
            raise usage.UsageError("Argument to --random must be a positive integer")
        if self["random"] == 0:
            self["random"] = int(time.time() * 100)

    opt_z = opt_random

    def opt_order(self, order: str) -> None:
        if order not in _ORDERS:
            raise usage.UsageError(
                f"--order must be one of: {', '.join(sorted(_ORDERS))}. See --help-orders "
                "for details"
            )
        self["order"] = order

    opt_o = opt_order

    def opt_jobs(self, number: str) -> None:
        if number == "auto":
            self["jobs"] = os.cpu_count() or 1
            return
        try:
            jobs = int(number)
        except ValueError:
            raise usage.UsageError(f"Expecting integer argument to jobs, got '{number}'") from None
        if jobs <= 0:
            raise usage.UsageError("Argument to jobs must be a strictly positive integer or 'auto'")
        self["jobs"] = jobs

    opt_j = opt_jobs

    def opt_without_module(self, option: str) -> None:
        """Fake the lack of the specified modules, separated with commas."""
        self["without-module"] = option
        for module in option.split(","):
            if module in sys.modules:
                print(f"Module {module!r} already imported, disabling anyway.")
            sys.modules[module] = None  # type: ignore[assignment]

    def opt_tbformat(self, opt: str) -> None:
        if opt not in ("plain", "emacs", "cgitb", "default", "brief", "verbose"):
            raise usage.UsageError("tbformat must be 'plain', 'emacs', or 'cgitb'.")
        self["tbformat"] = {"plain": "default", "emacs": "brief", "cgitb": "verbose"}.get(opt, opt)

    def parseArgs(self, *args: str) -> None:
        self["tests"].extend(args)

    def postOptions(self) -> None:
        self["reporter"] = _reporterClass(self["reporter"])
        if self["jobs"] is not None:
            for bad in ("debug", "profile", "until-failure", "exitfirst"):
                if self[bad]:
                    raise usage.UsageError(f"You can't specify --{bad} when using --jobs")
        if self["nopm"] and not self["debug"]:
            raise usage.UsageError("You must specify --debug when using --nopm ")
        failure.DO_POST_MORTEM = not self["nopm"]


def _testCaseNames(filename: str) -> list[str]:
    """The ``test-case-name`` a file declares in its first lines (an Emacs variable)."""
    names: list[str] = []
    with open(filename, encoding="utf-8", errors="replace") as f:
        for i, line in enumerate(f):
            if i > 2:
                break
            if "test-case-name" in line:
                value = line.split("test-case-name:", 1)[-1].split("-*-")[0]
                names.extend(n.strip() for n in value.split(",") if n.strip())
    return names


def _makeRunner(config: Options) -> runner.TrialRunner:
    mode = None
    if config["debug"]:
        mode = runner.TrialRunner.DEBUG
    if config["dry-run"]:
        mode = runner.TrialRunner.DRY_RUN
    debugger = None
    if config["debug"]:
        debugger = reflect.namedAny(config["debugger"])
        if hasattr(debugger, "Pdb"):
            debugger = debugger.Pdb()
    return runner.TrialRunner(
        _reporterClass(config["reporter"]),
        mode=mode,
        logfile=config["logfile"],
        tracebackFormat=config["tbformat"],
        realTimeErrors=config["rterrors"],
        uncleanWarnings=config["unclean-warnings"],
        workingDirectory=config["temp-directory"],
        forceGarbageCollection=config["force-gc"],
        profile=config["profile"],
        debugger=debugger,
        exitFirst=config["exitfirst"],
    )


def _wrappedPdb() -> Any:
    import pdb

    return pdb.Pdb()


def _initialDebugSetup(config: Options) -> None:
    if config["debug-stacktraces"]:
        from twistio.internet import defer

        defer.setDebugging(True)
        failure.startDebugMode()


def _startCoverage(config: Options) -> Any:
    try:
        import coverage
    except ImportError:
        sys.stderr.write("--coverage needs the 'coverage' package\n")
        return None
    cov = coverage.Coverage(data_file=os.path.join(config["temp-directory"], "coverage"))
    cov.start()
    return cov


def run(argv: Sequence[str] | None = None) -> None:
    """Entry point: parse ``sys.argv`` (or ``argv``), run the tests, exit 0 or 1."""
    if argv is None:
        argv = sys.argv[1:]
    if sys.path[0] != "" and os.getcwd() not in sys.path:
        # As Twisted's trial script does: tests named by dotted name are found from here.
        sys.path.insert(0, os.getcwd())
    config = Options()
    try:
        config.parseOptions(list(argv))
    except usage.UsageError as ue:
        raise SystemExit(f"{sys.argv[0]}: {ue}") from None
    if config["disablegc"]:
        gc.disable()
    _initialDebugSetup(config)
    cov = _startCoverage(config) if config["coverage"] else None
    try:
        if config["jobs"]:
            # Distributed trial (worker processes fed over AMP) is not built yet: say so
            # plainly rather than run the tests some other way.
            raise SystemExit(
                f"{sys.argv[0]}: --jobs (distributed trial) is not supported by twistio yet"
            )
        ok = _runLocal(config)
    finally:
        if cov is not None:
            cov.stop()
            cov.save()
    sys.exit(not ok)


def _getSuite(config: Options) -> Any:
    """The suite of the tests named in ``config`` (import errors become error tests)."""
    loader = _getLoader(config)
    return loader.loadByNames(config["tests"], recurse=not config["no-recurse"])


def _runLocal(config: Options) -> bool:
    trialRunner = _makeRunner(config)
    suite = _getSuite(config)
    if config["until-failure"]:
        result = trialRunner.runUntilFailure(suite)
    else:
        result = trialRunner.run(suite)
    return bool(result.wasSuccessful())


# For callers that iterate a loaded suite (the worker processes do).
iterateTests = _iterateTests
