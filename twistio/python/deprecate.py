"""twisted.python.deprecate: marking functions, classes, properties, module attributes and
keyword parameters as deprecated, so that using them emits a ``DeprecationWarning``.

Versions are ``twisted.python.versions.Version`` or ``incremental.Version`` objects
(anything with ``package`` and ``public()``/``short()``).
"""

from __future__ import annotations

import inspect
import sys
import textwrap
from collections.abc import Callable
from dis import findlinestarts
from functools import wraps
from types import ModuleType
from typing import Any, TypeVar
from warnings import warn, warn_explicit

from twistio.python.reflect import fullyQualifiedName as _reflectFullyQualifiedName

__name__ = "twisted.python.deprecate"

__all__ = [
    "deprecated",
    "deprecatedProperty",
    "getDeprecationWarningString",
    "getWarningMethod",
    "setWarningMethod",
    "deprecatedModuleAttribute",
    "deprecatedKeywordParameter",
    "warnAboutFunction",
    "DEPRECATION_WARNING_FORMAT",
]

_T = TypeVar("_T")
_F = TypeVar("_F", bound=Callable[..., Any])

#: The text of deprecation warnings: ``fqpn`` and ``version`` are filled in.
DEPRECATION_WARNING_FORMAT = "%(fqpn)s was deprecated in %(version)s"


def _fullyQualifiedName(obj: object) -> str:
    """The dotted name of a function, method, class or module (as in warnings)."""
    return _reflectFullyQualifiedName(obj)


def getVersionString(version: Any) -> str:
    """``"<package> <version>"``, e.g. ``"Twisted 8.0.0"``."""
    text = version.public() if hasattr(version, "public") else version.short()
    return f"{version.package} {text}"


def _getReplacementString(replacement: Any) -> str:
    """``"please use <replacement> instead"`` (callables by their qualified name)."""
    if isinstance(replacement, str):
        return f"please use {replacement} instead"
    return f"please use {_fullyQualifiedName(replacement)} instead"


def _getDeprecationDocstring(version: Any, replacement: Any = None) -> str:
    """The sentence appended to a deprecated object's docstring."""
    doc = f"Deprecated in {getVersionString(version)}"
    if replacement:
        doc = f"{doc}; {_getReplacementString(replacement)}"
    return doc + "."


def _getDeprecationWarningString(
    fqpn: str, version: Any, format: str | None = None, replacement: Any = None
) -> str:
    """The warning text for the object named ``fqpn``."""
    if format is None:
        format = DEPRECATION_WARNING_FORMAT
    warningString = format % {"fqpn": fqpn, "version": getVersionString(version)}
    if replacement:
        warningString = f"{warningString}; {_getReplacementString(replacement)}"
    return warningString


def getDeprecationWarningString(
    callableThing: Callable[..., Any], version: Any, format: str | None = None, replacement: Any = None
) -> str:
    """The warning text for using ``callableThing``, deprecated in ``version``."""
    return _getDeprecationWarningString(
        _fullyQualifiedName(callableThing), version, format, replacement
    )


def _appendToDocstring(thingWithDoc: Any, textToAppend: str) -> None:
    """Append ``textToAppend`` as a new paragraph of ``thingWithDoc``'s docstring (which is
    dedented), ending the docstring with a newline."""
    if thingWithDoc.__doc__:
        docstringLines = textwrap.dedent(thingWithDoc.__doc__).splitlines()
    else:
        docstringLines = []
    if len(docstringLines) == 0:
        docstringLines.append(textToAppend)
    else:
        docstringLines.extend(["", textToAppend, ""])
    thingWithDoc.__doc__ = "\n".join(docstringLines)


def getWarningMethod() -> Callable[..., Any]:
    """The function used to emit deprecation warnings (``warnings.warn`` by default)."""
    return warn


def setWarningMethod(newMethod: Callable[..., Any]) -> None:
    """Use ``newMethod`` instead of ``warnings.warn`` to emit deprecation warnings."""
    global warn
    warn = newMethod


def deprecated(version: Any, replacement: Any = None) -> Callable[[_F], _F]:
    """A decorator marking a function, method or class as deprecated since ``version``.

    Calling it (instantiating, for a class) warns; its docstring says it is deprecated and
    ``deprecatedVersion`` is set.  ``replacement`` (a name or an object) is suggested.
    """

    def deprecationDecorator(function: _F) -> _F:
        warningString = getDeprecationWarningString(function, version, None, replacement)

        @wraps(function)
        def deprecatedFunction(*args: Any, **kwargs: Any) -> Any:
            warn(warningString, DeprecationWarning, stacklevel=2)
            return function(*args, **kwargs)

        _appendToDocstring(deprecatedFunction, _getDeprecationDocstring(version, replacement))
        deprecatedFunction.deprecatedVersion = version  # type: ignore[attr-defined]
        return deprecatedFunction  # type: ignore[return-value]

    return deprecationDecorator


