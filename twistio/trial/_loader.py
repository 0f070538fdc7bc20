"""Finding and loading tests by name, module, package, file, class or method (part of
twisted.trial.runner).

Contract of :class:`TestLoader`:

- ``loadByName("a.b.C.test_x")`` imports the longest importable prefix of the name and walks
  attributes for the rest; a path to an existing ``.py`` file or package directory loads that
  file.  Anything that goes wrong becomes an :class:`ErrorHolder` test reporting the error
  under the name given.
- a package yields the modules named ``test_*`` in it (``recurse``: in subpackages too), a
  module the TestCase subclasses defined or imported into it (or its ``testSuite``/
  ``test_suite`` function), a class its ``test*`` methods; everything sorted by
  :func:`name` (or ``loader.sorter``).
"""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import inspect
import os
import pkgutil
import sys
import types
import unittest as pyunit
from collections.abc import Callable, Generator, Iterable
from typing import Any, Literal

from zope.interface import implementer

from twistio.python import failure, reflect
from twistio.python.deprecate import deprecated
from twistio.python.versions import Version
from twistio.trial import itrial
from twistio.trial._asyncrunner import TestSuite, _iterateTests
from twistio.trial.unittest import TestCase

__name__ = "twisted.trial.runner"

_Loadable = Any


def isPackage(module: object) -> bool:
    """Whether ``module`` is a package (a module with ``__path__``)."""
    if not isinstance(module, types.ModuleType):
        return False
    return hasattr(module, "__path__")


def isPackageDirectory(dirname: str) -> str | Literal[False]:
    """Whether ``dirname`` holds an ``__init__`` module (returns its file name, else False)."""
    for ext in ("py", "so", "pyd", "dll"):
        initFile = "__init__." + ext
        if os.path.exists(os.path.join(dirname, initFile)):
            return initFile
    return False


def isTestCase(obj: object) -> bool:
    """Whether ``obj`` is a class of test cases (a ``unittest.TestCase`` subclass)."""
    try:
        return issubclass(obj, pyunit.TestCase)  # type: ignore[arg-type]
    except TypeError:
        return False


@deprecated(Version("Twisted", 26, 10, 0), "os.path.samefile")
def samefile(filename1: str, filename2: str) -> bool:
    """Deprecated: use ``os.path.samefile``."""
    return os.path.samefile(filename1, filename2)


def _importFromFile(fn: str, moduleName: str | None = None) -> types.ModuleType:
    fn = _resolveDirectory(fn)
    if not moduleName:
        moduleName = os.path.splitext(os.path.split(fn)[-1])[0]
    if moduleName in sys.modules:
        return sys.modules[moduleName]
    spec = importlib.util.spec_from_file_location(moduleName, fn)
    if spec is None or spec.loader is None:
        raise SyntaxError(fn)
    module = importlib.util.module_from_spec(spec)
    sys.modules[moduleName] = module
    spec.loader.exec_module(module)
    return module


def _resolveDirectory(fn: str) -> str:
    if os.path.isdir(fn):
        initFile = isPackageDirectory(fn)
        if initFile:
            fn = os.path.join(fn, initFile)
        else:
            raise ValueError(f"{fn!r} is not a package directory")
    return fn


def filenameToModule(fn: str) -> types.ModuleType:
    """The module the file or package directory ``fn`` holds (imported by its dotted name
    when it is on ``sys.path``, else straight from the file)."""
    if not os.path.exists(fn):
        raise ValueError(f"{fn!r} doesn't exist")
    moduleName = reflect.filenameToModuleName(fn)
    try:
        ret = reflect.namedAny(moduleName)
    except (ValueError, AttributeError):
        return _importFromFile(fn, moduleName=moduleName)
    except ImportError:
        return _importFromFile(fn, moduleName=moduleName)
    if getattr(ret, "__file__", None) is None:
        return _importFromFile(fn, moduleName=moduleName)
    retFile = os.path.splitext(ret.__file__)[0] + ".py"
    same = os.path.samefile if os.path.exists(retFile) else (lambda a, b: False)
    if not same(_resolveDirectory(fn), retFile):
        del sys.modules[ret.__name__]
        ret = _importFromFile(fn, moduleName=moduleName)
    return ret  # type: ignore[no-any-return]


