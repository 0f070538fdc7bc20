"""task.Clock: callLater ordering, reset/delay/cancel, LoopingCall and deferLater on a Clock."""

from _show import say
from twisted.internet import error, task

clock = task.Clock()
log = []


def note(name):
    def f(*args, **kwargs):
        say(f"  t={clock.seconds():g} {name} args={args} kwargs={kwargs}")
        log.append(name)

    return f


say("== callLater ordering")
clock.callLater(3, note("c3"))
clock.callLater(1, note("a1"))
clock.callLater(1, note("b1-same-time-later"))
clock.callLater(0, note("zero"))
clock.callLater(2, note("args"), 1, 2, key="v")
say("  pending:", len(clock.getDelayedCalls()))
clock.advance(0)
clock.advance(1)
clock.advance(1.5)
clock.advance(10)
say("  order:", log)

say("== reset, delay, cancel")
clock = task.Clock()
a = clock.callLater(5, note("a"))
b = clock.callLater(2, note("b"))
c = clock.callLater(3, note("c"))
a.reset(1)
b.delay(3)
c.cancel()
say("  active:", a.active(), b.active(), c.active())
say("  times:", a.getTime(), b.getTime())
try:
    c.cancel()
except error.AlreadyCancelled as e:
    say("  cancel twice:", type(e).__name__)
clock.advance(1)
try:
    a.reset(1)
except error.AlreadyCalled as e:
    say("  reset after call:", type(e).__name__)
clock.pump([1, 1, 1, 1, 1])
say("  remaining:", clock.getDelayedCalls())

say("== calls scheduled from calls")
clock = task.Clock()


def spawner():
    note("spawner")()
    clock.callLater(0, note("child-now"))
    clock.callLater(1, note("child-later"))


clock.callLater(1, spawner)
clock.callLater(1, note("sibling"))
clock.advance(1)
clock.advance(1)

say("== LoopingCall")
clock = task.Clock()
counter = []


def tick():
    counter.append(clock.seconds())
    say(f"  tick at {clock.seconds():g}")
    if len(counter) == 4:
        loop.stop()


loop = task.LoopingCall(tick)
loop.clock = clock
done = loop.start(2, now=True)
done.addCallback(lambda lc: say("  loop stopped, same object:", lc is loop))
clock.pump([1] * 8)
say("  running:", loop.running)

loop = task.LoopingCall.withCount(lambda n: say(f"  withCount {n} at {clock.seconds():g}"))
loop.clock = clock
loop.start(1, now=False)
clock.advance(1)
clock.advance(3.5)
loop.stop()

say("== deferLater")
clock = task.Clock()
d = task.deferLater(clock, 2, lambda x: x * 2, 21)
d.addCallback(lambda r: say(f"  deferLater result {r} at {clock.seconds():g}"))
clock.advance(1)
say("  fired early:", d.called)
clock.advance(1)
d = task.deferLater(clock, 5, note("never"))
d.addErrback(lambda f: say("  cancelled deferLater:", f.type.__name__))
d.cancel()
say("  pending after cancel:", clock.getDelayedCalls())
say("== end")
