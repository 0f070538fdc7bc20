"""Developer and CI sessions.

tests   every test under tests/ on uvloop, then again on the stdlib loop
compat  Twisted's own test modules (downloaded at test time) through the alias, and the
        differential/classic-program tests, on both loops
lint    ruff;  typing  mypy --strict with mypy-zope;  docs  regenerate docs/compatibility.md
bench   the benchmarks (not part of pass/fail); `nox -s bench -- --quick` is the CI smoke run

Sessions reuse the current interpreter's environment when NOX_REUSE=1 (CI does this after
installing the project once), otherwise each gets its own virtualenv.
"""

from __future__ import annotations

import os

import nox

nox.options.sessions = ["lint", "typing", "tests", "compat"]
nox.options.reuse_existing_virtualenvs = True
LOOPS = ("uvloop", "asyncio")
VENV = False if os.environ.get("NOX_REUSE") == "1" else None


def _install(session: nox.Session, *extras: str) -> None:
    if VENV is None:
        spec = f".[{','.join(extras)}]" if extras else "."
        session.install("-e", spec)


@nox.session(venv_backend="none" if VENV is False else None)
def tests(session: nox.Session) -> None:
    _install(session, "test")
    for loop in LOOPS:
        session.run("pytest", "tests", *session.posargs, env={"TWISTIO_LOOP": loop})


def _install_extra(session: nox.Session, *requirements: str) -> None:
    """Session-only requirements; with NOX_REUSE=1 they go into the current environment."""
    if VENV is None:
        session.install(*requirements)
    else:
        session.run("python", "-m", "pip", "install", "--quiet", *requirements)


# Test-only dependencies of Twisted's own test modules (Twisted's `test` extra) that the oracle
# imports; not twistio dependencies.
ORACLE_DEPS = ("cython-test-exception-raiser~=26.4.1", "incremental", "constantly")


@nox.session(venv_backend="none" if VENV is False else None)
def compat(session: nox.Session) -> None:
    _install(session, "test")
    _install_extra(session, *ORACLE_DEPS)
    for loop in LOOPS:
        session.run("pytest", "compat_tests", *session.posargs, env={"TWISTIO_LOOP": loop})


@nox.session(venv_backend="none" if VENV is False else None)
def lint(session: nox.Session) -> None:
    if VENV is None:
        session.install("ruff")
    session.run("ruff", "check", "twistio", "tests", "compat_tests", "benchmarks", "noxfile.py")


@nox.session(venv_backend="none" if VENV is False else None)
def typing(session: nox.Session) -> None:
    _install(session, "dev")
    session.run("mypy", "twistio")


@nox.session(venv_backend="none" if VENV is False else None)
def docs(session: nox.Session) -> None:
    _install(session, "test")
    _install_extra(session, *ORACLE_DEPS)
    session.run("python", "-m", "compat_tests.report", *session.posargs)


@nox.session(venv_backend="none" if VENV is False else None)
def bench(session: nox.Session) -> None:
    _install(session, "test")
    # matplotlib draws docs/performance.png; a bench-only dependency, never twistio's.
    _install_extra(session, "matplotlib")
    session.run("python", "-m", "benchmarks", *session.posargs)
