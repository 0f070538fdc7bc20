"""Reactor plugins: the names ``--reactor`` accepts and how each is installed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from zope.interface import Attribute, Interface, implementer

from twistio.internet.interfaces import IReactorCore
from twistio.plugin import IPlugin, _resolve, getPlugins

__name__ = "twisted.application.reactors"

__all__ = ["IReactorInstaller", "NoSuchReactor", "Reactor", "getReactorTypes", "installReactor"]


class IReactorInstaller(Interface):
    """A plugin that installs one kind of reactor."""

    shortName = Attribute("The name given to --reactor.")
    description = Attribute("A one-line description.")

    def install() -> None:  # type: ignore[misc]
        """Install the reactor (ImportError or similar where it cannot work)."""


class NoSuchReactor(KeyError):
    """No reactor plugin has the requested short name."""


@implementer(IPlugin, IReactorInstaller)
class Reactor:
    """A reactor plugin installed by calling ``install()`` of the module ``moduleName``."""

    def __init__(self, shortName: str, moduleName: str, description: str) -> None:
        self.shortName = shortName
        self.moduleName = moduleName
        self.description = description

    def install(self) -> None:
        _resolve(self.moduleName).install()


def getReactorTypes() -> Iterable[IReactorInstaller]:
    """Every reactor plugin."""
    return cast(Iterable[IReactorInstaller], getPlugins(IReactorInstaller))


def installReactor(shortName: str) -> IReactorCore:
    """Install the reactor plugin named ``shortName`` and return the installed reactor
    (:class:`NoSuchReactor` if there is none by that name)."""
    for installer in getReactorTypes():
        if installer.shortName == shortName:
            installer.install()
            from twistio import internet

            return cast(IReactorCore, cast(Any, internet).reactor)
    raise NoSuchReactor(shortName)
