"""twisted.python.components: zope.interface adapters, registered globally.

``registerAdapter(factory, FromClassOrInterface, ToInterface)`` makes ``ToInterface(obj)``
return ``factory(obj)`` for objects of the class (or providing the interface).
:class:`Componentized` objects keep one component per interface.  :func:`proxyForInterface`
makes classes that forward an interface's methods and attributes to a wrapped object.
"""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pprint import pprint
from typing import Any

from zope.interface import declarations, interface
from zope.interface.adapter import AdapterRegistry

from twistio.python import reflect

__name__ = "twisted.python.components"

__all__ = [
    "registerAdapter",
    "getAdapterFactory",
    "Adapter",
    "Componentized",
    "ReprableComponentized",
    "getRegistry",
    "proxyForInterface",
    "CannotAdapt",
    "ALLOW_DUPLICATES",
    "globalRegistry",
]

#: Whether registering a second adapter for the same pair replaces the first (instead of
#: raising ``ValueError``).
ALLOW_DUPLICATES = 0

#: The registry :func:`registerAdapter` fills and interface calls consult.
globalRegistry: Any = AdapterRegistry()

#: What failing adaptation raises.
CannotAdapt = TypeError


def registerAdapter(adapterFactory: Any, origInterface: Any, *interfaceClasses: Any) -> None:
    """Register ``adapterFactory`` to adapt providers of ``origInterface`` (or instances
    of the class ``origInterface``) to each of ``interfaceClasses``.

    :raises ValueError: such an adapter is already registered (unless
        :data:`ALLOW_DUPLICATES`).
    """
    self = globalRegistry
    assert interfaceClasses, "You need to pass an Interface"

    if not isinstance(origInterface, interface.InterfaceClass):
        origInterface = declarations.implementedBy(origInterface)  # type: ignore[no-untyped-call]

    for interfaceClass in interfaceClasses:
        factory = self.registered([origInterface], interfaceClass)
        if factory is not None and not ALLOW_DUPLICATES:
            raise ValueError(f"an adapter ({factory}) was already registered.")
    for interfaceClass in interfaceClasses:
        self.register([origInterface], interfaceClass, "", adapterFactory)


def getAdapterFactory(fromInterface: Any, toInterface: Any, default: Any) -> Any:
    """The adapter factory registered from ``fromInterface`` (an interface or a class) to
    ``toInterface``, or ``default``."""
    self = globalRegistry
    if not isinstance(fromInterface, interface.InterfaceClass):
        fromInterface = declarations.implementedBy(fromInterface)  # type: ignore[no-untyped-call]
    factory = self.lookup1(fromInterface, toInterface)
    if factory is None:
        factory = default
    return factory


def _addHook(registry: Any) -> Callable[[Any, Any], Any]:
    """Make interface calls (``IFoo(obj)``) consult ``registry``; returns the hook."""
    lookup = registry.lookup1

    def _hook(iface: Any, ob: Any) -> Any:
        factory = lookup(declarations.providedBy(ob), iface)
        if factory is None:
            return None
        return factory(ob)

    interface.adapter_hooks.append(_hook)
    return _hook


def _removeHook(hook: Callable[[Any, Any], Any]) -> None:
    """Undo :func:`_addHook`."""
    interface.adapter_hooks.remove(hook)


_addHook(globalRegistry)


def getRegistry() -> Any:
    """The global adapter registry."""
    return globalRegistry


class Adapter:
    """Base class for adapters: keeps the adapted object as ``original``.

    ``temporaryAdapter``: if true, :class:`Componentized` does not cache the adapter.
    ``multiComponent``: if true, a Componentized caches it for every interface it provides.
    """

    temporaryAdapter = 0
    multiComponent = 1

    def __init__(self, original: Any) -> None:
        self.original = original

    def __conform__(self, interface: Any) -> Any:
        # Adapting an adapter adapts what it wraps.
        if hasattr(self.original, "__conform__"):
            return self.original.__conform__(interface)
        return None

    def isuper(self, iface: Any, adapter: Any) -> Any:
        """Forward to the original object."""
        return self.original.isuper(iface, adapter)


