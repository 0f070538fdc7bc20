"""twisted.logger: Logger, publishers, filtering, formatting, JSON, the log beginner."""

from __future__ import annotations

import io
from typing import Any

from zope.interface.verify import verifyObject

from twistio.logger import (
    FilteringLogObserver,
    ILogObserver,
    LimitedHistoryLogObserver,
    LogBeginner,
    Logger,
    LoggingFile,
    LogLevel,
    LogLevelFilterPredicate,
    LogPublisher,
    PredicateResult,
    capturedLogs,
    eventAsJSON,
    eventAsText,
    eventFromJSON,
    eventsFromJSONLogFile,
    extractField,
    formatEvent,
    formatEventAsClassicLogText,
    jsonFileLogObserver,
    textFileLogObserver,
)
from twistio.python.failure import Failure


def collector() -> tuple[list[dict[str, Any]], Any]:
    events: list[dict[str, Any]] = []
    return events, events.append


def test_logger_event_keys() -> None:
    events, observer = collector()
    log = Logger(namespace="ns", observer=observer)
    log.info("hi {who}", who="there", log_format="ignored")
    [event] = events
    assert event["log_format"] == "hi {who}"
    assert event["log_level"] is LogLevel.info
    assert event["log_namespace"] == "ns"
    assert event["log_source"] is None
    assert event["log_logger"] is log
    assert isinstance(event["log_time"], float)
    assert formatEvent(event) == "hi there"


def test_logger_default_namespace_is_module() -> None:
    assert Logger().namespace == __name__


def test_logger_descriptor() -> None:
    """As a class attribute, a Logger names the class and has the instance as source."""
    events, observer = collector()

    class Thing:
        log = Logger(observer=observer)

    thing = Thing()
    thing.log.warn("x")
    assert events[0]["log_namespace"] == f"{__name__}.Thing"
    assert events[0]["log_source"] is thing
    assert Thing.log.source is Thing


def test_failure_and_invalid_level() -> None:
    events, observer = collector()
    log = Logger(observer=observer)
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError:
        log.failure("oops")
    assert events[0]["log_level"] is LogLevel.critical
    assert events[0]["log_failure"].check(ZeroDivisionError)
    log.emit("bogus")
    assert "Got invalid log level" in events[1]["log_format"]


def test_failures_handled() -> None:
    events, observer = collector()
    log = Logger(observer=observer)
    with log.failuresHandled("doing {what}", what="stuff") as op:
        raise KeyError("k")
    assert op.failed and not op.succeeded
    assert formatEvent(events[0]) == "doing stuff"
    with log.failuresHandled("fine") as op2:
        pass
    assert op2.succeeded and len(events) == 1


def test_publisher_isolates_broken_observers() -> None:
    """A raising observer does not stop the others and does not see its own error."""
    seen, good = collector()
    brokenSaw: list[Any] = []

    def broken(event: Any) -> None:
        brokenSaw.append(event)
        raise RuntimeError("boom")

    publisher = LogPublisher(broken, good)  # type: ignore[arg-type]
    verifyObject(ILogObserver, publisher)
    publisher({"log_format": "x"})
    assert len(brokenSaw) == 1
    failures = [e["log_failure"] for e in seen if "log_failure" in e]
    assert len(failures) == 1 and failures[0].check(RuntimeError)
    assert broken in publisher._observers


def test_level_filter_by_namespace() -> None:
    predicate = LogLevelFilterPredicate(defaultLogLevel=LogLevel.warn)
    predicate.setLogLevelForNamespace("a.b", LogLevel.debug)
    assert predicate({"log_level": LogLevel.info, "log_namespace": "x"}) is PredicateResult.no
    assert predicate({"log_level": LogLevel.debug, "log_namespace": "a.b.c"}) is (
        PredicateResult.maybe
    )
    kept, observer = collector()
    dropped, negative = collector()
    filtering = FilteringLogObserver(observer, [predicate], negative)
    filtering({"log_level": LogLevel.error, "log_namespace": "x"})
    filtering({"log_level": LogLevel.info, "log_namespace": "x"})
    assert len(kept) == 1 and len(dropped) == 1


