"""Deferred chains, printed step by step: callbacks, errbacks, chaining, pause, cancel,
DeferredList, gatherResults and inlineCallbacks."""

from _show import say
from twisted.internet import defer
from twisted.python.failure import Failure


def step(name):
    def cb(result):
        say(f"  {name} got {result!r}")
        return f"{name}({result})"

    return cb


def section(title):
    say(f"== {title}")


section("callbacks and errbacks")
d = defer.Deferred()
d.addCallback(step("a"))
d.addCallback(step("b"))
d.addCallbacks(step("c"), step("never"))
d.addBoth(step("both"))
d.callback("start")
say("  result", repr(d.result) if hasattr(d, "result") else None)


def boom(result):
    say(f"  boom got {result!r}")
    raise ValueError("boom: " + str(result))


def recover(failure):
    say(f"  recover got {failure.type.__name__}: {failure.getErrorMessage()}")
    return "recovered"


d = defer.Deferred()
d.addCallback(boom)
d.addCallback(step("skipped"))
d.addErrback(recover)
d.addCallback(step("after"))
d.callback(1)

section("callback arguments")
d = defer.Deferred()
d.addCallback(lambda r, x, y=None: say(f"  args {r!r} {x!r} {y!r}") or r, "X", y="Y")
d.addCallbacks(
    lambda r, p: say(f"  cb {r!r} {p!r}"),
    lambda f: None,
    callbackArgs=("P",),
)
d.callback("v")

section("errback chain")
d = defer.fail(KeyError("k"))
d.addCallback(step("no"))
d.addErrback(lambda f: say(f"  trapped {f.trap(KeyError).__name__}") or 7)
d.addCallback(step("yes"))


def mismatch(f):
    f.trap(TypeError)


d = defer.fail(ZeroDivisionError("z"))
d.addErrback(mismatch)
d.addErrback(lambda f: say(f"  trap re-raised {f.type.__name__}: {f.getErrorMessage()}"))

section("chaining: a callback returns a Deferred")
inner = defer.Deferred()
outer = defer.Deferred()
outer.addCallback(step("outer1"))
outer.addCallback(lambda r: inner)
outer.addCallback(step("outer2"))
outer.callback("go")
say("  outer paused on inner; called =", outer.called)
inner.callback("inner value")
say("  inner result after chaining:", inner.result)

section("chainDeferred")
a = defer.Deferred()
b = defer.Deferred()
b.addCallback(step("b"))
a.chainDeferred(b)
a.callback("to b")

section("pause and unpause")
d = defer.Deferred()
d.addCallback(step("p1"))
d.pause()
d.callback("paused value")
say("  after callback while paused")
d.addCallback(step("p2"))
d.unpause()
say("  after unpause")

section("cancel")


def canceller(deferred):
    say("  canceller called")


d = defer.Deferred(canceller)
d.addErrback(lambda f: say(f"  cancelled: {f.type.__name__}"))
d.cancel()
d = defer.Deferred()
d.addErrback(lambda f: say(f"  no canceller: {f.check(defer.CancelledError).__name__}"))
d.cancel()
d = defer.succeed("done")
d.cancel()
say("  cancel after fire keeps", d.result)
d = defer.Deferred(lambda d: d.callback("answered by canceller"))
d.addBoth(step("canceller-fired"))
d.cancel()

section("DeferredList")
ds = [defer.Deferred() for _ in range(3)]
dl = defer.DeferredList(ds, consumeErrors=True)
dl.addCallback(
    lambda res: say("  list:", [(ok, r if ok else r.getErrorMessage()) for ok, r in res])
)
ds[2].callback("two")
ds[0].callback("zero")
ds[1].errback(RuntimeError("one failed"))

ds = [defer.Deferred() for _ in range(3)]
dl = defer.DeferredList(ds, fireOnOneCallback=True)
dl.addCallback(lambda res: say("  fireOnOneCallback:", res))
ds[1].callback("first")
ds[0].callback("later")
ds[2].callback("later")

ds = [defer.Deferred() for _ in range(2)]
dl = defer.DeferredList(ds, fireOnOneErrback=True, consumeErrors=True)
dl.addErrback(
    lambda f: say(
        "  fireOnOneErrback:",
        f.type.__name__,
        f.value.index,
        f.value.subFailure.getErrorMessage(),
    )
)
ds[0].errback(ValueError("first error"))
ds[1].callback("ok")

section("gatherResults")
ds = [defer.Deferred() for _ in range(3)]
g = defer.gatherResults(ds)
g.addCallback(lambda res: say("  gathered", res))
for i, x in enumerate(ds):
    x.callback(i * 10)
ds = [defer.Deferred(), defer.Deferred()]
g = defer.gatherResults(ds, consumeErrors=True)
g.addErrback(
    lambda f: say("  gather failed:", f.type.__name__, f.value.subFailure.getErrorMessage())
)
ds[0].callback(1)
ds[1].errback(IndexError("lost"))

section("maybeDeferred")
defer.maybeDeferred(lambda: 5).addCallback(step("maybe-value"))
defer.maybeDeferred(lambda: 1 / 0).addErrback(lambda f: say("  maybe-error", f.type.__name__))
defer.maybeDeferred(defer.succeed, "inner").addCallback(step("maybe-deferred"))

section("inlineCallbacks")


@defer.inlineCallbacks
def worker(name, source):
    say(f"  {name} start")
    first = yield source
    say(f"  {name} first {first!r}")
    second = yield defer.succeed(first + 1)
    say(f"  {name} second {second!r}")
    try:
        yield defer.fail(LookupError("missing"))
    except LookupError as e:
        say(f"  {name} caught {e!r}")
    return second * 2


src = defer.Deferred()
w = worker("w", src)
w.addCallback(step("worker-result"))
say("  worker waiting:", w.called)
src.callback(20)


@defer.inlineCallbacks
def failing():
    yield defer.succeed(None)
    raise OSError("inline failure")


failing().addErrback(lambda f: say("  inline errback", f.type.__name__, f.getErrorMessage()))


@defer.inlineCallbacks
def returns_value():
    yield None
    defer.returnValue("via returnValue")


import warnings  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    returns_value().addCallback(step("returnValue"))


@defer.inlineCallbacks
def cancellable(waiting):
    try:
        yield waiting
    except defer.CancelledError:
        say("  inner wait was cancelled")
        raise


waiting = defer.Deferred(lambda d: say("  canceller of waiting"))
c = cancellable(waiting)
c.addErrback(lambda f: say("  outer", f.type.__name__))
c.cancel()

section("ensureDeferred")


async def coro(x):
    value = await defer.succeed(x)
    return value * 3


defer.ensureDeferred(coro(4)).addCallback(step("coro"))

section("Failure wrapping in errback")
d = defer.Deferred()
d.addErrback(
    lambda f: say("  errback with exception instance ->", type(f).__name__, f.type.__name__)
)
d.errback(AttributeError("attr"))
d = defer.Deferred()
d.addErrback(lambda f: say("  errback with Failure ->", f.getErrorMessage()))
d.errback(Failure(TypeError("typed")))
say("== end")
