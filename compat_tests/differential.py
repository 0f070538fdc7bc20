"""Differential runs: one unchanged program on real Twisted 26.10 and on twistio.

:func:`run_both` runs ``compat_tests/programs/<name>.py`` with plain ``python`` in a virtualenv
that has real Twisted (see :mod:`compat_tests.cache`) and with ``python -m twistio run`` in this
environment, and returns both outcomes with their output normalised.  Normalising touches only
what legitimately differs between two runs: timestamps, memory addresses and ports;
everything else must be identical (programs print only their own traceback frames).

``KNOWN_DIFFERENCES`` lists programs whose output is known to differ, each with the reason, and
``NEEDS`` the twistio module a program waits for; either way the
test runs them as strict xfails so a fix is noticed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from compat_tests import cache

PROGRAMS = Path(__file__).resolve().parent / "programs"
TIMEOUT = 60.0

#: program name (or ``name@asyncio`` / ``name@uvloop`` for one loop only) -> reason its output
#: differs on twistio today.
KNOWN_DIFFERENCES: dict[str, str] = {}

#: program name -> twistio module it needs.  While that module does not exist the program is an
#: expected (strict) failure; from the moment it exists the program must match real Twisted.
NEEDS: dict[str, str] = {
    "chat_server": "twistio.protocols.basic",
    "web_hello": "twistio.web.server",
    "web_wire": "twistio.web.server",
    "template_render": "twistio.web.template",
    "cred_portal": "twistio.cred.portal",
    "adbapi_sqlite": "twistio.enterprise.adbapi",
}

#: program name -> subsystem shown in docs/compatibility.md.
SUBSYSTEM = {
    "deferred_chain": "Deferred and Failure",
    "failure_printing": "Deferred and Failure",
    "clock_ordering": "Reactor, task and time",
    "reactor_calllater": "Reactor, task and time",
    "echo_tcp": "Reactor, task and time",
    "reconnecting_client": "Reactor, task and time",
    "chat_server": "Reactor, task and time",
    "threads_defer": "Reactor, task and time",
    "quote_server": "Reactor, task and time",
    "legacy_log": "python utilities and logging",
    "process_output": "Processes, UNIX, UDP, endpoints",
    "udp_echo": "Processes, UNIX, UDP, endpoints",
    "web_hello": "twisted.web server",
    "web_wire": "twisted.web server",
    "template_render": "twisted.web client and templates",
    "cred_portal": "cred and adbapi",
    "adbapi_sqlite": "cred and adbapi",
}

_NORMALISERS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:[+-]\d\d:?\d\d|Z)?"), "<TIME>"),
    (re.compile(r"\b0x[0-9a-fA-F]{4,}\b"), "<ADDR>"),
    (re.compile(r"\b(?:127\.0\.0\.1|::1|localhost):\d+\b"), "<HOST>:<PORT>"),
    (re.compile(r"\bport=\d+"), "port=<PORT>"),
    (re.compile(r"\bport \d+\b"), "port <PORT>"),
    (re.compile(r"\bPort \d+ Closed\b"), "Port <PORT> Closed"),
    (re.compile(r"\bstarting on \d+\b"), "starting on <PORT>"),
]


def missing_need(name: str) -> str | None:
    """Why ``name`` cannot run on twistio yet (a module it needs is missing), else ``None``."""
    import importlib.util

    module = NEEDS.get(name)
    if module is None:
        return None
    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        found = False
    return None if found else f"needs {module}, which twistio does not have yet"


def expected_difference(name: str) -> str | None:
    """The reason ``name``'s output is expected to differ today, or ``None``."""
    from twistio._aio.loop import loop_kind

    return (
        KNOWN_DIFFERENCES.get(name)
        or KNOWN_DIFFERENCES.get(f"{name}@{loop_kind()}")
        or missing_need(name)
    )


def normalise(text: str) -> str:
    """``text`` with timestamps, addresses and ports replaced by placeholders."""
    for pattern, replacement in _NORMALISERS:
        text = pattern.sub(replacement, text)
    return text


@dataclass
class Outcome:
    """One run of a program: exit status and normalised output."""

    returncode: int
    stdout: str
    stderr: str


def programs() -> list[str]:
    """Names of the classic programs (``compat_tests/programs/*.py`` not starting with ``_``)."""
    return sorted(p.stem for p in PROGRAMS.glob("*.py") if not p.name.startswith("_"))


def _run(cmd: list[str], env: dict[str, str]) -> Outcome:
    try:
        proc = subprocess.run(
            cmd,
            cwd=PROGRAMS,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return Outcome(-9, normalise(out), f"timed out after {TIMEOUT}s")
    return Outcome(proc.returncode, normalise(proc.stdout), normalise(proc.stderr))


def _clean_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "TWISTIO_ALIAS", "PYTHONHOME")
    }
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def run_real(name: str, *args: str) -> Outcome:
    """Run the program with plain ``python`` on real Twisted 26.10."""
    python = cache.twisted_python()
    return _run([str(python), str(PROGRAMS / f"{name}.py"), *args], _clean_env())


def run_twistio(name: str, *args: str) -> Outcome:
    """Run the program unchanged with ``python -m twistio run`` (this checkout's twistio)."""
    env = _clean_env()
    env["PYTHONPATH"] = str(cache.REPO)
    return _run([sys.executable, "-m", "twistio", "run", str(PROGRAMS / f"{name}.py"), *args], env)


def run_both(name: str, *args: str) -> tuple[Outcome, Outcome]:
    """``(real Twisted, twistio)`` outcomes of one program."""
    return run_real(name, *args), run_twistio(name, *args)


def differences(real: Outcome, ours: Outcome) -> list[str]:
    """Human-readable differences in exit status and stdout (empty when they agree)."""
    import difflib

    problems = []
    if real.returncode != ours.returncode:
        problems.append(
            f"exit status: real Twisted {real.returncode}, twistio {ours.returncode}"
            f"\ntwistio stderr:\n{ours.stderr[-3000:]}"
        )
    if real.stdout != ours.stdout:
        diff = difflib.unified_diff(
            real.stdout.splitlines(),
            ours.stdout.splitlines(),
            "real Twisted",
            "twistio",
            lineterm="",
        )
        problems.append(
            "stdout differs:\n"
            + "\n".join(diff)
            + (f"\ntwistio stderr:\n{ours.stderr[-3000:]}" if ours.stderr else "")
        )
    return problems


def main(argv: list[str] | None = None) -> int:
    """``python -m compat_tests.differential [NAME ...]``: run and compare, print differences."""
    names = (argv if argv is not None else sys.argv[1:]) or programs()
    status = 0
    for name in names:
        problems = differences(*run_both(name))
        print(f"{name}: {'same' if not problems else 'DIFFERENT'}")
        for problem in problems:
            print("  " + problem.replace("\n", "\n  "))
        status |= bool(problems)
    return status


if __name__ == "__main__":
    sys.exit(main())
