"""Services: named, startable, stoppable things arranged in a tree under an application.

A :class:`Service` starts and stops with its parent :class:`MultiService`; the root of the
tree is the :class:`IServiceCollection` component of an :func:`Application`, which twistd
starts once the reactor runs and stops (waiting for the Deferreds ``stopService`` returns)
before the reactor exits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from zope.interface import Attribute, Interface, implementer

from twistio.internet import defer
from twistio.persisted import sob
from twistio.plugin import IPlugin, _resolve
from twistio.python import components
from twistio.python.reflect import namedAny as namedAny

__name__ = "twisted.application.service"

__all__ = [
    "IServiceMaker",
    "IService",
    "Service",
    "IServiceCollection",
    "MultiService",
    "IProcess",
    "Process",
    "Application",
    "loadApplication",
]


class IServiceMaker(Interface):
    """A plugin that makes a service for twistd from command-line options."""

    tapname = Attribute("The twistd subcommand that selects this plugin.")
    description = Attribute("A one-line description shown by twistd --help.")
    options = Attribute("A usage.Options subclass parsing the subcommand's arguments.")

    def makeService(options: Any) -> IService:  # type: ignore[misc]
        """Make the service for parsed ``options``."""


@implementer(IServiceMaker, IPlugin)
class ServiceMaker:
    """An :class:`IServiceMaker` whose ``Options`` and ``makeService`` live in ``module``,
    imported only when twistd needs them."""

    def __init__(self, name: str, module: str, description: str, tapname: str) -> None:
        self.name = name
        self.module = module
        self.description = description
        self.tapname = tapname

    @property
    def options(self) -> Any:
        return _resolve(self.module).Options

    @property
    def makeService(self) -> Any:
        return _resolve(self.module).makeService


class IService(Interface):
    """A service: something started and stopped with the application."""

    name = Attribute("The service's name (unique among its parent's children), or None.")
    running = Attribute("Whether the service is running.")
    parent = Attribute("The IServiceCollection holding this service, or None.")

    def setName(name: str) -> None:  # type: ignore[misc]
        """Name the service; RuntimeError if it already has a parent."""

    def setServiceParent(parent: Any) -> None:  # type: ignore[misc]
        """Add the service to ``parent`` (leaving any previous parent)."""

    def disownServiceParent() -> Any:  # type: ignore[misc]
        """Leave the parent; returns what its removeService returned."""

    def privilegedStartService() -> None:  # type: ignore[misc]
        """Do what must be done while privileged (bind low ports) before startService."""

    def startService() -> None:  # type: ignore[misc]
        """Start the service."""

    def stopService() -> Any:  # type: ignore[misc]
        """Stop the service; may return a Deferred that fires once it has stopped."""


@implementer(IService)
class Service:
    """A base :class:`IService`: keeps ``name``, ``parent`` and ``running``."""

    running: int | bool = 0
    name: str | None = None
    parent: Any = None

    def __getstate__(self) -> dict[str, Any]:
        # A copied or unpickled service has not been started.
        state = self.__dict__.copy()
        state.pop("running", None)
        return state

    def setName(self, name: str) -> None:
        if self.parent is not None:
            raise RuntimeError("cannot change name when parent exists")
        self.name = name

    def setServiceParent(self, parent: Any) -> None:
        if self.parent is not None:
            self.disownServiceParent()
        parent = IServiceCollection(parent, parent)
        self.parent = parent
        self.parent.addService(self)

    def disownServiceParent(self) -> Any:
        d = self.parent.removeService(self)
        self.parent = None
        return d

    def privilegedStartService(self) -> None:
        pass

    def startService(self) -> None:
        self.running = 1

    def stopService(self) -> Any:
        self.running = 0
        return None


class IServiceCollection(Interface):
    """A service holding other services."""

    def getServiceNamed(name: str) -> IService:  # type: ignore[misc]
        """The child named ``name``; KeyError if there is none."""

    def __iter__() -> Iterator[IService]:  # type: ignore[misc]
        """The children, in the order they were added."""

    def addService(service: IService) -> None:  # type: ignore[misc]
        """Add a child (starting it if the collection runs); RuntimeError on a duplicate name."""

    def removeService(service: IService) -> Any:  # type: ignore[misc]
        """Remove a child (stopping it if the collection runs)."""


@implementer(IServiceCollection)
class MultiService(Service):
    """A service that starts its children in order and stops them in reverse order."""

    def __init__(self) -> None:
        self.services: list[Any] = []
        self.namedServices: dict[str, Any] = {}
        self.parent = None

    def privilegedStartService(self) -> None:
        Service.privilegedStartService(self)
        for service in self:
            service.privilegedStartService()

    def startService(self) -> None:
        Service.startService(self)
        for service in self:
            service.startService()

    def stopService(self) -> defer.Deferred[Any]:
        Service.stopService(self)
        stopping = [defer.maybeDeferred(service.stopService) for service in reversed(list(self))]
        return defer.DeferredList(stopping)  # type: ignore[return-value]

    def getServiceNamed(self, name: str) -> Any:
        return self.namedServices[name]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.services)

    def addService(self, service: Any) -> None:
        if service.name is not None:
            if service.name in self.namedServices:
                raise RuntimeError(f"cannot have two services with same name '{service.name}'")
            self.namedServices[service.name] = service
        self.services.append(service)
        if self.running:
            # The child joins late: it gets both start calls now.
            service.privilegedStartService()
            service.startService()

    def removeService(self, service: Any) -> Any:
        if service.name:
            del self.namedServices[service.name]
        self.services.remove(service)
        if self.running:
            return service.stopService()
        return None


class IProcess(Interface):
    """Process-wide settings of an application."""

    processName = Attribute("The process name (argv[0]) to show, or None.")
    uid = Attribute("The user id to run as, or None.")
    gid = Attribute("The group id to run as, or None.")


@implementer(IProcess)
class Process:
    """An :class:`IProcess` holding ``uid``, ``gid`` and ``processName``."""

    processName: str | None = None

    def __init__(self, uid: int | None = None, gid: int | None = None) -> None:
        self.uid = uid
        self.gid = gid


def Application(
    name: str, uid: int | None = None, gid: int | None = None
) -> components.Componentized:
    """A new application: a Componentized with a :class:`MultiService` named ``name`` (as
    IService and IServiceCollection), a :class:`Process` (IProcess) and a
    :class:`~twisted.persisted.sob.Persistent` (IPersistable)."""
    application = components.Componentized()
    for component in (MultiService(), Process(uid, gid), sob.Persistent(application, name)):
        application.addComponent(component, ignoreClass=1)
    IService(application).setName(name)
    return application


def loadApplication(filename: str, kind: str, passphrase: str | None = None) -> Any:
    """Load the application saved in ``filename``: ``kind`` is "python" (a .tac file defining
    ``application``), "source" or "pickle" (files written by IPersistable.save)."""
    if kind == "python":
        application = sob.loadValueFromFile(filename, "application")
    else:
        application = sob.load(filename, kind)
    return application
