"""The asyncio mixing example from docs/asyncio.md runs as documented, on the loop under test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "asyncio_mix.py"


def test_asyncio_mix_example() -> None:
    # The reactor is imported before asyncio.run() makes its loop, and the program listens
    # before `await reactor.run()`: the reactor must follow the running loop.
    proc = subprocess.run(
        [sys.executable, "-m", "twistio", "run", str(EXAMPLE)],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [
        "echoed: hello through an asyncio stream",
        "deferLater fired",
        "reactor stopped; asyncio.run returns",
    ]


def test_readme_asyncio_snippet(tmp_path: Path) -> None:
    # Timers made inside asyncio.run() without reactor.run() fire on the running loop.
    readme = (EXAMPLE.parents[2] / "README.md").read_text()
    start = readme.index("## Mixing with asyncio")
    block = readme[start:].split("```python\n", 1)[1].split("```", 1)[0]
    script = tmp_path / "snippet.py"
    script.write_text(block)
    proc = subprocess.run(
        [sys.executable, "-m", "twistio", "run", str(script)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["hello", "world"]
