"""twistd run for real: a classic .tac echo service under ``twistio twistd`` and under real
Twisted 26.10's twistd, in the foreground and daemonized, stopped by SIGTERM; and the bad
inputs (broken .tac, unknown plugin, live or stale pidfile)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from compat_tests import cache

pytestmark = pytest.mark.realpeer

REPO = Path(__file__).resolve().parent.parent

ECHO_TAC = """\
import os
from twisted.application import service, strports
from twisted.internet import protocol
from twisted.protocols import wire


class EchoFactory(protocol.ServerFactory):
    protocol = wire.Echo


application = service.Application("echo")
strports.service(
    "tcp:%s:interface=127.0.0.1" % os.environ["ECHO_PORT"], EchoFactory()
).setServiceParent(application)
"""

# Generous: the machine is shared and slow; nothing below asserts on timing.
STARTUP = 60.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _env(port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TWISTIO_ALIAS")}
    env["ECHO_PORT"] = str(port)
    return env


def _twistio_cmd(*args: str) -> tuple[list[str], dict[str, str]]:
    return [sys.executable, "-m", "twistio", "twistd", *args], {"PYTHONPATH": str(REPO)}


def _real_cmd(*args: str) -> tuple[list[str], dict[str, str]]:
    python = Path(cache.twisted_python())
    script = python.parent / "twistd"
    if script.exists():
        # The console script, so that twistd can run itself again (processName).
        return [str(python), str(script), *args], {}
    boot = "import sys; sys.argv[0] = 'twistd'; from twisted.scripts.twistd import run; run()"
    return [str(python), "-c", boot, *args], {}


IMPLEMENTATIONS = {"twistio": _twistio_cmd, "twisted": _real_cmd}


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def impl(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def _popen(impl: str, cwd: Path, port: int, *args: str) -> subprocess.Popen[bytes]:
    cmd, extra = IMPLEMENTATIONS[impl](*args)
    env = _env(port)
    env.update(extra)
    return subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _run(impl: str, cwd: Path, port: int, *args: str) -> subprocess.CompletedProcess[bytes]:
    cmd, extra = IMPLEMENTATIONS[impl](*args)
    env = _env(port)
    env.update(extra)
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, timeout=STARTUP)


def _echo(port: int) -> bytes:
    """Connect (retrying until the server listens), send a line, return what comes back."""
    deadline = time.monotonic() + STARTUP
    while True:
        try:
            conn = socket.create_connection(("127.0.0.1", port), timeout=STARTUP)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    with conn:
        conn.sendall(b"hello twistd\r\n")
        received = b""
        while len(received) < 14:
            chunk = conn.recv(100)
            if not chunk:
                break
            received += chunk
        return received


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie nobody reaps counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


def _wait_dead(pid: int) -> None:
    deadline = time.monotonic() + STARTUP
    while _alive(pid):
        assert time.monotonic() < deadline, f"daemon {pid} still running after SIGTERM"
        time.sleep(0.1)


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    (tmp_path / "echo.tac").write_text(ECHO_TAC)
    yield tmp_path
    # Never leave a daemon behind, whatever failed.
    for pidfile in tmp_path.glob("*.pid"):
        try:
            pid = int(pidfile.read_text())
        except ValueError:
            continue
        if pid != os.getpid() and _alive(pid):
            os.kill(pid, signal.SIGKILL)


def test_foreground_tac_serves_and_sigterm_reraises(impl: str, workdir: Path) -> None:
    """``twistd -n -y echo.tac`` serves; SIGTERM stops it cleanly, the process dies of SIGTERM
    (twistd re-raises the signal) and the pidfile is gone."""
    port = _free_port()
    proc = _popen(impl, workdir, port, "-n", "-y", "echo.tac")
    try:
        assert _echo(port) == b"hello twistd\r\n"
        assert (workdir / "twistd.pid").read_text() == str(proc.pid)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=STARTUP)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == -signal.SIGTERM, (out, err)
    assert not (workdir / "twistd.pid").exists()
    log = out.decode()
    for line in (
        "Loading echo.tac...",
        "starting up.",
        "Received SIGTERM, shutting down.",
        "Server Shut Down.",
    ):
        assert line in log


def test_daemon_pidfile_logfile(impl: str, workdir: Path) -> None:
    """Daemonized with --pidfile and --logfile: the launcher exits 0 once the service runs,
    the daemon serves and logs to the file, and SIGTERM stops it and removes the pidfile."""
    port = _free_port()
    launched = _run(
        impl, workdir, port, "--pidfile", "echo.pid", "--logfile", "echo.log", "-y", "echo.tac"
    )
    assert launched.returncode == 0, launched
    assert launched.stdout == b""
    pid = int((workdir / "echo.pid").read_text())
    assert _alive(pid)
    assert _echo(port) == b"hello twistd\r\n"
    os.kill(pid, signal.SIGTERM)
    _wait_dead(pid)
    assert not (workdir / "echo.pid").exists()
    log = (workdir / "echo.log").read_text()
    for line in (
        "Loaded.",
        "starting up.",
        "Received SIGTERM, shutting down.",
        "Server Shut Down.",
    ):
        assert line in log


def test_broken_tac(impl: str, workdir: Path) -> None:
    """A .tac that raises: exit status 1 and the error's message, and no pidfile left."""
    (workdir / "bad.tac").write_text('raise ValueError("boom")\n')
    result = _run(impl, workdir, _free_port(), "-n", "-y", "bad.tac")
    assert result.returncode == 1
    assert result.stderr.decode().strip().splitlines()[-1] == "Failed to load application: boom"
    assert not (workdir / "twistd.pid").exists()


