"""Run the benchmark scenarios in separate processes and report medians and ratios to Twisted.

``python -m benchmarks [--quick] [--scenario NAME ...] [--update] [--repeats N] [--output PATH]``

Each measurement is one fresh process (server scenarios: a server process plus one load
generator process, 127.0.0.1 only, bounded in time).  Implementations are interleaved run by
run so that drift on a shared machine hits all of them alike.  The full run writes
``docs/performance.md`` and ``docs/performance.png`` from ``docs/performance.json`` (the
results it keeps); ``--update --scenario NAME`` re-measures only the named scenarios and
rewrites the page with them replaced (each row says when it was measured), so one changed
subsystem does not cost a full run.  ``--quick`` is a smoke run (small counts, one repeat)
that writes only under ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import loadgen_c
from compat_tests import cache

HERE = Path(__file__).resolve().parent
SCENARIOS_DIR = HERE / "scenarios"
RESULTS = HERE / "results"
DOCS = HERE.parent / "docs"
STORED = DOCS / "performance.json"
BASELINE = "twisted"


@dataclass(frozen=True)
class Impl:
    """One way of running a scenario script."""

    key: str
    label: str
    command: Callable[[], list[str] | None]  # None: not available here
    env: dict[str, str] = field(default_factory=dict)
    raw: bool = False  # runs the scenario's raw_* script instead of the Twisted-API one


def _twistio() -> list[str]:
    return [sys.executable, "-m", "twistio", "run"]


def _twisted() -> list[str]:
    return [str(cache.twisted_python())]


def _twisted_uvloop() -> list[str] | None:
    python = cache.twisted_python_with("uvloop", "uvloop")
    return [str(python)] if python is not None else None


def _raw() -> list[str]:
    return [sys.executable]


IMPLS = {
    i.key: i
    for i in (
        Impl("twistio-uvloop", "twistio / uvloop", _twistio, {"TWISTIO_LOOP": "uvloop"}),
        Impl("twistio-asyncio", "twistio / asyncio", _twistio, {"TWISTIO_LOOP": "asyncio"}),
        Impl(BASELINE, "Twisted 26.10 / epoll", _twisted),
        Impl(
            "twisted-asyncio-uvloop",
            "Twisted 26.10 / asyncioreactor+uvloop",
            _twisted_uvloop,
            {"BENCH_TWISTED_REACTOR": "asyncio-uvloop"},
        ),
        Impl("raw-uvloop", "raw uvloop", _raw, {"BENCH_RAW_LOOP": "uvloop"}, raw=True),
        Impl("raw-asyncio", "raw asyncio", _raw, {"BENCH_RAW_LOOP": "asyncio"}, raw=True),
        Impl(
            "raw-httptools",
            "raw httptools / uvloop",
            _raw,
            {"BENCH_RAW_LOOP": "uvloop", "BENCH_RAW_SERVER": "httptools"},
            raw=True,
        ),
        Impl("raw-python", "raw Python", _raw, {"BENCH_RAW_LOOP": "none"}, raw=True),
    )
}
PURE = ("twistio-uvloop", "twistio-asyncio", BASELINE)
#: Reactor-driven scripts: also real Twisted's asyncioreactor on uvloop, and the raw scripts.
CLIENT = (*PURE, "twisted-asyncio-uvloop", "raw-uvloop", "raw-asyncio")
ALL = tuple(k for k in IMPLS if k not in ("raw-python", "raw-httptools"))
#: HTTP hello world: also a bare httptools server, the ceiling of any Python HTTP server.
HTTP_HELLO = (*ALL[:4], "raw-uvloop", "raw-httptools")


@dataclass(frozen=True)
class Scenario:
    """A measured workload; ``server`` scenarios pair a server script with the load generator."""

    name: str
    title: str
    unit: str
    script: str
    impls: tuple[str, ...]
    n: int = 0
    quick_n: int = 0
    clients: int = 0
    size: int = 0
    #: a twistio module the scenario needs; twistio runs are skipped while it does not exist
    requires: str = ""
    #: server scenarios: the load generator's mode (see benchmarks/loadgen.py) and its options
    load: str = "echo"
    path: str = "/"
    quick_clients: int = 0
    #: ``(module, pip requirement)`` pairs the real-Twisted interpreter needs for this scenario
    twisted_needs: tuple[tuple[str, str], ...] = ()


#: Real Twisted's TLS needs pyOpenSSL and service_identity (twistio uses the stdlib ssl module).
_TLS_NEEDS = (("OpenSSL", "pyOpenSSL"), ("service_identity", "service_identity"))

SCENARIOS = {
    s.name: s
    for s in (
        Scenario(
            "deferred_chain",
            "Deferred create + 3 callbacks + fire",
            "ops/s",
            "deferred_chain",
            PURE,
            n=200_000,
            quick_n=5_000,
        ),
        Scenario(
            "inline_callbacks",
            "inlineCallbacks round trip",
            "ops/s",
            "inline_callbacks",
            PURE,
            n=100_000,
            quick_n=2_000,
        ),
        Scenario(
            "ensure_deferred",
            "ensureDeferred round trip",
            "ops/s",
            "ensure_deferred",
            PURE,
            n=100_000,
            quick_n=2_000,
        ),
        Scenario(
            "call_later",
            "callLater throughput (reactor)",
            "calls/s",
            "call_later",
            ALL,
            n=100_000,
            quick_n=2_000,
        ),
        Scenario(
            "line_parsing",
            "LineReceiver parsing (40 B lines, 4 KiB chunks)",
            "lines/s",
            "line_parsing",
            (*PURE, "raw-python"),
            n=200_000,
            quick_n=5_000,
            requires="twistio.protocols.basic",
        ),
        Scenario(
            "template_flatten",
            "twisted.web.template: 100-row page",
            "pages/s",
            "template_flatten",
            PURE,
            n=500,
            quick_n=20,
            requires="twistio.web.template",
        ),
        Scenario(
            "agent_requests",
            "Agent GET + readBody, persistent pool, 10 in flight",
            "requests/s",
            "agent_requests",
            CLIENT,
            n=5_000,
            quick_n=200,
            requires="twistio.web.client",
        ),
        Scenario(
            "trial_overhead",
            "trial: Deferred-returning test, per test",
            "tests/s",
            "trial_overhead",
            PURE,
            n=3_000,
            quick_n=100,
            requires="twistio.trial.unittest",
        ),
        Scenario(
            "tls_echo",
            "TLS echo as a client, 10 connections, 16 KiB",
            "round trips/s",
            "tls_echo",
            CLIENT,
            n=20_000,
            quick_n=500,
            requires="twistio._aio.tls",
            twisted_needs=_TLS_NEEDS,
        ),
        Scenario(
            "tls_handshake",
            "TLS handshakes as a client, 10 at a time",
            "handshakes/s",
            "tls_handshake",
            (*PURE, "twisted-asyncio-uvloop"),
            n=1_000,
            quick_n=50,
            requires="twistio._aio.tls",
            twisted_needs=_TLS_NEEDS,
        ),
        Scenario(
            "process_spawn",
            "spawnProcess + processEnded, 8 in flight",
            "processes/s",
            "process_spawn",
            (*PURE, "twisted-asyncio-uvloop"),
            n=300,
            quick_n=50,
            requires="twistio.internet.process",
        ),
        Scenario(
            "adbapi_sqlite_query",
            "adbapi runQuery, sqlite3 (3 threads, 10 in flight)",
            "queries/s",
            "adbapi_sqlite_query",
            (*PURE, "twisted-asyncio-uvloop"),
            n=20_000,
            quick_n=500,
            requires="twistio.enterprise.adbapi",
        ),
        Scenario(
            "adbapi_postgres_query",
            "adbapi runQuery, PostgreSQL/psycopg (3 threads, 10 in flight)",
            "queries/s",
            "adbapi_postgres_query",
            (*PURE, "twisted-asyncio-uvloop"),
            n=5_000,
            quick_n=200,
            requires="twistio.enterprise.adbapi",
            twisted_needs=(("psycopg", "psycopg[binary]"),),
        ),
        Scenario(
            "tcp_echo_10x100",
            "TCP echo, 10 clients, 100 B",
            "round trips/s",
            "tcp_echo_server",
            ALL,
            clients=10,
            size=100,
        ),
        Scenario(
            "tcp_echo_100x100",
            "TCP echo, 100 clients, 100 B",
            "round trips/s",
            "tcp_echo_server",
            ALL,
            clients=100,
            size=100,
        ),
        Scenario(
            "tcp_echo_10x16k",
            "TCP echo, 10 clients, 16 KiB",
            "round trips/s",
            "tcp_echo_server",
            ALL,
            clients=10,
            size=16384,
        ),
        Scenario(
            "tcp_echo_100x16k",
            "TCP echo, 100 clients, 16 KiB",
            "round trips/s",
            "tcp_echo_server",
            ALL,
            clients=100,
            size=16384,
        ),
        Scenario(
            "tcp_connect",
            "TCP connect + 100 B echo + close, 10 at a time",
            "connections/s",
            "tcp_echo_server",
            ALL,
            clients=10,
            size=100,
            load="connect",
        ),
        Scenario(
            "tcp_client_connect",
            "TCP client: connectTCP + 100 B echo + close, 10 at a time",
            "connections/s",
            "tcp_client_connect",
            CLIENT,
            n=5_000,
            quick_n=200,
        ),
        Scenario(
            "tcp_idle_10k",
            "Memory: 10,000 idle TCP connections",
            "connections/MiB",
            "tcp_echo_server",
            ALL,
            clients=10_000,
            quick_clients=200,
            size=10,
            load="idle",
        ),
        Scenario(
            "http_hello",
            "HTTP hello world, 100 keep-alive connections (wrk)",
            "requests/s",
            "http_hello_server",
            HTTP_HELLO,
            clients=100,
            load="http",
            path="/",
            requires="twistio.web.server",
        ),
        Scenario(
            "http_hello_10",
            "HTTP hello world, 10 keep-alive connections (wrk)",
            "requests/s",
            "http_hello_server",
            HTTP_HELLO,
            clients=10,
            load="http",
            path="/",
            requires="twistio.web.server",
        ),
        Scenario(
            "http_static",
            "Static 64 KiB file, 10 keep-alive connections (wrk)",
            "requests/s",
            "http_static_server",
            (*ALL[:4], "raw-uvloop"),
            clients=10,
            load="http",
            path="/file64k.bin",
            requires="twistio.web.static",
        ),
    )
}


@dataclass
class Measurement:
    ops_per_s: float | None
    error: str = ""


def _env(impl: Impl) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TWISTIO_ALIAS")}
    if not impl.raw and impl.key.startswith("twistio"):
        env["PYTHONPATH"] = str(HERE.parent)
    env.update(impl.env)
    # Client scenarios start their target server with this interpreter (it has uvloop), so the
    # server is the same whichever implementation the client under test runs on.
    env["BENCH_TARGET_PYTHON"] = sys.executable
    return env


def _script_args(impl: Impl, scenario: Scenario) -> list[str]:
    script = SCENARIOS_DIR / (("raw_" if impl.raw else "") + scenario.script + ".py")
    args = [str(script)]
    if impl.raw:
        args += ["--loop", impl.env["BENCH_RAW_LOOP"]]
    return args


def _last_json(text: str) -> dict[str, float]:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return dict(json.loads(line))
    raise ValueError("no result line")


def _measure_script(
    impl: Impl, prefix: list[str], scenario: Scenario, quick: bool, timeout: float
) -> Measurement:
    n = scenario.quick_n if quick else scenario.n
    cmd = [*prefix, *_script_args(impl, scenario), "--n", str(n)]
    try:
        proc = subprocess.run(
            cmd,
            env=_env(impl),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=SCENARIOS_DIR,
            stdin=subprocess.DEVNULL,
        )
        data = _last_json(proc.stdout)
    except subprocess.TimeoutExpired:
        return Measurement(None, f"timed out after {timeout:.0f}s")
    except ValueError:
        return Measurement(None, (proc.stderr.strip().splitlines() or ["no output"])[-1][:200])
    return Measurement(data["ops"] / data["seconds"])


def _measure_server(
    impl: Impl, prefix: list[str], scenario: Scenario, quick: bool, timeout: float
) -> Measurement:
    seconds, warmup = (0.3, 0.1) if quick else (2.0, 0.5)
    cmd = [*prefix, *_script_args(impl, scenario), "--max-seconds", str(timeout)]
    server = subprocess.Popen(
        cmd,
        env=_env(impl),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=SCENARIOS_DIR,
        stdin=subprocess.DEVNULL,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # the server prints its port once listening
        if not line:
            err = server.stderr.read() if server.stderr else ""
            return Measurement(None, (err.strip().splitlines() or ["server died"])[-1][:200])
        port = json.loads(line)["port"]
        clients = scenario.quick_clients if quick and scenario.quick_clients else scenario.clients
        # The C load generator where it has the mode (see benchmarks/loadgen_c), else Python.
        prefix = loadgen_c.command(scenario.load) or [sys.executable, "-m", "benchmarks.loadgen"]
        load = [
            *prefix,
            "--port",
            str(port),
            "--mode",
            scenario.load,
            "--path",
            scenario.path,
            "--server-pid",
            str(server.pid),
            "--clients",
            str(clients),
            "--size",
            str(scenario.size),
            "--seconds",
            str(seconds),
            "--warmup",
            str(warmup),
        ]
        proc = subprocess.run(
            load,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=HERE.parent,
            stdin=subprocess.DEVNULL,
        )
        try:
            data = _last_json(proc.stdout)
        except ValueError:
            return Measurement(
                None,
                "load generator: " + (proc.stderr.strip().splitlines() or ["no output"])[-1][:200],
            )
        return Measurement(data["ops"] / data["seconds"])
    except subprocess.TimeoutExpired:
        return Measurement(None, f"timed out after {timeout:.0f}s")
    finally:
        server.kill()
        server.wait()


def _has(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def run(
    scenarios: list[Scenario], repeats: int, quick: bool, log: Callable[[str], None] = print
) -> dict[str, object]:
    """Measure ``scenarios``; returns the JSON-able results (medians, ratios, errors)."""
    timeout = 30.0 if quick else 120.0
    prefixes: dict[str, list[str] | None] = {}
    out: dict[str, object] = {"scenarios": {}, "meta": _meta(repeats, quick)}
    for scenario in scenarios:
        samples: dict[str, list[float]] = {k: [] for k in scenario.impls}
        errors: dict[str, str] = {}
        for _ in range(repeats):
            for key in scenario.impls:
                impl = IMPLS[key]
                if key not in prefixes:
                    prefixes[key] = impl.command()
                prefix = prefixes[key]
                if prefix is not None and scenario.twisted_needs and not key.startswith("twistio"):
                    if any(cache.twisted_python_with(*n) is None for n in scenario.twisted_needs):
                        prefix = None
                if prefix is None:
                    errors[key] = "not available here"
                    continue
                if scenario.requires and key.startswith("twistio") and not _has(scenario.requires):
                    errors[key] = f"not available here: {scenario.requires} does not exist yet"
                    continue
                measure = _measure_server if scenario.clients else _measure_script
                m = measure(impl, prefix, scenario, quick, timeout)
                if m.ops_per_s is None:
                    errors[key] = m.error
                else:
                    samples[key].append(m.ops_per_s)
        medians = {k: statistics.median(v) for k, v in samples.items() if v}
        base = medians.get(BASELINE)
        ratios = {k: v / base for k, v in medians.items()} if base else {}
        out["scenarios"][scenario.name] = {  # type: ignore[index]
            "title": scenario.title,
            "unit": scenario.unit,
            "medians": medians,
            "ratios": ratios,
            "errors": errors,
            "samples": samples,
        }
        line = ", ".join(
            f"{IMPLS[k].label}: {_fmt(v)}" + (f" ({ratios[k]:.2f}x)" if k in ratios else "")
            for k, v in medians.items()
        )
        log(f"{scenario.name}: {line}" + "".join(f"; {k}: ERROR {e}" for k, e in errors.items()))
    return out


def _meta(repeats: int, quick: bool) -> dict[str, object]:
    def version(mod: str) -> str:
        try:
            from importlib.metadata import version as v

            return v(mod)
        except Exception:
            return "?"

    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "uvloop": version("uvloop"),
        "twistio": version("twistio"),
        "repeats": repeats,
        "quick": quick,
    }


def _remeasured(scenarios: dict[str, dict[str, object]], date: str) -> list[str]:
    """Lines naming the rows measured later than the page's full run (``--update``)."""
    by_date: dict[str, list[str]] = {}
    for s in scenarios.values():
        when = s.get("measured", date)
        if when != date:
            by_date.setdefault(str(when), []).append(str(s["title"]))
    return [
        f"Re-measured {when} (same method, same session for every column): "
        + "; ".join(titles)
        + "."
        for when, titles in sorted(by_date.items())
    ]


