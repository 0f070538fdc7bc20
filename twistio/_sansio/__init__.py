"""Pure protocol cores: bytes in, events out. Imports nothing of twistio, no asyncio, no clock."""
