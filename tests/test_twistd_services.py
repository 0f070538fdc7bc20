"""twisted.application services over the asyncio reactor and loopback TCP: a server endpoint
service, a ClientService that reconnects after the server drops it and that retries until the
server listens, and a TimerService; and applications saved and loaded from disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from twistio._aio.reactor import AsyncioReactor
from twistio.application import internet
from twistio.internet import endpoints, protocol

# Only a guard against hangs: every test stops the reactor itself once it has its answer.
SAFETY = 30.0


@pytest.fixture
def reactor(fresh_reactor: AsyncioReactor) -> AsyncioReactor:
    return fresh_reactor


class Dropper(protocol.Protocol):
    """Server side: says hello, then hangs up the first connection only."""

    def connectionMade(self) -> None:
        self.factory.connections += 1  # type: ignore[attr-defined]
        self.transport.write(b"hello %d" % self.factory.connections)  # type: ignore[attr-defined]
        if self.factory.connections == 1:  # type: ignore[attr-defined]
            self.transport.loseConnection()


class Greeted(protocol.Protocol):
    """Client side: remembers what the server said."""

    def __init__(self) -> None:
        self.got = b""

    def dataReceived(self, data: bytes) -> None:
        self.got += data


def _serverFactory() -> protocol.Factory:
    factory = protocol.Factory.forProtocol(Dropper)
    factory.connections = 0  # type: ignore[attr-defined]
    return factory


def _run(reactor: AsyncioReactor) -> None:
    guard = reactor.callLater(SAFETY, reactor.stop)
    reactor.run(installSignalHandlers=False)
    if guard.active():
        guard.cancel()


def test_client_service_reconnects(reactor: AsyncioReactor) -> None:
    """When the server hangs up, ClientService connects again; whenConnected gives the new
    protocol; stopping both services ends cleanly."""
    serverFactory = _serverFactory()
    server = internet.StreamServerEndpointService(
        endpoints.TCP4ServerEndpoint(reactor, 0, interface="127.0.0.1"), serverFactory
    )
    server.startService()
    assert server._waitingForPort is not None
    ports: list[Any] = []
    server._waitingForPort.addCallback(lambda p: ports.append(p) or p)
    results: dict[str, Any] = {}

    def startClient() -> None:
        number = ports[0].getHost().port
        client = internet.ClientService(
            endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", number),
            protocol.Factory.forProtocol(Greeted),
            retryPolicy=lambda attempt: 0.05,
            clock=reactor,
        )
        results["client"] = client
        client.startService()

        def first(proto: Greeted) -> Any:
            results["first"] = proto
            return waitForSecond()

        def waitForSecond() -> Any:
            d = client.whenConnected()

            def check(proto: Greeted) -> Any:
                if proto is results["first"] or serverFactory.connections < 2:  # type: ignore[attr-defined]
                    # Still the first connection: ask again a little later.
                    return _later(0.02).addCallback(lambda _: waitForSecond())
                results["second"] = proto
                return _later(0.05)

            return d.addCallback(check)

        def stopAll(_: Any) -> Any:
            return client.stopService().addCallback(lambda _: server.stopService())

        d = client.whenConnected().addCallback(first).addCallback(stopAll)
        d.addErrback(lambda f: results.setdefault("error", f))
        d.addBoth(lambda _: reactor.stop())

    def _later(delay: float) -> Any:
        from twistio.internet import task

        return task.deferLater(reactor, delay, lambda: None)

    def whenListening() -> None:
        if ports:
            startClient()
        else:
            reactor.callLater(0.05, whenListening)

    reactor.callWhenRunning(whenListening)
    _run(reactor)
    assert "error" not in results, results.get("error")
    assert serverFactory.connections >= 2  # type: ignore[attr-defined]
    assert results["first"] is not results["second"]
    assert results["second"].got.startswith(b"hello ")
    assert not results["client"].running


def test_client_service_waits_for_the_server(reactor: AsyncioReactor) -> None:
    """Started before anything listens, ClientService keeps retrying; whenConnected fires once
    a server appears, and whenConnected(failAfterFailures=1) fails on the first refusal."""
    probe = reactor.listenTCP(
        0, protocol.Factory.forProtocol(protocol.Protocol), interface="127.0.0.1"
    )
    number = probe.getHost().port
    probe.stopListening()
    client = internet.ClientService(
        endpoints.TCP4ClientEndpoint(reactor, "127.0.0.1", number),
        protocol.Factory.forProtocol(Greeted),
        retryPolicy=lambda attempt: 0.05,
        clock=reactor,
    )
    results: dict[str, Any] = {}
    early = client.whenConnected(failAfterFailures=1)
    early.addErrback(lambda f: results.setdefault("early", f))
    connected = client.whenConnected()

    def listenLater() -> None:
        results["port"] = reactor.listenTCP(number, _serverFactory(), interface="127.0.0.1")

    def done(proto: Greeted) -> Any:
        results["proto"] = proto
        return client.stopService()

    connected.addCallback(done).addErrback(lambda f: results.setdefault("error", f))
    connected.addBoth(lambda _: results["port"].stopListening())
    connected.addBoth(lambda _: reactor.stop())
    client.startService()
    early.addBoth(lambda _: listenLater())
    _run(reactor)
    assert "error" not in results, results.get("error")
    assert results["early"].check(Exception)
    assert isinstance(results["proto"], Greeted)


def test_timer_service(reactor: AsyncioReactor) -> None:
    """TimerService calls its function at start and then every step until stopped."""
    calls: list[int] = []
    timer = internet.TimerService(0.01, lambda: calls.append(1))
    timer.clock = reactor

    def check() -> None:
        if len(calls) >= 3:
            timer.stopService().addCallback(lambda _: reactor.stop())
        else:
            reactor.callLater(0.01, check)

    timer.startService()
    assert calls == [1]
    reactor.callLater(0.01, check)
    _run(reactor)
    assert len(calls) >= 3
    assert not timer.running


SAVE_AND_LOAD = """\
import sys
from twisted.application import internet, service
from twisted.persisted import sob

style = sys.argv[1]
app = service.Application("saved", uid=5, gid=6)
internet.TimerService(10, print, "tick").setServiceParent(app)
persistable = sob.IPersistable(app)
persistable.setStyle(style)
persistable.save()
filename = "saved.ta" + style[0]
assert sob.guessType(filename) == style
loaded = service.loadApplication(filename, style)
children = list(service.IServiceCollection(loaded))
print(service.IService(loaded).name, service.IProcess(loaded).uid, len(children),
      type(children[0]).__name__, children[0].running)
"""


@pytest.mark.parametrize("style", ["pickle", "source"])
def test_application_saved_and_loaded(style: str, tmp_path: Path) -> None:
    """An application with services survives save and load in both styles (pickles name
    classes by their Twisted names, so this runs under ``twistio run``, alias on)."""
    import os
    import subprocess
    import sys

    (tmp_path / "saveload.py").write_text(SAVE_AND_LOAD)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    result = subprocess.run(
        [sys.executable, "-m", "twistio", "run", "saveload.py", style],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["saved", "5", "1", "TimerService", "0"]
    assert (tmp_path / f"saved.ta{style[0]}").exists()
