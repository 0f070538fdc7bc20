"""Classic programs print the same on real Twisted 26.10 and on twistio (see differential.py)."""

from __future__ import annotations

import pytest

from compat_tests import differential

pytestmark = pytest.mark.differential


def _params() -> list[object]:
    out: list[object] = []
    for name in differential.programs():
        reason = differential.expected_difference(name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(name, marks=marks, id=name))
    return out


@pytest.mark.parametrize("name", _params())
def test_same_output(name: str) -> None:
    real, ours = differential.run_both(name)
    assert real.returncode == 0, f"{name} fails on real Twisted itself:\n{real.stderr}"
    assert differential.differences(real, ours) == []


def test_every_program_has_a_subsystem() -> None:
    assert sorted(differential.SUBSYSTEM) == differential.programs()


def test_normalise_only_touches_volatile_values() -> None:
    text = (
        "2026-11-23 04:41:26+0000 [-] <Foo at 0x7f3a2b1c> IPv4Address(type='TCP', "
        "host='127.0.0.1', port=54321) 127.0.0.1:8080 line 12"
    )
    assert differential.normalise(text) == (
        "<TIME> [-] <Foo at <ADDR>> IPv4Address(type='TCP', host='127.0.0.1', port=<PORT>) "
        "<HOST>:<PORT> line 12"
    )


def test_a_difference_is_reported() -> None:
    a = differential.Outcome(0, "one\ntwo\n", "")
    b = differential.Outcome(1, "one\nthree\n", "boom")
    problems = differential.differences(a, b)
    assert problems[0].startswith("exit status: real Twisted 0, twistio 1")
    assert "-two" in problems[1] and "+three" in problems[1]


def test_program_needing_a_missing_module_is_an_expected_difference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(differential, "NEEDS", {"p": "twistio.no_such_module", "q": "twistio"})
    assert differential.expected_difference("p") == (
        "needs twistio.no_such_module, which twistio does not have yet"
    )
    assert differential.expected_difference("q") is None
