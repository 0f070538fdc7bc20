"""A throwaway PostgreSQL server for the adbapi tests and benchmark (stdlib only).

``PostgresServer().start()`` runs ``initdb`` into a fresh temporary directory and starts
``postgres`` listening on 127.0.0.1 on a free port (trust authentication, database
``twistio_test``); ``stop()`` shuts it down fast and removes the directory.  PostgreSQL refuses
to run as root, so as root the server runs as the ``postgres`` account through ``runuser``.
``findBinaries()`` says why a server cannot be started here, if it cannot.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from pathlib import Path

# Debian's postgresql packages keep the server programs off PATH, one directory per version.
_SEARCH = ["/usr/local/bin", *sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]


def findBinaries() -> tuple[dict[str, str] | None, str]:
    """``({"initdb": path, "postgres": path, "pg_ctl": path}, "")`` or ``(None, reason)``."""
    found: dict[str, str] = {}
    for name in ("initdb", "postgres", "pg_ctl"):
        path = shutil.which(name) or next(
            (str(Path(d) / name) for d in _SEARCH if (Path(d) / name).exists()), None
        )
        if path is None:
            return None, f"PostgreSQL's {name} is not installed"
        found[name] = path
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return None, "running as root and there is no 'postgres' account to run the server as"
        if shutil.which("runuser") is None:
            return None, "running as root and runuser is missing"
        if not os.stat("/dev/null").st_mode & 0o002 and shutil.which("unshare") is None:
            return None, "/dev/null is not writable by the postgres account and unshare is missing"
    return found, ""


def _freePort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PostgresServer:
    """One PostgreSQL server in a temporary directory (see the module docstring)."""

    user = "postgres"
    database = "twistio_test"
    host = "127.0.0.1"

    def __init__(self) -> None:
        self.port = 0
        self.dir: str | None = None
        self._proc: subprocess.Popen[bytes] | None = None

    def _command(self, argv: list[str]) -> list[str]:
        if os.geteuid() != 0:
            return argv
        command = ["runuser", "-u", "postgres", "--", *argv]
        if os.stat("/dev/null").st_mode & 0o002:
            return command
        # Some containers make /dev/null read-only for everyone but root, and initdb needs to
        # write to it as the postgres user: give the server its own writable null device in a
        # private mount namespace (nothing outside the namespace changes).
        assert self.dir is not None
        null = os.path.join(self.dir, "null")
        if not os.path.exists(null):
            os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
            os.chmod(null, 0o666)
        return ["unshare", "-m", "sh", "-c", 'mount --bind "$0" /dev/null && exec "$@"', null, *command]

    def start(self, timeout: float = 60.0) -> PostgresServer:
        """Create the cluster and start the server; wait until it accepts connections.

        On failure everything started so far is stopped and removed before raising."""
        try:
            return self._start(timeout)
        except BaseException:
            self.stop()
            raise

    def _start(self, timeout: float) -> PostgresServer:
        binaries, reason = findBinaries()
        if binaries is None:
            raise RuntimeError(reason)
        self.dir = tempfile.mkdtemp(prefix="twistio-pg-")
        data = os.path.join(self.dir, "data")
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            os.chown(self.dir, account.pw_uid, account.pw_gid)
        subprocess.run(
            self._command(
                [binaries["initdb"], "-D", data, "-U", self.user, "--auth=trust", "-E", "UTF8", "--no-sync"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
        )
        self.port = _freePort()
        self._proc = subprocess.Popen(
            self._command(
                [
                    binaries["postgres"],
                    "-D", data,
                    "-h", self.host,
                    "-p", str(self.port),
                    "-k", self.dir,
                    "-c", "fsync=off",
                    "-c", "full_page_writes=off",
                    "-c", "synchronous_commit=off",
                ]
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while True:
            if self._proc.poll() is not None:
                raise RuntimeError(f"postgres exited with status {self._proc.returncode}")
            try:
                import psycopg

                with psycopg.connect(**self.connectArgs(dbname="postgres"), autocommit=True) as conn:
                    conn.execute(f"CREATE DATABASE {self.database}")
                return self
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def connectArgs(self, dbname: str | None = None) -> dict[str, object]:
        """Keyword arguments for ``psycopg.connect`` (and so for ``ConnectionPool``)."""
        return {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "dbname": dbname or self.database,
        }

    def stop(self) -> None:
        """Stop the server (fast shutdown) and remove its directory."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            binaries, _ = findBinaries()
            assert binaries is not None and self.dir is not None
            # "fast" shutdown: roll back open transactions and exit.  pg_ctl rather than a
            # signal to our child, which may be runuser/unshare rather than postgres itself.
            subprocess.run(
                self._command([binaries["pg_ctl"], "stop", "-D", os.path.join(self.dir, "data"), "-m", "fast", "-w"]),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=60,
                check=False,
            )
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
