"""twisted.trial.unittest: trial's test cases, suites and the exceptions tests raise."""

from __future__ import annotations

from twistio.trial._asyncrunner import TestDecorator, TestSuite, decorate
from twistio.trial._asynctest import TestCase
from twistio.trial._pyunitcompat import PyUnitResultAdapter
from twistio.trial._synctest import FailTest, SkipTest, SynchronousTestCase, Todo, makeTodo

__name__ = "twisted.trial.unittest"

__all__ = [
    "FailTest",
    "SkipTest",
    "SynchronousTestCase",
    "TestCase",
    "TestDecorator",
    "TestSuite",
    "Todo",
    "PyUnitResultAdapter",
    "decorate",
    "makeTodo",
]
