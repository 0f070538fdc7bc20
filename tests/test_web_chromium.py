"""Headless Chromium loads a static site served by ``twistio twistd -n web --path DIR``.

The page's own script reports, once the window's load event has fired, the natural size of each
image (PNG, JPEG, SVG, a file name with a space, one missing on purpose), whether the stylesheet
and a CSS background image applied, and the status of every resource the browser fetched; the
test reads that report from ``--dump-dom`` and checks the server's access log agrees.  The
server subprocess inherits ``TWISTIO_LOOP``, so the test runs on the loop under test.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.realpeer

CHROMIUM = next(
    (path for name in ("chromium", "chromium-browser", "google-chrome")
     if (path := shutil.which(name)) is not None),
    None,
)  # fmt: skip

# A 12x9 baseline JPEG (made once with an image library; kept inline so the test needs none).
JPEG_12x9 = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRT"
    "c4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj"
    "Y2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAJAAwDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAU"
    "EAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABAb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMB"
    "AAIRAxEAPwCWAEpn/9k="
)


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A solid-colour 8-bit RGB PNG of the given size, encoded here with zlib."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    row = b"\x00" + bytes(rgb) * width  # filter type 0, then the pixels
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


INDEX = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>loading</title>
<link rel="stylesheet" href="style/site.css">
<script src="js/app.js"></script>
</head><body>
<h1 id="headline">twistio static site</h1>
<img id="png" src="img/red.png" alt="png">
<img id="jpeg" src="img/photo.jpg" alt="jpeg">
<img id="svg" src="img/logo.svg" alt="svg">
<img id="spaced" src="img/with%20space.png" alt="spaced">
<img id="missing" src="img/missing.png" alt="missing">
<div id="banner">banner</div>
<pre id="report">not run</pre>
</body></html>
"""

CSS = """body { background-color: rgb(1, 2, 3); }
#headline { width: 321px; }
#banner { width: 40px; height: 30px; background-image: url("../img/bg.png"); }
"""

# Runs after the load event, which waits for every image, stylesheet and background image of
# the document; the report is JSON so the test does not depend on how the DOM is serialised.
JS = """window.addEventListener("load", function () {
  var images = {};
  document.querySelectorAll("img").forEach(function (img) {
    images[img.id] = {complete: img.complete, width: img.naturalWidth, height: img.naturalHeight};
  });
  var resources = performance.getEntriesByType("resource").map(function (entry) {
    return {path: new URL(entry.name).pathname, status: entry.responseStatus,
            size: entry.encodedBodySize};
  });
  var report = {
    images: images,
    bodyColor: getComputedStyle(document.body).backgroundColor,
    headlineWidth: getComputedStyle(document.getElementById("headline")).width,
    resources: resources
  };
  document.getElementById("report").textContent = JSON.stringify(report);
  document.title = "loaded";
});
"""

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20" viewBox="0 0 30 20">'
    '<rect width="30" height="20" fill="#3070c0"/></svg>\n'
)


def build_site(root: Path) -> None:
    for sub in ("img", "style", "js"):
        (root / sub).mkdir(parents=True)
    (root / "index.html").write_text(INDEX)
    (root / "style" / "site.css").write_text(CSS)
    (root / "js" / "app.js").write_text(JS)
    (root / "img" / "red.png").write_bytes(png(16, 10, (220, 30, 30)))
    (root / "img" / "with space.png").write_bytes(png(7, 5, (30, 200, 30)))
    (root / "img" / "bg.png").write_bytes(png(4, 4, (30, 30, 200)))
    (root / "img" / "photo.jpg").write_bytes(JPEG_12x9)
    (root / "img" / "logo.svg").write_text(SVG)


@dataclass
class Server:
    """A ``twistd web`` child process and the lines it has logged so far."""

    proc: subprocess.Popen[bytes]
    lines: list[str] = field(default_factory=list)
    port: int | None = None
    changed: threading.Condition = field(default_factory=threading.Condition)

    def pump(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace")
            with self.changed:
                self.lines.append(line)
                found = re.search(r"Site starting on (\d+)", line)
                if found:
                    self.port = int(found.group(1))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def wait_for(self, predicate: object, timeout: float) -> bool:
        """Wait until ``predicate()`` holds (checked whenever a line arrives) or time is up."""
        assert callable(predicate)
        deadline = time.monotonic() + timeout
        with self.changed:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not predicate()):
                    return bool(predicate())
                self.changed.wait(min(left, 0.5))
            return True

    def log(self) -> str:
        with self.changed:
            return "".join(self.lines)


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop ``proc`` and everything it started (it leads its own session)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait(10)


