"""System event triggers: the three phases (before, during, after) of a named event."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from twistio.python import log

__name__ = "twisted.internet.base"

_Trigger = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]


class _ThreePhaseEvent:
    """Triggers for one event type, each fired once, phase by phase.

    ``before`` triggers run first; if any returns a Deferred, the ``during`` and ``after``
    triggers wait until all those Deferreds have fired.  Exceptions raised by triggers are
    logged and do not stop the others.  Fired triggers are consumed.
    """

    def __init__(self) -> None:
        self.before: list[_Trigger] = []
        self.during: list[_Trigger] = []
        self.after: list[_Trigger] = []
        self.state = "BASE"
        self.finishedBefore: list[_Trigger] = []

    def addTrigger(
        self, phase: str, callable: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> tuple[str, Callable[..., Any], tuple[Any, ...], dict[str, Any]]:
        if phase not in ("before", "during", "after"):
            raise KeyError("invalid phase")
        getattr(self, phase).append((callable, args, kwargs))
        return phase, callable, args, kwargs

    def removeTrigger(self, handle: Any) -> None:
        try:
            phase, callable, args, kwargs = handle
        except (TypeError, ValueError):
            raise ValueError("invalid trigger handle") from None
        if phase not in ("before", "during", "after"):
            raise KeyError("invalid phase")
        trigger = (callable, args, kwargs)
        if self.state == "BEFORE" and phase == "before" and trigger not in self.before:
            # Removing a "before" trigger that already ran, while the phase is running.
            self.finishedBefore.remove(trigger)
            warnings.warn(
                "Removing already-fired system event triggers will raise an "
                "exception in a future version of Twisted.",
                category=DeprecationWarning,
                stacklevel=2,
            )
            return
        getattr(self, phase).remove(trigger)

    def fireEvent(self) -> None:
        from twistio.internet.defer import Deferred

        self.state = "BEFORE"
        self.finishedBefore = []
        waiting: list[Any] = []
        while self.before:
            trigger = self.before.pop(0)
            self.finishedBefore.append(trigger)
            callable, args, kwargs = trigger
            try:
                result = callable(*args, **kwargs)
            except BaseException:
                log.err()
            else:
                if isinstance(result, Deferred):
                    waiting.append(result)
        if not waiting:
            self._continueFiring()
            return
        remaining = [len(waiting)]

        def one_done(result: object) -> object:
            remaining[0] -= 1
            if remaining[0] == 0:
                self._continueFiring()
            return result

        for d in waiting:
            d.addBoth(one_done)

    def _continueFiring(self, ignored: object = None) -> None:
        self.state = "BASE"
        self.finishedBefore = []
        for phase in (self.during, self.after):
            while phase:
                callable, args, kwargs = phase.pop(0)
                try:
                    callable(*args, **kwargs)
                except BaseException:
                    log.err()
