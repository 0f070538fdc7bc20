"""Element: a renderable object with a template loader and exposed render methods."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from zope.interface import implementer

from twistio.web._template_errors import (
    MissingRenderMethod,
    MissingTemplateLoader,
    UnexposedMethodError,
)
from twistio.web.iweb import IRenderable, ITemplateLoader

__name__ = "twisted.web._element"

_F = TypeVar("_F", bound=Callable[..., Any])

_NO_DEFAULT = object()


class Expose:
    """A decorator that exposes methods under their names for one purpose.

    Each purpose (such as rendering) has its own instance, so a method exposed as a renderer is
    not also reachable as something else.
    """

    def __call__(self, f: _F, *funcObjs: Callable[..., Any]) -> _F:
        """Mark ``f`` (and any ``funcObjs``) as exposed through this object; return ``f``."""
        for fn in (f, *funcObjs):
            exposed: list[Expose] = list(getattr(fn, "exposedThrough", []))
            exposed.append(self)
            fn.exposedThrough = exposed  # type: ignore[attr-defined]
        return f

    def get(self, instance: object, methodName: str, default: object = _NO_DEFAULT) -> Any:
        """Return the method ``methodName`` of ``instance`` if it was exposed through this object.

        Otherwise return ``default``, or raise :class:`UnexposedMethodError` when none is given.
        """
        method = getattr(instance, methodName, None)
        if self not in getattr(method, "exposedThrough", ()):
            if default is _NO_DEFAULT:
                raise UnexposedMethodError(self, methodName)
            return default
        return method


def exposer(thunk: Callable[..., object]) -> Expose:
    """Make a new :class:`Expose` (the decorated function serves only as documentation)."""
    expose = Expose()
    expose.__doc__ = thunk.__doc__
    return expose


#: Decorator marking an :class:`Element` method as a render method, callable from templates as
#: ``t:render="name"`` with ``(request, tag)``.
renderer = Expose()


@implementer(IRenderable)
class Element:
    """A renderable whose content comes from ``loader`` and whose renderers are its methods.

    ``loader`` may be given to the constructor or set as a class attribute.
    """

    loader: ITemplateLoader | None = None

    def __init__(self, loader: ITemplateLoader | None = None) -> None:
        if loader is not None:
            self.loader = loader

    def lookupRenderMethod(self, name: str) -> Callable[[Any, Any], Any]:
        """Return the method decorated with :data:`renderer` called ``name``.

        Raises :class:`MissingRenderMethod` if there is none.
        """
        method = renderer.get(self, name, None)
        if method is None:
            raise MissingRenderMethod(self, name)
        return method  # type: ignore[no-any-return]

    def render(self, request: Any) -> Any:
        """Return the loaded template; :class:`MissingTemplateLoader` if there is no loader."""
        loader = self.loader
        if loader is None:
            raise MissingTemplateLoader(self)
        return loader.load()