class _DeprecatedProperty(property):
    # A property whose getter and setter warn.  (No class docstring: a property
    # subclass's docstring would hide the getter's.)

    warningString = ""
    deprecatedVersion: Any = None

    def _deprecatedWrapper(self, function: Callable[..., _T]) -> Callable[..., _T]:
        warningString = self.warningString

        @wraps(function)
        def deprecatedFunction(*args: Any, **kwargs: Any) -> _T:
            warn(warningString, DeprecationWarning, stacklevel=2)
            return function(*args, **kwargs)

        return deprecatedFunction

    def setter(self, function: Callable[..., Any]) -> _DeprecatedProperty:  # type: ignore[override]
        result = type(self)(self.fget, self._deprecatedWrapper(function), self.fdel, self.__doc__)
        result.__doc__ = self.__doc__
        result.warningString = self.warningString
        result.deprecatedVersion = self.deprecatedVersion
        return result


def deprecatedProperty(version: Any, replacement: Any = None) -> Callable[[Callable[..., Any]], property]:
    """Like :func:`deprecated`, for a property getter (and its ``.setter``)."""

    def deprecationDecorator(function: Callable[..., Any]) -> property:
        warningString = getDeprecationWarningString(function, version, None, replacement)

        @wraps(function)
        def deprecatedFunction(*args: Any, **kwargs: Any) -> Any:
            warn(warningString, DeprecationWarning, stacklevel=2)
            return function(*args, **kwargs)

        _appendToDocstring(deprecatedFunction, _getDeprecationDocstring(version, replacement))
        result = _DeprecatedProperty(deprecatedFunction)
        # A property subclass does not reliably take the getter's docstring; set it.
        result.__doc__ = deprecatedFunction.__doc__
        result.warningString = warningString
        result.deprecatedVersion = version
        return result

    return deprecationDecorator


class _ModuleProxy:
    """Stands in ``sys.modules`` for a module with deprecated attributes, warning when
    one of them is read."""

    def __init__(self, module: ModuleType) -> None:
        object.__setattr__(self, "_module", module)
        object.__setattr__(self, "_deprecatedAttributes", {})
        object.__setattr__(self, "_lastWasPath", False)

    def __repr__(self) -> str:
        _module = object.__getattribute__(self, "_module")
        return f"<{type(self).__name__} module={_module!r}>"

    def __setattr__(self, name: str, value: object) -> None:
        _module = object.__getattribute__(self, "_module")
        setattr(_module, name, value)

    def __getattribute__(self, name: str) -> Any:
        _module = object.__getattribute__(self, "_module")
        _deprecatedAttributes = object.__getattribute__(self, "_deprecatedAttributes")
        # "from package import name" makes the import system read __path__, then probe
        # the name with hasattr(), then read it for real: only the real read warns.
        lastWasPath = object.__getattribute__(self, "_lastWasPath")
        # (A plain module has no __path__: there the read after the probe is the real one.)
        object.__setattr__(
            self, "_lastWasPath", name == "__path__" and hasattr(_module, "__path__")
        )
        getter = _deprecatedAttributes.get(name)
        if getter is not None:
            if lastWasPath:
                return getattr(_module, name)
            return getter.get()
        return getattr(_module, name)


class _DeprecatedAttribute:
    """One deprecated module attribute: reading it (through :meth:`get`) warns."""

    def __init__(self, module: Any, name: str, version: Any, message: str) -> None:
        self.module = module
        self.__name__ = name
        self.fqpn = module.__name__ + "." + name
        self.version = version
        self.message = message

    def get(self) -> Any:
        """The attribute's value, after warning."""
        result = getattr(self.module, self.__name__)
        message = _getDeprecationWarningString(
            self.fqpn, self.version, DEPRECATION_WARNING_FORMAT + ": " + self.message
        )
        warn(message, DeprecationWarning, stacklevel=3)
        return result


def _deprecateAttribute(proxy: _ModuleProxy, name: str, version: Any, message: str) -> None:
    _module = object.__getattribute__(proxy, "_module")
    attr = _DeprecatedAttribute(_module, name, version, message)
    _deprecatedAttributes = object.__getattribute__(proxy, "_deprecatedAttributes")
    _deprecatedAttributes[name] = attr


def _moduleKeys(moduleName: str) -> list[str]:
    """The ``sys.modules`` keys a module is known under (a twistio module is also known
    by its Twisted name when the alias is on)."""
    keys = [moduleName]
    if moduleName.startswith("twisted.") or moduleName == "twisted":
        keys.append("twistio" + moduleName[len("twisted") :])
    return [k for k in keys if k in sys.modules]


