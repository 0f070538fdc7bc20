"""The oracle: Twisted's own test modules run against twistio through the ``twisted`` alias.

Each module runs in its own interpreter, under pytest with :mod:`compat_tests.oracle_plugin`
(which turns on the alias with the extracted Twisted test tree as overlay) and, once twistio
has trial, under ``twistio trial``.  :func:`check` turns the results into a list of problems:
a module that does not import, a claimed test that fails, a listed failure that now passes or
no longer exists, or a disagreement between pytest and trial.

Developer CLI::

    python -m compat_tests.oracle run twisted.test.test_defer [-k EXPR] [--trial] [-- PYTEST ARGS]
    python -m compat_tests.oracle status [--trial] [MODULE ...]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from compat_tests import cache, claims

#: Seconds one module may take under one runner before it is killed and reported.
MODULE_TIMEOUT = float(os.environ.get("TWISTIO_ORACLE_TIMEOUT", "120"))

PASS, SKIP, TODO, FAIL = "pass", "skip", "todo", "fail"


@dataclass
class RunResult:
    """What one runner reported for one module."""

    module: str
    runner: str
    outcomes: dict[str, str] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)
    collect_errors: list[str] = field(default_factory=list)
    returncode: int = 0
    output: str = ""
    timed_out: bool = False
    seconds: float = 0.0

    def counts(self) -> Counter[str]:
        return Counter(self.outcomes.values())


def _env(overlay: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["TWISTIO_ORACLE_OVERLAY"] = str(overlay)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(cache.REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    env.setdefault("PYTHONDONTWRITEBYTECODE", "")
    return env


def _kill_marked(entry: bytes) -> None:
    """SIGKILL every process whose environment holds ``entry`` (Linux ``/proc``)."""
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if entry in environ.read_bytes().split(b"\0"):
                os.kill(int(environ.parent.name), signal.SIGKILL)
        except (OSError, ValueError):
            continue


def _run(
    cmd: list[str], env: dict[str, str], cwd: Path, echo: bool, timeout: float
) -> tuple[int, str, bool]:
    """Run ``cmd`` in its own process group; kill the group after ``timeout`` seconds.

    Children that left the group (a test's ``setsid`` or PTY child) are found by a marker in
    their environment and killed too, so a hung module cannot keep the pipe open forever.
    """
    marker = f"{os.getpid()}-{time.monotonic_ns()}"
    env = {**env, "TWISTIO_ORACLE_RUN_ID": marker}
    proc = subprocess.Popen(
        cmd,
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        text=True,
        errors="replace",
    )
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _kill_marked(f"TWISTIO_ORACLE_RUN_ID={marker}".encode())

    timer = threading.Timer(timeout, kill)
    timer.start()
    chunks: list[str] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            chunks.append(line)
            if echo:
                sys.stdout.write(line)
                sys.stdout.flush()
        proc.wait()
    finally:
        timer.cancel()
    return proc.returncode, "".join(chunks), timed_out.is_set()


def run_pytest(
    module: str,
    *,
    overlay: Path | None = None,
    known: dict[str, str] | None = None,
    keyword: str | None = None,
    extra: Sequence[str] = (),
    echo: bool = False,
    timeout: float = MODULE_TIMEOUT,
) -> RunResult:
    """Run one Twisted test module under pytest through the alias."""
    overlay = overlay if overlay is not None else cache.overlay_dir()
    known = claims.known_failures(module) if known is None else known
    result = RunResult(module, "pytest")
    path = overlay.joinpath(*module.split(".")[1:])
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    if not path.is_file():
        result.collect_errors.append(f"{module}: no such module in the Twisted test tree")
        result.returncode = 4
        return result
    with tempfile.TemporaryDirectory(prefix="twistio-oracle-") as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "known.json").write_text(json.dumps({module: known}))
        ini = tmpdir / "pytest.ini"
        ini.write_text("[pytest]\n")
        results = tmpdir / "results.json"
        env = _env(overlay)
        env["TWISTIO_ORACLE_KNOWN"] = str(tmpdir / "known.json")
        env["TWISTIO_ORACLE_RESULTS"] = str(results)
        cmd = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "compat_tests.oracle_plugin",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:asyncio",
            "-c",
            str(ini),
            "--rootdir",
            str(overlay.parent),
            "-v" if echo else "-q",
            "-rfE",
            "--tb=short" if echo else "--tb=no",
            "-W",
            "default",
        ]
        if keyword:
            cmd += ["-k", keyword]
        cmd += [*extra, str(path)]
        start = time.monotonic()
        code, output, timed_out = _run(cmd, env, tmpdir, echo, timeout)
        result.seconds = time.monotonic() - start
        result.returncode, result.output, result.timed_out = code, output, timed_out
        if results.exists():
            data = json.loads(results.read_text())
            result.outcomes = data["outcomes"].get(module, {})
            for other, outcomes in data["outcomes"].items():
                if other != module:  # tests whose class lives elsewhere but ran here
                    result.outcomes.update({f"{other}::{k}": v for k, v in outcomes.items()})
            result.details = data["details"]
            result.collect_errors = data["collect_errors"]
            for tid, outcome in list(result.outcomes.items()):
                detail = result.details.get(f"{module}::{tid}", "")
                if outcome == "failed" and detail.startswith("[XPASS(strict)]"):
                    result.outcomes[tid] = "xpassed"
        elif not timed_out:
            result.collect_errors.append(
                f"pytest wrote no results (exit {code}):\n{output[-3000:]}"
            )
    return result


def trial_available() -> bool:
    """Whether this twistio has ``twistio trial`` yet."""
    import importlib.util

    try:
        return importlib.util.find_spec("twistio.scripts.trial") is not None
    except ModuleNotFoundError:
        return False


_TRIAL_START = re.compile(r"^(?P<name>\S+) \.\.\. ")
_TRIAL_END = re.compile(r"(?P<all>(?:\[(?:OK|SKIPPED|TODO|FAILURE|ERROR|SUCCESS!\?!)\])+)\s*$")
_TRIAL_LEAD = re.compile(r"(?P<all>(?:\[(?:OK|SKIPPED|TODO|FAILURE|ERROR|SUCCESS!\?!)\])+)")
_TRIAL_ONE = re.compile(r"\[(OK|SKIPPED|TODO|FAILURE|ERROR|SUCCESS!\?!)\]")


def _worst_status(statuses: str) -> str:
    """Trial prints every outcome a test reports (``[ERROR][OK]`` for a test that passed and
    then erred in a cleanup): an error or failure among them is the test's outcome."""
    found = _TRIAL_ONE.findall(statuses)
    for bad in ("ERROR", "FAILURE"):
        if bad in found:
            return bad
    return str(found[-1])


_TRIAL_STATUS = {
    "OK": "passed",
    "SKIPPED": "skipped",
    "TODO": "xfailed",
    "FAILURE": "failed",
    "ERROR": "error",
    "SUCCESS!?!": "xpassed",
}


def _imported_test(name: str) -> bool:
    """Whether ``name`` looks like ``other.module.Class.test_method`` (not an import error)."""
    parts = name.split(".")
    return len(parts) >= 3 and parts[-2][:1].isupper() and parts[-1].startswith("test")


def parse_trial_output(module: str, output: str) -> tuple[dict[str, str], list[str]]:
    """Outcomes (``{"Class.test": outcome}``) and import errors from bwverbose output."""
    outcomes: dict[str, str] = {}
    errors: list[str] = []
    prefix = module + "."
    current: str | None = None  # a test's status may follow output it printed, lines later
    for line in output.splitlines():
        start = _TRIAL_START.match(line)
        end = None
        if start is not None:
            current = start["name"]
            # Statuses right after " ... ", even when output (a warning) follows them.
            end = _TRIAL_LEAD.match(line, start.end())
        if end is None:
            end = _TRIAL_END.search(line)
        if end is None or current is None:
            continue
        name, status = current, _TRIAL_STATUS[_worst_status(end["all"])]
        current = None
        if name.startswith(prefix) and name.count(".") == module.count(".") + 2:
            outcomes[name[len(prefix) :]] = status
        elif _imported_test(name):
            # A class the module imports from another test module keeps its home
            # module's name in trial's ids (as on real trial); pytest lists it here.
            outcomes.setdefault(".".join(name.rsplit(".", 2)[1:]), status)
        else:  # an import error is reported against the module (or a class) name
            errors.append(f"{name}: {_worst_status(end['all'])}")
    return outcomes, errors


def run_trial(
    module: str, *, overlay: Path | None = None, echo: bool = False, timeout: float = MODULE_TIMEOUT
) -> RunResult:
    """Run one Twisted test module under ``twistio trial --reporter=bwverbose``."""
    overlay = overlay if overlay is not None else cache.overlay_dir()
    result = RunResult(module, "trial")
    with tempfile.TemporaryDirectory(prefix="twistio-trial-") as tmp:
        cmd = [sys.executable, "-m", "compat_tests._trial_main", "--reporter=bwverbose", module]
        start = time.monotonic()
        code, output, timed_out = _run(cmd, _env(overlay), Path(tmp), echo, timeout)
        result.seconds = time.monotonic() - start
    result.returncode, result.output, result.timed_out = code, output, timed_out
    result.outcomes, result.collect_errors = parse_trial_output(module, output)
    if not result.outcomes and not result.collect_errors:
        result.collect_errors.append(f"trial reported no tests (exit {code}):\n{output[-3000:]}")
    return result


def reference_ids(module: str) -> set[str] | None:
    """The test ids real Twisted's trial finds in ``module`` (a dry run), cached per module.

    ``None`` when real Twisted cannot list the module (no interpreter, or it fails to import
    there): then nothing is compared.
    """
    ref_dir = cache.cache_dir() / "reference"
    ref_file = ref_dir / f"{module}.json"
    if ref_file.exists():
        data = json.loads(ref_file.read_text())
        return set(data) if data is not None else None
    python = cache.twisted_python_for_tests()
    if python is None:
        return None
    with tempfile.TemporaryDirectory(prefix="twistio-reference-") as tmp:
        proc = subprocess.run(
            [str(python), "-m", "twisted.trial", "-n", "--reporter=bwverbose", module],
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=MODULE_TIMEOUT,
            env={k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TWISTIO_ALIAS")},
        )
    outcomes, errors = parse_trial_output(module, proc.stdout)
    ids = set(outcomes) if outcomes and not errors else None
    ref_dir.mkdir(exist_ok=True)
    ref_file.write_text(json.dumps(sorted(ids) if ids is not None else None))
    return ids


def _category(outcome: str, claimed_failure: bool) -> str:
    if outcome == "passed":
        return PASS
    if outcome == "skipped":
        return SKIP
    if outcome == "xfailed" and not claimed_failure:
        return TODO
    return FAIL


def check(
    module: str,
    known: dict[str, str],
    pytest_result: RunResult,
    trial_result: RunResult | None = None,
    reference: set[str] | None = None,
) -> list[str]:
    """Problems with a claimed module's results; an empty list means the claim holds."""
    problems: list[str] = []
    for res in filter(None, [pytest_result, trial_result]):
        if res.timed_out:
            problems.append(f"[{res.runner}] timed out after {MODULE_TIMEOUT:.0f}s")
        for error in res.collect_errors:
            problems.append(f"[{res.runner}] did not import/collect: {error}")
    if not pytest_result.outcomes:
        problems.append("[pytest] no tests ran")
    for tid in sorted(set(known) - set(pytest_result.outcomes)):
        problems.append(f"listed as a known failure but not found: {tid}")
    for tid, outcome in sorted(pytest_result.outcomes.items()):
        if outcome == "xpassed" and tid in known:
            problems.append(f"{tid} passes now: remove it from compat_tests/claims.py")
        elif outcome in ("failed", "error", "xpassed"):
            detail = pytest_result.details.get(f"{module}::{tid}", "").strip().splitlines()
            problems.append(f"{tid} {outcome}" + (f": {detail[-1]}" if detail else ""))
    if reference is not None and pytest_result.outcomes:
        # Tests real Twisted has that never ran here (lost at collection) are failures too.
        lost = sorted(reference - set(pytest_result.outcomes))
        if lost:
            shown = ", ".join(lost[:10]) + (f" and {len(lost) - 10} more" if len(lost) > 10 else "")
            problems.append(f"{len(lost)} tests of real Twisted were not collected: {shown}")
    if not problems and pytest_result.returncode != 0:
        problems.append(f"[pytest] exit status {pytest_result.returncode}")
    if trial_result is not None:
        for tid in sorted(set(pytest_result.outcomes) | set(trial_result.outcomes)):
            p = pytest_result.outcomes.get(tid)
            t = trial_result.outcomes.get(tid)
            pc = _category(p, tid in known) if p else None
            tc = _category(t, tid in known) if t else None
            if pc != tc:
                problems.append(f"{tid}: pytest says {p}, trial says {t}")
    return problems


def _summary(res: RunResult) -> str:
    c = res.counts()
    total = sum(c.values())
    parts = [f"{c.get('passed', 0)}/{total} passed"]
    parts += [
        f"{c[k]} {k}" for k in ("failed", "error", "skipped", "xfailed", "xpassed") if c.get(k)
    ]
    if res.collect_errors:
        parts.append("IMPORT/COLLECT ERROR")
    if res.timed_out:
        parts.append("TIMED OUT")
    return ", ".join(parts) + f" ({res.seconds:.1f}s)"


def _cmd_run(args: argparse.Namespace) -> int:
    status = 0
    for module in args.modules:
        known = claims.known_failures(module)
        res = run_pytest(module, known=known, keyword=args.k, extra=args.pytest_args, echo=True)
        trial_res = None
        if args.trial:
            if trial_available():
                trial_res = run_trial(module, echo=args.verbose)
            else:
                print("twistio trial is not available yet; skipping the trial run")
        print(f"\n== {module} [pytest] {_summary(res)}")
        for error in res.collect_errors:
            print(f"   import/collect error: {error}")
        if trial_res is not None:
            print(f"== {module} [trial]  {_summary(trial_res)}")
        problems = check(module, known, res, trial_res, reference_ids(module))
        if args.k:  # a filtered run cannot judge the claim as a whole
            problems = [p for p in problems if "not found" not in p and "no tests ran" not in p]
        for problem in problems:
            print(f"   problem: {problem}")
        if problems:
            status = 1
    return status


def _cmd_status(args: argparse.Namespace) -> int:
    rows = claims.all_modules()
    if args.modules:
        rows = [r for r in rows if r[1] in args.modules]
        listed = {r[1] for r in rows}
        extra_sub = claims.Subsystem("(not listed)", issue=0)
        rows += [(extra_sub, m, False) for m in args.modules if m not in listed]
    header = f"{'subsystem':<30} {'module':<46} {'claim':<5} {'pass/total':>10}  notes"
    print(header)
    print("-" * len(header))
    status = 0
    for subsystem, module, claimed in rows:
        res = run_pytest(module)
        c = res.counts()
        total = sum(c.values())
        notes = []
        if res.collect_errors:
            from compat_tests.report import import_error

            notes.append("import error: " + import_error(res))
        notes += [
            f"{c[k]} {k}" for k in ("failed", "error", "skipped", "xfailed", "xpassed") if c.get(k)
        ]
        if res.timed_out:
            notes.append("timed out")
        if args.trial and trial_available():
            tres = run_trial(module)
            notes.append(f"trial {tres.counts().get('passed', 0)}/{sum(tres.counts().values())}")
        reference = reference_ids(module)
        if reference is not None and not res.collect_errors:
            missing = len(reference - set(res.outcomes))
            if missing:
                notes.append(f"{missing} of Twisted's tests not collected")
        if claimed and check(module, claims.known_failures(module), res, None, reference):
            status = 1
            notes.insert(0, "CLAIM BROKEN")
        print(
            f"{subsystem.name[:30]:<30} {module:<46} {'yes' if claimed else 'no':<5} "
            f"{c.get('passed', 0):>4}/{total:<5}  {'; '.join(notes)}",
            flush=True,
        )
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        epilog="run: arguments after -- go to pytest unchanged",
        prog="python -m compat_tests.oracle",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run Twisted test modules and print per-test results")
    run.add_argument("modules", nargs="+", metavar="MODULE")
    run.add_argument("-k", help="pytest -k expression")
    run.add_argument("--trial", action="store_true", help="also run under twistio trial")
    run.add_argument("-v", "--verbose", action="store_true", help="echo trial's output too")
    status = sub.add_parser("status", help="per-module pass/total table")
    status.add_argument("modules", nargs="*", metavar="MODULE")
    status.add_argument("--trial", action="store_true")
    argv = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in argv:  # everything after "--" goes to pytest untouched
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    args = parser.parse_args(argv)
    if args.command == "run":
        args.pytest_args = extra
        return _cmd_run(args)
    return _cmd_status(args)


if __name__ == "__main__":
    sys.exit(main())
