"""Per-test overhead of trial: N Deferred-returning TestCase tests run through a TrialSuite.

Each test returns a Deferred fired by ``reactor.callLater(0, ...)``, so every test spins the
reactor once (as trial does per test) and passes through the janitor; ops are tests run.
"""

from _bench import args, timed
from twisted.internet import defer, reactor
from twisted.trial import reporter, runner, unittest


class Overhead(unittest.TestCase):
    def test_deferred(self):
        d = defer.Deferred()
        reactor.callLater(0, d.callback, None)
        return d


def run(n):
    suite = runner.TrialSuite([Overhead("test_deferred") for _ in range(n)])
    result = reporter.TestResult()
    suite.run(result)
    assert result.wasSuccessful() and result.testsRun == n, result


timed(run, args(5_000).n)