def name(thing: _Loadable) -> str:
    """The sort key of a loadable thing: a test's id, else its fully qualified name."""
    if isinstance(thing, pyunit.TestCase) or itrial.ITestCase.providedBy(thing):
        return str(thing.id())
    if isinstance(thing, (types.ModuleType, type)):
        return reflect.qual(thing) if isinstance(thing, type) else thing.__name__
    if hasattr(thing, "name") and isinstance(thing.name, str):
        return thing.name
    return (
        reflect.qual(thing) if isinstance(thing, type) else str(getattr(thing, "__name__", thing))
    )


class _ModuleInfo:
    """A module found on disk (not imported yet); ``name`` is what sorters see."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<module {self.name!r}>"


def _walkModuleNames(paths: list[str], prefix: str, recurse: bool) -> list[str]:
    """Dotted names of the modules (and, with ``recurse``, subpackages' modules) found in
    ``paths`` by looking at the files: a subpackage that fails to import still has its
    modules listed, so that each one's import error is reported."""
    names: list[str] = []
    seen: set[str] = set()
    for path in paths:
        if not os.path.isdir(path):
            # Not a directory (a zip archive, say): ask its importer.
            for info in pkgutil.iter_modules([path]):
                if info.ispkg:
                    if recurse:
                        sub = os.path.join(path, info.name)
                        names.extend(_walkModuleNames([sub], f"{prefix}{info.name}.", recurse))
                elif prefix + info.name not in seen:
                    seen.add(prefix + info.name)
                    names.append(prefix + info.name)
            continue
        try:
            entries = sorted(os.listdir(path))
        except OSError:
            continue
        for entry in entries:
            full = os.path.join(path, entry)
            if os.path.isdir(full):
                if not recurse or not entry.isidentifier():
                    continue
                if not os.path.exists(os.path.join(full, "__init__.py")):
                    continue
                names.extend(_walkModuleNames([full], f"{prefix}{entry}.", recurse))
                continue
            stem, ext = os.path.splitext(entry)
            if ext != ".py" or stem == "__init__" or not stem.isidentifier():
                continue
            if prefix + stem not in seen:
                seen.add(prefix + stem)
                names.append(prefix + stem)
    return names


def _qualNameWalker(qualName: str) -> Generator[tuple[str, list[str]], None, None]:
    """Yield ``(prefix, remainingParts)`` for ``a.b.c``, then ``a.b``, then ``a``."""
    yield (qualName, [])
    qualParts = qualName.split(".")
    for index in range(1, len(qualParts)):
        yield (".".join(qualParts[:-index]), qualParts[-index:])


NOT_IN_TEST = "<not in test>"


@implementer(itrial.ITestCase)
class TestHolder:
    """A placeholder test that passes, reported under ``description``."""

    #: ITestCase's attributes: a placeholder is never skipped and has no failure type.
    failureException: Any = None
    skip: Any = None

    def __init__(self, description: str) -> None:
        self.description = description

    def __call__(self, result: Any) -> Any:
        return self.run(result)

    def id(self) -> str:
        return self.description

    def countTestCases(self) -> int:
        return 0

    def run(self, result: Any) -> None:
        from twistio.trial._asyncrunner import reporterAdapter

        result = reporterAdapter(result)
        result.startTest(self)
        result.addSuccess(self)
        result.stopTest(self)

    def shortDescription(self) -> str:
        return self.description


class ErrorHolder(TestHolder):
    """A placeholder test that reports ``error`` (a Failure or exc_info), e.g. an import
    error while loading tests."""

    def __init__(self, description: str, error: Any) -> None:
        super().__init__(description)
        # Kept as an exc_info tuple whichever form it came in.
        if isinstance(error, failure.Failure):
            error = (error.type, error.value, error.tb)
        self.error = error

    def __repr__(self) -> str:
        return f"<ErrorHolder description={self.description!r} error={self.error[1]!r}>"

    def run(self, result: Any) -> None:
        from twistio.trial._asyncrunner import reporterAdapter

        result = reporterAdapter(result)
        result.startTest(self)
        result.addError(self, self.error)
        result.stopTest(self)


class TestLoader:
    """Finds tests and builds suites of them (see the module docstring)."""

    methodPrefix = "test"
    modulePrefix = "test_"

    def __init__(self) -> None:
        self.suiteFactory: Callable[..., Any] = TestSuite
        self.sorter: Callable[[Any], Any] = name
        self._importErrors: list[Any] = []

    def sort(self, xs: Iterable[Any]) -> list[Any]:
        """``xs`` sorted by ``self.sorter``."""
        return sorted(xs, key=self.sorter)

    def findTestClasses(self, module: types.ModuleType) -> list[type]:
        """The test case classes in ``module``, sorted."""
        classes = []
        for _name, val in inspect.getmembers(module):
            if isTestCase(val):
                classes.append(val)
        return self.sort(classes)

    def findByName(self, _name: str, recurse: bool = False) -> Any:
        """The object (module, class, method...) ``_name`` names, as a test or suite."""
        if os.sep in _name or _name.endswith(".py") or os.path.isdir(_name):
            if os.path.exists(_name) or _name.endswith(".py"):
                return self.loadFile(_name, recurse=recurse)
        qualName = _name
        for prefix, rest in _qualNameWalker(qualName):
            try:
                obj = reflect.namedModule(prefix)
            except ImportError as e:
                # Only "this module does not exist" lets us try a shorter name; an import
                # error inside an existing module is the user's, so it propagates.
                missing = getattr(e, "name", None)
                if missing is not None and (prefix == missing or prefix.startswith(missing + ".")):
                    continue
                raise
            parent = None
            for part in rest:
                parent, obj = obj, getattr(obj, part)
            return self.loadAnything(obj, parent=parent, qualName=rest, recurse=recurse)
        if "." in _name:
            # As trial: a dotted name none of whose prefixes imports names no object.
            raise reflect.ObjectNotFound(f"{_name!r} does not name an object")
        raise reflect.ModuleNotFound(f"No module named {_name!r}")

    def loadFile(self, fileName: str, recurse: bool = False) -> Any:
        """The tests in the Python file or package directory ``fileName``."""
        if not os.path.isfile(fileName) and not os.path.isdir(fileName):
            raise ValueError(f"File {fileName!r} doesn't exist")
        return self.loadAnything(filenameToModule(fileName), recurse=recurse)

    def loadPackage(self, package: types.ModuleType, recurse: bool = False) -> Any:
        """The tests of the ``test_*`` modules in ``package`` (and subpackages, with
        ``recurse``); a module that fails to import becomes an ErrorHolder."""
        if not isPackage(package):
            raise TypeError(f"{package!r} is not a package")
        discovered = [
            _ModuleInfo(moduleName)
            for moduleName in _walkModuleNames(
                list(getattr(package, "__path__", [])), package.__name__ + ".", recurse
            )
            if moduleName.rsplit(".", 1)[-1].startswith(self.modulePrefix)
        ]
        suite = self.suiteFactory()
        for info in self.sort(discovered):
            moduleName = info.name
            try:
                module = importlib.import_module(moduleName)
            except BaseException:
                suite.addTest(ErrorHolder(moduleName, failure.Failure()))
            else:
                suite.addTest(self.loadModule(module))
        return suite

    def loadModule(self, module: types.ModuleType) -> Any:
        """The tests in ``module`` (its ``testSuite``/``test_suite`` if defined)."""
        if not isinstance(module, types.ModuleType):
            raise TypeError(f"{module!r} is not a module")
        for customName in ("testSuite", "test_suite"):
            if hasattr(module, customName):
                return getattr(module, customName)()
        tests = [self.loadClass(klass) for klass in self.findTestClasses(module)]
        if hasattr(module, "__doctests__"):
            tests.extend(self.loadDoctests(module.__doctests__))
        return self.suiteFactory(tests)

    loadTestsFromModule = loadModule

    def loadClass(self, klass: type) -> Any:
        """A suite of one test case per ``test*`` method of ``klass``."""
        if not isinstance(klass, type):
            raise TypeError(f"{klass!r} is not a class")
        if not isTestCase(klass):
            raise ValueError(f"{klass!r} is not a test case")
        names = self.getTestCaseNames(klass)
        tests = self.sort([self._makeCase(klass, self.methodPrefix + n) for n in names])
        return self.suiteFactory(tests)

    loadTestsFromTestCase = loadClass

    def getTestCaseNames(self, klass: type) -> list[str]:
        """The names (without the prefix) of ``klass``'s test methods."""
        return reflect.prefixedMethodNames(klass, self.methodPrefix)

    def _makeCase(self, klass: type, methodName: str) -> Any:
        return klass(methodName)

    def loadMethod(self, method: Any) -> Any:
        """The test case for the (bound or unbound) test method ``method``."""
        if not isinstance(method, types.MethodType):
            raise TypeError(f"{method!r} not a method")
        return self._makeCase(method.__self__.__class__, method.__name__)

    def loadDoctests(self, module: Any) -> Any:
        """A suite of the doctests in ``module`` (a module or a dotted name)."""
        from twistio.trial._asyncrunner import decorate

        if isinstance(module, str):
            try:
                module = reflect.namedAny(module)
            except BaseException:
                return ErrorHolder(module, failure.Failure())
        if not inspect.ismodule(module):
            import warnings

            warnings.warn("trial only supports doctesting modules", stacklevel=2)
            return None
        return decorate(doctest.DocTestSuite(module), itrial.ITestCase)

    def loadAnything(
        self, obj: Any, recurse: bool = False, parent: Any = None, qualName: Any = None
    ) -> Any:
        """Load ``obj``: a package, module, test class, test method or test case."""
        if isinstance(obj, types.ModuleType):
            if isPackage(obj):
                return self.loadPackage(obj, recurse=recurse)
            return self.loadTestsFromModule(obj)
        if isinstance(obj, type) and isTestCase(obj):
            return self.loadTestsFromTestCase(obj)
        if isinstance(obj, types.FunctionType) and isinstance(parent, type) and isTestCase(parent):
            # A method reached through its class (a.b.C.test_x; maybe inherited).
            return self._makeCase(parent, qualName[-1] if qualName else obj.__name__)
        if isinstance(obj, types.MethodType):
            return self.loadMethod(obj)
        if isinstance(obj, pyunit.TestCase) or isinstance(obj, pyunit.TestSuite):
            return obj
        raise TypeError(f"don't know how to make test from: {obj!r}")

    def loadByName(self, _name: str, recurse: bool = False) -> Any:
        """The tests ``_name`` names, in a suite (or an ErrorHolder when it cannot be
        loaded)."""
        try:
            return self.suiteFactory([self.findByName(_name, recurse=recurse)])
        except BaseException:
            return self.suiteFactory([ErrorHolder(_name, failure.Failure())])

    loadTestsFromName = loadByName

    def loadByNames(self, _names: list[str], recurse: bool = False) -> Any:
        """The tests of each name, in order."""
        # As trial: a name given twice is loaded once, but tests that two different names
        # both reach run twice; a name that cannot be loaded errs in its place.
        things = []
        seen = set()
        for n in _names:
            if n in seen:
                continue
            seen.add(n)
            try:
                things.append(self.findByName(n, recurse=recurse))
            except BaseException:
                things.append(ErrorHolder(n, failure.Failure()))
        return self.suiteFactory(things)

    def _uniqueTests(self, things: Iterable[Any]) -> list[Any]:
        seen = set()
        unique = []
        for testthing in things:
            testthing = list(_iterateTests(testthing))
            for test in testthing:
                if test.id() not in seen:
                    seen.add(test.id())
                    unique.append(test)
        return unique


__all__ = [
    "TestLoader",
    "ErrorHolder",
    "TestHolder",
    "filenameToModule",
    "isPackage",
    "isPackageDirectory",
    "isTestCase",
    "name",
    "samefile",
    "NOT_IN_TEST",
    "TestCase",
]
