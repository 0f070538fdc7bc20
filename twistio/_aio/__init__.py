"""The only part of twistio that touches asyncio: loop choice, reactor, transport adapters."""
