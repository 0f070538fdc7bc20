"""Greeter over StringTransport: passes, plus one deliberate failure, error, skip and todos."""

from __future__ import annotations

from twisted.internet.testing import StringTransport
from twisted.trial import unittest

from trial_sample.greeter import Greeter


class GreeterTests(unittest.TestCase):
    def setUp(self) -> None:
        self.transport = StringTransport()
        self.proto = Greeter()
        self.proto.makeConnection(self.transport)

    def test_hello(self) -> None:
        self.proto.dataReceived(b"hello bob\n")
        self.assertEqual(self.transport.value(), b"hi bob\n")

    def test_split_across_writes(self) -> None:
        self.proto.dataReceived(b"hel")
        self.proto.dataReceived(b"lo amy\nhello")
        self.assertEqual(self.transport.value(), b"hi amy\n")

    def test_unknown(self) -> None:
        self.proto.dataReceived(b"huh\n")
        self.assertEqual(self.transport.value(), b"what?\n")

    def test_bye_disconnects(self) -> None:
        self.proto.dataReceived(b"bye\n")
        self.assertTrue(self.transport.disconnecting)

    def test_deliberate_failure(self) -> None:
        self.proto.dataReceived(b"hello bob\n")
        self.assertEqual(self.transport.value(), b"hello bob\n")

    def test_deliberate_error(self) -> None:
        self.proto.dataReceived(b"hello bob\n")
        raise RuntimeError("deliberate error")

    def test_skipped(self) -> None:
        raise unittest.SkipTest("not today")

    def test_skip_attribute(self) -> None:
        self.fail("never runs")

    test_skip_attribute.skip = "skipped by attribute"  # type: ignore[attr-defined]

    def test_todo(self) -> None:
        self.assertEqual(self.transport.value(), b"something")

    test_todo.todo = "greeting on connect is not written yet"  # type: ignore[attr-defined]

    def test_unexpected_success(self) -> None:
        self.assertEqual(self.transport.value(), b"")

    test_unexpected_success.todo = "expected to fail, but passes"  # type: ignore[attr-defined]


class SynchronousGreeterTests(unittest.SynchronousTestCase):
    def test_hello(self) -> None:
        transport = StringTransport()
        proto = Greeter()
        proto.makeConnection(transport)
        proto.dataReceived(b"hello sync\n")
        self.assertEqual(transport.value(), b"hi sync\n")
