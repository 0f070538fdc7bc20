"""twisted.cred behind twisted.web.guard, logged into by curl (a real HTTP client) with Basic
and Digest authentication, against a checker holding str usernames and passwords."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.realpeer

SERVER = textwrap.dedent(
    """
    import sys
    from zope.interface import implementer
    from twisted.cred import checkers, portal
    from twisted.internet import reactor
    from twisted.web import guard, resource, server

    class Secret(resource.Resource):
        isLeaf = True
        def __init__(self, avatarId):
            super().__init__()
            self.avatarId = avatarId
        def render_GET(self, request):
            name = self.avatarId
            if isinstance(name, str):
                name = name.encode("utf-8")
            return b"hello " + name

    @implementer(portal.IRealm)
    class Realm:
        def requestAvatar(self, avatarId, mind, *interfaces):
            return resource.IResource, Secret(avatarId), lambda: None

    scheme = sys.argv[1]
    checker = checkers.InMemoryUsernamePasswordDatabaseDontUse(alice="wonderland")
    factory = (
        guard.BasicCredentialFactory("test")
        if scheme == "basic"
        else guard.DigestCredentialFactory("md5", "test")
    )
    root = guard.HTTPAuthSessionWrapper(portal.Portal(Realm(), [checker]), [factory])
    port = reactor.listenTCP(0, server.Site(root), interface="127.0.0.1")
    print("listening", port.getHost().port, flush=True)
    reactor.run()
    """
)


@pytest.fixture(params=["basic", "digest"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, int]]:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    script = tmp_path / "authserver.py"
    script.write_text(SERVER)
    proc = subprocess.Popen(
        [sys.executable, "-m", "twistio", "run", str(script), request.param],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ},
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().decode()
        assert line.startswith("listening "), proc.stderr.read().decode() if proc.stderr else line
        yield request.param, int(line.split()[1])
    finally:
        proc.terminate()
        proc.wait(30)


def curl(scheme: str, port: int, user: str) -> tuple[str, str]:
    """(HTTP status, body) of a GET as ``user`` (``name:password``)."""
    flag = "--basic" if scheme == "basic" else "--digest"
    out = subprocess.run(
        ["curl", "-s", flag, "-u", user, "-w", "\n%{http_code}",
         f"http://127.0.0.1:{port}/secret"],
        capture_output=True, text=True, timeout=60, check=True,
    ).stdout
    body, _, status = out.rpartition("\n")
    return status, body


def test_curl_logs_in(server: tuple[str, int]) -> None:
    """The right password gets the avatar's page; a wrong one or an unknown user gets 401."""
    scheme, port = server
    assert curl(scheme, port, "alice:wonderland") == ("200", "hello alice")
    assert curl(scheme, port, "alice:looking-glass")[0] == "401"
    assert curl(scheme, port, "bob:wonderland")[0] == "401"
