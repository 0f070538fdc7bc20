"""reflect, compat, deprecate, components, util, runtime, context, monkey."""

from __future__ import annotations

import sys
import types
import warnings

import pytest
from zope.interface import Interface, implementer

from twistio.python import compat, components, context, deprecate, reflect, runtime, util
from twistio.python.monkey import MonkeyPatcher
from twistio.python.versions import Version


def test_reflect_names() -> None:
    assert reflect.qual(ValueError) == "builtins.ValueError"
    assert reflect.namedAny("twistio.python.reflect.qual") is reflect.qual
    with pytest.raises(reflect.ModuleNotFound):
        reflect.namedAny("nosuchmoduleanywhere")
    with pytest.raises(reflect.ObjectNotFound):
        reflect.namedAny("nosuchmoduleanywhere.attribute")
    with pytest.raises(AttributeError):
        reflect.namedAny("twistio.python.reflect.nosuchthing")
    with pytest.raises(reflect.InvalidName):
        reflect.namedAny("a..b")
    assert reflect.fullyQualifiedName(reflect.safe_repr) == "twisted.python.reflect.safe_repr"


def test_safe_repr_and_str() -> None:
    class Broken:
        def __repr__(self) -> str:
            raise ValueError("no")

    text = reflect.safe_repr(Broken())
    assert text.startswith("<Broken instance at 0x") and "with repr error:" in text
    assert reflect.safe_str(b"abc") == "abc"


def test_prefixed_methods() -> None:
    class A:
        def test_a(self) -> None: ...

    class B(A):
        def test_b(self) -> None: ...

    assert sorted(reflect.prefixedMethodNames(B, "test_")) == ["a", "b"]


def test_compat() -> None:
    assert compat.nativeString(b"abc") == "abc"
    with pytest.raises(UnicodeError):
        compat.nativeString("\N{SNOWMAN}")
    assert compat.networkString("ab") == b"ab"
    assert list(compat.iterbytes(b"ab")) == [b"a", b"b"]
    assert compat.intToBytes(12) == b"12"
    assert bytes(compat.lazyByteSlice(b"abcdef", 1, 2)) == b"bc"
    assert compat.cmp(1, 2) == -1


def test_deprecated_function_and_docstring() -> None:
    def old() -> int:
        """Old."""
        return 1

    wrapped = deprecate.deprecated(Version("Twisted", 8, 0, 0), "new")(old)
    with pytest.warns(DeprecationWarning) as record:
        assert wrapped() == 1
    assert str(record[0].message).endswith(
        "old was deprecated in Twisted 8.0.0; please use new instead"
    )
    assert wrapped.__doc__ == "Old.\n\nDeprecated in Twisted 8.0.0; please use new instead.\n"


def test_deprecated_module_attribute() -> None:
    mod = types.ModuleType("twistio_test_depmod")
    mod.value = 5  # type: ignore[attr-defined]
    sys.modules[mod.__name__] = mod
    try:
        deprecate.deprecatedModuleAttribute(
            Version("Twisted", 1, 2, 3), "gone", mod.__name__, "value"
        )
        proxy = sys.modules[mod.__name__]
        with pytest.warns(DeprecationWarning, match="value was deprecated in Twisted 1.2.3: gone"):
            assert proxy.value == 5  # type: ignore[attr-defined]
    finally:
        del sys.modules[mod.__name__]


class IThing(Interface):
    def name() -> str:  # type: ignore[misc]
        """A name."""


class Plain:
    pass


@implementer(IThing)
class PlainThing(components.Adapter):
    def name(self) -> str:
        return "adapted"


def test_components_adapt() -> None:
    components.registerAdapter(PlainThing, Plain, IThing)
    try:
        assert IThing(Plain()).name() == "adapted"
        with pytest.raises(ValueError):
            components.registerAdapter(PlainThing, Plain, IThing)
        c = components.Componentized()
        c.setComponent(IThing, "x")
        assert c.getComponent(IThing) == "x"
    finally:
        components.globalRegistry.register([components.declarations.implementedBy(Plain)], IThing, "", None)  # type: ignore[attr-defined]


def test_proxy_for_interface() -> None:
    @implementer(IThing)
    class Real:
        def name(self) -> str:
            return "real"

    proxy = components.proxyForInterface(IThing)(Real())
    assert proxy.name() == "real"
    assert IThing.providedBy(proxy)


def test_util_helpers() -> None:
    d = util.InsensitiveDict({"Foo": 1})
    assert d["FOO"] == 1 and d.keys() == ["Foo"]
    assert util.uniquify([1, 2, 1]) == [1, 2]
    assert util.padTo(3, [1]) == [1, None, None]
    assert util.nameToLabel("fooBarBaz") == "Foo Bar Baz"
    it = iter(util.IntervalDifferential([5, 7], 10))
    assert [next(it) for _ in range(4)] == [(5, 0), (2, 1), (3, 0), (4, 1)]

    class R(util.FancyEqMixin, util.FancyStrMixin):
        compareAttributes = showAttributes = ("a",)

        def __init__(self, a: int) -> None:
            self.a = a

    assert R(1) == R(1) and R(1) != R(2)
    assert str(R(1)) == "<R a=1>"


def test_runtime_and_context() -> None:
    assert runtime.platform.isLinux() == sys.platform.startswith("linux")
    assert runtime.Platform("nt").getType() == "win32"
    context.setDefault("twistio-test-key", "default")
    assert context.get("twistio-test-key") == "default"
    assert context.call({"twistio-test-key": "inner"}, context.get, "twistio-test-key") == "inner"


def test_monkey_patcher() -> None:
    class Target:
        x = 1

    patcher = MonkeyPatcher((Target, "x", 2))
    assert patcher.runWithPatches(lambda: Target.x) == 2
    assert Target.x == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with patcher:
            assert Target.x == 2
    assert Target.x == 1