def merge(stored: dict[str, object], fresh: dict[str, object]) -> dict[str, object]:
    """``stored`` results with ``fresh``'s scenarios replacing (or joining) theirs, each marked
    with the date it was measured; scenario order follows ``SCENARIOS``."""
    old = stored["scenarios"]
    new = fresh["scenarios"]
    assert isinstance(old, dict) and isinstance(new, dict)
    meta = fresh["meta"]
    assert isinstance(meta, dict)
    for s in new.values():
        s["measured"] = meta["date"]
    combined = {**old, **new}
    order = [n for n in SCENARIOS if n in combined] + [n for n in combined if n not in SCENARIOS]
    return {"meta": stored["meta"], "scenarios": {n: combined[n] for n in order}}


def _fmt(v: float) -> str:
    if v >= 1e6:
        return f"{v / 1e6:.2f}M"
    if v >= 1e3:
        return f"{v / 1e3:.1f}k"
    return f"{v:.0f}"


def markdown(results: dict[str, object], chart: str | None) -> str:
    """The performance page for ``results``."""
    meta = results["meta"]
    assert isinstance(meta, dict)
    scenarios = results["scenarios"]
    assert isinstance(scenarios, dict)
    keys = [
        k for k in IMPLS if any(k in s["medians"] or k in s["errors"] for s in scenarios.values())
    ]
    lines = [
        "# Performance",
        "",
        "<!-- Generated by `python -m benchmarks` (`nox -s bench`); do not edit by hand. -->",
        "",
        "The same Twisted-API program runs on twistio (uvloop and stdlib asyncio loops), on real",
        "Twisted 26.10 (epoll reactor; asyncioreactor on uvloop where a reactor is involved) and,",
        "as the practical limit, as a raw asyncio/uvloop program. Each cell is the median of",
        f"{meta['repeats']} runs, each in a fresh process; in brackets the ratio to real Twisted",
        "(epoll) measured in the same session (higher is better). Servers and load generators run",
        "in separate processes on 127.0.0.1; the load generator is the same for every server.",
        "",
        f"Measured {meta['date']} on {meta['platform']}, {meta['cpus']} CPUs (shared with other",
        f"work, so expect noise), Python {meta['python']}, uvloop {meta['uvloop']}, twistio "
        f"{meta['twistio']}.",
        *_remeasured(scenarios, str(meta["date"])),
        "",
        "| scenario | unit | " + " | ".join(IMPLS[k].label for k in keys) + " |",
        "|---|---|" + "---:|" * len(keys),
    ]
    for s in scenarios.values():
        cells = []
        for k in keys:
            if k in s["medians"]:
                ratio = s["ratios"].get(k)
                cells.append(_fmt(s["medians"][k]) + (f" ({ratio:.2f}x)" if ratio else ""))
            elif k in s["errors"]:
                unavailable = s["errors"][k].startswith("not available here")
                cells.append("n/a" if unavailable else "error")
            else:
                cells.append("–")
        lines.append(f"| {s['title']} | {s['unit']} | " + " | ".join(cells) + " |")
    errors = [(s["title"], k, e) for s in scenarios.values() for k, e in s["errors"].items()]
    if errors:
        lines += ["", "Errors and unavailable runs:", ""]
        lines += [f"- {title}, {IMPLS[k].label}: {e}" for title, k, e in errors]
    lines += [
        "",
        "Scenarios are in `benchmarks/scenarios/`; the load generator is `benchmarks/loadgen.py`",
        "(the echo and connect modes run its C twin, `benchmarks/loadgen_c/loadgen.c`).",
    ]
    if chart:
        lines += ["", f"![Throughput relative to Twisted 26.10 (epoll)]({chart})"]
    return "\n".join(lines) + "\n"


