"""Deferred core behaviour: callback order, chaining, cancellation, debug info, the
unhandled-error report, contextvars in callback chains, and the public surface."""

from __future__ import annotations

import contextvars
import gc
import sys
import traceback
from typing import Any

import pytest

from twistio.internet import defer
from twistio.internet.defer import (
    AlreadyCalledError,
    CancelledError,
    Deferred,
    DeferredList,
    TimeoutError,
    fail,
    succeed,
)
from twistio.internet.task import Clock
from twistio.logger import globalLogPublisher
from twistio.python.failure import Failure


def test_public_names_report_twisted_module() -> None:
    """Every name Twisted's module exports is there and claims twisted.internet.defer."""
    expected = {
        "Deferred", "DeferredList", "succeed", "fail", "FAILURE", "SUCCESS",
        "AlreadyCalledError", "TimeoutError", "gatherResults", "maybeDeferred",
        "ensureDeferred", "inlineCallbacks", "returnValue", "DeferredLock",
        "DeferredSemaphore", "DeferredQueue", "DeferredFilesystemLock",
        "AlreadyTryingToLockError", "CancelledError",
    }  # fmt: skip
    assert set(defer.__all__) == expected
    for name in ("Deferred", "DeferredList", "FirstError", "FailureGroup", "race", "DebugInfo"):
        assert getattr(defer, name).__module__ == "twisted.internet.defer"
    assert defer._DEFERRED_SUBCLASSES[:2] == [Deferred, DeferredList]


def test_callbacks_run_in_order_with_arguments() -> None:
    seen: list[Any] = []
    d: Deferred[int] = Deferred()
    d.addCallback(lambda r, a, k=None: seen.append((r, a, k)) or r + 1, "a", k="k")
    d.addCallbacks(lambda r: seen.append(r), lambda f: seen.append("eb"))
    d.callback(1)
    assert seen == [(1, "a", "k"), 2]
    assert d.result is None


def test_errback_path_and_recovery() -> None:
    d: Deferred[int] = Deferred()
    seen: list[Any] = []
    d.addCallback(lambda r: seen.append("cb"))
    d.addErrback(lambda f: f.trap(ValueError) and "recovered")
    d.addCallback(seen.append)
    d.errback(ValueError("x"))
    assert seen == ["recovered"]


def test_deep_chain_does_not_grow_stack() -> None:
    """Thousands of Deferreds each waiting on the next fire without recursion."""
    depths: list[int] = []
    top: Deferred[None] = Deferred()
    current = top
    inners = []
    for _ in range(3000):
        inner: Deferred[None] = Deferred()
        current.addCallback(lambda _, i=inner: i)
        inners.append(inner)
        current = inner
    top.addCallback(lambda _: depths.append(len(traceback.extract_stack())))
    top.callback(None)
    for inner in inners:
        inner.callback(None)
    assert len(depths) == 1
    assert depths[0] < 50
    assert sys.getrecursionlimit() <= 10000


def test_already_called_and_debug_info() -> None:
    d: Deferred[int] = Deferred()
    d.callback(1)
    with pytest.raises(AlreadyCalledError) as info:
        d.callback(2)
    assert info.value.args == ()
    defer.setDebugging(True)
    try:
        d2: Deferred[int] = Deferred()
        d2.callback(1)
        with pytest.raises(AlreadyCalledError) as info2:
            d2.callback(2)
        message = info2.value.args[0]
        assert " C: Deferred was created:" in message
        assert " I: First Invoker was:" in message
        assert "test_already_called_and_debug_info" in message
    finally:
        defer.setDebugging(False)


def test_cancel_without_canceller_allows_one_late_result() -> None:
    d: Deferred[int] = Deferred()
    failures: list[Failure] = []
    d.addErrback(failures.append)
    d.cancel()
    assert failures[0].check(CancelledError)
    d.callback(5)  # swallowed once
    with pytest.raises(AlreadyCalledError):
        d.callback(6)


