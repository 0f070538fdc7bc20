"""twistd on POSIX: pidfiles, daemonizing (double fork with a status pipe), privileges,
umask/chroot/rundir, and logging to a rotating file or syslog."""

from __future__ import annotations

import errno
import os
import pwd
import sys
import traceback
from typing import Any

from zope.interface import directlyProvides

from twistio import logger
from twistio.application import app, service
from twistio.internet.interfaces import IReactorDaemonize
from twistio.python import log, logfile, usage
from twistio.python.log import ILogObserver as LegacyILogObserver
from twistio.python.util import gidFromString, switchUID, uidFromString, untilConcludes

__name__ = "twisted.scripts._twistd_unix"

__all__ = ["ServerOptions", "UnixAppLogger", "UnixApplicationRunner", "checkPID", "launchWithName"]


_ANOTHER_RUNNING = """\
Another twistd server is running, PID {pid}

This could either be a previously started instance of your application or a
different application entirely. To start a new one, either run it in some other
directory, or use the --pidfile and --logfile parameters to avoid clashes.
"""


def _umask(value: str) -> int:
    """An octal umask from the command line."""
    return int(value, 8)


class ServerOptions(app.ServerOptions):
    """twistd's options, with the POSIX ones (daemonizing, pidfile, user, umask, syslog)."""

    synopsis = "Usage: twistd [options]"

    optFlags = [
        ["nodaemon", "n", "don't daemonize, don't use default umask of 0077"],
        ["originalname", None, "Don't try to change the process name"],
        ["syslog", None, "Log to syslog, not to file"],
        [
            "euid",
            "",
            "Set only effective user-id rather than real user-id. (This option has no effect "
            "unless the server is running as root, in which case it means not to shed all "
            "privileges after binding ports, retaining the option to regain privileges in "
            "cases such as spawning processes. Use with caution.)",
        ],
    ]

    optParameters = [
        ["prefix", None, "twisted", "use the given prefix when syslogging"],
        ["pidfile", "", "twistd.pid", "Name of the pidfile"],
        ["chroot", None, None, "Chroot to a supplied directory before running"],
        ["uid", "u", None, "The uid to run as.", uidFromString],
        [
            "gid",
            "g",
            None,
            "The gid to run as.  If not specified, the default gid associated with the "
            "specified --uid is used.",
            gidFromString,
        ],
        ["umask", None, None, "The (octal) file creation mask to apply.", _umask],
    ]

    compData = usage.Completions(
        optActions={
            "pidfile": usage.CompleteFiles("*.pid"),
            "chroot": usage.CompleteDirs(descr="chroot directory"),
        }
    )

    def opt_debug(self) -> None:
        """Run the application in the Python Debugger (implies nodaemon), sending SIGUSR2
        will drop into debugger"""
        self["nodaemon"] = True
        super().opt_debug()

    opt_b = opt_debug

    def postOptions(self) -> None:
        app.ServerOptions.postOptions(self)
        if self["pidfile"]:
            self["pidfile"] = os.path.abspath(self["pidfile"])
        checkPID(self["pidfile"])


def checkPID(pidfile: str | None) -> None:
    """Refuse (SystemExit) to start when ``pidfile`` names a live process or holds garbage;
    remove it when its process is gone."""
    if not pidfile:
        return
    if os.path.exists(pidfile):
        try:
            with open(pidfile) as f:
                pid = int(f.read())
        except ValueError:
            sys.exit(f"Pidfile {pidfile} contains non-numeric value")
        try:
            os.kill(pid, 0)
        except OSError as why:
            if why.errno == errno.ESRCH:
                # The process is gone: the file is stale.
                log.msg(f"Removing stale pidfile {pidfile}", isError=True)
                os.remove(pidfile)
            else:
                sys.exit(f"Can't check status of PID {pid} from pidfile {pidfile}: {why}")
        else:
            sys.exit(_ANOTHER_RUNNING.format(pid=pid))


