"""stdio.StandardIO in a child interpreter: pipes and regular files on stdin."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROGRAM = textwrap.dedent(
    """
    import sys, twistio
    twistio.install()
    from twisted.internet import reactor, stdio, protocol

    class P(protocol.Protocol):
        def connectionMade(self):
            self.transport.write(b"hello\\n")

        def dataReceived(self, data):
            self.transport.write(b"got " + data)

        def connectionLost(self, reason):
            sys.stderr.write("lost %s\\n" % reason.type.__name__)
            reactor.stop()

    stdio.StandardIO(P())
    reactor.run()
    """
)


@pytest.mark.parametrize("source", ["pipe", "file"])
def test_standardio_echo_then_clean_close(source: str, tmp_path: Path) -> None:
    """Input is delivered, output flushed, and stdin EOF ends with ConnectionDone."""
    env = {**os.environ}
    if source == "file":
        infile = tmp_path / "in.txt"
        infile.write_bytes(b"abc\n")
        with infile.open("rb") as stdin:
            result = subprocess.run(
                [sys.executable, "-c", PROGRAM],
                stdin=stdin,
                capture_output=True,
                timeout=30,
                env=env,
            )
    else:
        result = subprocess.run(
            [sys.executable, "-c", PROGRAM],
            input=b"abc\n",
            capture_output=True,
            timeout=30,
            env=env,
        )
    assert result.stdout == b"hello\ngot abc\n"
    assert result.stderr.strip().endswith(b"lost ConnectionDone")