def test_broken_tac_is_one_line_on_twistio(workdir: Path) -> None:
    """twistio says it in one line (real twistd also prints the traceback)."""
    (workdir / "bad.tac").write_text('raise ValueError("boom")\n')
    result = _run("twistio", workdir, _free_port(), "-n", "-y", "bad.tac")
    assert result.stderr.decode().strip() == "Failed to load application: boom"


def test_unknown_plugin(impl: str, workdir: Path) -> None:
    """An unknown subcommand prints the usage and the error, exit status 1."""
    result = _run(impl, workdir, _free_port(), "-n", "nosuchplugin")
    assert result.returncode == 1
    assert (
        result.stdout.decode()
        .strip()
        .splitlines()[-1]
        .endswith("-n: Unknown command: nosuchplugin")
    )


def test_live_pidfile_refuses(impl: str, workdir: Path) -> None:
    """A pidfile naming a live process: refuse to start, exit status 1, file untouched."""
    (workdir / "twistd.pid").write_text(str(os.getpid()))
    result = _run(impl, workdir, _free_port(), "-n", "-y", "echo.tac")
    assert result.returncode == 1
    assert result.stderr.decode().startswith(
        f"Another twistd server is running, PID {os.getpid()}\n"
    )
    assert (workdir / "twistd.pid").read_text() == str(os.getpid())


def test_garbage_pidfile_refuses(impl: str, workdir: Path) -> None:
    """A pidfile that holds no number: one-line error, exit status 1."""
    (workdir / "twistd.pid").write_text("garbage")
    result = _run(impl, workdir, _free_port(), "-n", "-y", "echo.tac")
    assert result.returncode == 1
    assert (
        result.stderr.decode().strip()
        == f"Pidfile {workdir / 'twistd.pid'} contains non-numeric value"
    )


