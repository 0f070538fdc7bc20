"""protocols.htb: token buckets nest, leak with time, and shape a consumer's writes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from twistio.internet.testing import StringTransport
from twistio.protocols import htb


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    clock = [0.0]
    monkeypatch.setattr(htb, "time", lambda: clock[0])
    yield clock


class Small(htb.Bucket):
    maxburst = 10
    rate = 3


def test_nested_buckets_accept_what_fits_everywhere(now: list[float]) -> None:
    """A child accepts only what also fits its parent; both leak ``rate`` per second
    (fractions included, as in Twisted)."""
    parent = Small()
    child = Small(parent)
    other = Small(parent)
    assert child.add(8) == 8
    assert other.add(8) == 2
    now[0] = 0.5
    assert child.add(100) == pytest.approx(1.5)
    assert not child.drip()
    now[0] = 100
    assert child.drip() and parent.drip()


def test_shaped_consumer_writes_only_the_allowance(now: list[float]) -> None:
    """A ShapedConsumer passes on what its bucket accepts; the rest waits for a pull."""
    consumer = StringTransport()
    bucket = Small()
    shaped = htb.ShapedConsumer(consumer, bucket)
    assert bucket._refcount == 1
    shaped.resumeProducing()
    shaped.write(b"x" * 25)
    assert consumer.value() == b"x" * 10
    now[0] = 2
    shaped.resumeProducing()
    assert consumer.value() == b"x" * 16
    shaped.stopProducing()
    assert bucket._refcount == 0
