"""twisted.internet.task: Clock, LoopingCall, deferLater, react and the Cooperator.

The implementations live in private modules; this module is the public surface.
"""

from __future__ import annotations

from twistio.internet._clock import Clock
from twistio.internet._cooperator import (
    CooperativeTask,
    Cooperator,
    NotPaused,
    SchedulerError,
    SchedulerStopped,
    TaskDone,
    TaskFailed,
    TaskFinished,
    TaskStopped,
    _defaultScheduler,
    _theCooperator,
    _Timer,
    coiterate,
    cooperate,
)
from twistio.internet._looping import LoopingCall, deferLater
from twistio.internet._react import react

__name__ = "twisted.internet.task"

__all__ = [
    "LoopingCall",
    "Clock",
    "SchedulerStopped",
    "Cooperator",
    "coiterate",
    "deferLater",
    "react",
    "CooperativeTask",
    "SchedulerError",
    "TaskDone",
    "TaskFailed",
    "TaskFinished",
    "TaskStopped",
    "NotPaused",
    "cooperate",
    "_Timer",
    "_defaultScheduler",
    "_theCooperator",
]