def test_classic_text() -> None:
    event = {"log_format": "a\nb", "log_namespace": "ns", "log_level": LogLevel.warn}
    assert formatEventAsClassicLogText(event) == "- [ns#warn] a\n\tb\n"
    assert formatEventAsClassicLogText({"x": 1}) is None
    out = io.StringIO()
    textFileLogObserver(out)({"log_format": "hi", "log_system": "S", "log_time": None})
    assert out.getvalue() == "- [S] hi\n"


def test_event_as_text_includes_traceback() -> None:
    f = Failure(ValueError("bad"))
    text = eventAsText({"log_format": "msg", "log_failure": f}, includeTimestamp=False)
    assert text == "[-#-] msg\n" + f.getTraceback()


def test_unformattable_event() -> None:
    text = formatEvent({"log_format": "{x()}", "x": lambda: 1 / 0})
    assert text.startswith("Unable to format event")


def test_json_round_trip() -> None:
    f = Failure(ValueError("bad"))
    event = {"log_format": "v={v}", "v": 3, "log_level": LogLevel.error, "log_failure": f}
    loaded = eventFromJSON(eventAsJSON(event))
    assert loaded["log_level"] is LogLevel.error
    assert formatEvent(loaded) == "v=3"
    assert loaded["log_failure"].check(ValueError)
    assert extractField("v", loaded) == 3


def test_json_file_round_trip() -> None:
    out = io.StringIO()
    observer = jsonFileLogObserver(out)
    observer({"x": 1})
    observer({"y": 2})
    assert out.getvalue() == '\x1e{"x": 1}\n\x1e{"y": 2}\n'
    assert list(eventsFromJSONLogFile(io.StringIO(out.getvalue()))) == [{"x": 1}, {"y": 2}]


def test_log_beginner_buffers_and_replays() -> None:
    class FakeSys:
        stdout = io.StringIO()
        stderr = io.StringIO()

    class FakeWarnings:
        def showwarning(self, *a: Any, **kw: Any) -> None:
            pass

    publisher = LogPublisher()
    errors = io.StringIO()
    beginner = LogBeginner(publisher, errors, FakeSys, FakeWarnings(), initialBufferSize=2)
    log = Logger(observer=publisher)
    for n in range(3):
        log.info("n={n}", n=n)
    log.critical("fatal")
    assert errors.getvalue() == "fatal\n"
    events, observer = collector()
    beginner.beginLoggingTo([observer], redirectStandardIO=False)
    assert [formatEvent(e) for e in events] == ["n=2", "fatal"]


def test_limited_history_and_captured_logs() -> None:
    history = LimitedHistoryLogObserver(2)
    for n in range(3):
        history({"n": n})
    events, observer = collector()
    history.replayTo(observer)
    assert [e["n"] for e in events] == [1, 2]
    with capturedLogs() as captured:
        Logger(namespace="cap").info("seen")
    assert [formatEvent(e) for e in captured] == ["seen"]


def test_level_filter_answers_follow_later_changes() -> None:
    """A namespace's level, once asked for, changes when a level is set or cleared later."""
    predicate = LogLevelFilterPredicate(defaultLogLevel=LogLevel.info)
    info = {"log_level": LogLevel.info, "log_namespace": "web.access"}
    assert predicate(info) is PredicateResult.maybe
    predicate.setLogLevelForNamespace("web", LogLevel.error)
    assert predicate.logLevelForNamespace("web.access") is LogLevel.error
    assert predicate(info) is PredicateResult.no
    predicate.clearLogLevels()
    assert predicate.logLevelForNamespace("web.access") is LogLevel.info
    assert predicate(info) is PredicateResult.maybe


def test_logging_file_single_lines_and_fragments() -> None:
    """Whole lines, fragments and empty writes to a LoggingFile give one event per line."""
    events, observer = collector()
    f = LoggingFile(Logger(namespace="t", observer=observer))
    f.write("one\n")
    f.write("")
    f.write("tw")
    f.write("o\n")
    f.write("\n")
    f.write("three\nfour\n")
    assert [e["log_io"] for e in events] == ["one", "two", "", "three", "four"]
    assert all(e["log_level"] is LogLevel.info for e in events)
