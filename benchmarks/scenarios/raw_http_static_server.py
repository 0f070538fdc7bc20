"""The practical limit for http_static: aiohttp's static route on uvloop or asyncio."""

import asyncio
import json
import os
import sys
import tempfile

from _bench import args
from aiohttp import web

opts = args(0, max_seconds=60.0, loop="uvloop")
if opts.loop == "uvloop":
    import uvloop

    loop = uvloop.new_event_loop()
else:
    loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
root = tempfile.mkdtemp(prefix="bench-static-")
with open(os.path.join(root, "file64k.bin"), "wb") as f:
    f.write(os.urandom(64 * 1024))
app = web.Application()
app.router.add_static("/", root)
runner = web.AppRunner(app, access_log=None)
loop.run_until_complete(runner.setup())
site = web.TCPSite(runner, "127.0.0.1", 0)
loop.run_until_complete(site.start())
print(json.dumps({"port": site._server.sockets[0].getsockname()[1]}))
sys.stdout.flush()
loop.call_later(opts.max_seconds, loop.stop)
loop.run_forever()
