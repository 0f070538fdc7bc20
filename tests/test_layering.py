"""The dependency direction of DESIGN.md, checked on the source text.

- ``twistio/_sansio`` imports nothing of twistio and no asyncio.
- ``twistio/_alias.py`` imports only the standard library's import machinery.
- Only ``twistio/_aio`` creates or drives event loops (``asyncio`` imports elsewhere are limited
  to the Deferred/future bridge and the pytest plugin).
- Nothing in twistio imports ``twisted`` (the alias may be off).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "twistio"

# Modules outside _aio allowed to import asyncio: they bridge Futures/Tasks, not loops.
ASYNCIO_ALLOWED = ("internet/_defer", "internet/defer.py", "_pytest_plugin.py", "trial/")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def sources(sub: str = "") -> list[Path]:
    return sorted((ROOT / sub).rglob("*.py"))


def test_sansio_is_pure() -> None:
    # Sans-IO cores may share helpers with each other, and nothing else of twistio or asyncio.
    for path in sources("_sansio"):
        bad = {
            m
            for m in imported_modules(path)
            if m.split(".")[0] in ("twistio", "asyncio") and not m.startswith("twistio._sansio")
        }
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_alias_imports_only_import_machinery() -> None:
    allowed = {"__future__", "importlib", "os", "sys", "collections", "pathlib", "types", "typing"}
    mods = imported_modules(ROOT / "_alias.py")
    assert {m.split(".")[0] for m in mods} <= allowed, mods


def test_no_twisted_imports() -> None:
    for path in sources():
        bad = {m for m in imported_modules(path) if m == "twisted" or m.startswith("twisted.")}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_asyncio_only_in_adapter_layer() -> None:
    for path in sources():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("_aio/") or rel.startswith(ASYNCIO_ALLOWED):
            continue
        mods = imported_modules(path)
        assert "asyncio" not in {m.split(".")[0] for m in mods}, f"{rel} imports asyncio"


def test_public_modules_declare_twisted_names() -> None:
    """Every public surface module sets ``__name__`` to its Twisted name (docs/development.md)."""
    for path in sources():
        rel = path.relative_to(ROOT)
        parts = rel.with_suffix("").parts
        if any(p.startswith("_") and p != "__init__" for p in parts) or rel.parts[0] in ("_aio",):
            continue
        if len(parts) == 1 and parts[0] == "__init__":
            continue  # the twistio package itself keeps its own name
        dotted = ".".join(p for p in parts if p != "__init__")
        expected = f'__name__ = "twisted.{dotted}"'
        assert expected in path.read_text(), f"{rel} lacks {expected}"


def test_packages_answer_submodule_imports_without_the_alias() -> None:
    """A package carrying a Twisted ``__name__`` must still serve ``from twistio.pkg import sub``.

    Checked in a child interpreter, where the alias is off, for one submodule of every package.
    """
    import subprocess
    import sys

    statements = []
    for init in sorted(ROOT.glob("**/__init__.py")):
        pkg = init.parent
        if "__name__ = " not in init.read_text():
            continue
        subs = sorted(p.stem for p in pkg.glob("*.py") if p.stem not in ("__init__", "__main__"))
        subs = [s for s in subs if not s.startswith("test_")] or subs
        if subs:
            dotted = ".".join(pkg.relative_to(ROOT.parent).parts)
            statements.append(f"from {dotted} import {subs[0]}")
    assert statements
    code = "import sys\n" + "\n".join(statements) + "\nassert 'twisted' not in sys.modules\n"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}
    )
    assert proc.returncode == 0, proc.stderr
