"""twisted.python.failure: :class:`Failure`, an exception together with its traceback.

A :class:`Failure` is what a Deferred's errbacks receive.  It holds the exception (``value``),
its class (``type``), the traceback (``tb``) while it is still live, and a picklable summary of
the traceback (``frames``).  :meth:`Failure.cleanFailure` drops every reference to live frames,
after which the failure can still be printed and pickled.

Contracts kept from Twisted 26.10:

- ``Failure()`` inside an ``except`` block wraps the exception being handled; with no exception
  being handled it raises :class:`NoCurrentExceptionError`.
- A ``Failure`` built from another ``Failure`` (passed in, or raised and caught) is a copy of it.
- ``frames`` is a list of ``(name, filename, lineno, locals, globals)``; locals and globals are
  empty unless ``captureVars=True``.
- ``Failure`` subclasses :class:`BaseException`, so it can be raised, but it is normally used
  as a value.
"""

from __future__ import annotations

import linecache
import pdb
import sys
import warnings
from collections.abc import Callable, Generator, Sequence
from inspect import getmro
from io import StringIO
from types import TracebackType
from typing import Any, NoReturn, TypeVar

from twistio.python import reflect

__name__ = "twisted.python.failure"

__all__ = [
    "Failure",
    "NoCurrentExceptionError",
    "DefaultException",
    "format_frames",
    "startDebugMode",
    "count",
    "traceupLength",
    "EXCEPTION_CAUGHT_HERE",
    "DO_POST_MORTEM",
]

_T_Callable = TypeVar("_T_Callable", bound=Callable[..., object])

#: How many Failures have been made so far; each Failure records its number in ``count``.
count = 0
#: Kept for compatibility: the depth of stack Twisted used to show above the caught frame.
traceupLength = 4
#: The marker line Twisted used to print between stack and traceback frames.
EXCEPTION_CAUGHT_HERE = "--- <exception caught here> ---"
#: Whether debug mode (see :func:`startDebugMode`) jumps into ``pdb.post_mortem``.
DO_POST_MORTEM = True

#: A frame summary: ``(name, filename, lineno, locals items, globals items)``.
FrameInfo = Sequence[Any]

_DETAILS = ("default", "brief", "verbose", "verbose-vars-not-captured")


class DefaultException(Exception):
    """Used as the value of a Failure built from nothing more than a message."""


class NoCurrentExceptionError(Exception):
    """``Failure()`` was called with no exception given and none being handled."""


def _extraneous(f: _T_Callable) -> _T_Callable:
    """Mark ``f`` as framework plumbing (Deferred internals) whose frames are noise.

    Twistio records tracebacks exactly as Python does, so the mark changes nothing; it exists
    because code written for Twisted imports and applies it.
    """
    return f


def format_frames(
    frames: Sequence[FrameInfo], write: Callable[[str], object], detail: str = "default"
) -> None:
    """Write the frame summaries ``frames`` through ``write``.

    ``detail`` is ``"default"`` (like Python's tracebacks, with source lines), ``"brief"``
    (``file:line:function``), ``"verbose"`` (with captured locals and globals) or
    ``"verbose-vars-not-captured"`` (verbose layout, saying variables were not captured).

    :raises ValueError: ``detail`` is none of those.
    """
    if detail not in _DETAILS:
        raise ValueError(
            "Detail must be default, brief, verbose, or verbose-vars-not-captured. "
            f"(not {detail!r})"
        )
    w = write
    if detail == "brief":
        for method, filename, lineno, _localVars, _globalVars in frames:
            w(f"{filename}:{lineno}:{method}\n")
    elif detail == "default":
        for method, filename, lineno, _localVars, _globalVars in frames:
            w(f'  File "{filename}", line {lineno}, in {method}\n')
            w(f"    {linecache.getline(filename, lineno).strip()}\n")
    elif detail == "verbose-vars-not-captured":
        for method, filename, lineno, _localVars, _globalVars in frames:
            w(f"{filename}:{lineno}: {method}(...)\n")
        w(" [Capture of Locals and Globals disabled (use captureVars=True)]\n")
    else:
        for method, filename, lineno, localVars, globalVars in frames:
            w(f"{filename}:{lineno}: {method}(...)\n")
            w(" [ Locals ]\n")
            for name, val in localVars:
                w(f"  {name} : {reflect.safe_repr(val)}\n")
            w(" ( Globals )\n")
            for name, val in globalVars:
                w(f"  {name} : {reflect.safe_repr(val)}\n")


