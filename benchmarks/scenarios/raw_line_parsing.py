"""The practical limit for line_parsing.py: a minimal pure-Python CRLF splitter."""

from _bench import args, timed


class Splitter:
    def __init__(self):
        self.buffer = b""
        self.lines = 0

    def data_received(self, data):
        parts = (self.buffer + data).split(b"\r\n")
        self.buffer = parts.pop()
        for _line in parts:
            self.lines += 1


def chunks(n):
    data = b"".join(b"line number %08d of the benchmark\r\n" % i for i in range(n))
    return [data[i : i + 4096] for i in range(0, len(data), 4096)]


def run(n):
    proto = Splitter()
    for chunk in cache[n]:
        proto.data_received(chunk)
    assert proto.lines == n, proto.lines


opts = args(200_000, loop="none")
n = opts.n
cache = {n: chunks(n), max(1, n // 10): chunks(max(1, n // 10))}
timed(run, n)
