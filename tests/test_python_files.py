"""filepath, logfile, lockfile, usage, threadable, systemd, win32, procutils."""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path

import pytest

import twistio
from twistio.python import lockfile, threadable, usage, win32
from twistio.python.filepath import FilePath, InsecurePath, UnlistableError
from twistio.python.logfile import DailyLogFile, LogFile
from twistio.python.procutils import which
from twistio.python.systemd import ListenFDs


def test_filepath_children_and_content(tmp_path: Path) -> None:
    root = FilePath(str(tmp_path))
    child = root.child("a")
    child.setContent(b"hello")
    assert child.getContent() == b"hello"
    assert child.exists() and child.isfile() and not child.isdir()
    assert [c.basename() for c in root.children()] == ["a"]
    assert child.parent() == root
    assert child.segmentsFrom(root) == ["a"]
    with pytest.raises(InsecurePath):
        root.child("../x")
    with pytest.raises(InsecurePath):
        root.preauthChild("../x")
    with pytest.raises(UnlistableError):
        child.children()


def test_filepath_modes_and_copy(tmp_path: Path) -> None:
    root = FilePath(str(tmp_path))
    tree = root.child("tree")
    tree.child("sub").makedirs()
    tree.child("sub").child("f").setContent(b"x")
    tree.copyTo(root.child("copy"))
    assert root.child("copy").child("sub").child("f").getContent() == b"x"
    tree.moveTo(root.child("moved"))
    assert not tree.exists() and root.child("moved").isdir()
    assert FilePath(str(tmp_path).encode()).asTextMode() == root
    assert repr(FilePath("/tmp")) == "FilePath('/tmp')"
    assert sorted(p.basename() for p in root.walk()) == sorted(
        [root.basename(), "copy", "sub", "f", "moved", "sub", "f"]
    )
    root.child("moved").remove()
    assert not root.child("moved").exists()


def test_filepath_pickles(tmp_path: Path) -> None:
    twistio.install()
    path = FilePath(str(tmp_path))
    assert pickle.loads(pickle.dumps(path)) == path


def test_logfile_rotation(tmp_path: Path) -> None:
    log = LogFile("t.log", str(tmp_path), rotateLength=10, maxRotatedFiles=2)
    try:
        log.write("0123456789")
        log.write("a")
        log.write("b" * 10)
        log.write("c")
        log.write("d" * 10)
        log.write("e")
        assert log.listLogs() == [1, 2]
        reader = log.getLog(1)
        # Rotation happens before the write that finds the file full.
        assert reader.readLines() == ["c" + "d" * 10]
        reader.close()
    finally:
        log.close()
    with pytest.raises(ValueError):
        log.getLog(3)


def test_daily_logfile_suffix(tmp_path: Path) -> None:
    log = DailyLogFile("d.log", str(tmp_path))
    try:
        assert log.suffix((2001, 2, 3)) == "2001_2_3"
        assert log.suffix(0) == "_".join(map(str, log.toDate(0)))
    finally:
        log.close()


def test_lockfile(tmp_path: Path) -> None:
    name = str(tmp_path / "lock")
    lock = lockfile.FilesystemLock(name)
    assert lock.lock() and lock.clean and lock.locked
    assert lockfile.isLocked(name)
    assert not lockfile.FilesystemLock(name).lock()
    lock.unlock()
    assert not lockfile.isLocked(name)


def test_lockfile_takes_over_dead_owner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = str(tmp_path / "lock")
    os.symlink("99999999", name)

    def fakeKill(pid: int, signal: int) -> None:
        raise OSError(3, "no such process")  # ESRCH

    monkeypatch.setattr(lockfile, "kill", fakeKill)
    lock = lockfile.FilesystemLock(name)
    assert lock.lock()
    assert lock.clean is False
    assert os.readlink(name) == str(os.getpid())


class Opts(usage.Options):
    optFlags = [["verbose", "v", "Talk more"]]
    optParameters = [["port", "p", 80, "The port", usage.portCoerce]]

    def opt_name(self, value: str) -> None:
        """Set a name."""
        self["name"] = value.upper()

    def parseArgs(self, first: str) -> None:
        self["first"] = first


def test_usage_options() -> None:
    o = Opts()
    o.parseOptions(["-v", "--port", "8080", "--name=x", "arg"])
    assert o["verbose"] == 1 and o["port"] == 8080 and o["name"] == "X" and o["first"] == "arg"
    with pytest.raises(usage.UsageError, match="Parameter type enforcement failed"):
        Opts().parseOptions(["--port", "70000", "a"])
    with pytest.raises(usage.UsageError, match="Wrong number of arguments"):
        Opts().parseOptions([])
    with pytest.raises(usage.UsageError, match="option --nope not recognized"):
        Opts().parseOptions(["--nope"])
    lines = str(Opts()).splitlines()
    assert "Options:" in lines
    assert any(line.startswith("  -p, --port=") and "The port [default: 80]" in line for line in lines)
    assert any(line.startswith("  -v, --verbose") and line.endswith("Talk more") for line in lines)


def test_threadable() -> None:
    threadable.registerAsIOThread()
    other: list[bool] = []
    t = threading.Thread(target=lambda: other.append(threadable.isInIOThread()))
    t.start()
    t.join()
    assert threadable.isInIOThread() and other == [False]


def test_systemd_environment() -> None:
    env = {"LISTEN_PID": str(os.getpid()), "LISTEN_FDS": "2", "LISTEN_FDNAMES": "a:b"}
    fds = ListenFDs.fromEnvironment(env)
    assert fds.inheritedDescriptors() == [3, 4]
    assert fds.inheritedNamedDescriptors() == {"a": 3, "b": 4}
    # As on Twisted: the count and pid go, the names stay; another process's variables stay.
    assert env == {"LISTEN_FDNAMES": "a:b"}
    other = {"LISTEN_PID": "1", "LISTEN_FDS": "2"}
    assert ListenFDs.fromEnvironment(other).inheritedDescriptors() == []
    assert other == {"LISTEN_PID": "1", "LISTEN_FDS": "2"}


def test_win32_quoting_and_which() -> None:
    assert win32.quoteArguments(["a b", "c"]) == '"a b" c'
    assert win32.cmdLineQuote("") == '""'
    assert which("sh") and all(p.endswith("/sh") for p in which("sh"))
