"""How much Python per request a given HTTP hello-world rate leaves, measured under wrk.

``python -m benchmarks.http_budget [--spins 0,5,10,15,20] [--repeats 3] [--quick]``

The same run measures real twisted.web (Twisted 26.10, epoll) and twisted.web on twistio
(uvloop) serving the http_hello page, and a Twisted-API responder on twistio that does no
HTTP work at all but busy-waits a fixed number of microseconds per request (the scenario
script ``http_budget_server.py``).  The responder's rates map a per-request Python cost to
requests/s on this machine -- kernel, loop and transport included -- so the table answers
"how cheap must the web layer be for N x twisted.web?".  Medians of ``--repeats``;
implementations interleaved run by run, as in ``python -m benchmarks``.
"""

from __future__ import annotations

import argparse
import statistics
import sys

from benchmarks import runner


def _impls(spins: list[float]) -> list[tuple[str, runner.Impl, runner.Scenario]]:
    hello = runner.SCENARIOS["http_hello"]
    budget = runner.Scenario(
        "http_budget", "responder", "requests/s", "http_budget_server", (), clients=100, load="http"
    )
    twistio = runner.IMPLS["twistio-uvloop"]
    rows = [
        ("twisted.web, Twisted 26.10 / epoll", runner.IMPLS[runner.BASELINE], hello),
        ("twisted.web, twistio / uvloop", twistio, hello),
    ]
    for spin in spins:
        impl = runner.Impl(
            f"spin-{spin:g}",
            twistio.label,
            twistio.command,
            {**twistio.env, "BENCH_SPIN_US": f"{spin:g}"},
        )
        rows.append((f"responder, {spin:g} us of Python per request", impl, budget))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spins", default="0,5,10,15,20", help="microseconds, comma-separated")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="short runs (a smoke test)")
    args = parser.parse_args(argv)
    spins = [float(s) for s in args.spins.split(",") if s]
    rows = _impls(spins)
    rates: dict[str, list[float]] = {label: [] for label, _, _ in rows}
    for _ in range(args.repeats):
        for label, impl, scenario in rows:
            prefix = impl.command()
            assert prefix is not None
            m = runner._measure_server(impl, prefix, scenario, args.quick, timeout=120.0)
            if m.ops_per_s is None:
                print(f"{label}: {m.error}", file=sys.stderr)
                return 1
            rates[label].append(m.ops_per_s)
    medians = {label: statistics.median(v) for label, v in rates.items()}
    base = medians[rows[0][0]]
    print(f"{'':48} {'requests/s':>11}  x twisted.web")
    for label, _, _ in rows:
        print(f"{label:48} {medians[label]:11.0f}  {medians[label] / base:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
