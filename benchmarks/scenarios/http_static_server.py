"""twisted.web static.File server for the http_static scenario; prints {"port": P} once listening.

Serves a temporary directory holding file64k.bin (64 KiB). 127.0.0.1 only; stops after
--max-seconds.
"""

import os
import tempfile

from _bench import args, choose_reactor, serve

choose_reactor()

from twisted.web import server, static  # noqa: E402

opts = args(0, max_seconds=60.0)
root = tempfile.mkdtemp(prefix="bench-static-")
with open(os.path.join(root, "file64k.bin"), "wb") as f:
    f.write(os.urandom(64 * 1024))
site = server.Site(static.File(root))
serve(site, opts.max_seconds)
