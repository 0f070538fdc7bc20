"""The global reactor: callWhenRunning, callLater ordering, system event triggers, stop."""

from _show import say
from twisted.internet import defer, reactor, task

order = []


def note(name):
    def f(*args):
        order.append(name)
        say(f"  {name} {args}")

    return f


say("== before run")
reactor.callWhenRunning(note("when-running"), 1)
reactor.callLater(0.02, note("later-20ms"))
reactor.callLater(0.01, note("later-10ms"))
reactor.callLater(0, note("later-0"))
reactor.callLater(0, note("later-0-second"))
cancelled = reactor.callLater(0.005, note("cancelled"))
cancelled.cancel()
reactor.addSystemEventTrigger("before", "shutdown", note("before-shutdown"))
reactor.addSystemEventTrigger("during", "shutdown", note("during-shutdown"))
reactor.addSystemEventTrigger("after", "shutdown", note("after-shutdown"))
reactor.addSystemEventTrigger("after", "startup", note("after-startup"))


def slow_shutdown():
    say("  before-shutdown returning a Deferred")
    d = defer.Deferred()
    reactor.callLater(0.01, d.callback, None)
    return d


reactor.addSystemEventTrigger("before", "shutdown", slow_shutdown)


@defer.inlineCallbacks
def main():
    say("  main start, running:", reactor.running)
    yield task.deferLater(reactor, 0.03, lambda: None)
    say("  main after deferLater")
    value = yield task.deferLater(reactor, 0, lambda: "value")
    say("  main got", value)
    reactor.stop()


reactor.callWhenRunning(main)
say("  delayed calls before run:", len(reactor.getDelayedCalls()))
reactor.run()
say("== after run")
say("  order:", order)
