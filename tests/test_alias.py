"""The ``twisted`` alias: same objects under both names, refusal, metadata, child processes."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import textwrap

import twistio
from twistio import _alias


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != _alias.ENV_FLAG}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
    )


def test_same_module_objects() -> None:
    """``twisted.x`` is the very module object ``twistio.x``, not a copy."""
    twistio.install()
    import twisted
    import twisted.python.versions

    real = importlib.import_module("twistio.python.versions")
    assert twisted is twistio
    assert twisted.python.versions is real
    assert sys.modules["twisted.python.versions"] is sys.modules["twistio.python.versions"]


def test_public_names_in_reprs() -> None:
    """Classes report the ``twisted.*`` module Twisted's output shows."""
    from twistio.python.versions import Version

    assert Version.__module__ == "twisted.python.versions"


def test_metadata_version() -> None:
    """``importlib.metadata.version('twisted')`` answers while the alias is on."""
    twistio.install()
    assert importlib.metadata.version("twisted") == "26.10.0"
    assert importlib.metadata.version("Twisted") == "26.10.0"


def test_version_attributes() -> None:
    import twistio as t

    assert t.__version__ == "26.10.0"
    assert str(t.version) == "[Twisted, version 26.10.0]"


def test_missing_module_is_import_error() -> None:
    twistio.install()
    try:
        import twisted.no_such_module  # type: ignore[import-not-found]  # noqa: F401
    except ModuleNotFoundError as e:
        assert e.name == "twisted.no_such_module"
    else:  # pragma: no cover
        raise AssertionError("import should fail")


def test_refuses_after_real_twisted() -> None:
    """With a foreign ``twisted`` module already imported, install() raises a clear error."""
    result = run_python(
        """
        import sys, types
        sys.modules["twisted"] = types.ModuleType("twisted")
        import twistio
        try:
            twistio.install()
        except twistio.RealTwistedImported as e:
            print("refused:", "already imported" in str(e))
        """
    )
    assert result.stdout.strip() == "refused: True", result.stderr


def test_child_interpreter_gets_alias() -> None:
    """TWISTIO_ALIAS=1 in the environment turns the alias on at start-up (.pth hook)."""
    result = run_python(
        "import twisted, twistio; print(twisted is twistio)", TWISTIO_ALIAS="1"
    )
    assert result.stdout.strip() == "True", result.stderr
    plain = run_python("import twistio, sys; print('twisted' in sys.modules)")
    assert plain.stdout.strip() == "False", plain.stderr


def test_install_sets_env_for_children() -> None:
    twistio.install()
    assert os.environ[_alias.ENV_FLAG] == "1"


def test_python_dash_m_runs_aliased_modules() -> None:
    """``python -m twisted.trial`` runs twistio's module as __main__ (runpy needs get_code)."""
    env = {k: v for k, v in os.environ.items() if k != _alias.ENV_FLAG}
    env[_alias.ENV_FLAG] = "1"
    result = subprocess.run(
        [sys.executable, "-m", "twisted.trial", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Twisted version: 26.10.0"


def test_child_with_new_environment_but_our_path_gets_alias() -> None:
    """A child given only ``PYTHONPATH=<our sys.path>`` (no TWISTIO_ALIAS) still imports
    twistio as ``twisted``, through the stand-in package the alias puts on sys.path."""
    twistio.install()
    code = "import twisted, twistio, twisted.python.util; print(twisted is twistio)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": os.pathsep.join(sys.path)},
        timeout=60,
    )
    assert result.stdout.strip() == "True", result.stderr
    without = [p for p in sys.path if p != _alias._STAND_IN_PATH]
    result = subprocess.run(
        [sys.executable, "-c", "import twisted"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": os.pathsep.join(without)},
        timeout=60,
    )
    assert "ModuleNotFoundError" in result.stderr


def test_usage_lines_name_the_module_run() -> None:
    """``python -m twisted.trial --help`` names itself as Twisted's does; importing
    ``twisted.__main__`` runs nothing."""
    env = {**os.environ, _alias.ENV_FLAG: "1"}
    result = subprocess.run(
        [sys.executable, "-m", "twisted.trial", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.stdout.startswith("python -m twisted.trial [options]") or result.stdout.startswith(
        f"{os.path.basename(sys.executable)} -m twisted.trial [options]"
    ), result.stdout[:200]
    result = subprocess.run(
        [sys.executable, "-c", "import twisted.__main__; print('quiet')"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.stdout == "quiet\n", result.stderr
