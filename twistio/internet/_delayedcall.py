"""DelayedCall: the IDelayedCall shared by task.Clock and the asyncio reactor.

A DelayedCall knows its absolute time, how to tell its owner it was cancelled or moved
(``canceller``/``resetter``), and the clock it reads (``seconds``).  Owners decide how
calls are actually scheduled; the reactor puts them on ``loop.call_at``.
"""

from __future__ import annotations

import time as _time
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from zope.interface import implementer

from twistio.internet.error import AlreadyCalled, AlreadyCancelled
from twistio.internet.interfaces import IDelayedCall

__name__ = "twisted.internet.base"


def _callable_name(func: Callable[..., object]) -> str:
    name = getattr(func, "__qualname__", None) or getattr(func, "__name__", None)
    if name is None:
        return repr(func)
    return str(name)


@implementer(IDelayedCall)
class DelayedCall:
    """A call scheduled for an absolute ``time`` on the clock ``seconds``.

    ``delayed_time`` holds a postponement not yet folded into ``time`` (see :meth:`delay`);
    :meth:`getTime` is always ``time + delayed_time``.  ``called`` and ``cancelled`` are 0/1
    flags.  With the class attribute ``debug`` true, ``creator`` keeps the creation stack and
    the repr shows it.
    """

    debug = False
    _repr: str | None = None
    creator: list[str] | None = None

    def __init__(
        self,
        time: float,
        func: Callable[..., Any],
        args: Sequence[object],
        kw: dict[str, object],
        cancel: Callable[[DelayedCall], None],
        reset: Callable[[DelayedCall], None],
        seconds: Callable[[], float] = _time.time,
    ) -> None:
        self.time = time
        self.func = func
        self.args = args
        self.kw = kw
        self.resetter = reset
        self.canceller = cancel
        self.seconds = seconds
        self.cancelled = 0
        self.called = 0
        self.delayed_time: float = 0
        self.creator = None
        if self.debug:
            self.creator = traceback.format_stack()[:-2]

    def getTime(self) -> float:
        """The absolute time at which this call will run."""
        return self.time + self.delayed_time

    def cancel(self) -> None:
        """Unschedule the call; AlreadyCancelled/AlreadyCalled if that is too late."""
        if self.cancelled:
            raise AlreadyCancelled()
        if self.called:
            raise AlreadyCalled()
        self.cancelled = 1
        if self.debug:
            self._repr = repr(self)
        self.canceller(self)
        # Drop references so a cancelled call keeps nothing alive.
        del self.func, self.args, self.kw

    def reset(self, secondsFromNow: float) -> None:
        """Move the call to ``secondsFromNow`` seconds after the clock's current time."""
        if self.cancelled:
            raise AlreadyCancelled()
        if self.called:
            raise AlreadyCalled()
        new_time = self.seconds() + secondsFromNow
        if new_time < self.time:
            self.delayed_time = 0
            self.time = new_time
            self.resetter(self)
        else:
            # Later: remember the postponement; owners fold it in lazily.
            self.delayed_time = new_time - self.time
            self.resetter(self)

    def delay(self, secondsLater: float) -> None:
        """Postpone the call by ``secondsLater`` seconds (negative brings it forward)."""
        if self.cancelled:
            raise AlreadyCancelled()
        if self.called:
            raise AlreadyCalled()
        self.delayed_time += secondsLater
        if self.delayed_time < 0:
            self.activate_delay()
        self.resetter(self)

    def activate_delay(self) -> None:
        """Fold ``delayed_time`` into ``time``."""
        self.time += self.delayed_time
        self.delayed_time = 0

    def active(self) -> bool:
        """Whether the call has neither run nor been cancelled."""
        return not (self.cancelled or self.called)

    def __le__(self, other: DelayedCall) -> bool:
        return self.time <= other.time

    def __lt__(self, other: DelayedCall) -> bool:
        return self.time < other.time

    def __ge__(self, other: DelayedCall) -> bool:
        return self.time >= other.time

    def __gt__(self, other: DelayedCall) -> bool:
        return self.time > other.time

    def __str__(self) -> str:
        if self._repr is not None:
            return self._repr
        parts = [
            f"<DelayedCall 0x{id(self):x} [{self.time - self.seconds()}s] "
            f"called={self.called} cancelled={self.cancelled}"
        ]
        func = getattr(self, "func", None)
        if func is not None:
            shown = [repr(a) for a in self.args]
            shown.extend(f"{k}={v!r}" for k, v in self.kw.items())
            parts.append(f" {_callable_name(func)}({', '.join(shown)})")
        if self.creator is not None:
            parts.append("\n\ntraceback at creation: \n\n" + "    ".join(self.creator))
        parts.append(">")
        return "".join(parts)

    __repr__ = __str__