def test_stale_pidfile_is_replaced(impl: str, workdir: Path) -> None:
    """A pidfile whose process is gone is removed with a message, and the service starts."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    (workdir / "twistd.pid").write_text(str(child.pid))
    port = _free_port()
    proc = _popen(impl, workdir, port, "-n", "-y", "echo.tac")
    try:
        assert _echo(port) == b"hello twistd\r\n"
        assert (workdir / "twistd.pid").read_text() == str(proc.pid)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=STARTUP)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert "Removing stale pidfile" in err.decode()
    assert proc.returncode == -signal.SIGTERM


def _get(port: int, path: str = "/") -> tuple[int, bytes]:
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + STARTUP
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=STARTUP) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.mark.parametrize("tool", ["twistd", "twist"])
def test_web_plugin_serves_a_directory(tool: str, tmp_path: Path) -> None:
    """``twistio twistd -n web`` and ``twistio twist web`` serve --path on --listen and stop
    on SIGTERM by the signal."""
    (tmp_path / "hello.txt").write_text("hello from the web plugin\n")
    port = _free_port()
    args = ["web", "--listen", f"tcp:{port}:interface=127.0.0.1", "--path", str(tmp_path)]
    if tool == "twistd":
        args = ["-n", "--pidfile", "", *args]
    env = _env(port)
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.Popen(
        [sys.executable, "-m", "twistio", tool, *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert _get(port, "/hello.txt") == (200, b"hello from the web plugin\n")
        assert _get(port, "/missing")[0] == 404
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=STARTUP)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == -signal.SIGTERM, (out, err)


def test_sigusr1_rotates_the_logfile(workdir: Path) -> None:
    """SIGUSR1 makes twistd rotate its --logfile (name.1 appears, logging goes on)."""
    port = _free_port()
    proc = _popen("twistio", workdir, port, "-n", "--logfile", "echo.log", "-y", "echo.tac")
    try:
        assert _echo(port) == b"hello twistd\r\n"
        proc.send_signal(signal.SIGUSR1)
        deadline = time.monotonic() + STARTUP
        while not (workdir / "echo.log.1").exists():
            assert time.monotonic() < deadline, "no rotation"
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=STARTUP)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert "starting up." in (workdir / "echo.log.1").read_text()
    assert "Server Shut Down." in (workdir / "echo.log").read_text()


@pytest.mark.skipif(os.geteuid() != 0, reason="switching user needs root (CI runs as root)")
def test_uid_gid_switch(impl: str, workdir: Path) -> None:
    """--uid/--gid: ports are bound first, then the process runs as that user and group."""
    import grp
    import pwd

    nobody = pwd.getpwnam("nobody")
    group = grp.getgrgid(nobody.pw_gid).gr_name
    workdir.chmod(0o777)
    port = _free_port()
    proc = _popen(
        impl, workdir, port, "-n", "--pidfile", "", "--uid", "nobody", "--gid", group,
        "-y", "echo.tac",
    )  # fmt: skip
    try:
        assert _echo(port) == b"hello twistd\r\n"
        status = Path(f"/proc/{proc.pid}/status").read_text()
        uids = next(line for line in status.splitlines() if line.startswith("Uid:")).split()
        gids = next(line for line in status.splitlines() if line.startswith("Gid:")).split()
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=STARTUP)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert uids[1:] == [str(nobody.pw_uid)] * 4
    assert gids[1:] == [str(nobody.pw_gid)] * 4
    assert f"set uid/gid {nobody.pw_uid}/{nobody.pw_gid}" in out.decode()


def test_portforward_plugin(impl: str, workdir: Path) -> None:
    """``twistd -n portforward`` forwards a connection to a stdlib echo server."""
    import socketserver
    import threading

    class EchoHandler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            while data := self.request.recv(100):
                self.request.sendall(data)

    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), EchoHandler) as echo:
        echo.daemon_threads = True
        thread = threading.Thread(target=echo.serve_forever, daemon=True)
        thread.start()
        port = _free_port()
        proc = _popen(
            impl, workdir, port, "-n", "--pidfile", "", "portforward",
            "--port", f"tcp:{port}:interface=127.0.0.1",
            "--host", "127.0.0.1", "--dest_port", str(echo.server_address[1]),
        )  # fmt: skip
        try:
            assert _echo(port) == b"hello twistd\r\n"
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=STARTUP)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
            echo.shutdown()
    assert proc.returncode == -signal.SIGTERM


SLOW_STOP_TAC = """\
from twisted.application import service
from twisted.internet import reactor, task