def _safeReprVars(varsDictItems: Sequence[tuple[str, Any]]) -> list[tuple[str, str]]:
    """``[(name, safe_repr(value))]`` for a captured locals or globals list."""
    return [(name, reflect.safe_repr(obj)) for (name, obj) in varsDictItems]


def _varItems(namespace: dict[str, Any]) -> list[tuple[str, Any]]:
    """A namespace's variables as a list, leaving out ``__builtins__`` (noise everywhere)."""
    return [(k, v) for k, v in namespace.items() if k != "__builtins__"]


def _framesFromTraceback(tb: TracebackType | None, captureVars: bool) -> list[Any]:
    """Summarise the traceback chain starting at ``tb`` (outermost frame first)."""
    frames: list[Any] = []
    while tb is not None:
        f = tb.tb_frame
        code = f.f_code
        if captureVars:
            localz = f.f_locals
            globalz: list[tuple[str, Any]] = [] if localz is f.f_globals else _varItems(f.f_globals)
            frames.append(
                (code.co_name, code.co_filename, tb.tb_lineno, _varItems(localz), globalz)
            )
        else:
            frames.append((code.co_name, code.co_filename, tb.tb_lineno, (), ()))
        tb = tb.tb_next
    return frames


class Failure(BaseException):
    """An exception and its traceback, as a value that can be passed around and printed.

    :ivar value: the exception (any object for failures built from non-exceptions).
    :ivar type: the exception's class.
    :ivar tb: the live traceback, or ``None`` once cleaned, pickled, or if there never was one.
    :ivar count: this failure's sequence number (shown by verbose tracebacks).
    :ivar captureVars: whether locals and globals were captured with each frame.
    """

    pickled = 0
    tb: TracebackType | None

    def __init__(
        self,
        exc_value: object = None,
        exc_type: type | None = None,
        exc_tb: TracebackType | None = None,
        captureVars: bool = False,
    ) -> None:
        global count
        count = count + 1
        self.count = count
        self.type = None
        self.value: Any = None
        self.captureVars = captureVars
        self.tb = None

        if exc_value is None:
            exc_type, exc_value, exc_tb = sys.exc_info()
            if exc_value is None:
                raise NoCurrentExceptionError()
        elif exc_type is None:
            exc_type = type(exc_value)

        if isinstance(exc_value, Failure):
            # A Failure of a Failure is the same Failure (Twisted copies it, count included).
            self.__dict__ = exc_value.__dict__.copy()
            frames = self.__dict__.get("_frames")
            if frames is not None:
                self._frames = list(frames)
            return

        if exc_tb is None and isinstance(exc_value, BaseException):
            exc_tb = exc_value.__traceback__

        self.type = exc_type
        self.value = exc_value
        # ``frames`` (with variables, under captureVars) is summarised from ``tb`` when first
        # needed, as Twisted does; most Failures are never printed.
        self.tb = exc_tb

    @classmethod
    def _withoutTraceback(cls, value: BaseException) -> Failure:
        """A Failure of ``value`` that never looks at tracebacks (cheaper than ``Failure``)."""
        global count
        result = cls.__new__(cls)
        count += 1
        result.count = count
        result.captureVars = False
        result.value = value
        result.type = value.__class__
        result.tb = None
        return result

    # -- traceback summaries ------------------------------------------------------------------

    @property
    def frames(self) -> list[Any]:
        """The traceback summary: ``[(name, filename, lineno, locals, globals), ...]``."""
        d = self.__dict__
        frames = d.get("_frames")
        if frames is None:
            frames = d.get("frames")
            if frames is None:
                frames = _framesFromTraceback(d.get("tb"), d.get("captureVars", False))
            d["_frames"] = frames
        return frames  # type: ignore[no-any-return]

    @frames.setter
    def frames(self, frames: list[Any]) -> None:
        self.__dict__["_frames"] = frames

    @property
    def parents(self) -> list[str]:
        """Fully qualified names of the classes in ``type``'s method resolution order."""
        d = self.__dict__
        parents = d.get("_parents")
        if parents is None:
            parents = d.get("parents")
            if parents is None:
                typ = d.get("type")
                if isinstance(typ, type):
                    parents = [reflect.qual(p) for p in getmro(typ)]
                else:
                    parents = []
            d["_parents"] = parents
        return parents  # type: ignore[no-any-return]

    @parents.setter
    def parents(self, parents: list[str]) -> None:
        self.__dict__["_parents"] = parents

    @property
    def stack(self) -> list[Any]:
        """Always empty: the stack above the catching frame is no longer recorded."""
        warnings.warn(
            "twisted.python.failure.Failure.stack was deprecated in Twisted 24.10.0",
            DeprecationWarning,
            stacklevel=2,
        )
        return []

    @stack.setter
    def stack(self, stack: list[Any]) -> None:
        warnings.warn(
            "twisted.python.failure.Failure.stack was deprecated in Twisted 24.10.0",
            DeprecationWarning,
            stacklevel=2,
        )

    # -- matching -------------------------------------------------------------------------

    def trap(self, *errorTypes: type | str) -> Any:
        """Return the first of ``errorTypes`` that matches; if none does, raise ``value``.

        Errbacks use it to handle only the errors they know.
        """
        error = self.check(*errorTypes)
        if not error:
            self.raiseException()
        return error

    def check(self, *errorTypes: type | str) -> Any:
        """The first of ``errorTypes`` (classes or fully qualified class names) that ``type``
        is, or derives from; ``None`` if none is."""
        typ = self.type
        # Parents given explicitly (unpickled, loaded from JSON, or set) are authoritative;
        # otherwise the type's MRO answers without building the parents' names.
        parents = self.__dict__.get("_parents")
        if parents is None and not isinstance(typ, type):
            parents = self.parents
        for error in errorTypes:
            if isinstance(error, type):
                if parents is None:
                    assert isinstance(typ, type)
                    if issubclass(typ, error):
                        return error
                    # A class of the same qualified name counts, as in Twisted.
                    name, module = error.__name__, error.__module__
                    for base in typ.__mro__:
                        if base.__name__ == name and base.__module__ == module:
                            return error
                elif reflect.qual(error) in parents:
                    return error
            elif error in (self.parents if parents is None else parents):
                return error
        return None

    def raiseException(self) -> NoReturn:
        """Raise ``value`` with its original traceback."""
        raise self.value.with_traceback(self.tb)

    @_extraneous
    def throwExceptionIntoGenerator(self, g: Generator[Any, Any, Any]) -> Any:
        """Throw ``value`` (with its traceback) into the generator ``g``; return what it yields.

        A Failure built while ``g`` handles the exception holds the same ``value``.
        """
        return g.throw(self.value.with_traceback(self.tb))

    # -- lifetime -----------------------------------------------------------------------------

    def cleanFailure(self) -> None:
        """Drop references to live frames, keeping a printable summary (vars become reprs)."""
        state = self.__getstate__()
        frames = state.pop("frames")
        self.__dict__ = state
        self._frames = frames
        if isinstance(self.value, BaseException):
            self.value.__traceback__ = None

    def getTracebackObject(self) -> Any:
        """The traceback: the live one if still held, else a stand-in rebuilt from ``frames``
        that :mod:`traceback` functions accept, or ``None`` if there are no frames."""
        if self.tb is not None:
            return self.tb
        elif len(self.frames) > 0:
            return _Traceback(self.frames)
        else:
            return None

    def __getstate__(self) -> dict[str, Any]:
        """The picklable state: no traceback, frames with vars as reprs, ``pickled`` set."""
        c = self.__dict__.copy()
        frames = self.frames
        if self.captureVars:
            frames = [[v[0], v[1], v[2], _safeReprVars(v[3]), _safeReprVars(v[4])] for v in frames]
        c.pop("_frames", None)
        c.pop("_parents", None)
        c["tb"] = None
        c["parents"] = self.parents
        c["stack"] = []
        c["frames"] = frames
        c["pickled"] = 1
        return c

    def __setstate__(self, state: dict[str, Any] | None) -> None:
        state = dict(state or {})
        frames = state.pop("frames", None)
        parents = state.pop("parents", None)
        state.pop("stack", None)
        self.__dict__ = state
        if parents is not None:
            self._parents = parents
        if frames is not None:
            self._frames = frames

    def __reduce__(self) -> tuple[Any, ...]:
        # BaseException pickles by calling the class with ``args``; a Failure must instead be
        # rebuilt from its state, never by running __init__.
        return (_newFailure, (self.__class__,), self.__getstate__())

    # -- printing ---------------------------------------------------------------------------

    def getErrorMessage(self) -> str:
        """The exception's message (``str(value)``, safely)."""
        if isinstance(self.value, Failure):
            return self.value.getErrorMessage()
        return reflect.safe_str(self.value)

    def getBriefTraceback(self) -> str:
        io = StringIO()
        self.printBriefTraceback(file=io)
        return io.getvalue()

    def getTraceback(self, elideFrameworkCode: int = 0, detail: str = "default") -> str:
        """The traceback as text, at ``detail`` (see :meth:`printTraceback`)."""
        io = StringIO()
        self.printTraceback(file=io, elideFrameworkCode=elideFrameworkCode, detail=detail)
        return io.getvalue()

    def printTraceback(
        self, file: Any = None, elideFrameworkCode: int | bool = False, detail: str = "default"
    ) -> None:
        """Write the traceback to ``file`` (by default, log it as an error).

        ``detail``: ``"default"`` (like Python's), ``"brief"``, ``"verbose"`` (with the
        failure's number and captured variables) or ``"verbose-vars-not-captured"``.
        """
        if file is None:
            from twistio.python import log

            file = log.logerr
        w = file.write

        if detail == "verbose" and not self.captureVars:
            formatDetail = "verbose-vars-not-captured"
        else:
            formatDetail = detail

        if detail == "verbose":
            pickled = (self.pickled and " (pickled) ") or " "
            w(f"*--- Failure #{self.count}{pickled}---\n")
        elif detail == "brief":
            if self.frames:
                hasFrames = "Traceback"
            else:
                hasFrames = "Traceback (failure with no frames)"
            w(f"{hasFrames}: {reflect.safe_str(self.type)}: {reflect.safe_str(self.value)}\n")
        else:
            w("Traceback (most recent call last):\n")

        if self.frames:
            format_frames(self.frames, w, formatDetail)
        elif detail not in _DETAILS:
            raise ValueError(
                "Detail must be default, brief, verbose, or verbose-vars-not-captured. "
                f"(not {detail!r})"
            )
        elif detail != "brief":
            w("Failure: ")

        if detail != "brief":
            w(f"{reflect.qual(self.type)}: {reflect.safe_str(self.value)}\n")  # type: ignore[arg-type]

        # A Failure whose value is itself a Failure prints that one too.
        if isinstance(self.value, Failure):
            file.write(" (chained Failure)\n")
            self.value.printTraceback(file, elideFrameworkCode, detail)
        if detail == "verbose":
            w(f"*--- End of Failure #{self.count} ---\n")

    def printBriefTraceback(self, file: Any = None, elideFrameworkCode: int = 0) -> None:
        """Write the ``"brief"`` traceback."""
        self.printTraceback(file, elideFrameworkCode, detail="brief")

    def printDetailedTraceback(self, file: Any = None, elideFrameworkCode: int = 0) -> None:
        """Write the ``"verbose"`` traceback."""
        self.printTraceback(file, elideFrameworkCode, detail="verbose")

    def __repr__(self) -> str:
        typ = self.type
        typeName = reflect.qual(typ) if isinstance(typ, type) else reflect.safe_str(typ)
        return f"<{reflect.qual(self.__class__)} {typeName}: {self.getErrorMessage()}>"

    def __str__(self) -> str:
        return f"[Failure instance: {self.getBriefTraceback()}]"


