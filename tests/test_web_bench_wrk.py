"""The wrk driver of the http benchmarks: its report is parsed, and errors fail the run."""

from __future__ import annotations

import pytest

from benchmarks.loadgen_wrk import WrkError, parse_wrk

_CLEAN = """Running 2s test @ http://127.0.0.1:4321/
  1 threads and 100 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.31ms  301.07us   9.12ms   92.10%
    Req/Sec    43.71k     1.20k   45.02k    80.00%
  87012 requests in 2.00s, 12.37MB read
Requests/sec:  43480.12
Transfer/sec:      6.18MB
"""


def test_requests_and_rate() -> None:
    """ops is wrk's request count and seconds agrees with its Requests/sec line."""
    result = parse_wrk(_CLEAN)
    assert result["ops"] == 87012
    assert result["ops"] / result["seconds"] == pytest.approx(43480.12)


def test_non_2xx_fails() -> None:
    """Error responses invalidate the measurement."""
    report = _CLEAN.replace(
        "  87012 requests in 2.00s, 12.37MB read\n",
        "  87012 requests in 2.00s, 12.37MB read\n  Non-2xx or 3xx responses: 5\n",
    )
    with pytest.raises(WrkError, match="5 non-2xx"):
        parse_wrk(report)


def test_socket_errors_fail() -> None:
    """Connection errors (a server dropping connections) invalidate the measurement."""
    report = _CLEAN.replace(
        "Requests/sec:",
        "  Socket errors: connect 0, read 3, write 0, timeout 0\nRequests/sec:",
    )
    with pytest.raises(WrkError, match="read 3"):
        parse_wrk(report)


def test_no_report_fails() -> None:
    """Output without a request count (wrk could not run) is an error, not zero."""
    with pytest.raises(WrkError):
        parse_wrk("unable to connect to 127.0.0.1:1 Connection refused\n")
