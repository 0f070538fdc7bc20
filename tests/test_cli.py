"""``twistio run`` and ``python -m twistio``: unchanged programs as __main__ with the alias."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def twistio(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TWISTIO_ALIAS"}
    return subprocess.run(
        [sys.executable, "-m", "twistio", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
    )


def test_run_script_as_main(tmp_path: Path) -> None:
    (tmp_path / "helper.py").write_text("VALUE = 42\n")
    script = tmp_path / "prog.py"
    script.write_text(
        "import sys, twisted, helper\n"
        "if __name__ == '__main__':\n"
        "    print(twisted.__name__, twisted.__version__, sys.argv[1:], helper.VALUE)\n"
    )
    result = twistio("run", str(script), "a", "--b")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "twistio 26.10.0 ['a', '--b'] 42\n"


def test_run_module(tmp_path: Path) -> None:
    (tmp_path / "mymod.py").write_text("import twisted\nprint('mod', __name__)\n")
    result = twistio("run", "-m", "mymod", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "mod __main__\n"


def test_missing_file_is_one_line_exit_2(tmp_path: Path) -> None:
    result = twistio("run", str(tmp_path / "nope.py"))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no such file" in result.stderr


def test_bad_option_exit_2() -> None:
    result = twistio("run", "--bogus")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1


def test_unknown_command_exit_2() -> None:
    result = twistio("frobnicate")
    assert result.returncode == 2 and "unknown command" in result.stderr


def test_script_exit_status_passes_through(tmp_path: Path) -> None:
    script = tmp_path / "exit3.py"
    script.write_text("raise SystemExit(3)\n")
    assert twistio("run", str(script)).returncode == 3
