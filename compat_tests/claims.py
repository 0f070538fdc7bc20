"""Which of Twisted's own test modules twistio claims to pass, and the known exceptions.

``SUBSYSTEMS`` groups the modules by subsystem (and the issue that delivers it):

- ``claimed``: module -> ``{"Class.test_method": "reason it does not pass"}``.  Every test of a
  claimed module must pass (or be skipped/todo as it is on real Twisted) except the listed ones,
  which run as ``xfail(strict=True)`` with the reason, so fixing one makes the run fail until
  the entry is removed here.  ``compat_tests/test_oracle.py`` enforces this in CI.
- ``targets``: modules the subsystem aims at but does not claim yet; ``python -m
  compat_tests.oracle status`` shows how far they are.

To claim a module: run ``python -m compat_tests.oracle run <module>``, fix or list each failure
with its reason, then move the module from ``targets`` to ``claimed``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Subsystem:
    """A group of Twisted test modules delivered by one issue."""

    name: str
    issue: int
    claimed: dict[str, dict[str, str]] = field(default_factory=dict)
    targets: tuple[str, ...] = ()


SUBSYSTEMS: tuple[Subsystem, ...] = (
    Subsystem(
        "Deferred and Failure",
        issue=2,
        claimed={
            "twisted.test.test_defer": {},
            "twisted.internet.test.test_defer_await": {},
            "twisted.internet.test.test_defer_yieldfrom": {},
            "twisted.test.test_failure": {},
            "twisted.internet.test.test_inlinecb": {},
        },
    ),
    Subsystem(
        "Reactor, task and time",
        issue=3,
        claimed={
            "twisted.test.test_task": {},
            "twisted.test.test_cooperator": {},
            "twisted.internet.test.test_base": {},
            "twisted.protocols.test.test_basic": {},
            "twisted.test.test_loopback": {},
            "twisted.test.test_policies": {},
            "twisted.test.test_protocols": {},
            "twisted.test.test_threads": {},
            "twisted.test.test_tcp": {},
            "twisted.test.test_internet": {},
            "twisted.test.test_stateful": {},
            "twisted.test.test_iosim": {},
            "twisted.internet.test.test_testing": {},
            "twisted.internet.test.test_error": {},
            "twisted.test.test_error": {},
            "twisted.internet.test.test_socket": {},
            "twisted.internet.test.test_main": {},
            "twisted.internet.test.test_protocol": {},
            "twisted.internet.test.test_filedescriptor": {},
            "twisted.internet.test.test_fakes": {},
            "twisted.internet.test.test_time": {},
            "twisted.internet.test.test_core": {},
            "twisted.internet.test.test_threads": {},
            "twisted.internet.test.test_address": {},
            "twisted.internet.test.test_default": {},
            "twisted.test.test_factories": {},
            "twisted.test.test_abstract": {},
            "twisted.test.test_tpfile": {},
            "twisted.test.test_threadable": {},
            "twisted.test.test_fdesc": {},
            "twisted.test.test_pcp": {},
            "twisted.test.test_htb": {},
            "twisted.test.test_ident": {},
            "twisted.test.test_finger": {},
            "twisted.test.test_postfix": {},
            # 473 pass and 219 skip (real Twisted 26.10: 583 pass, 109 skip).  The extra skips:
            # the ThreadedSelectReactor variants (twistio has no _threadedselect module) and
            # TCPConnectionTests.test_tlsAfterStartTLS (needs pyOpenSSL; see "TLS" below).
            # As on Twisted, a client's socket is made (and bound) in connect(), so
            # connector.transport.socket is there at once and EMFILE afterwards does not fail
            # the attempt; the tcp.Connection/Server whitebox constructors take a socket.
            "twisted.internet.test.test_tcp": {},
        },
    ),
    Subsystem(
        "trial",
        issue=4,
        claimed={
            "twisted.trial.test.test_assertions": {},
            "twisted.trial.test.test_deferred": {},
            "twisted.trial.test.test_tests": {},
            "twisted.trial.test.test_pyunitcompat": {},
            "twisted.trial.test.test_warning": {},
            "twisted.trial.test.test_suppression": {},
            "twisted.trial.test.test_log": {},
            "twisted.trial.test.test_testcase": {},
            "twisted.trial.test.test_skip": {},
            "twisted.trial.test.test_asyncassertions": {},
            "twisted.trial.test.test_doctest": {},
            "twisted.trial.test.test_matchers": {},
            "twisted.trial.test.test_keyboard": {},
            "twisted.trial.test.test_runner": {},
            "twisted.trial.test.test_plugins": {},
            "twisted.trial.test.test_output": {},
            "twisted.trial.test.test_loader": {},
            "twisted.trial._dist.test.test_matchers": {},
            "twisted.trial._dist.test.test_options": {},
            "twisted.trial._dist.test.test_distreporter": {},
            "twisted.trial.test.test_util": {
                "OpenTestLogTests.test_utf8": (
                    "its cleanup restores locale.getlocale(), which Python reports as"
                    " ('en_US', 'UTF-8') under LANG=C.UTF-8, a locale this machine lacks, so"
                    " setlocale raises; real Twisted 26.10 errors identically here"
                ),
            },
            "twisted.trial.test.test_reporter": {
                "TracebackHandlingTests.test_deferred": (
                    "pins Twisted's source layout: the innermost frame must be a function named"
                    " 'cb' in a file ending twisted/internet/task.py; twistio's deferLater"
                    " calls back from twistio/internet/_looping.py"
                ),
            },
        },
        targets=("twisted.trial.test.test_script",),
    ),
    Subsystem(
        "python utilities and logging",
        issue=2,
        claimed={
            "twisted.test.test_reflect": {},
            "twisted.test.test_usage": {},
            "twisted.python.test.test_components": {},
            "twisted.python.test.test_deprecate": {},
            "twisted.logger.test.test_logger": {},
            "twisted.logger.test.test_observer": {},
            "twisted.logger.test.test_format": {},
            "twisted.logger.test.test_global": {},
            "twisted.logger.test.test_buffer": {},
            "twisted.logger.test.test_capture": {},
            "twisted.logger.test.test_file": {},
            "twisted.logger.test.test_filter": {},
            "twisted.logger.test.test_flatten": {},
            "twisted.logger.test.test_io": {},
            "twisted.logger.test.test_json": {},
            "twisted.logger.test.test_legacy": {},
            "twisted.logger.test.test_levels": {},
            "twisted.logger.test.test_stdlib": {},
            "twisted.logger.test.test_util": {},
            "twisted.test.test_paths": {},
            "twisted.test.test_log": {},
            "twisted.python.test.test_systemd": {},
            "twisted.test.test_main": {},
            "twisted.python.test.test_util": {},
        },
    ),
    Subsystem(
        "Processes, UNIX, UDP, endpoints",
        issue=5,
        claimed={
            "twisted.test.test_udp": {},
            "twisted.test.test_iutils": {},
            "twisted.test.test_unix": {},
            "twisted.test.test_stdio": {},
            # 39 tests skip as on real Twisted without pyOpenSSL (SSL/TLS endpoint classes,
            # ssl:/tls: string tests, and UNIXEndpointsTests, which Twisted guards with the
            # same skipSSL flag).
            "twisted.internet.test.test_endpoints": {},
            "twisted.test.test_process": {},
            "twisted.internet.test.test_posixprocess": {},
            "twisted.runner.test.test_procmon": {},
            "twisted.runner.test.test_procmontap": {},
            # spawnProcess spawns (Popen/posix_spawnp) or forks+execvpe when Twisted would; the
            # MockOS tests drive the fork path with stand-ins for os/fcntl/pty/signal.
            # As root the child is switched to uid 1, which cannot reach sys.executable under
            # /root (mode 0700): the exec fails (EACCES) and the child exits 1.  Real Twisted
            # 26.10 fails test_changeUID identically here; test_changeGID (uid stays 0) passes.
            "twisted.internet.test.test_process": {
                f"{kind}_{loop}ReactorTests.test_changeUID": (
                    "as root, uid 1 cannot exec the interpreter under /root (0700); the child "
                    "exits 1, as on real Twisted 26.10"
                )
                for kind in ("ProcessTestsBuilder", "PTYProcessTestsBuilder")
                for loop in ("Select", "AsyncioSelector", "Poll", "EPoll")
            },
            # Real Twisted 26.10: 179 pass, 35 skip.  twistio skips the ThreadedSelectReactor
            # variants too (it has no _threadedselect module).  Descriptor passing runs
            # (twistio._aio._unixfds): only a protocol providing IFileDescriptorReceiver reads
            # with recvmsg; any other keeps the loop's own reading, where the kernel closes a
            # descriptor sent to it (no leak) but nothing can see it to log it, as Twisted
            # does.  Out of descriptors, queued peers are accepted on a reserved fd and
            # closed, as on Twisted (on the stdlib loop by twistio, on uvloop by libuv).
            "twisted.internet.test.test_unix": {
                f"UNIXTestsBuilder_{loop}ReactorTests.test_avoidLeakingFileDescriptors": (
                    "a descriptor sent to a protocol that is not an IFileDescriptorReceiver is "
                    "closed by the kernel (the loop transport reads with recv), so the "
                    "'does not provide IFileDescriptorReceiver' line is not logged"
                )
                for loop in ("Select", "AsyncioSelector", "Poll", "EPoll")
            },
        },
    ),
    Subsystem(
        "TLS",
        issue=5,
        # These modules need pyOpenSSL importable (``from OpenSSL import SSL``) for nearly all
        # their tests, which otherwise skip, on real Twisted too (the oracle venv has no
        # pyOpenSSL); they also build pyOpenSSL Context objects directly, which twistio
        # (stdlib ssl) refuses by design.  TLS itself is covered by tests/test_tls_*.py.
        # test_sslverify: only 5 of 127 run (FakeCrypto/FakeLib tests), 122 skip exactly as
        # on real Twisted without pyOpenSSL -- a guard on the import surface, not a TLS claim.
        claimed={
            "twisted.test.test_sslverify": {},
        },
        # Not claimable, by design: without pyOpenSSL real Twisted has no TLS at all --
        # twisted.internet.ssl does not import, its reactors do not provide IReactorSSL, and
        # these modules skip every test.  twistio's TLS runs on stdlib ssl, so its reactor
        # does provide IReactorSSL; the tests that take that to mean "pyOpenSSL is here" then
        # reach pyOpenSSL-only names (SSL, crypto, x509) and fail with NameError instead of
        # skipping.  Kept as targets so the report shows how far they get.
        targets=(
            "twisted.test.test_ssl",
            "twisted.protocols.test.test_tls",
            "twisted.internet.test.test_tls",
        ),
    ),
    Subsystem(
        "application, twistd and logging",
        issue=6,
        claimed={
            "twisted.test.test_application": {},
            "twisted.test.test_twistd": {},
            "twisted.application.test.test_service": {},
            "twisted.application.test.test_internet": {},
            "twisted.application.runner.test.test_exit": {},
            "twisted.application.runner.test.test_pidfile": {},
            "twisted.application.runner.test.test_runner": {},
            "twisted.application.twist.test.test_options": {},
            "twisted.application.twist.test.test_twist": {},
            "twisted.test.test_sob": {},
            "twisted.persisted.test.test_styles": {},
            "twisted.test.test_strports": {},
            "twisted.python.test.test_syslog": {},
            "twisted.python.test.test_fakepwd": {},
            "twisted.test.test_logfile": {
                "DailyLogFileTests.test_rotatePermissionDirectoryNotOk": (
                    "read-only permissions do not stop root (CI runs as root), so rotate() still happens; real Twisted 26.10 fails it identically as root"
                ),
                "DailyLogFileTests.test_rotatePermissionFileNotOk": (
                    "read-only permissions do not stop root (CI runs as root), so rotate() still happens; real Twisted 26.10 fails it identically as root"
                ),
            },
            "twisted.test.test_plugin": {
                "PluginTests.test_deployedMode": (
                    "read-only permissions do not stop root (CI runs as root), so the cache is written and no warning is logged; real Twisted 26.10 fails it identically as root"
                ),
                "DeveloperSetupTests.test_newPluginsOnReadOnlyPath": (
                    "read-only permissions do not stop root (CI runs as root), so the cache is written and no warning is logged; real Twisted 26.10 fails it identically as root"
                ),
            },
        },
    ),
    Subsystem(
        "cred and adbapi",
        issue=6,
        claimed={
            "twisted.cred.test.test_cred": {},
            "twisted.cred.test.test_digestauth": {},
            "twisted.cred.test.test_cramauth": {},
            "twisted.cred.test.test_simpleauth": {},
            "twisted.test.test_adbapi": {},
            "twisted.cred.test.test_strcred": {},
        },
    ),
    Subsystem(
        "twisted.web server",
        issue=7,
        claimed={
            "twisted.web.test.test_http_headers": {},
            "twisted.web.test.test_resource": {},
            "twisted.web.test.test_error": {},
            "twisted.web.test.test_util": {},
            "twisted.web.test.test_web": {},
            "twisted.web.test.test_vhost": {},
            "twisted.web.test.test_pages": {},
            "twisted.web.test.test_proxy": {},
            "twisted.web.test.test_httpauth": {},
            "twisted.web.test.test_wsgi": {},
            "twisted.web.test.test_cgi": {},
            "twisted.web.test.test_xmlrpc": {},
            "twisted.web.test.test_script": {},
            "twisted.web.test.test_web__responses": {},
            "twisted.web.test.test_http": {
                "ParsingTests.test_headersMultiline": (
                    "obsolete header line folding: llhttp (twistio's parser) refuses it with "
                    "400, as RFC 9112 section 5.2 allows; Twisted joins the lines"
                ),
                "ParsingTests.test_headerStripWhitespace": (
                    "vertical tab and form feed inside header values: llhttp refuses them "
                    "with 400; Twisted keeps them"
                ),
                "ParsingTests.test_transferEncodingIdentity": (
                    "Content-Length together with Transfer-Encoding (here 'identity'): llhttp "
                    "refuses the request with 400 (request smuggling risk, RFC 9112 6.1); "
                    "Twisted reads the body by Content-Length"
                ),
            },
            "twisted.web.test.test_static": {
                "StaticFileTests.test_forbiddenResource": (
                    "chmod 0 does not stop root from reading (CI runs as root), so the file is "
                    "served with 200; real Twisted 26.10 fails it identically as root"
                ),
            },
        },
        targets=(),
    ),
    Subsystem(
        "twisted.web client and templates",
        issue=7,
        claimed={
            "twisted.web.test.test_stan": {},
            "twisted.web.test.test_flatten": {},
            "twisted.web.test.test_webclient": {},
            "twisted.web.test.test_template": {},
            "twisted.web.test.test_newclient": {},
            # The 8 listed tests need pyOpenSSL's API (twistio's TLS is stdlib ssl, and the
            # oracle venv has no pyOpenSSL, so on real Twisted here twisted.internet.ssl does
            # not import and every TLS test of this module skips).
            "twisted.web.test.test_agent": {
                "AgentHTTPSTests.test_alternateTrustRoot": (
                    "calls get_context() on the TLS connection, a pyOpenSSL Connection method;"
                    " twistio's is a stdlib ssl.SSLObject (its context is .context)"
                ),
                "HostnameCachingHTTPSPolicyTests.test_cacheIsUsed": (
                    "calls get_context() on the TLS connection, a pyOpenSSL Connection method;"
                    " twistio's is a stdlib ssl.SSLObject (its context is .context)"
                ),
                "AgentHTTPSTests.test_connectHTTPSCustomConnectionCreator": (
                    "its creator returns a duck-typed pyOpenSSL Connection"
                    " (set_connect_state/do_handshake) for TLSMemoryBIOProtocol, which runs"
                    " stdlib ssl.SSLObject and refuses non-ssl.SSLContext creators by design"
                ),
                "AgentHTTPSTests.test_integrationTestIPv4": (
                    "test_sslverify's certificatesForAuthorityAndServer needs pyOpenSSL"
                    " (NameError: x509)"
                ),
                "AgentHTTPSTests.test_integrationTestIPv4Address": (
                    "test_sslverify's certificatesForAuthorityAndServer needs pyOpenSSL"
                    " (NameError: x509)"
                ),
                "AgentHTTPSTests.test_integrationTestIPv6": (
                    "test_sslverify's certificatesForAuthorityAndServer needs pyOpenSSL"
                    " (NameError: x509)"
                ),
                "AgentHTTPSTests.test_integrationTestIPv6Address": (
                    "test_sslverify's certificatesForAuthorityAndServer needs pyOpenSSL"
                    " (NameError: x509)"
                ),
                "WebClientContextFactoryTests.test_returnsContext": (
                    "asserts getContext() returns an OpenSSL.SSL.Context via ssl.SSL, the"
                    " pyOpenSSL module; twistio's contexts are stdlib ssl.SSLContext"
                ),
            },
        },
    ),
)


def claimed_modules() -> dict[str, dict[str, str]]:
    """Every claimed module with its known failures."""
    out: dict[str, dict[str, str]] = {}
    for subsystem in SUBSYSTEMS:
        for module, known in subsystem.claimed.items():
            if module in out:
                raise ValueError(f"{module} is claimed twice")
            out[module] = dict(known)
    return out


def all_modules() -> list[tuple[Subsystem, str, bool]]:
    """``(subsystem, module, claimed)`` for every claimed or targeted module."""
    rows: list[tuple[Subsystem, str, bool]] = []
    for subsystem in SUBSYSTEMS:
        rows.extend((subsystem, m, True) for m in subsystem.claimed)
        rows.extend((subsystem, m, False) for m in subsystem.targets if m not in subsystem.claimed)
    return rows


def known_failures(module: str) -> dict[str, str]:
    """The listed known failures of ``module`` (empty when it is not claimed)."""
    return claimed_modules().get(module, {})
