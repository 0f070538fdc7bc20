"""LineReceiver parsing: lines of ~40 bytes fed to dataReceived in 4 KiB chunks (no sockets)."""

from _bench import args, timed
from twisted.protocols.basic import LineReceiver


class Counter(LineReceiver):
    lines = 0

    def lineReceived(self, line):
        self.lines += 1


def chunks(n):
    data = b"".join(b"line number %08d of the benchmark\r\n" % i for i in range(n))
    return [data[i : i + 4096] for i in range(0, len(data), 4096)]


def run(n):
    proto = Counter()
    for chunk in cache[n]:
        proto.dataReceived(chunk)
    assert proto.lines == n, proto.lines


n = args(200_000).n
cache = {n: chunks(n), max(1, n // 10): chunks(max(1, n // 10))}
timed(run, n)