class Componentized:
    """An object made of components, one per interface; adapting it to an interface gives
    that interface's component (created through the registered adapter the first time)."""

    persistenceVersion = 1

    def __init__(self) -> None:
        self._adapterCache: dict[str, Any] = {}

    def locateAdapterClass(self, klass: type, interfaceClass: Any, default: Any) -> Any:
        return getAdapterFactory(klass, interfaceClass, default)

    def setAdapter(self, interfaceClass: Any, adapterClass: Callable[[Any], Any]) -> None:
        """Use ``adapterClass(self)`` as the component for ``interfaceClass``."""
        self.setComponent(interfaceClass, adapterClass(self))

    def addAdapter(self, adapterClass: Callable[[Any], Any], ignoreClass: int | bool = 0) -> Any:
        """Add ``adapterClass(self)`` as a component (see :meth:`addComponent`)."""
        adapt = adapterClass(self)
        self.addComponent(adapt, ignoreClass)
        return adapt

    def setComponent(self, interfaceClass: Any, component: Any) -> None:
        """Use ``component`` for ``interfaceClass``."""
        self._adapterCache[reflect.qual(interfaceClass)] = component

    def addComponent(self, component: Any, ignoreClass: int | bool = 0) -> None:
        """Use ``component`` for every interface it provides (with ``ignoreClass`` false,
        only those for which its class is the registered adapter)."""
        for iface in declarations.providedBy(component):
            if ignoreClass or (
                self.locateAdapterClass(self.__class__, iface, None) == component.__class__
            ):
                self._adapterCache[reflect.qual(iface)] = component

    def unsetComponent(self, interfaceClass: Any) -> None:
        """Forget the component for ``interfaceClass``."""
        del self._adapterCache[reflect.qual(interfaceClass)]

    def removeComponent(self, component: Any) -> list[Any]:
        """Forget ``component`` for every interface; returns those interfaces."""
        removed = []
        for k, v in list(self._adapterCache.items()):
            if v is component:
                del self._adapterCache[k]
                removed.append(reflect.namedObject(k))
        return removed

    def getComponent(self, interface: Any, default: Any = None) -> Any:
        """The component for ``interface`` (adapting and caching if needed), or
        ``default``."""
        k = reflect.qual(interface)
        if k in self._adapterCache:
            return self._adapterCache[k]
        adapter = interface.__adapt__(self)
        if adapter is not None and not (
            hasattr(adapter, "temporaryAdapter") and adapter.temporaryAdapter
        ):
            self._adapterCache[k] = adapter
            if hasattr(adapter, "multiComponent") and adapter.multiComponent:
                self.addComponent(adapter)
        if adapter is None:
            return default
        return adapter

    def __conform__(self, interface: Any) -> Any:
        return self.getComponent(interface)


class ReprableComponentized(Componentized):
    """A :class:`Componentized` whose repr lists its components."""

    def __init__(self) -> None:
        Componentized.__init__(self)

    def __repr__(self) -> str:
        sio = StringIO()
        pprint(self._adapterCache, sio)
        return sio.getvalue()


def proxyForInterface(iface: Any, originalAttribute: str = "original") -> type:
    """A class implementing ``iface`` by forwarding its methods and attributes to the
    object stored in the attribute ``originalAttribute`` (set by its constructor)."""

    def __init__(self: Any, original: Any) -> None:
        setattr(self, originalAttribute, original)

    contents: dict[str, Any] = {"__init__": __init__}
    for name in iface:
        contents[name] = _ProxyDescriptor(name, originalAttribute)
    proxy = type(f"(Proxy for {reflect.qual(iface)})", (object,), contents)
    classImplements: Any = declarations.classImplements
    classImplements(proxy, iface)
    return proxy


class _ProxiedClassMethod:
    """An unbound method of a proxy class: calls the method of the instance's original."""

    def __init__(self, methodName: str, originalAttribute: str) -> None:
        self.methodName = self.__name__ = methodName
        self.originalAttribute = originalAttribute

    def __call__(self, oself: Any, *args: Any, **kw: Any) -> Any:
        original = getattr(oself, self.originalAttribute)
        actualMethod = getattr(original, self.methodName)
        return actualMethod(*args, **kw)


class _ProxyDescriptor:
    """Forwards one attribute of a proxy to its original object."""

    def __init__(self, attributeName: str, originalAttribute: str) -> None:
        self.attributeName = attributeName
        self.originalAttribute = originalAttribute

    def __get__(self, oself: Any, type: Any = None) -> Any:
        if oself is None:
            return _ProxiedClassMethod(self.attributeName, self.originalAttribute)
        original = getattr(oself, self.originalAttribute)
        return getattr(original, self.attributeName)

    def __set__(self, oself: Any, value: Any) -> None:
        original = getattr(oself, self.originalAttribute)
        setattr(original, self.attributeName, value)

    def __delete__(self, oself: Any) -> None:
        original = getattr(oself, self.originalAttribute)
        delattr(original, self.attributeName)
