"""twistio's benchmarks: the same Twisted-API code on twistio (uvloop and stdlib asyncio), on real
Twisted 26.10 (epoll reactor, and asyncioreactor on uvloop where a reactor is involved) and, as
the practical limit, raw asyncio/uvloop.  Run ``python -m benchmarks --help``."""
