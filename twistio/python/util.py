"""twisted.python.util: assorted small utilities."""

from __future__ import annotations

import errno
import os
import sys
import warnings
from collections import OrderedDict as _OrderedDict
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from typing import Any, TypeVar

try:
    import grp as _grp
    import pwd as _pwd
except ImportError:  # pragma: no cover - not POSIX
    _grp = None  # type: ignore[assignment]
    _pwd = None  # type: ignore[assignment]


__name__ = "twisted.python.util"

__all__ = [
    "uniquify",
    "padTo",
    "getPluginDirs",
    "addPluginDir",
    "sibpath",
    "getPassword",
    "println",
    "makeStatBar",
    "OrderedDict",  # noqa: F822 - served (with a warning) by the module __getattr__
    "InsensitiveDict",
    "spewer",
    "searchupwards",
    "LineLog",
    "raises",
    "IntervalDifferential",
    "FancyStrMixin",
    "FancyEqMixin",
    "switchUID",
    "mergeFunctionMetadata",
    "nameToLabel",
    "uidFromString",
    "gidFromString",
    "runAsEffectiveUser",
    "untilConcludes",
    "runWithWarningsSuppressed",
]

_T = TypeVar("_T")


class InsensitiveDict(MutableMapping[Any, Any]):
    """A dictionary whose string (and bytes) keys are case-insensitive.

    With ``preserve`` true, keys keep the case they were first stored with; otherwise they
    are stored lowercased.
    """

    def __init__(self, dict: Any = None, preserve: int | bool = 1) -> None:
        self.data: dict[Any, tuple[Any, Any]] = {}
        self.preserve = preserve
        if dict:
            self.update(dict)

    def __delitem__(self, key: Any) -> None:
        del self.data[self._lowerOrReturn(key)]

    def _lowerOrReturn(self, key: Any) -> Any:
        if isinstance(key, (bytes, str)):
            return key.lower()
        return key

    def __getitem__(self, key: Any) -> Any:
        return self.data[self._lowerOrReturn(key)][1]

    def __setitem__(self, key: Any, value: Any) -> None:
        k = self._lowerOrReturn(key)
        self.data[k] = ((key if self.preserve else k), value)

    def has_key(self, key: Any) -> bool:
        return self._lowerOrReturn(key) in self.data

    __contains__ = has_key  # type: ignore[assignment]

    def _doPreserve(self, key: Any) -> Any:
        if not self.preserve and isinstance(key, (bytes, str)):
            return key.lower()
        return key

    def keys(self) -> list[Any]:  # type: ignore[override]
        """The keys (as stored), in a list."""
        return list(self.iterkeys())

    def values(self) -> list[Any]:  # type: ignore[override]
        return list(self.itervalues())

    def items(self) -> list[tuple[Any, Any]]:  # type: ignore[override]
        return list(self.iteritems())

    def get(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def setdefault(self, key: Any, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            self[key] = default
            return default

    def update(self, dict: Any = (), **kw: Any) -> None:  # type: ignore[override]
        items = dict.items() if hasattr(dict, "items") else dict
        for k, v in items:
            self[k] = v
        for k, v in kw.items():
            self[k] = v

    def __repr__(self) -> str:
        items = ", ".join([(f"{k!r}: {v!r}") for k, v in self.items()])
        return "InsensitiveDict({%s})" % items  # noqa: UP031

    def iterkeys(self) -> Iterator[Any]:
        for v in self.data.values():
            yield self._doPreserve(v[0])

    __iter__ = iterkeys

    def itervalues(self) -> Iterator[Any]:
        for v in self.data.values():
            yield v[1]

    def iteritems(self) -> Iterator[tuple[Any, Any]]:
        for k, v in self.data.values():
            yield self._doPreserve(k), v

    _notFound = object()

    def popitem(self) -> tuple[Any, Any]:
        i = self.items()[0]
        del self[i[0]]
        return i

    def clear(self) -> None:
        for k in self.keys():
            del self[k]

    def copy(self) -> InsensitiveDict:
        return InsensitiveDict(self, self.preserve)

    def __len__(self) -> int:
        return len(self.data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, (InsensitiveDict, dict)):
            return NotImplemented
        mine = dict(self.items())
        theirs = dict(other.items())
        if len(mine) != len(theirs):
            return False
        for k, v in mine.items():
            if k not in other or other[k] != v:
                return False
        return True

    __hash__ = None  # type: ignore[assignment]


def uniquify(lst: Iterable[_T]) -> list[_T]:
    """``lst`` without repeated elements, first occurrences kept in order."""
    seen: set[Any] = set()
    result = []
    for k in lst:
        if k not in seen:
            result.append(k)
            seen.add(k)
    return result


def padTo(n: int, seq: Sequence[_T], default: Any = None) -> list[Any]:
    """``seq`` as a list padded with ``default`` to ``n`` items.

    :raises ValueError: ``seq`` is longer than ``n``.
    """
    if len(seq) > n:
        raise ValueError("%d elements is more than %d." % (len(seq), n))  # noqa: UP031
    blank = [default] * n
    blank[: len(seq)] = list(seq)
    return blank


def getPluginDirs() -> list[str]:
    """Deprecated: the ``plugins`` directories next to the ``twisted`` package."""
    warnings.warn(
        "twisted.python.util.getPluginDirs is deprecated since Twisted 12.2.",
        DeprecationWarning,
        stacklevel=2,
    )
    import twistio

    systemPlugins = os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(twistio.__file__))), "plugins"
    )
    userPlugins = os.path.expanduser("~/TwistedPlugins")
    confPlugins = os.path.expanduser("~/.twisted")
    allPlugins = filter(os.path.isdir, [systemPlugins, userPlugins, confPlugins])
    return list(allPlugins)


