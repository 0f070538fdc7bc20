"""twisted.protocols.htb: hierarchical token buckets for shaping a transport's output rate.

A :class:`Bucket` holds up to ``maxburst`` tokens and leaks ``rate`` tokens a second; adding
tokens to a bucket also adds them to its parent, so only what fits in every ancestor is
accepted.  Filters hand out buckets by key (per peer host, per server port...), and
:class:`ShapedConsumer`/:class:`ShapedTransport` write only as many bytes as their bucket
accepts, keeping the rest until the next pull.  Time comes from the module's ``time``
(tests replace it).
"""

from __future__ import annotations

from time import time
from typing import Any

from zope.interface import Interface, implementer

from twistio.protocols import pcp

__name__ = "twisted.protocols.htb"


class Bucket:
    """A token bucket: ``maxburst`` tokens at most (None: no limit), leaking ``rate``
    tokens a second (None: empty at once), nested in ``parentBucket`` if given."""

    maxburst: int | None = None
    rate: float | None = None
    _refcount = 0

    def __init__(self, parentBucket: Bucket | None = None) -> None:
        self.content: float = 0
        self.parentBucket = parentBucket
        self.lastDrip = time()

    def add(self, amount: float) -> float:
        """Add up to ``amount`` tokens, as many as fit here and in every parent; returns
        how many were added."""
        self.drip()
        if self.maxburst is None:
            allowable = amount
        else:
            allowable = min(amount, self.maxburst - self.content)
        if self.parentBucket is not None:
            allowable = self.parentBucket.add(allowable)
        self.content += allowable
        return allowable

    def drip(self) -> bool:
        """Leak what the elapsed time allows (parents too); True when now empty."""
        if self.parentBucket is not None:
            self.parentBucket.drip()
        if self.rate is None:
            self.content = 0
        else:
            now = time()
            leaked = (now - self.lastDrip) * self.rate
            self.content = max(0, self.content - leaked)
            self.lastDrip = now
        return self.content == 0


class IBucketFilter(Interface):
    def getBucketFor(*somethings: Any, **some_kw: Any) -> Bucket:
        """The bucket for the given things (see HierarchicalBucketFilter)."""


@implementer(IBucketFilter)
class HierarchicalBucketFilter:
    """Hands out one bucket per key (``getBucketKey``), nested in the bucket the parent
    filter gives for the same arguments.  Every ``sweepInterval`` seconds (if set), empty
    buckets no consumer uses any more are forgotten."""

    bucketFactory = Bucket
    sweepInterval: float | None = None

    def __init__(self, parentFilter: Any = None) -> None:
        self.buckets: dict[Any, Bucket] = {}
        self.parentFilter = parentFilter
        self.lastSweep = time()

    def getBucketFor(self, *a: Any, **kw: Any) -> Bucket:
        """The bucket for these arguments, made on first use."""
        if self.sweepInterval is not None and time() - self.lastSweep > self.sweepInterval:
            self.sweep()
        parentBucket = None
        if self.parentFilter is not None:
            parentBucket = self.parentFilter.getBucketFor(*a, **kw)
        key = self.getBucketKey(*a, **kw)
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.bucketFactory(parentBucket)
            self.buckets[key] = bucket
        return bucket

    def getBucketKey(self, *a: Any, **kw: Any) -> Any:
        """The key the arguments share a bucket by; here, one bucket for everything."""
        return None

    def sweep(self) -> None:
        """Forget buckets that are empty and unused."""
        for key, bucket in list(self.buckets.items()):
            empty = bucket.drip()
            if bucket._refcount == 0 and empty:
                del self.buckets[key]
        self.lastSweep = time()


class FilterByHost(HierarchicalBucketFilter):
    """One bucket per peer host of the transport."""

    sweepInterval = 60 * 20

    def getBucketKey(self, transport: Any) -> Any:  # type: ignore[override]
        return transport.getPeer().host


class FilterByServer(HierarchicalBucketFilter):
    """One bucket per local port of the transport."""

    sweepInterval = None

    def getBucketKey(self, transport: Any) -> Any:  # type: ignore[override]
        return transport.getHost().port


class ShapedConsumer(pcp.ProducerConsumerProxy):
    """Passes writes to ``consumer`` only as fast as ``bucket`` lets them (a pull proxy)."""

    iAmStreaming = False

    def __init__(self, consumer: Any, bucket: Bucket) -> None:
        pcp.ProducerConsumerProxy.__init__(self, consumer)
        self.bucket = bucket
        self.bucket._refcount += 1

    def _writeSomeData(self, data: Any) -> int:
        # A fractional allowance (fractional rates or times) sends the whole bytes only.
        amount = int(self.bucket.add(len(data)))
        return pcp.ProducerConsumerProxy._writeSomeData(self, data[:amount])

    def stopProducing(self) -> None:
        pcp.ProducerConsumerProxy.stopProducing(self)
        self.bucket._refcount -= 1


class ShapedTransport(ShapedConsumer):
    """A transport whose writes are shaped; everything else is the wrapped transport's."""

    iAmStreaming = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.consumer, name)


class ShapedProtocolFactory:
    """Wraps a protocol class so that each protocol's transport is shaped by the bucket
    ``bucketFilter`` gives for that transport.  Use it as a factory's ``protocol``."""

    def __init__(self, protoClass: Any, bucketFilter: Any) -> None:
        self.protocol = protoClass
        self.bucketFilter = bucketFilter

    def __call__(self, *a: Any, **kw: Any) -> Any:
        proto = self.protocol(*a, **kw)
        origMakeConnection = proto.makeConnection

        def makeConnection(transport: Any) -> Any:
            bucket = self.bucketFilter.getBucketFor(transport)
            return origMakeConnection(ShapedTransport(transport, bucket))

        proto.makeConnection = makeConnection
        return proto


__all__ = [
    "Bucket",
    "IBucketFilter",
    "HierarchicalBucketFilter",
    "FilterByHost",
    "FilterByServer",
    "ShapedConsumer",
    "ShapedTransport",
    "ShapedProtocolFactory",
]
