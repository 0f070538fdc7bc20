"""twisted.internet.defer: Deferreds, the callback chains at the heart of Twisted.

The implementation lives in private modules (``_deferred`` for the Deferred itself,
``_deferredlist`` for DeferredList/gatherResults/race, ``_deferinline`` for inlineCallbacks and
coroutines, ``_defersync`` for locks and queues, ``_deferbridge`` for asyncio Futures); this
module is the public surface under Twisted's name.
"""

from __future__ import annotations

from collections.abc import Callable

from twistio.internet._deferinline import (
    _cancellableInlineCallbacks as _cancellableInlineCallbacks,
)
from twistio.internet._deferinline import (
    _CancellationStatus as _CancellationStatus,
)
from twistio.internet._deferinline import (
    _DefGen_Return as _DefGen_Return,
)
from twistio.internet._deferinline import (
    _InternalInlineCallbacksCancelledError as _InternalInlineCallbacksCancelledError,
)
from twistio.internet._deferinline import (
    ensureDeferred,
    inlineCallbacks,
    returnValue,
)
from twistio.internet._deferred import (
    _CONTINUE as _CONTINUE,
)
from twistio.internet._deferred import (
    _DEFERRED_SUBCLASSES as _DEFERRED_SUBCLASSES,
)
from twistio.internet._deferred import (
    _NO_RESULT as _NO_RESULT,
)
from twistio.internet._deferred import (
    _NONE_KWARGS as _NONE_KWARGS,
)
from twistio.internet._deferred import (
    _T as _T,
)
from twistio.internet._deferred import (
    AlreadyCalledError,
    CancelledError,
    Deferred,
    TimeoutError,
    fail,
    maybeDeferred,
    succeed,
)
from twistio.internet._deferred import (
    DebugInfo as DebugInfo,
)
from twistio.internet._deferred import (
    NotACoroutineError as NotACoroutineError,
)
from twistio.internet._deferred import (
    _cancelledToTimedOutError as _cancelledToTimedOutError,
)
from twistio.internet._deferred import (
    _failthru as _failthru,
)
from twistio.internet._deferred import (
    _SelfResultT as _SelfResultT,
)
from twistio.internet._deferred import (
    _Sentinel as _Sentinel,
)
from twistio.internet._deferred import (
    execute as execute,
)
from twistio.internet._deferred import (
    getDebugging as getDebugging,
)
from twistio.internet._deferred import (
    logError as logError,
)
from twistio.internet._deferred import (
    passthru as passthru,
)
from twistio.internet._deferred import (
    setDebugging as setDebugging,
)
from twistio.internet._deferred import (
    timeout as timeout,
)
from twistio.internet._deferredlist import (  # noqa: I001 - DeferredList must subclass second
    FAILURE,
    SUCCESS,
    DeferredList,
    gatherResults,
)
from twistio.internet._deferredlist import (
    FailureGroup as FailureGroup,
)
from twistio.internet._deferredlist import (
    FirstError as FirstError,
)
from twistio.internet._deferredlist import (
    _DeferredListResultItemT as _DeferredListResultItemT,
)
from twistio.internet._deferredlist import (
    _DeferredListResultListT as _DeferredListResultListT,
)
from twistio.internet._deferredlist import (
    _DeferredListSingleResultT as _DeferredListSingleResultT,
)
from twistio.internet._deferredlist import (
    _parseDeferredListResult as _parseDeferredListResult,
)
from twistio.internet._deferredlist import (
    race as race,
)
from twistio.internet._defersync import (
    AlreadyTryingToLockError,
    DeferredFilesystemLock,
    DeferredLock,
    DeferredQueue,
    DeferredSemaphore,
)
from twistio.internet._defersync import (
    QueueOverflow as QueueOverflow,
)
from twistio.internet._defersync import (
    QueueUnderflow as QueueUnderflow,
)
from twistio.internet._defersync import (
    _ConcurrencyPrimitive as _ConcurrencyPrimitive,
)
from twistio.python.failure import Failure as Failure

#: Type aliases Twisted's module offers for annotating callbacks.
DeferredCallback = Callable[..., object]
DeferredErrback = Callable[..., object]

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