def write_chart(results: dict[str, object], path: Path) -> bool:
    """A grouped bar chart of ratios to Twisted; False when matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    scenarios = results["scenarios"]
    assert isinstance(scenarios, dict)
    names = list(scenarios)
    keys = [k for k in IMPLS if any(k in s["ratios"] for s in scenarios.values())]
    width = 0.8 / max(1, len(keys))
    fig, ax = plt.subplots(figsize=(max(8, 1.4 * len(names)), 4.5))
    for i, k in enumerate(keys):
        xs = [j + i * width for j in range(len(names))]
        ys = [scenarios[n]["ratios"].get(k, 0) for n in names]
        ax.bar(xs, ys, width, label=IMPLS[k].label)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_xticks([j + width * (len(keys) - 1) / 2 for j in range(len(names))])
    ax.set_xticklabels([scenarios[n]["title"] for n in names], rotation=20, ha="right", fontsize=8)
    ax.set_ylabel("throughput / Twisted 26.10 (epoll)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: small counts, 1 repeat")
    parser.add_argument(
        "--scenario",
        action="append",
        choices=sorted(SCENARIOS),
        help="run only this scenario (repeatable)",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="merge the chosen scenarios into docs/performance.json and rewrite the page",
    )
    parser.add_argument("--repeats", type=int, help="runs per implementation (default 5, quick 1)")
    parser.add_argument(
        "--output",
        type=Path,
        help="markdown file to write (default: docs/performance.md for a full "
        "run of every scenario, else benchmarks/results/<mode>.md)",
    )
    opts = parser.parse_args(argv)
    if opts.update and (opts.quick or not opts.scenario or not STORED.exists()):
        parser.error("--update needs --scenario, no --quick, and a stored full run")
    repeats = opts.repeats or (1 if opts.quick else 5)
    chosen = [SCENARIOS[n] for n in (opts.scenario or SCENARIOS)]
    start = time.monotonic()
    fresh = run(chosen, repeats, opts.quick)
    RESULTS.mkdir(exist_ok=True)
    mode = "quick" if opts.quick else "full"
    (RESULTS / f"{mode}.json").write_text(json.dumps(fresh, indent=1))
    full = not opts.quick and not opts.scenario
    results = merge(json.loads(STORED.read_text()), fresh) if opts.update else fresh
    if full or opts.update:
        STORED.write_text(json.dumps(results, indent=1) + "\n")
    output = opts.output
    if output is None:
        output = DOCS / "performance.md" if full or opts.update else RESULTS / f"{mode}.md"
    chart_path = output.with_suffix(".png")
    chart = chart_path.name if write_chart(results, chart_path) else None
    output.write_text(markdown(results, chart))
    print(
        f"wrote {output}"
        + (f" and {chart_path}" if chart else " (no chart: no matplotlib)")
        + f" in {time.monotonic() - start:.1f}s"
    )
    failed = [
        n
        for n, s in fresh["scenarios"].items()  # type: ignore[attr-defined]
        if not s["medians"]
    ]
    return 1 if failed else 0
