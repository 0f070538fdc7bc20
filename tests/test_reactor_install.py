"""Installing the global reactor, and running it inside asyncio.run(); each case runs in a
child interpreter because the installed reactor is process-wide."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest


def run_child(source: str, timeout: float = 30) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(source)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_import_reactor_installs_asyncio_reactor_under_both_names() -> None:
    """`from twisted.internet import reactor` gives the asyncio reactor, the same object
    under twisted.* and twistio.*; installing a second one fails."""
    out = run_child(
        """
        import sys, twistio
        twistio.install()
        from twisted.internet import reactor
        import twistio.internet.reactor as again
        from twistio._aio.reactor import AsyncioReactor
        from twisted.internet.error import ReactorAlreadyInstalledError
        from twisted.internet.main import installReactor
        print(isinstance(reactor, AsyncioReactor), reactor is again,
              sys.modules["twisted.internet.reactor"] is reactor)
        try:
            installReactor(AsyncioReactor())
        except ReactorAlreadyInstalledError:
            print("refused")
        """
    )
    assert out.split() == ["True", "True", "True", "refused"]


@pytest.mark.parametrize("installer", ["asyncioreactor", "epollreactor", "default"])
def test_explicit_install_functions(installer: str) -> None:
    """Programs that call <module>.install() first get twistio's reactor installed."""
    out = run_child(
        f"""
        import twistio
        twistio.install()
        from twisted.internet import {installer}
        {installer}.install()
        from twisted.internet import reactor
        print(type(reactor).__name__)
        """
    )
    assert out.strip() == "AsyncioReactor"


def test_asyncioreactor_install_adopts_given_loop() -> None:
    """asyncioreactor.install(loop) runs the reactor on that loop."""
    out = run_child(
        """
        import asyncio, twistio
        twistio.install()
        loop = asyncio.new_event_loop()
        from twisted.internet import asyncioreactor
        asyncioreactor.install(loop)
        from twisted.internet import reactor
        reactor.callLater(0, reactor.stop)
        reactor.run()
        print(reactor._asyncioEventloop is loop)
        """
    )
    assert out.strip() == "True"


@pytest.mark.parametrize("importFirst", [True, False])
def test_await_reactor_run_inside_asyncio_run(importFirst: bool) -> None:
    """Inside asyncio.run(), `await reactor.run()` runs the reactor on the running loop until
    it stops: timers, TCP and Deferreds all work, whether the reactor was imported before or
    inside the coroutine."""
    out = run_child(
        f"""
        import asyncio, twistio
        twistio.install()
        if {importFirst}:
            from twisted.internet import reactor
        async def main():
            from twisted.internet import reactor, protocol
            from twisted.internet.task import deferLater
            loop = asyncio.get_running_loop()
            got = loop.create_future()
            class Echo(protocol.Protocol):
                def dataReceived(self, d):
                    self.transport.write(d)
            class C(protocol.Protocol):
                def connectionMade(self):
                    self.transport.write(b"ping")
                def dataReceived(self, d):
                    got.set_result(d)
                    self.transport.loseConnection()
            async def body():
                port = reactor.listenTCP(0, protocol.Factory.forProtocol(Echo),
                                         interface="127.0.0.1")
                reactor.connectTCP("127.0.0.1", port.getHost().port,
                                   protocol.ClientFactory.forProtocol(C))
                print(await got)
                print(await deferLater(reactor, 0.01, lambda: 42))
                await port.stopListening()
                reactor.stop()
            reactor.callWhenRunning(lambda: loop.create_task(body()))
            await reactor.run()
            print(reactor._asyncioEventloop is loop, reactor.running)
        asyncio.run(main())
        """
    )
    assert out.split() == ["b'ping'", "42", "True", "False"]


def test_sigint_stops_the_reactor_cleanly() -> None:
    """SIGINT runs the shutdown triggers and run() returns."""
    out = run_child(
        """
        import os, signal, twistio
        twistio.install()
        from twisted.internet import reactor
        reactor.addSystemEventTrigger("before", "shutdown", print, "shutdown")
        reactor.callWhenRunning(os.kill, os.getpid(), signal.SIGINT)
        reactor.run()
        print("exit", reactor._exitSignal == signal.SIGINT)
        """
    )
    assert out.split() == ["shutdown", "exit", "True"]