class SlowStop(service.Service):
    def startService(self):
        service.Service.startService(self)
        with open("started", "w") as f:
            f.write("yes")

    def stopService(self):
        service.Service.stopService(self)

        def done():
            with open("stopped", "w") as f:
                f.write("after the delay")

        return task.deferLater(reactor, 0.3, done)


application = service.Application("slow")
SlowStop().setServiceParent(application)
"""


def test_sigterm_waits_for_stopservice(impl: str, workdir: Path) -> None:
    """On SIGTERM the reactor waits for the Deferred stopService returns before exiting."""
    (workdir / "slow.tac").write_text(SLOW_STOP_TAC)
    proc = _popen(impl, workdir, _free_port(), "-n", "-y", "slow.tac")
    try:
        deadline = time.monotonic() + STARTUP
        while not (workdir / "started").exists():
            assert time.monotonic() < deadline, "service never started"
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=STARTUP)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert (workdir / "stopped").read_text() == "after the delay"
    assert proc.returncode == -signal.SIGTERM


FAILING_START_TAC = """\
from twisted.application import service


class Broken(service.Service):
    def startService(self):
        raise RuntimeError("cannot start: no database")


application = service.Application("broken")
Broken().setServiceParent(application)
"""


def test_daemon_start_failure_reaches_the_launcher(impl: str, workdir: Path) -> None:
    """When a daemon's service fails to start, the launching process reports the error on
    stderr and exits 1, and no pidfile stays behind."""
    (workdir / "broken.tac").write_text(FAILING_START_TAC)
    result = _run(impl, workdir, _free_port(), "--logfile", "broken.log", "-y", "broken.tac")
    assert result.returncode == 1
    assert result.stderr.decode() == (
        "An error has occurred: b'RuntimeError: cannot start: no database'\n"
        "Please look at log file for more information.\n"
    )
    # twistd (real and twistio, in Twisted's order) removes its pidfile just after telling the
    # launcher, which exits at once: allow the daemon a moment.
    deadline = time.monotonic() + STARTUP
    while (workdir / "twistd.pid").exists():
        assert time.monotonic() < deadline, "the pidfile stayed behind"
        time.sleep(0.05)


def test_help_reactors_lists_twisted_names(workdir: Path) -> None:
    """--help-reactors lists the reactor names real twistd lists as available."""
    ours = _run("twistio", workdir, 0, "--help-reactors")
    real = _run("twisted", workdir, 0, "--help-reactors")
    assert ours.returncode == real.returncode == 0

    def available(output: bytes) -> list[str]:
        text = output.decode().split("reactors not available")[0]
        return [line.split("\t")[0].strip() for line in text.splitlines() if "\t" in line]

    assert available(ours.stdout) == available(real.stdout)


def test_process_name(workdir: Path) -> None:
    """An application's IProcess.processName becomes the process's argv[0] (twistd runs
    itself again under that name) and the service still serves.  (Real twistd re-runs the
    real path of its interpreter, which leaves a virtualenv, so it cannot be compared here.)"""
    impl = "twistio"
    (workdir / "named.tac").write_text(
        ECHO_TAC + 'service.IProcess(application).processName = "echo-named"\n'
    )
    port = _free_port()
    proc = _popen(impl, workdir, port, "-n", "-y", "named.tac")
    try:
        assert _echo(port) == b"hello twistd\r\n"
        argv = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=STARTUP)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert argv[0] == b"echo-named"
    assert b"--originalname" in argv
    assert b"Changing process name to echo-named" in out
    assert proc.returncode == -signal.SIGTERM
