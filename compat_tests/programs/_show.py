"""Print helpers shared by the classic programs.

Tracebacks keep only the frames of the programs themselves: frames inside the framework are
implementation details (file names and line numbers differ between any two releases).
"""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_FRAME = re.compile(r'^\s*File "(?P<path>[^"]+)", line \d+, in ')
_BRIEF = re.compile(r"^(?P<path>/[^:]+):\d+:")
_DETAIL = re.compile(r"^(?P<path>/[^:]+):\d+: ")


def _ours(path):
    return os.path.dirname(os.path.abspath(path)) == HERE


def program_frames(text):
    """``text`` (a printed traceback) without frames from outside this directory."""
    out = []
    skip_source = False
    for line in text.splitlines():
        if skip_source:
            skip_source = False
            if line.startswith("    ") and not _FRAME.match(line):
                continue
        m = _FRAME.match(line)
        if m and not _ours(m["path"]):
            skip_source = True
            continue
        m = _BRIEF.match(line) or _DETAIL.match(line)
        if m and not _ours(m["path"]):
            continue
        if m or _FRAME.match(line):
            line = line.replace(HERE + os.sep, "")
        out.append(line.replace(HERE + os.sep, ""))
    return "\n".join(out)


def say(*args):
    print(*args)
    sys.stdout.flush()


class ProgramFramesOnly:
    """A stdout stand-in for log observers: logged tracebacks keep only the programs' frames."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def write(self, text):
        self.stream.write(
            program_frames(text.replace("\t", "    ")) + ("\n" if text.endswith("\n") else "")
        )
        self.stream.flush()

    def flush(self):
        self.stream.flush()
