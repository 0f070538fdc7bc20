"""``twistio twistd -n web --path DIR`` serving a static tree to curl and http.client:
index pages, Range, HEAD, If-Modified-Since, directory listing, traversal refused."""

from __future__ import annotations

import hashlib
import http.client
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.realpeer


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    root = tmp_path / "www"
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_bytes(b"<h1>home</h1>\n")
    (root / "big.bin").write_bytes(os.urandom(300_000))
    (root / "sub" / "a.txt").write_bytes(b"alpha\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "twistio", "twistd", "-n", "--pidfile=", "web",
         "--path", str(root), "--listen", "tcp:0:interface=127.0.0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=tmp_path,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        port = None
        lines = []
        for _ in range(50):
            line = proc.stdout.readline().decode()
            lines.append(line)
            found = re.search(r"Site starting on (\d+)", line)
            if found:
                port = int(found.group(1))
                break
        assert port is not None, "".join(lines)
        yield port, root
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()


def get(port: int, path: str, headers: dict[str, str] | None = None,
        method: str = "GET") -> tuple[int, dict[str, str], bytes]:  # fmt: skip
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request(method, path, headers=headers or {})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


def test_static_site(site: tuple[int, Path]) -> None:
    port, root = site
    status, headers, body = get(port, "/")
    assert (status, body) == (200, b"<h1>home</h1>\n")
    assert headers["content-type"] == "text/html"
    status, headers, body = get(port, "/big.bin")
    assert status == 200
    assert hashlib.sha256(body).digest() == hashlib.sha256((root / "big.bin").read_bytes()).digest()
    assert headers["accept-ranges"] == "bytes"
    status, headers, body = get(port, "/big.bin", {"Range": "bytes=100-199"})
    assert status == 206
    assert body == (root / "big.bin").read_bytes()[100:200]
    assert headers["content-range"] == "bytes 100-199/300000"
    status, headers, body = get(port, "/big.bin", {"Range": "bytes=400000-"})
    assert status == 416
    status, headers, body = get(port, "/big.bin", method="HEAD")
    assert (status, body, headers["content-length"]) == (200, b"", "300000")
    status, headers, body = get(
        port, "/sub/a.txt", {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}
    )
    assert (status, body) == (304, b"")
    status, headers, body = get(port, "/sub")
    assert status == 302 and headers["location"] == "/sub/"
    status, headers, body = get(port, "/sub/")
    assert status == 200 and b'<a href="a.txt">a.txt</a>' in body
    status, headers, body = get(port, "/nope.txt")
    assert status == 404


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_range_and_traversal(site: tuple[int, Path]) -> None:
    port, root = site
    url = f"http://127.0.0.1:{port}"
    out = subprocess.run(["curl", "-sS", "-r", "0-9,20-29", f"{url}/big.bin"],
                         capture_output=True, check=True, timeout=60).stdout  # fmt: skip
    data = (root / "big.bin").read_bytes()
    assert data[0:10] in out and data[20:30] in out
    code = subprocess.run(
        ["curl", "-sS", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}",
         f"{url}/../../etc/passwd"],
        capture_output=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    assert code == b"404"
