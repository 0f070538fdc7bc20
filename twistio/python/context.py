"""twisted.python.context: dynamic scope ("context") for values seen by everything a call
makes, without passing them explicitly.

``call({key: value}, f, *args)`` runs ``f`` with ``get(key)`` returning ``value`` inside it
(and inside everything it calls), restoring the previous value afterwards.  Contexts are kept
in a :class:`contextvars.ContextVar`, so they are per thread and per asyncio task.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any, TypeVar

__name__ = "twisted.python.context"

__all__ = [
    "ContextTracker",
    "ThreadedContextTracker",
    "call",
    "get",
    "setDefault",
    "installContextTracker",
    "defaultContextDict",
    "theContextTracker",
]

_T = TypeVar("_T")

#: Values ``get`` returns when no enclosing ``call`` set them.
defaultContextDict: dict[Any, Any] = {}

setDefault = defaultContextDict.__setitem__


class ContextTracker:
    """Keeps a stack of context dictionaries; each ``callWithContext`` pushes one that
    extends the one below it."""

    def __init__(self) -> None:
        self.contexts: list[dict[Any, Any]] = [defaultContextDict]

    def callWithContext(
        self, newContext: dict[Any, Any], func: Callable[..., _T], *args: Any, **kw: Any
    ) -> _T:
        """Call ``func(*args, **kw)`` with ``newContext``'s keys set."""
        contexts = self.contexts
        combined = contexts[-1].copy()
        combined.update(newContext)
        contexts.append(combined)
        try:
            return func(*args, **kw)
        finally:
            contexts.pop()

    def getContext(self, key: Any, default: Any = None) -> Any:
        """The innermost value set for ``key``, or ``default``."""
        return self.contexts[-1].get(key, default)


_stack: contextvars.ContextVar[tuple[dict[Any, Any], ...]] = contextvars.ContextVar(
    "twisted.python.context"
)


class ThreadedContextTracker:
    """A :class:`ContextTracker` per thread (and per asyncio task)."""

    def callWithContext(
        self, ctx: dict[Any, Any], func: Callable[..., _T], *args: Any, **kw: Any
    ) -> _T:
        stack = _stack.get(())
        top = stack[-1] if stack else defaultContextDict
        combined = top.copy()
        combined.update(ctx)
        token = _stack.set(stack + (combined,))
        try:
            return func(*args, **kw)
        finally:
            _stack.reset(token)

    def getContext(self, key: Any, default: Any = None) -> Any:
        stack = _stack.get(())
        top = stack[-1] if stack else defaultContextDict
        return top.get(key, default)


def installContextTracker(ctr: Any) -> None:
    """Use ``ctr`` (a ContextTracker-like object) for :func:`call` and :func:`get`."""
    global theContextTracker, call, get
    theContextTracker = ctr
    call = theContextTracker.callWithContext
    get = theContextTracker.getContext


theContextTracker: Any = ThreadedContextTracker()
call: Callable[..., Any] = theContextTracker.callWithContext
get: Callable[..., Any] = theContextTracker.getContext
