"""The oracle cache: the Twisted wheel, its extracted test tree and a real-Twisted virtualenv.

Everything lives in ``$TWISTIO_ORACLE_CACHE`` or else ``<repo>/.oracle-cache`` (git-ignored); it
is created on first use and reused afterwards.  Nothing from it is ever committed.

Only the test packages of the wheel (paths with a ``test`` directory below ``twisted/``) are
extracted: the oracle needs Twisted's tests, not its implementation.  Empty
``__init__.py`` markers are written in the package directories above them (``twisted/``,
``twisted/internet/``...) so tools that derive module names from ``__init__.py`` files (pytest)
name the files ``twisted.<...>``; under the alias those markers are never executed.

``$TWISTIO_ORACLE_PYTHON`` may name an existing interpreter that has real Twisted 26.10 installed;
otherwise a virtualenv is created in the cache with ``pip install twisted==26.10.0``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

TWISTED_VERSION = "26.10.0"
REPO = Path(__file__).resolve().parent.parent


def cache_dir() -> Path:
    """The cache directory (created if missing)."""
    configured = os.environ.get("TWISTIO_ORACLE_CACHE")
    path = Path(configured) if configured else REPO / ".oracle-cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def _locked(name: str) -> Iterator[None]:
    """Serialise cache creation between concurrent processes (two engineers, two loops)."""
    with open(cache_dir() / f".{name}.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def wheel() -> Path:
    """The Twisted wheel, downloaded with pip on first use."""
    wheels = cache_dir() / "wheels"
    pattern = f"twisted-{TWISTED_VERSION}-*.whl"
    found = sorted(wheels.glob(pattern))
    if found:
        return found[0]
    with _locked("wheel"):
        found = sorted(wheels.glob(pattern))
        if not found:
            wheels.mkdir(exist_ok=True)
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--no-deps",
                    "--only-binary",
                    ":all:",
                    "-d",
                    str(wheels),
                    f"twisted=={TWISTED_VERSION}",
                ],
                check=True,
            )
            found = sorted(wheels.glob(pattern))
    if not found:
        raise RuntimeError(f"pip download did not produce {pattern} in {wheels}")
    return found[0]


def _is_test_member(name: str) -> bool:
    parts = name.split("/")
    return len(parts) > 2 and parts[0] == "twisted" and "test" in parts[1:-1]


_MARKER = "# Marker written by compat_tests.cache; the twisted alias provides this package.\n"


#: The overlay's top ``twisted/__init__.py``.  The alias never runs it; a child interpreter
#: that finds it through a ``PYTHONPATH`` copied from a test run's ``sys.path`` does, and gets
#: the alias with this overlay instead of a package holding only tests.
_TOP_STAND_IN = (
    _MARKER
    + "import importlib\n"
    + "import os\n"
    + "import sys\n\n"
    + "from twistio import _alias\n\n"
    + "del sys.modules[__name__]\n"
    + "_alias.add_overlay(os.path.dirname(os.path.abspath(__file__)))\n"
    + "sys.modules[__name__] = importlib.import_module(__name__)\n"
)


def _write_top_stand_in(root: Path) -> None:
    target = root / "twisted" / "__init__.py"
    if target.read_text() == _TOP_STAND_IN:
        return
    # Several oracle runs may get here at once: write aside, then rename over.
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".init-")
    with os.fdopen(fd, "w") as f:
        f.write(_TOP_STAND_IN)
    os.replace(tmp, target)


def overlay_root() -> Path:
    """The extracted test tree; ``overlay_root() / "twisted"`` is the directory for the alias."""
    root = cache_dir() / f"twisted-{TWISTED_VERSION}-tests"
    if (root / ".complete").exists():
        _write_top_stand_in(root)
        return root
    whl = wheel()
    with _locked("extract"):
        if (root / ".complete").exists():
            return root
        tmp = Path(tempfile.mkdtemp(prefix="extract-", dir=cache_dir()))
        with zipfile.ZipFile(whl) as zf:
            members = [m for m in zf.namelist() if _is_test_member(m)]
            zf.extractall(tmp, members)
        # Every package directory above a test package gets a marker, so pytest's module-name
        # resolution (which walks up __init__.py files) arrives at twisted.<...>.
        for member in members:
            parent = (tmp / member).parent
            while parent != tmp:
                marker = parent / "__init__.py"
                if not marker.exists():
                    marker.write_text(_MARKER)
                parent = parent.parent
        (tmp / ".complete").write_text(whl.name + "\n")
        if root.exists():
            shutil.rmtree(root)
        tmp.rename(root)
        _write_top_stand_in(root)
    return root


def overlay_dir() -> Path:
    """The directory to pass to ``twistio._alias.add_overlay``."""
    return overlay_root() / "twisted"


def module_file(module: str) -> Path:
    """The file of a Twisted test module (``twisted.test.test_defer``) in the overlay."""
    parts = module.split(".")
    if parts[0] != "twisted":
        raise ValueError(f"not a twisted module: {module!r}")
    base = overlay_root().joinpath(*parts)
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    return base.with_suffix(".py")


def twisted_python() -> Path:
    """An interpreter with real Twisted 26.10 (``$TWISTIO_ORACLE_PYTHON`` or a cached venv)."""
    configured = os.environ.get("TWISTIO_ORACLE_PYTHON")
    if configured:
        return Path(configured)
    venv = cache_dir() / f"venv-twisted-{TWISTED_VERSION}"
    python = venv / "bin" / "python"
    if (venv / ".complete").exists():
        return python
    whl = wheel()
    with _locked("venv"):
        if (venv / ".complete").exists():
            return python
        if venv.exists():
            shutil.rmtree(venv)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                str(whl),
            ],
            check=True,
        )
        (venv / ".complete").write_text(TWISTED_VERSION + "\n")
    return python


def twisted_python_with(module: str, requirement: str) -> Path | None:
    """The real-Twisted interpreter if it can import ``module``; installs it into our own venv.

    An interpreter given by ``$TWISTIO_ORACLE_PYTHON`` is never modified: ``None`` if it lacks
    the module.
    """
    python = twisted_python()
    probe = [str(python), "-c", f"import {module}"]
    if subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    if os.environ.get("TWISTIO_ORACLE_PYTHON"):
        return None
    with _locked("venv"):
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                requirement,
            ],
            check=False,
        )
    return python if subprocess.run(probe, capture_output=True).returncode == 0 else None


#: Twisted's own test-time requirements, so real Twisted can list its test modules.
TWISTED_TEST_REQUIREMENTS = ("cython-test-exception-raiser~=26.4.1", "hypothesis", "pyhamcrest")


def twisted_python_for_tests() -> Path | None:
    """The real-Twisted interpreter with Twisted's test requirements (``None`` if unavailable)."""
    python = twisted_python()
    marker = python.parent.parent / ".test-requirements"
    if marker.exists():
        return python
    probe = [str(python), "-c", "import cython_test_exception_raiser, hypothesis, hamcrest"]
    if subprocess.run(probe, capture_output=True).returncode != 0:
        if os.environ.get("TWISTIO_ORACLE_PYTHON"):
            return None
        with _locked("venv"):
            subprocess.run(
                [
                    str(python),
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    *TWISTED_TEST_REQUIREMENTS,
                ],
                check=False,
            )
        if subprocess.run(probe, capture_output=True).returncode != 0:
            return None
    if not os.environ.get("TWISTIO_ORACLE_PYTHON"):
        marker.write_text("\n".join(TWISTED_TEST_REQUIREMENTS) + "\n")
    return python