class UnixAppLogger(app.AppLogger):
    """AppLogger with syslog (``--syslog``, ``--prefix``), a default ``twistd.log`` for
    daemons, and log rotation on SIGUSR1."""

    def __init__(self, options: Any) -> None:
        app.AppLogger.__init__(self, options)
        self._syslog = options.get("syslog", False)
        self._syslogPrefix = options.get("prefix", "")
        self._nodaemon = options.get("nodaemon", False)

    def _getLogObserver(self) -> Any:
        if self._syslog:
            from twistio.python import syslog

            emit = syslog.SyslogObserver(self._syslogPrefix).emit

            def syslogObserver(event: dict[str, Any]) -> None:
                emit(event)

            directlyProvides(syslogObserver, LegacyILogObserver)
            return syslogObserver

        if self._logfilename == "-":
            if not self._nodaemon:
                sys.exit("Daemons cannot log to stdout, exiting!")
            logFile: Any = sys.stdout
        elif self._nodaemon and not self._logfilename:
            logFile = sys.stdout
        else:
            if not self._logfilename:
                self._logfilename = "twistd.log"
            logFile = logfile.LogFile.fromFullPath(self._logfilename)
            try:
                import signal
            except ImportError:
                pass
            else:
                # Leave a handler the application installed alone.
                if not signal.getsignal(signal.SIGUSR1):

                    def rotateLog(signum: Any, frame: Any) -> None:
                        from twistio import internet

                        internet.reactor.callFromThread(logFile.rotate)  # type: ignore[attr-defined]

                    signal.signal(signal.SIGUSR1, rotateLog)
        return logger.textFileLogObserver(logFile)


def launchWithName(name: str | None) -> None:
    """Re-execute the process under the process name ``name`` (when set and different)."""
    if name and name != sys.argv[0]:
        # sys.executable as it is, not its real path: in a virtualenv the real path is the base
        # interpreter, which cannot import the application (real twistd fails there).
        exe = sys.executable
        log.msg("Changing process name to " + name)
        if os.path.isfile(sys.argv[0]):
            script = [sys.argv[0]]
        else:
            # Started as ``twistio twistd`` (argv[0] is just "twistd"): run that again.
            script = ["-m", "twistio", "twistd"]
        os.execv(exe, [name, *script, "--originalname", *sys.argv[1:]])


