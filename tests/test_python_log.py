"""twisted.python.log (legacy API) and its interplay with twisted.logger."""

from __future__ import annotations

import io
from typing import Any

from twistio.logger import Logger, LogLevel, globalLogPublisher
from twistio.python import context, log


def test_msg_reaches_new_and_legacy_observers() -> None:
    legacy: list[dict[str, Any]] = []
    new: list[dict[str, Any]] = []
    log.addObserver(legacy.append)
    globalLogPublisher.addObserver(new.append)  # type: ignore[arg-type]
    try:
        log.msg("hello", "world", extra=1)
        Logger(namespace="n").warn("new {x}", x=2)
    finally:
        log.removeObserver(legacy.append)
        globalLogPublisher.removeObserver(new.append)  # type: ignore[arg-type]
    assert legacy[0]["message"] == ("hello", "world")
    assert legacy[0]["isError"] == 0 and legacy[0]["extra"] == 1
    assert new[0]["log_format"] == "{log_text}" and new[0]["log_level"] is LogLevel.info
    assert new[0]["log_namespace"] == "log_legacy"
    # The new-style event reaches the legacy observer formatted lazily.
    assert legacy[1]["format"] % legacy[1] == "new 2"
    assert legacy[1]["isError"] == 0


def test_err_carries_failure_and_why() -> None:
    events: list[dict[str, Any]] = []
    log.addObserver(events.append)
    try:
        try:
            1 / 0  # noqa: B018
        except ZeroDivisionError:
            log.err(None, "while dividing")
    finally:
        log.removeObserver(events.append)
    [event] = events
    assert event["isError"] == 1
    assert event["why"] == "while dividing"
    assert event["failure"].check(ZeroDivisionError)
    text = log.textFromEventDict(event)
    assert text is not None and text.startswith("while dividing\nTraceback")


def test_context_sets_system() -> None:
    events: list[dict[str, Any]] = []
    log.addObserver(events.append)

    class L(log.Logger):
        def logPrefix(self) -> str:
            return "mysys"

    try:
        log.callWithLogger(L(), log.msg, "inside")
        log.callWithContext({"k": "v"}, log.msg, "ctx")
    finally:
        log.removeObserver(events.append)
    assert events[0]["system"] == "mysys"
    assert events[1]["k"] == "v"
    assert context.get(log.ILogContext) == {"system": "-"}


def test_file_log_observer_format() -> None:
    out = io.StringIO()
    flo = log.FileLogObserver(out)
    flo.emit({"message": ("a\nb",), "isError": 0, "time": 0.0, "system": "S"})
    text = out.getvalue()
    assert text.endswith(" [S] a\n\tb\n")
    assert text.startswith(flo.formatTime(0.0))


def test_stdio_onna_stick() -> None:
    events: list[dict[str, Any]] = []
    log.addObserver(events.append)
    try:
        stick = log.StdioOnnaStick(isError=1)
        stick.write("one\ntw")
        stick.write("o\n")
    finally:
        log.removeObserver(events.append)
    assert [e["message"] for e in events] == [("one",), ("two",)]
    assert all(e["isError"] and e["printed"] for e in events)
