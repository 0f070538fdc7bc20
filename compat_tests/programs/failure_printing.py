"""Failure: messages, trap/check, repr/str and the printed tracebacks (program frames only)."""

import io

from _show import program_frames, say
from twisted.internet import defer
from twisted.python import failure


class AppError(Exception):
    pass


class SubAppError(AppError):
    pass


def make(exc_type, *args):
    try:
        raise exc_type(*args)
    except BaseException:
        return failure.Failure()


def printed(method, f, **kwargs):
    out = io.StringIO()
    getattr(f, method)(file=out, **kwargs)
    return program_frames(out.getvalue())


say("== messages")
f = make(SubAppError, "sub", 2)
say("getErrorMessage:", f.getErrorMessage())
say("type:", f.type.__name__, "value:", repr(f.value))
say("check AppError:", f.check(AppError).__name__)
say("check KeyError, SubAppError:", f.check(KeyError, SubAppError).__name__)
say("check KeyError:", f.check(KeyError))
say("check by name:", f.check(__name__ + ".AppError"))
say("trap AppError:", f.trap(AppError).__name__)
try:
    f.trap(KeyError)
except BaseException as e:
    say("trap KeyError raised:", type(e).__name__, e is f.value, isinstance(e, failure.Failure))
say("failure of a string exception message:", make(ValueError, "").getErrorMessage() == "")
say("str of Failure is a BaseException:", isinstance(f, BaseException))

say("== wrapping")
g = failure.Failure(KeyError("direct"))
say("no traceback frames:", g.frames == [], g.getErrorMessage())
try:
    g.raiseException()
except KeyError as e:
    say("raiseException:", repr(e))
try:
    failure.Failure()
except failure.NoCurrentExceptionError:
    say("no current exception: NoCurrentExceptionError")

say("== tracebacks")


def level3():
    raise SubAppError("deep")


def level2():
    level3()


def level1():
    level2()


try:
    level1()
except SubAppError:
    f = failure.Failure()
say(printed("printTraceback", f))
say("-- brief")
say(printed("printBriefTraceback", f))
say("-- getTraceback")
say(program_frames(f.getTraceback()))
say("-- repr")
say(repr(f))
say("-- cleanFailure keeps the message")
f.cleanFailure()
say(f.getErrorMessage(), f.type.__name__)

say("== failures through Deferreds")


def cb(_):
    level1()


d = defer.succeed(None)
d.addCallback(cb)
d.addErrback(lambda f: say(printed("printTraceback", f)))

d = defer.Deferred()
d.addErrback(
    lambda f: say("errback value:", f.getErrorMessage(), f.check(ValueError) is ValueError)
)
d.errback(ValueError("from errback"))


@defer.inlineCallbacks
def inline():
    yield defer.succeed(1)
    level1()


inline().addErrback(lambda f: say(printed("printTraceback", f)))
say("== end")