def _newFailure(cls: type[Failure]) -> Failure:
    """An uninitialised Failure, for unpickling (its state is set afterwards)."""
    return cls.__new__(cls)


# -- stand-ins for frames and tracebacks, rebuilt from ``frames`` ------------------------------


class _Code:
    """Enough of a code object for :mod:`traceback` and post-mortem debuggers."""

    def __init__(self, name: str, filename: str) -> None:
        self.co_name = name
        self.co_qualname = name
        self.co_filename = filename
        self.co_lnotab = b""
        self.co_firstlineno = 0
        self.co_argcount = 0
        self.co_varnames: list[str] = []
        self.co_code = b""
        self.co_cellvars: tuple[str, ...] = ()
        self.co_consts: tuple[object, ...] = ()
        self.co_flags = 0
        self.co_freevars: tuple[str, ...] = ()
        self.co_posonlyargcount = 0
        self.co_kwonlyargcount = 0
        self.co_names: tuple[str, ...] = ()
        self.co_nlocals = 0
        self.co_stacksize = 0

    def co_positions(self) -> tuple[tuple[int | None, int | None, int | None, int | None], ...]:
        # traceback looks up the position of instruction 0; "unknown" everywhere is honest.
        return ((None, None, None, None),)

    def co_lines(self) -> Generator[tuple[int, int, int | None], None, None]:
        yield from ()


