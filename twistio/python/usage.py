"""twisted.python.usage: command-line option parsing with :class:`Options`.

Subclass :class:`Options` and describe options with ``optFlags`` (``[long, short, doc]``),
``optParameters`` (``[long, short, default, doc, coerce]``), ``opt_<name>`` methods
(taking a value or not) and ``subCommands`` (``[name, shortcut, OptionsClass, doc]``).
After :meth:`Options.parseOptions`, the options object is a dictionary of the values;
positional arguments go to :meth:`Options.parseArgs` and :meth:`Options.postOptions`
checks the result.  Problems raise :class:`UsageError`.
"""

from __future__ import annotations

import getopt
import inspect
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from twistio.python import reflect
from twistio.python._completers import (
    _BASH,
    _ZSH,
    CompleteDirs,
    CompleteFiles,
    CompleteGroups,
    CompleteHostnames,
    CompleteList,
    CompleteMultiList,
    CompleteNetInterfaces,
    Completer,
    CompleteUserAtHost,
    CompleteUsernames,
    Completions,
)

__name__ = "twisted.python.usage"

__all__ = [
    "UsageError",
    "error",
    "Options",
    "CoerceParameter",
    "portCoerce",
    "flagFunction",
    "docMakeChunks",
    "Completions",
    "Completer",
    "CompleteFiles",
    "CompleteDirs",
    "CompleteList",
    "CompleteMultiList",
    "CompleteUsernames",
    "CompleteGroups",
    "CompleteHostnames",
    "CompleteUserAtHost",
    "CompleteNetInterfaces",
    "_ZSH",
    "_BASH",
]


class UsageError(Exception):
    """The command line is wrong."""


error = UsageError


class CoerceParameter:
    """Sets an option from its string value through ``coerce`` (whose ``ValueError``
    becomes a :class:`UsageError`)."""

    def __init__(self, options: Options, coerce: Callable[[str], Any]) -> None:
        self.options = options
        self.coerce = coerce
        self.doc = getattr(self.coerce, "coerceDoc", "")

    def dispatch(self, parameterName: str, value: str | None) -> None:
        if value is None:
            raise UsageError(f"Parameter '{parameterName}' requires an argument.")
        try:
            coerced = self.coerce(value)
        except ValueError as e:
            raise UsageError(f"Parameter type enforcement failed: {e}")
        self.options.opts[parameterName] = coerced


def portCoerce(value: str) -> int:
    """A TCP port number (0 to 65535) from text; ``ValueError`` otherwise."""
    port = int(value)
    if port < 0 or port > 65535:
        raise ValueError(f"Port number not in range: {value}")
    return port


portCoerce.coerceDoc = "Must be an int between 0 and 65535."  # type: ignore[attr-defined]


