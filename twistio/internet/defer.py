"""twisted.internet.defer: Deferreds, the callback chains at the heart of Twisted.

The implementation lives in private modules (``_deferred`` for the Deferred itself,
``_deferredlist`` for DeferredList/gatherResults/race, ``_inline`` for inlineCallbacks and
coroutines, ``_defersync`` for locks and queues, ``_deferbridge`` for asyncio Futures); this
module is the public surface under Twisted's name.
"""

from __future__ import annotations

from twistio.internet._deferred import (
    _CONTINUE,
    _DEFERRED_SUBCLASSES,
    _NO_RESULT,
    _NONE_KWARGS,
    _T,
    AlreadyCalledError,
    CancelledError,
    DebugInfo,
    Deferred,
    NotACoroutineError,
    TimeoutError,
    _cancelledToTimedOutError,
    _failthru,
    _SelfResultT,
    _Sentinel,
    execute,
    fail,
    getDebugging,
    logError,
    maybeDeferred,
    passthru,
    setDebugging,
    succeed,
    timeout,
)
from twistio.internet._deferredlist import (  # noqa: I001 - DeferredList must subclass second
    FAILURE,
    SUCCESS,
    DeferredList,
    FailureGroup,
    FirstError,
    _DeferredListResultItemT,
    _DeferredListResultListT,
    _DeferredListSingleResultT,
    _parseDeferredListResult,
    gatherResults,
    race,
)
from twistio.internet._defersync import (
    AlreadyTryingToLockError,
    DeferredFilesystemLock,
    DeferredLock,
    DeferredQueue,
    DeferredSemaphore,
    QueueOverflow,
    QueueUnderflow,
    _ConcurrencyPrimitive,
)
from twistio.internet._inline import (
    _cancellableInlineCallbacks,
    _CancellationStatus,
    _DefGen_Return,
    _InternalInlineCallbacksCancelledError,
    ensureDeferred,
    inlineCallbacks,
    returnValue,
)
from twistio.python.failure import Failure

__name__ = "twisted.internet.defer"

__all__ = [
    "Deferred",
    "DeferredList",
    "succeed",
    "fail",
    "FAILURE",
    "SUCCESS",
    "AlreadyCalledError",
    "TimeoutError",
    "gatherResults",
    "maybeDeferred",
    "ensureDeferred",
    "inlineCallbacks",
    "returnValue",
    "DeferredLock",
    "DeferredSemaphore",
    "DeferredQueue",
    "DeferredFilesystemLock",
    "AlreadyTryingToLockError",
    "CancelledError",
]

_private = (
    _CONTINUE,
    _DEFERRED_SUBCLASSES,
    _NO_RESULT,
    _NONE_KWARGS,
    _cancelledToTimedOutError,
    _failthru,
    _Sentinel,
    _SelfResultT,
    _T,
    _DeferredListResultItemT,
    _DeferredListResultListT,
    _DeferredListSingleResultT,
    _parseDeferredListResult,
    _CancellationStatus,
    _cancellableInlineCallbacks,
    _DefGen_Return,
    _InternalInlineCallbacksCancelledError,
    _ConcurrencyPrimitive,
    DebugInfo,
    FailureGroup,
    FirstError,
    NotACoroutineError,
    QueueOverflow,
    QueueUnderflow,
    execute,
    getDebugging,
    logError,
    passthru,
    race,
    setDebugging,
    timeout,
    Failure,
)
del _private