def deprecatedModuleAttribute(version: Any, message: str, moduleName: str, name: str) -> None:
    """Make reading ``moduleName.name`` warn that it is deprecated since ``version``, with
    ``message`` appended."""
    keys = _moduleKeys(moduleName) or [moduleName]
    module: Any = sys.modules[keys[0]]
    if not isinstance(module, _ModuleProxy):
        module = _ModuleProxy(module)
    for key in keys:
        sys.modules[key] = module
    _deprecateAttribute(module, name, version, message)


def warnAboutFunction(offender: Callable[..., Any], warningString: str) -> None:
    """Warn with ``warningString``, attributed to the last line of ``offender``'s code
    (so that warning filters on that module apply)."""
    offenderModule = sys.modules[offender.__module__]
    code = offender.__code__  # type: ignore[attr-defined]
    lines = [lineno for _, lineno in findlinestarts(code) if lineno is not None]
    lineno = max(lines) if lines else code.co_firstlineno
    warn_explicit(
        warningString,
        category=DeprecationWarning,
        filename=inspect.getabsfile(offender),
        lineno=lineno,
        module=offenderModule.__name__,
        registry=offender.__globals__.setdefault("__warningregistry__", {}),  # type: ignore[attr-defined]
        module_globals=None,
    )




def _passedSignature(signature: inspect.Signature, positional: tuple[Any, ...], keyword: dict[str, Any]) -> dict[str, Any]:
    """Which parameter each of ``positional`` and ``keyword`` binds to, in a call to a
    function of ``signature``: ``{name: value}``, with ``*args`` as a tuple and
    ``**kwargs`` as a dict.

    :raises TypeError: the arguments do not fit the signature.
    """
    result: dict[str, Any] = {}
    kwargs = None
    numPositional = 0
    for n, (name, param) in enumerate(signature.parameters.items()):
        if param.kind == inspect.Parameter.VAR_POSITIONAL:
            result[name] = positional[n:]
            numPositional = len(result[name]) + 1
        elif param.kind == inspect.Parameter.VAR_KEYWORD:
            kwargs = result[name] = {}
        elif param.kind in (
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            inspect.Parameter.POSITIONAL_ONLY,
        ):
            if n < len(positional):
                result[name] = positional[n]
                numPositional += 1
        elif param.kind == inspect.Parameter.KEYWORD_ONLY:
            if name not in keyword:
                if param.default == inspect.Parameter.empty:
                    raise TypeError(f"missing keyword arg {name}")
                else:
                    result[name] = param.default
        else:
            raise TypeError(f"'{name}' parameter is invalid kind: {param.kind}")

    if len(positional) > numPositional:
        raise TypeError("Too many arguments.")
    for name, value in keyword.items():
        if name in signature.parameters.keys():
            if name in result:
                raise TypeError("Already passed.")
            result[name] = value
        elif kwargs is not None:
            kwargs[name] = value
        else:
            raise TypeError("no such param")
    return result


def _mutuallyExclusiveArguments(argumentPairs: list[tuple[str, str]]) -> Callable[[_F], _F]:
    """A decorator making a function raise ``TypeError`` when both arguments of any pair
    in ``argumentPairs`` are passed."""

    def wrapper(wrappee: _F) -> _F:
        spec = inspect.signature(wrappee)

        @wraps(wrappee)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            arguments = _passedSignature(spec, args, kwargs)
            for this, that in argumentPairs:
                if this in arguments and that in arguments:
                    raise TypeError(
                        f"The {this!r} and {that!r} arguments to {wrappee.__name__} "
                        "are mutually exclusive."
                    )
            return wrappee(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return wrapper


def deprecatedKeywordParameter(version: Any, name: str, replacement: str | None = None) -> Callable[[_F], _F]:
    """A decorator making calls that pass the parameter ``name`` warn that it is
    deprecated since ``version`` (suggesting ``replacement``)."""

    def wrapper(wrappee: _F) -> _F:
        warningString = _getDeprecationWarningString(
            f"The {name!r} parameter to {_fullyQualifiedName(wrappee)}",
            version,
            replacement=replacement,
        )

        doc = f"The {name!r} parameter was deprecated in {getVersionString(version)}"
        if replacement:
            doc = doc + "; " + _getReplacementString(replacement)
        doc += "."

        params = inspect.signature(wrappee).parameters
        if name in params and params[name].kind == inspect.Parameter.POSITIONAL_OR_KEYWORD:
            parameterIndex = list(params).index(name)

            def checkDeprecatedParameter(*args: Any, **kwargs: Any) -> Any:
                if len(args) > parameterIndex or name in kwargs:
                    warn(warningString, DeprecationWarning, stacklevel=2)
                return wrappee(*args, **kwargs)

        else:

            def checkDeprecatedParameter(*args: Any, **kwargs: Any) -> Any:
                if name in kwargs:
                    warn(warningString, DeprecationWarning, stacklevel=2)
                return wrappee(*args, **kwargs)

        decorated = wraps(wrappee)(checkDeprecatedParameter)
        _appendToDocstring(decorated, doc)
        return decorated  # type: ignore[return-value]

    return wrapper