class _Frame:
    """Enough of a frame object, built from one ``frames`` entry and its caller."""

    def __init__(self, frameinfo: FrameInfo, back: _Frame | None) -> None:
        name, filename, lineno, localz, globalz = frameinfo
        self.f_code = _Code(name, filename)
        self.f_lineno = lineno
        self.f_globals = dict(globalz or {})
        self.f_locals = dict(localz or {})
        self.f_back = back
        self.f_lasti = 0
        self.f_builtins: dict[str, Any] = {}
        self.f_trace = None


class _TracebackFrame:
    """Enough of a traceback entry, pointing at a :class:`_Frame`."""

    def __init__(self, frame: _Frame) -> None:
        self.tb_frame = frame
        self.tb_lineno = frame.f_lineno
        self.tb_lasti = frame.f_lasti
        self.tb_next: _TracebackFrame | None = None


class _Traceback:
    """A traceback rebuilt from ``frames``, acceptable to :func:`traceback.extract_tb`."""

    def __init__(self, frames: Sequence[FrameInfo]) -> None:
        assert len(frames) > 0, "Must pass some frames"
        back: _Frame | None = None
        tbFrames: list[_TracebackFrame] = []
        for info in frames:
            back = _Frame(info, back)
            tbFrames.append(_TracebackFrame(back))
        for outer, inner in zip(tbFrames, tbFrames[1:], strict=False):
            outer.tb_next = inner
        first = tbFrames[0]
        self.tb_frame = first.tb_frame
        self.tb_lineno = first.tb_lineno
        self.tb_lasti = first.tb_lasti
        self.tb_next = first.tb_next


# -- debug mode -------------------------------------------------------------------------------

_originalInit = Failure.__init__


def _debuginit(
    self: Failure,
    exc_value: object = None,
    exc_type: type | None = None,
    exc_tb: TracebackType | None = None,
    captureVars: bool = False,
    Failure__init__: Callable[..., None] = _originalInit,
) -> None:
    """``Failure.__init__`` in debug mode: post-mortem the exception being wrapped first."""
    if (exc_value, exc_type, exc_tb) == (None, None, None):
        exc = sys.exc_info()
        if exc[0] is not self.__class__ and DO_POST_MORTEM:
            try:
                strrepr = str(exc[1])
            except BaseException:
                strrepr = "broken str"
            print(f"Jumping into debugger for post-mortem of exception '{strrepr}':")
            pdb.post_mortem(exc[2])
    Failure__init__(self, exc_value, exc_type, exc_tb, captureVars)


def startDebugMode() -> None:
    """From now on, every ``Failure()`` built from a live exception starts ``pdb.post_mortem``."""
    Failure.__init__ = _debuginit  # type: ignore[method-assign,assignment]