def test_cancel_propagates_to_chained_deferred() -> None:
    inner: Deferred[int] = Deferred()
    outer = succeed(None).addCallback(lambda _: inner)
    outer.cancel()
    assert isinstance(outer.result, Failure) and outer.result.check(CancelledError)
    outer.addErrback(lambda f: None)


def test_add_timeout_uses_twisted_timeout_error() -> None:
    clock = Clock()
    d: Deferred[int] = Deferred()
    d.addTimeout(2, clock)
    clock.advance(1)
    assert not d.called
    clock.advance(1)
    failure = d.result
    assert isinstance(failure, Failure) and failure.type is TimeoutError
    d.addErrback(lambda f: None)
    assert clock.getDelayedCalls() == []


def test_repr_states() -> None:
    d: Deferred[str] = Deferred()
    assert repr(d) == f"<Deferred at 0x{id(d):x}>"
    d.callback("x")
    assert repr(d) == f"<Deferred at 0x{id(d):x} current result: 'x'>"
    a: Deferred[None] = Deferred()
    b: Deferred[None] = Deferred()
    b.chainDeferred(a)
    assert str(a) == f"<Deferred at 0x{id(a):x} waiting on Deferred at 0x{id(b):x}>"


def test_unhandled_error_logged_on_collection() -> None:
    """A Deferred that dies holding a Failure logs it as Twisted does: a critical
    "Unhandled error in Deferred:" event, then the failure through Logger.failure."""
    events: list[dict[str, Any]] = []
    globalLogPublisher.addObserver(events.append)
    try:

        def make() -> None:
            d: Deferred[int] = Deferred()
            d.addCallback(lambda x: 1 // 0)
            d.callback(1)

        make()
        gc.collect()
    finally:
        globalLogPublisher.removeObserver(events.append)
    mine = [e for e in events if e.get("log_namespace") == "twisted.internet.defer"]
    assert [e["log_format"] for e in mine] == ["Unhandled error in Deferred:", ""]
    assert mine[0]["isError"] is True
    assert mine[1]["log_failure"].check(ZeroDivisionError)
    assert mine[1]["debugInfo"] == ""


def test_handled_failure_is_not_logged() -> None:
    events: list[dict[str, Any]] = []
    globalLogPublisher.addObserver(events.append)
    try:
        fail(ValueError()).addErrback(lambda f: None)
        gc.collect()
    finally:
        globalLogPublisher.removeObserver(events.append)
    assert [e for e in events if e.get("log_namespace") == "twisted.internet.defer"] == []


var: contextvars.ContextVar[str] = contextvars.ContextVar("var", default="unset")


def test_callbacks_run_in_subscriber_context() -> None:
    """Beyond Twisted (#9807): a chain runs in the context current when its first callback
    was added, whoever fires it, and what its callbacks set stays within the chain."""
    seen: list[str] = []
    token = var.set("subscriber")
    try:
        d: Deferred[None] = Deferred()
        d.addCallback(lambda _: seen.append(var.get()))
    finally:
        var.reset(token)
    d.addCallback(lambda _: var.set("inside"))
    d.addCallback(lambda _: seen.append(var.get()))

    def fire() -> None:
        var.set("firer")
        d.callback(None)
        seen.append(var.get())

    contextvars.copy_context().run(fire)
    assert seen == ["subscriber", "inside", "firer"]
    assert var.get() == "unset"
    # Added after the chain ran, a callback still sees the chain's context.
    d.addCallback(lambda _: seen.append(var.get()))
    assert seen[-1] == "inside"


def test_callbacks_on_fired_deferred_run_as_plain_calls() -> None:
    seen: list[str] = []
    d = succeed(None)
    token = var.set("caller")
    try:
        d.addCallback(lambda _: seen.append(var.get()))
    finally:
        var.reset(token)
    assert seen == ["caller"]


def test_succeed_matches_manual_callback() -> None:
    manual: Deferred[int] = Deferred()
    manual.callback(3)
    assert succeed(3).__dict__ == manual.__dict__
