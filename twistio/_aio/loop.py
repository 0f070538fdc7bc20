"""Which asyncio event loop twistio runs on.

``TWISTIO_LOOP=uvloop`` (the default where uvloop imports) or ``TWISTIO_LOOP=asyncio`` (the
stdlib loop; also the fallback when uvloop is missing).  Tests run every body under both.
"""

from __future__ import annotations

import asyncio
import os

ENV_VAR = "TWISTIO_LOOP"


def loop_kind() -> str:
    """``"uvloop"`` or ``"asyncio"``: the loop twistio creates when it needs one."""
    wanted = os.environ.get(ENV_VAR, "uvloop").strip().lower() or "uvloop"
    if wanted not in ("uvloop", "asyncio"):
        raise ValueError(f"{ENV_VAR} must be 'uvloop' or 'asyncio', not {wanted!r}")
    if wanted == "uvloop":
        try:
            import uvloop  # noqa: F401
        except ImportError:
            return "asyncio"
    return wanted


def new_event_loop() -> asyncio.AbstractEventLoop:
    """A fresh loop of the configured kind (see :func:`loop_kind`)."""
    if loop_kind() == "uvloop":
        import uvloop

        return uvloop.new_event_loop()
    heap_receive_buffers()
    return asyncio.new_event_loop()


def heap_receive_buffers() -> None:
    """Let the stdlib loop's 256 KiB receive buffers come from the heap, not from mmap.

    The stdlib transports call ``sock.recv(256 KiB)`` for every read.  glibc serves an
    allocation that large with mmap (then mremap to shrink it, munmap to free it: three
    system calls and a page fault per read, a 2-4x slower echo) until a freed mmapped chunk
    has raised its dynamic threshold above that size; whether one has depends on what the
    process happened to allocate before.  Allocating and freeing one 1 MiB block raises it
    now, for good.  Harmless with other allocators.
    """
    block = bytearray(1 << 20)
    del block
