"""``python -m compat_tests._trial_main [trial args]``: ``twistio trial`` with the oracle overlay on.

The overlay (``$TWISTIO_ORACLE_OVERLAY``) is registered before trial imports anything, then the
arguments go to the same entry point as ``twistio trial``.
"""

from __future__ import annotations

import os
import sys

from twistio import _alias
from twistio._cli import main

if __name__ == "__main__":
    _alias.add_overlay(os.environ["TWISTIO_ORACLE_OVERLAY"])
    sys.exit(main(["trial", *sys.argv[1:]]))
