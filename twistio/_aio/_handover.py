"""Giving a connected socket to the loop's transport, safely and without a task hop.

``loop.create_connection(sock=sock)`` (and ``connect_accepted_socket``) make the transport that
owns ``sock``'s descriptor from then on.  Two things are done around it here:

- uvloop lets the descriptor go with the socket object only once it attaches the object,
  which it does after the protocol's ``connection_made``: a transport closed from there (or
  one that failed to start) is closed by libuv while ``sock`` still believes it owns the
  descriptor, and when ``sock`` is collected it closes that number again -- by then perhaps
  someone else's (seen: libuv's own io_uring descriptor, which aborts the process).  So on
  uvloop ``sock`` is detached whenever its transport is already gone.  The stdlib loop closes
  ``sock`` itself, through the same object, and is left alone.
- :func:`handOverNow` runs the making coroutine's first step at once (the transport exists
  when it returns, ``connection_made`` is scheduled) and the rest as the futures it waits on
  complete: no task, so connection setup costs no extra loop iteration.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable, Coroutine
from typing import Any


def _onUvloop(loop: asyncio.AbstractEventLoop) -> bool:
    return type(loop).__module__.startswith("uvloop")


def _settle(loop: asyncio.AbstractEventLoop, sock: socket.socket, transport: Any) -> None:
    """After the making coroutine ended (``transport`` None if it failed): see the module."""
    if _onUvloop(loop) and (transport is None or transport.is_closing()):
        sock.detach()


async def handOver(
    loop: asyncio.AbstractEventLoop, sock: socket.socket, making: Coroutine[Any, Any, Any]
) -> None:
    """Await ``making``, which gives the loop's new transport ``sock``'s descriptor."""
    try:
        transport, _ = await making
    except BaseException:
        _settle(loop, sock, None)
        raise
    _settle(loop, sock, transport)


class Making:
    """A making coroutine run by :func:`handOverNow`; :meth:`cancel` stops it as a task's
    cancel would (the future it waits on is cancelled, so it cleans up and raises)."""

    __slots__ = ("_waiting",)

    def __init__(self) -> None:
        self._waiting: asyncio.Future[Any] | None = None

    def cancel(self) -> None:
        """Cancel the wait in progress, if any; ``failed`` then sees ``CancelledError``."""
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting.cancel()


def handOverNow(
    loop: asyncio.AbstractEventLoop,
    sock: socket.socket | None,
    making: Coroutine[Any, Any, Any],
    failed: Callable[[BaseException], None],
) -> Making:
    """Run ``making`` (see :func:`handOver`) now, without a task; ``failed(exc)`` is called if
    it raises.  It may only wait on futures (or bare yields), as the loops' own do.  ``sock``
    is None when ``making`` makes its own socket (``create_connection(host, port)``)."""
    handle = Making()

    def step(_: object = None) -> None:
        handle._waiting = None
        try:
            waiting = making.send(None)
        except StopIteration as stop:
            if sock is not None:
                _settle(loop, sock, stop.value[0])
        except BaseException as e:
            if sock is not None:
                _settle(loop, sock, None)
            failed(e)
        else:
            if waiting is None:
                loop.call_soon(step)
            else:
                handle._waiting = waiting
                waiting.add_done_callback(step)

    step()
    return handle