class UnixApplicationRunner(app.ApplicationRunner):
    """Runs the application on POSIX: set up the environment (chroot, rundir, umask,
    daemonize, pidfile), start privileged services, drop privileges, start the services, run
    the reactor, remove the pidfile."""

    loggerFactory = UnixAppLogger

    def preApplication(self) -> None:
        self.oldstdout = sys.stdout
        self.oldstderr = sys.stderr

    def _formatChildException(self, exception: BaseException) -> bytes:
        """``1 <Type>: <message>`` in ASCII (non-ASCII escaped), at most 100 bytes."""
        line = traceback.format_exception_only(exception.__class__, exception)[-1]
        return f"1 {line.strip()}".encode("ascii", "backslashreplace")[:100]

    def postApplication(self) -> None:
        try:
            self.startApplication(self.application)
        except Exception as ex:
            statusPipe = self.config.get("statusPipe", None)
            if statusPipe is not None:
                untilConcludes(os.write, statusPipe, self._formatChildException(ex))
                untilConcludes(os.close, statusPipe)
            self.removePID(self.config["pidfile"])
            raise
        else:
            statusPipe = self.config.get("statusPipe", None)
            if statusPipe is not None:
                untilConcludes(os.write, statusPipe, b"0")
                untilConcludes(os.close, statusPipe)
        self.startReactor(None, self.oldstdout, self.oldstderr)
        self.removePID(self.config["pidfile"])

    def removePID(self, pidfile: str | None) -> None:
        """Remove ``pidfile``, logging (not raising) a failure."""
        if not pidfile:
            return
        try:
            os.unlink(pidfile)
        except OSError as e:
            if e.errno in (errno.EACCES, errno.EPERM):
                log.msg("Warning: No permission to delete pid file")
            else:
                log.err(e, "Failed to unlink PID file:")
        except BaseException:
            log.err(None, "Failed to unlink PID file:")

    def setupEnvironment(
        self,
        chroot: str | None,
        rundir: str,
        nodaemon: bool,
        umask: int | None,
        pidfile: str | None,
    ) -> None:
        """chroot, change to ``rundir``, set the umask (0077 for daemons by default),
        daemonize unless ``nodaemon``, and write ``pidfile``."""
        if chroot is not None:
            os.chroot(chroot)
            if rundir == ".":
                rundir = "/"
        os.chdir(rundir)
        if not nodaemon and umask is None:
            umask = 0o077
        if umask is not None:
            os.umask(umask)
        if not nodaemon:
            from twistio import internet

            reactor = getattr(internet, "reactor", None)
            if reactor is None:
                from twistio.internet import reactor
            self.daemonize(reactor)
        if pidfile:
            with open(pidfile, "wb") as f:
                f.write(b"%d" % os.getpid())

    def shedPrivileges(self, euid: bool, uid: int | None, gid: int | None) -> None:
        """Switch to ``uid``/``gid`` (effective ids only with ``euid``); exit with status 1
        if that fails."""
        if uid is not None or gid is not None:
            extra = euid and "e" or ""
            desc = f"{extra}uid/{extra}gid {uid}/{gid}"
            try:
                switchUID(uid, gid, euid)
            except OSError as e:
                log.msg(f"failed to set {desc} (are you root?) -- exiting.")
                log.msg(str(e))
                sys.exit(1)
            else:
                log.msg(f"set {desc}")

    def startApplication(self, application: Any) -> None:
        process = service.IProcess(application, None)
        if not self.config["originalname"]:
            launchWithName(process.processName)
        self.setupEnvironment(
            self.config["chroot"],
            self.config["rundir"],
            self.config["nodaemon"],
            self.config["umask"],
            self.config["pidfile"],
        )
        service.IService(application).privilegedStartService()
        uid, gid = self.config["uid"], self.config["gid"]
        if uid is None:
            uid = process.uid
        if gid is None:
            gid = process.gid
        if uid is not None and gid is None:
            gid = pwd.getpwuid(uid).pw_gid
        self.shedPrivileges(self.config["euid"], uid, gid)
        app.startApplication(application, not self.config["no_save"])

    # Twisted's signature carries no annotations; callers compare it (inspect.signature).
    setupEnvironment.__annotations__ = {}

    def _waitForStart(self, readPipe: int) -> int:
        """In the launching process: wait for the daemon's status; print its error, if any.
        Returns the exit status for the launching process."""
        data = untilConcludes(os.read, readPipe, 100)
        if data != b"0":
            message = (
                f"An error has occurred: {data[2:]!r}\n"
                "Please look at log file for more information.\n"
            )
            untilConcludes(sys.__stderr__.write, message)  # type: ignore[union-attr]
            return 1
        return 0

    def daemonize(self, reactor: Any) -> None:
        """Detach: fork (the launcher waits on a status pipe and exits with the daemon's
        start-up status), start a session, fork again, point stdio at /dev/null."""
        if IReactorDaemonize.providedBy(reactor):
            reactor.beforeDaemonize()
        r, w = os.pipe()
        if os.fork():
            code = self._waitForStart(r)
            os.close(r)
            os._exit(code)
        os.setsid()
        if os.fork():
            os._exit(0)
        null = os.open("/dev/null", os.O_RDWR)
        for i in range(3):
            try:
                os.dup2(null, i)
            except OSError as e:
                if e.errno != errno.EBADF:
                    raise
        os.close(null)
        if IReactorDaemonize.providedBy(reactor):
            reactor.afterDaemonize()
        self.config["statusPipe"] = w