def addPluginDir() -> None:
    """Deprecated: put the plugin directories on ``sys.path``."""
    warnings.warn(
        "twisted.python.util.addPluginDir is deprecated since Twisted 12.2.",
        DeprecationWarning,
        stacklevel=2,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sys.path.extend(getPluginDirs())


def sibpath(path: Any, sibling: Any) -> Any:
    """The path of ``sibling`` in the directory of ``path``."""
    return os.path.join(os.path.dirname(os.path.abspath(path)), sibling)


def _getpass(prompt: str) -> str:
    import getpass

    try:
        return getpass.getpass(prompt)
    except OSError as e:
        if e.errno == errno.EINTR:
            raise KeyboardInterrupt
        raise
    except EOFError:
        raise KeyboardInterrupt


def getPassword(
    prompt: str = "Password: ",
    confirm: int | bool = 0,
    forceTTY: int | bool = 0,
    confirmPrompt: str = "Confirm password: ",
    mismatchMessage: str = "Passwords don't match.",
) -> str:
    """Read a password from the terminal (without echo) or, when stdin is not a terminal
    and ``forceTTY`` is false, a line from stdin.  With ``confirm``, ask twice."""
    isaTTY = hasattr(sys.stdin, "isatty") and sys.stdin.isatty()
    old: Any = None
    try:
        if not isaTTY:
            if forceTTY:
                try:
                    old = sys.stdin, sys.stdout
                    sys.stdin = sys.stdout = open("/dev/tty", "r+")
                except BaseException:
                    raise RuntimeError("Cannot obtain a TTY")
            else:
                password = sys.stdin.readline()
                if password[-1] == "\n":
                    password = password[:-1]
                return password

        while 1:
            try1 = _getpass(prompt)
            if not confirm:
                return try1
            try2 = _getpass(confirmPrompt)
            if try1 == try2:
                return try1
            else:
                sys.stderr.write(mismatchMessage + "\n")
    finally:
        if old:
            sys.stdin.close()
            sys.stdin, sys.stdout = old


def println(*a: Any) -> None:
    """Write the arguments, space separated, and a newline to stdout."""
    sys.stdout.write(" ".join(map(str, a)) + "\n")


def str_xor(s: str, b: int) -> str:
    return "".join([chr(ord(c) ^ b) for c in s])


def makeStatBar(
    width: int, maxPosition: int, doneChar: str = "=", undoneChar: str = "-", currentChar: str = ">"
) -> Callable[..., str]:
    """A function drawing a ``width``-character progress bar for positions up to
    ``maxPosition``: ``statBar(position, force=0, last="")``."""
    aValue = width / float(maxPosition)

    def statBar(position: float, force: int = 0, last: str = "") -> str:
        assert len(last) == 1, "Don't mess with the last parameter."
        done = int(aValue * position)
        toDo = width - done - 2
        result = f"[{doneChar * done}{currentChar}{undoneChar * toDo}]"
        if force:
            return result
        if result == last:
            return ""
        return result

    statBar.__doc__ = f"""statBar(position, force = 0) -> '[{doneChar * 3}{currentChar}{undoneChar * 3}]'-style progress bar

    returned string is {width + 2} characters long, and the range goes from 0..{maxPosition}.
    The 'position' argument is where the '{currentChar}' will be drawn.  If force is false,
    '' will be returned instead if the resulting progress bar is identical to the
    previously returned progress bar.
"""
    return lambda position, force=0, last=" ": statBar(position, force, last)


def spewer(frame: Any, s: Any, ignored: Any) -> Any:
    """A ``sys.settrace`` function printing each call."""
    from twistio.python import reflect

    if "self" in frame.f_locals:
        se = frame.f_locals["self"]
        if hasattr(se, "__class__"):
            k = reflect.qual(se.__class__)
        else:
            k = reflect.qual(type(se))
        print(f"method {frame.f_code.co_name} of {k} at {id(se)}")
    else:
        print(
            "function %s in %s, line %s"  # noqa: UP031
            % (frame.f_code.co_name, frame.f_code.co_filename, frame.f_lineno)
        )


def searchupwards(start: str, files: Sequence[str] = [], dirs: Sequence[str] = []) -> str | None:  # noqa: B006
    """The nearest directory, from ``start`` upwards, that contains all of ``files`` and
    ``dirs``; ``None`` if there is none."""
    start = os.path.abspath(start)
    parents = start.split(os.sep)
    exists = os.path.exists
    join = os.sep.join
    isdir = os.path.isdir
    while len(parents):
        candidate = join(parents) + os.sep
        allpresent = 1
        for f in files:
            if not exists(f"{candidate}{f}"):
                allpresent = 0
                break
        if allpresent:
            for d in dirs:
                if not isdir(f"{candidate}{d}"):
                    allpresent = 0
                    break
        if allpresent:
            return candidate
        parents.pop(-1)
    return None


class LineLog:
    """A fixed-size ring of the last ``size`` lines appended."""

    def __init__(self, size: int = 10) -> None:
        if size < 0:
            size = 0
        self.log: list[Any] = [None] * size
        self.size = size

    def append(self, line: Any) -> None:
        if self.size:
            self.log[:-1] = self.log[1:]
            self.log[-1] = line
        else:
            self.log.append(line)

    def str(self) -> bytes:
        return self.__bytes__()

    def __bytes__(self) -> bytes:
        return b"\n".join(filter(None, self.log))

    def __getitem__(self, item: int) -> Any:
        return [_f for _f in self.log if _f][item]

    def clear(self) -> None:
        """Empty the log."""
        self.log = [None] * self.size


def raises(exception: type[BaseException], f: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
    """Whether ``f(*args, **kwargs)`` raises ``exception``."""
    try:
        f(*args, **kwargs)
    except exception:
        return True
    return False


class IntervalDifferential:
    """An iterator over ``(delay, index)``: how long to wait until the next of several
    periodic intervals fires, and which one (``(default, None)`` with no intervals).

    Intervals firing at the same moment come out in index order, the later ones with a
    delay of 0.
    """

    def __init__(self, intervals: Sequence[float], default: float = 60) -> None:
        self.intervals = list(intervals)
        self.default = default

    def __iter__(self) -> _IntervalDifferentialIterator:
        return _IntervalDifferentialIterator(self.intervals, self.default)


class _IntervalDifferentialIterator:
    def __init__(self, intervals: Sequence[float], default: float) -> None:
        self._now: float = 0
        # One [period, next firing time] per interval; its index is its position.
        self._schedule: list[list[float]] = [[period, period] for period in intervals]
        self.default = default

    def __iter__(self) -> _IntervalDifferentialIterator:
        return self

    def __next__(self) -> tuple[float, int | None]:
        if not self._schedule:
            return (self.default, None)
        index = min(range(len(self._schedule)), key=lambda n: (self._schedule[n][1], n))
        entry = self._schedule[index]
        delay = entry[1] - self._now
        self._now = entry[1]
        entry[1] += entry[0]
        return (delay, index)

    def addInterval(self, i: float) -> None:
        """Start firing every ``i`` from now, under the next index."""
        self._schedule.append([i, self._now + i])

    def removeInterval(self, interval: float) -> None:
        """Stop the (first) interval of period ``interval``; later indexes shift down.

        :raises ValueError: there is no such interval.
        """
        for n, (period, _when) in enumerate(self._schedule):
            if period == interval:
                del self._schedule[n]
                return
        raise ValueError("Specified interval not in IntervalDifferential")


class FancyStrMixin:
    """``str()`` and ``repr()`` as ``<ClassName attr=value ...>`` for the attributes named
    in ``showAttributes`` (names, ``(name, formatter)`` or ``(name, label, "%fmt")``)."""

    showAttributes: Sequence[str | tuple[Any, ...]] = ()

    def __str__(self) -> str:
        r = ["<", getattr(self, "fancybasename", self.__class__.__name__)]
        for attr in self.showAttributes:
            if isinstance(attr, str):
                r.append(f" {attr}={getattr(self, attr)!r}")
            elif len(attr) == 2:
                r.append(f" {attr[0]}=" + attr[1](getattr(self, attr[0])))
            else:
                r.append((f" {attr[1]}=") + attr[2] % (getattr(self, attr[0]),))
        r.append(">")
        return "".join(r)

    __repr__ = __str__


class FancyEqMixin:
    """Equality by the attributes named in ``compareAttributes`` (identity when empty);
    only instances of the same class or subclasses compare."""

    compareAttributes: Sequence[str] = ()

    def __eq__(self, other: object) -> bool:
        if not self.compareAttributes:
            return self is other
        if isinstance(self, other.__class__):
            return all(
                bool(getattr(self, name) == getattr(other, name))
                for name in self.compareAttributes
            )
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        if result is NotImplemented:
            return result  # type: ignore[no-any-return]
        return not result

    __hash__ = object.__hash__


try:
    from os import initgroups as _initgroups
    from os import setgroups  # noqa: F401  (Twisted exposes it here; tests patch it)
except ImportError:  # pragma: no cover
    _initgroups = None  # type: ignore[assignment]


if _pwd is None or _grp is None:  # pragma: no cover

    def initgroups(uid: int, primaryGid: int | None) -> None:
        """Do nothing (no groups on this platform)."""

else:

    def initgroups(uid: int, primaryGid: int | None) -> None:
        """Set the supplementary groups of the process to those of the user ``uid``.

        ``primaryGid`` is required: ``None`` raises :class:`TypeError`, as on Twisted.
        """
        # Looked up at call time so tests can patch ``_initgroups``.
        _initgroups(_pwd.getpwuid(uid).pw_name, primaryGid)  # type: ignore[arg-type]


def switchUID(uid: int | None, gid: int | None, euid: bool = False) -> None:
    """Drop privileges to ``uid``/``gid`` (effective ones only, with ``euid``); warn if
    already running as ``uid``."""
    if euid:
        setuid = os.seteuid
        setgid = os.setegid
        getuid = os.geteuid
    else:
        setuid = os.setuid
        setgid = os.setgid
        getuid = os.getuid
    if gid is not None:
        setgid(gid)
    if uid is not None:
        if uid == getuid():
            uidText = euid and "euid" or "uid"
            actionText = f"tried to drop privileges and set{uidText} {uid}"
            problemText = f"{uidText} is already {getuid()}"
            # Attributed to this function, as Twisted does (its tests flush warnings by
            # the function that emits them).
            warnings.warn(
                f"{actionText} but {problemText}; should we be root? Continuing.", stacklevel=1
            )
        else:
            initgroups(uid, gid)
            setuid(uid)


def mergeFunctionMetadata(f: Callable[..., Any], g: Callable[..., Any]) -> Callable[..., Any]:
    """``g`` with ``f``'s name, docstring, module and ``__dict__``."""
    try:
        g.__name__ = f.__name__
    except TypeError:
        pass
    try:
        g.__doc__ = f.__doc__
    except (TypeError, AttributeError):
        pass
    try:
        g.__dict__.update(f.__dict__)
    except (TypeError, AttributeError):
        pass
    try:
        g.__module__ = f.__module__
    except TypeError:
        pass
    return g


def nameToLabel(mname: str) -> str:
    """A label from a camel-case name: ``"fooBarBaz"`` gives ``"Foo Bar Baz"``."""
    words: list[str] = []
    current = ""
    for position, char in enumerate(mname):
        startsWord = char.isupper() and position > 0 and not mname[position - 1].isupper()
        if startsWord:
            words.append(current)
            current = char
        else:
            current += char
    words.append(current)
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def uidFromString(uidString: str) -> int:
    """A user id from a number or a user name."""
    try:
        return int(uidString)
    except ValueError:
        if _pwd is None:
            raise
        return _pwd.getpwnam(uidString)[2]


def gidFromString(gidString: str) -> int:
    """A group id from a number or a group name."""
    try:
        return int(gidString)
    except ValueError:
        if _grp is None:
            raise
        return _grp.getgrnam(gidString)[2]


def runAsEffectiveUser(euid: int, egid: int, function: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """Call ``function`` with the effective user and group switched to ``euid``/``egid``,
    switching back afterwards."""
    uid, gid = os.geteuid(), os.getegid()
    if uid == euid and gid == egid:
        return function(*args, **kwargs)
    else:
        if uid != 0 and (uid != euid or gid != egid):
            os.seteuid(0)
        if gid != egid:
            os.setegid(egid)
        if euid != 0 and (euid != uid or gid != egid):
            os.seteuid(euid)
        try:
            return function(*args, **kwargs)
        finally:
            if euid != 0 and (uid != euid or gid != egid):
                os.seteuid(0)
            if gid != egid:
                os.setegid(gid)
            if uid != 0 and (uid != euid or gid != egid):
                os.seteuid(uid)


def untilConcludes(f: Callable[..., _T], *a: Any, **kw: Any) -> _T:
    """Call ``f``, retrying while it is interrupted (``EINTR``)."""
    while True:
        try:
            return f(*a, **kw)
        except OSError as e:
            if e.args[0] == errno.EINTR:
                continue
            raise


def runWithWarningsSuppressed(
    suppressedWarnings: Iterable[tuple[tuple[Any, ...], dict[str, Any]]],
    f: Callable[..., _T],
    *args: Any,
    **kwargs: Any,
) -> _T:
    """Call ``f`` with the warning filters ``suppressedWarnings`` (``(args, kwargs)`` for
    ``warnings.filterwarnings``) in force."""
    # The module is passed so that no sys.modules lookup happens: a test may have replaced
    # sys.modules while trial runs its tearDown.
    with warnings.catch_warnings(module=warnings):
        for a, kw in suppressedWarnings:
            warnings.filterwarnings(*a, **kw)
        return f(*args, **kwargs)


def __getattr__(name: str) -> Any:
    """``OrderedDict`` is :class:`collections.OrderedDict`, deprecated: looking it up warns
    (at the line that looks it up), as on Twisted."""
    if name == "OrderedDict":
        warnings.warn(
            "twisted.python.util.OrderedDict was deprecated in Twisted 15.5.0: "
            "Use collections.OrderedDict instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return _OrderedDict
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


