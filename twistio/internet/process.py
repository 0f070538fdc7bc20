"""twisted.internet.process: the POSIX child-process transport."""

from __future__ import annotations

from twistio._aio.process import Process

__name__ = "twisted.internet.process"

__all__ = ["Process"]