def flagFunction(method: Callable[..., Any], name: str | None = None) -> bool:
    """Whether the option method ``method`` is a flag (takes no value).

    :raises UsageError: it takes more than one value.
    """
    params = [
        p
        for p in inspect.signature(method).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    if len(params) > 1:
        raise UsageError(f"Invalid Option function for {name or method.__name__}")
    return len(params) == 0


def _executableName() -> str:
    """How the running program is invoked, for usage lines: ``trial`` for a script,
    ``twisted.scripts.trial`` for a module file, ``python -m twisted.trial`` for a package's
    ``__main__`` (as Twisted names them).  twistio's own files carry their Twisted names."""
    name = reflect.filenameToModuleName(sys.argv[0])
    if name == "twistio" or name.startswith("twistio."):
        name = "twisted" + name[len("twistio") :]
    if name.endswith(".__main__"):
        return f"{os.path.basename(sys.executable)} -m {name[: -len('.__main__')]}"
    return name


class Options(dict[str, Any]):
    """A command line's options; see the module docstring."""

    subCommand: str | None = None
    defaultSubCommand: str | None = None
    parent: Options | None = None
    completionData: Completions | None = None

    def __init__(self) -> None:
        super().__init__()
        self.opts = self
        self.defaults: dict[str, Any] = {}
        self.longOpt: list[str] = []
        self.shortOpt = ""
        self.docs: dict[str, str] = {}
        self.synonyms: dict[str, str] = {}
        self._dispatch: dict[str, Any] = {}

        collectors = [self._gather_flags, self._gather_parameters, self._gather_handlers]
        for collector in collectors:
            longOpt, shortOpt, docs, settings, synonyms, dispatch = collector()
            self.longOpt.extend(longOpt)
            self.shortOpt = self.shortOpt + shortOpt
            self.docs.update(docs)
            self.opts.update(settings)
            self.defaults.update(settings)
            self.synonyms.update(synonyms)
            self._dispatch.update(dispatch)

    def __hash__(self) -> int:  # type: ignore[override]
        # Options are used as dictionary keys by some programs: identity hashing.
        return id(self)

    def opt_help(self) -> None:
        """Display this help and exit."""
        print(self.__str__())
        sys.exit(0)

    def opt_version(self) -> None:
        """Display Twisted version and exit."""
        from twistio import __version__

        print("Twisted version:", __version__)
        sys.exit(0)

    def parseOptions(self, options: Sequence[str] | None = None) -> None:
        """Parse ``options`` (by default ``sys.argv[1:]``) into this dictionary."""
        if options is None:
            options = sys.argv[1:]
        try:
            opts, args = getopt.getopt(options, self.shortOpt, self.longOpt)
        except getopt.error as e:
            raise UsageError(str(e))

        for opt, arg in opts:
            name = opt[2:] if opt[1] == "-" else opt[1:]
            key = name
            if key not in self.synonyms:
                key = name.replace("-", "_")
                if key not in self.synonyms:
                    raise UsageError(f"No such option '{name}'")
            key = self.synonyms[key]
            handler = self._dispatch[key]
            if isinstance(handler, CoerceParameter):
                handler.dispatch(key, arg)
            else:
                handler(key, arg)

        if getattr(self, "subCommands", None) and (args or self.defaultSubCommand is not None):
            if not args:
                args = [self.defaultSubCommand]  # type: ignore[list-item]
            sub, rest = args[0], args[1:]
            for cmd, short, parser, _doc in self.subCommands:  # type: ignore[attr-defined]
                if sub == cmd or sub == short:
                    self.subCommand = cmd
                    self.subOptions = parser()
                    self.subOptions.parent = self
                    self.subOptions.parseOptions(rest)
                    break
            else:
                raise UsageError(f"Unknown command: {sub}")
        else:
            try:
                self.parseArgs(*args)
            except TypeError:
                raise UsageError("Wrong number of arguments.")

        self.postOptions()

    def postOptions(self) -> None:
        """Called after parsing, to check and complete the options (override)."""

    def parseArgs(self, *args: Any) -> None:
        """Receives the positional arguments (override; by default there may be none).

        Raising ``TypeError`` (as a call with the wrong number of arguments does) reports
        "Wrong number of arguments."
        """
        if args:
            raise TypeError(f"parseArgs() takes no arguments ({len(args)} given)")

    def _generic_flag(self, flagName: str, value: Any = None) -> None:
        if value not in ("", None):
            raise UsageError(f"Flag '{flagName}' takes no argument. Not even \"{value}\".")
        self.opts[flagName] = 1

    def _gather_flags(self) -> tuple[list[str], str, dict[str, str], dict[str, Any], dict[str, str], dict[str, Any]]:
        longOpt, shortOpt = [], ""
        docs: dict[str, str] = {}
        settings: dict[str, Any] = {}
        synonyms: dict[str, str] = {}
        dispatch: dict[str, Any] = {}

        flags: list[Sequence[Any]] = []
        reflect.accumulateClassList(self.__class__, "optFlags", flags)

        for flag in flags:
            long, short, doc = [*flag, None, None][:3]
            if not long:
                raise ValueError("A flag cannot be without a name.")
            docs[long] = doc
            settings[long] = 0
            if short:
                shortOpt = shortOpt + short
                synonyms[short] = long
            longOpt.append(long)
            synonyms[long] = long
            dispatch[long] = self._generic_flag
        return longOpt, shortOpt, docs, settings, synonyms, dispatch

    def _gather_parameters(
        self,
    ) -> tuple[list[str], str, dict[str, str], dict[str, Any], dict[str, str], dict[str, Any]]:
        longOpt, shortOpt = [], ""
        docs: dict[str, str] = {}
        settings: dict[str, Any] = {}
        synonyms: dict[str, str] = {}
        dispatch: dict[str, Any] = {}

        parameters: list[Sequence[Any]] = []
        reflect.accumulateClassList(self.__class__, "optParameters", parameters)

        for parameter in parameters:
            long, short, default, doc, paramType = [*parameter, None, None, None, None][:5]
            if not long:
                raise ValueError("A parameter cannot be without a name.")
            docs[long] = doc
            settings[long] = default
            if short:
                shortOpt = shortOpt + short + ":"
                synonyms[short] = long
            longOpt.append(long + "=")
            synonyms[long] = long
            if paramType is not None:
                dispatch[long] = CoerceParameter(self, paramType)
            else:
                dispatch[long] = CoerceParameter(self, str)
        return longOpt, shortOpt, docs, settings, synonyms, dispatch

    def _gather_handlers(
        self,
    ) -> tuple[list[str], str, dict[str, str], dict[str, Any], dict[str, str], dict[str, Any]]:
        longOpt, shortOpt = [], ""
        docs: dict[str, str] = {}
        settings: dict[str, Any] = {}
        dispatch: dict[str, Any] = {}

        methods: dict[str, Any] = {}
        reflect.accumulateMethods(self, methods, "opt_")

        # Methods that are the same function are synonyms of the longest name.
        byFunction: dict[Any, list[str]] = {}
        for name, method in methods.items():
            byFunction.setdefault(method.__func__, []).append(name)

        synonyms: dict[str, str] = {}
        for names in byFunction.values():
            names.sort(key=lambda n: (len(n), n))
            longest = names[-1].replace("_", "-")
            for name in names:
                synonyms[name.replace("_", "-")] = longest
                if "_" in name:
                    synonyms[name] = longest

        for name, method in methods.items():
            optName = name.replace("_", "-")
            canonical = synonyms[optName]
            takesArg = not flagFunction(method, optName)
            prepend = "=" if takesArg else ""
            if len(optName) == 1:
                shortOpt = shortOpt + optName + (":" if takesArg else "")
            else:
                longOpt.append(optName + prepend)
            if canonical == optName:
                doc = getattr(method, "__doc__", None)
                docs[optName] = doc or "undocumented"
                dispatch[optName] = _handler(method, takesArg)
        return longOpt, shortOpt, docs, settings, synonyms, dispatch

    def __str__(self) -> str:
        return self.getSynopsis() + "\n" + self.getUsage(width=None)

    def getSynopsis(self) -> str:
        """The first line of the usage text."""
        if self.parent is None:
            default = "Usage: {}{}".format(
                _executableName(), (self.longOpt and " [options]") or ""
            )
        else:
            default = "%s" % ((self.longOpt and "[options]") or "")  # noqa: UP031
        synopsis = str(getattr(self, "synopsis", default)).rstrip()
        if self.parent is not None:
            synopsis = " ".join(
                (self.parent.getSynopsis(), self.parent.subCommand or "", synopsis)
            )
        return synopsis

    def getUsage(self, width: int | None = None) -> str:
        """The options (and commands) described, as text ``width`` columns wide."""
        if not width:
            width = int(os.environ.get("COLUMNS", "80"))

        if hasattr(self, "subCommands"):
            cmdDicts = []
            for cmd, short, _parser, desc in self.subCommands:
                cmdDicts.append(
                    {
                        "long": cmd,
                        "short": short,
                        "doc": desc,
                        "optType": "command",
                        "default": None,
                    }
                )
            chunks = docMakeChunks(cmdDicts, width)
            commands = "Commands:\n" + "".join(chunks)
        else:
            commands = ""

        longToShort: dict[str, str] = {}
        for key, value in self.synonyms.items():
            longname = value
            if (key != longname) and (len(key) == 1):
                longToShort[longname] = key
            elif longname not in longToShort:
                longToShort[longname] = ""

        optDicts = []
        for opt in self.longOpt:
            if opt[-1] == "=":
                optType = "parameter"
                opt = opt[:-1]
            else:
                optType = "flag"
            if opt not in self.docs:
                # An alias of a documented option.
                continue
            dispatcher = self._dispatch.get(opt)
            optDicts.append(
                {
                    "long": opt,
                    "short": longToShort.get(opt, ""),
                    "doc": self.docs[opt],
                    "optType": optType,
                    "default": self.defaults.get(opt, None),
                    "dispatch": dispatcher,
                }
            )

        if getattr(self, "longdesc", None) is not None:
            longdesc: str = self.longdesc  # type: ignore[attr-defined]
        else:
            import __main__

            if getattr(__main__, "__doc__", None):
                longdesc = str(__main__.__doc__)
            else:
                longdesc = ""

        if longdesc:
            longdesc = "\n" + "\n".join(textwrap.wrap(longdesc, width)).strip() + "\n"

        if optDicts:
            chunks = docMakeChunks(optDicts, width)
            s = "Options:\n%s" % ("".join(chunks))  # noqa: UP031
        else:
            s = "Options: None\n"

        return s + longdesc + commands


def _handler(method: Callable[..., Any], takesArg: bool) -> Callable[[str, Any], None]:
    if takesArg:
        return lambda name, value: method(value)
    return lambda name, value: method()


def docMakeChunks(optList: Sequence[dict[str, Any]], width: int = 80) -> list[str]:
    """The lines (ending with newlines) describing ``optList``: ``  -s, --long=  doc``
    rows, sorted by long name, docs wrapped to ``width``."""
    maxOptLen = 0
    for opt in optList:
        optLen = len(opt.get("long", ""))
        if optLen:
            if opt.get("optType", None) == "parameter":
                # "=" after the name.
                optLen = optLen + 1
            maxOptLen = max(optLen, maxOptLen)

    colWidth1 = maxOptLen + len("  -s, --  ")
    colWidth2 = width - colWidth1
    colFiller1 = " " * colWidth1

    optChunks = []
    seen = {}
    # Twisted orders the rows by the short name where there is one, else the long one.
    for opt in sorted(optList, key=lambda o: (o.get("short") or o.get("long") or "")):
        if (opt.get("short") and opt["short"] in seen) or (opt.get("long") and opt["long"] in seen):
            continue
        for x in opt.get("short", None), opt.get("long", None):
            if x:
                seen[x] = 1

        optLines = []
        comma = " "
        if opt.get("short", None):
            short = "-{}".format(opt["short"])
        else:
            short = ""

        if opt.get("long", None):
            long = opt["long"]
            if opt.get("optType", None) == "parameter":
                long = long + "="
            long = "%-*s" % (maxOptLen, long)  # noqa: UP031
            if short:
                comma = ","
        else:
            long = " " * (maxOptLen + len("--"))

        if opt.get("optType", None) == "command":
            column1 = "    %s      " % long  # noqa: UP031
        elif opt.get("long", None):
            column1 = f"  {short:2}{comma} --{long}  "
        else:
            column1 = f"  {short:2}{comma} {long}  "

        if opt.get("doc", ""):
            doc = opt["doc"].strip()
        else:
            doc = ""

        if (opt.get("default", None) is not None) and opt.get("optType", None) == "parameter":
            doc = "{} [default: {}]".format(doc, opt["default"])

        dispatch = opt.get("dispatch")
        if isinstance(dispatch, CoerceParameter) and dispatch.doc:
            doc = f"{doc}. {dispatch.doc}"

        if doc:
            column2_l = textwrap.wrap(" ".join(doc.split()), colWidth2)
        else:
            column2_l = [""]

        optLines.append(f"{column1}{column2_l.pop(0)}\n")
        for line in column2_l:
            optLines.append(f"{colFiller1}{line}\n")
        optChunks.append("".join(optLines))

    return optChunks


_exported = (
    _BASH,
    _ZSH,
    CompleteDirs,
    CompleteFiles,
    CompleteGroups,
    CompleteHostnames,
    CompleteList,
    CompleteMultiList,
    CompleteNetInterfaces,
    Completer,
    CompleteUserAtHost,
    CompleteUsernames,
)
