"""The QuietSite of docs/web-performance.md answers requests and writes no access line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from twistio.internet.testing import StringTransport
from twistio.logger import capturedLogs
from twistio.web import resource, server

DOC = Path(__file__).resolve().parents[1] / "docs" / "web-performance.md"


class Hello(resource.Resource):
    isLeaf = True

    def render_GET(self, request: Any) -> bytes:
        return b"hi"


def serve(site: Any) -> tuple[bytes, list[Any]]:
    with capturedLogs() as events:
        site.startFactory()
        channel = site.buildProtocol(None)
        transport = StringTransport()
        channel.makeConnection(transport)
        channel.dataReceived(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        channel.connectionLost(None)
        site.stopFactory()
    return transport.value(), [e for e in events if "GET / HTTP/1.1" in str(e.get("log_io"))]


def test_quiet_site_from_the_doc_logs_no_access_line() -> None:
    (code,) = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
    namespace: dict[str, Any] = {"server": server}
    exec(code, namespace)
    answer, accessLines = serve(namespace["QuietSite"](Hello()))
    assert answer.startswith(b"HTTP/1.1 200 OK") and answer.endswith(b"hi")
    assert accessLines == []
    # The default Site, by contrast, logs the line the doc says it costs.
    answer, accessLines = serve(server.Site(Hello()))
    assert answer.endswith(b"hi")
    assert len(accessLines) == 1