@pytest.fixture
def chromium() -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):  # .ci/run installs chromium: a skip there would hide a gap
            pytest.fail("chromium is not installed in CI")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    root = tmp_path / "www"
    build_site(root)
    proc = subprocess.Popen(
        [sys.executable, "-m", "twistio", "twistd", "-n", "--pidfile=", "web",
         "--path", str(root), "--listen", "tcp:0:interface=127.0.0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        cwd=tmp_path, start_new_session=True,
    )  # fmt: skip
    srv = Server(proc)
    reader = threading.Thread(target=srv.pump, daemon=True)
    reader.start()
    try:
        assert srv.wait_for(lambda: srv.port is not None, 60), srv.log()
        yield srv, root
    finally:
        kill_group(proc)
        reader.join(10)
        if proc.stdout is not None:
            proc.stdout.close()


def run_chromium(exe: str, url: str, profile: Path) -> str:
    """Load ``url`` in headless Chromium and return the DOM after the load event."""
    proc = subprocess.Popen(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", "--no-default-browser-check", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update",
         f"--user-data-dir={profile}", "--virtual-time-budget=10000", "--dump-dom", url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        start_new_session=True, env={**os.environ, "HOME": str(profile)},
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        pytest.fail("chromium did not finish loading the page within 120s")
    finally:
        kill_group(proc)
    assert proc.returncode == 0, err.decode("utf-8", "replace")[-2000:]
    return out.decode("utf-8")


def access_count(log: str, path: str, status: int) -> int:
    """How many access-log lines record ``GET path`` answered with ``status``."""
    return len(re.findall(rf'"GET {re.escape(path)} HTTP/1\.1" {status} ', log))


def test_chromium_loads_site_with_images(
    chromium: str, server: tuple[Server, Path], tmp_path: Path
) -> None:
    """Every image decodes at its real size, the CSS and its background image apply, the script
    runs, and the access log shows each fetch once with its status (the missing image 404)."""
    srv, root = server
    dom = run_chromium(chromium, f"http://127.0.0.1:{srv.port}/", tmp_path / "profile")
    assert "<title>loaded</title>" in dom, dom[-3000:]
    found = re.search(r'<pre id="report">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[-3000:]
    report = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))

    assert report["images"] == {
        "png": {"complete": True, "width": 16, "height": 10},
        "jpeg": {"complete": True, "width": 12, "height": 9},
        "svg": {"complete": True, "width": 30, "height": 20},
        "spaced": {"complete": True, "width": 7, "height": 5},
        # The control: a 404 leaves no picture, so the numbers above really mean "decoded".
        "missing": {"complete": True, "width": 0, "height": 0},
    }
    assert report["bodyColor"] == "rgb(1, 2, 3)"
    assert report["headlineWidth"] == "321px"

    statuses = {entry["path"]: entry["status"] for entry in report["resources"]}
    expected = {
        "/style/site.css": 200,
        "/js/app.js": 200,
        "/img/red.png": 200,
        "/img/photo.jpg": 200,
        "/img/logo.svg": 200,
        "/img/with%20space.png": 200,
        "/img/bg.png": 200,
        "/img/missing.png": 404,
    }
    assert {path: statuses.get(path) for path in expected} == expected
    sizes = {entry["path"]: entry["size"] for entry in report["resources"]}
    assert sizes["/img/photo.jpg"] == len(JPEG_12x9)
    assert sizes["/img/red.png"] == (root / "img" / "red.png").stat().st_size

    # The access log is written when each response finishes; give the last lines time to land.
    wanted = {"/": 200, **expected}
    assert srv.wait_for(
        lambda: all(access_count(srv.log(), p, s) >= 1 for p, s in wanted.items()), 30
    ), srv.log()
    log = srv.log()
    for path, status in wanted.items():
        assert access_count(log, path, status) == 1, (path, log)
    assert "Traceback" not in log, log
