"""The pytest example in docs/testing.md passes under pytest with the documented conftest."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "testing.md"


def test_testing_doc_example(tmp_path: Path) -> None:
    conftest, example = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)[:2]
    (tmp_path / "conftest.py").write_text(conftest)
    # The doc leaves the protocol test's body to the reader; give it one that can fail.
    body = "    string_transport.write(b'x')\n    assert string_transport.value() == b'x'\n"
    (tmp_path / "test_example.py").write_text(example.replace("    ...\n", body))
    env = {k: v for k, v in os.environ.items() if k not in ("TWISTIO_ALIAS", "PYTHONPATH")}
    env["PYTHONPATH"] = str(DOC.parents[1])
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4 passed" in proc.stdout
