"""twisted.python.runtime: facts about the platform and interpreter we run on."""

from __future__ import annotations

import os
import sys
import time
import warnings

__name__ = "twisted.python.runtime"

__all__ = ["Platform", "platform", "platformType", "seconds", "shortPythonVersion", "knownPlatforms"]


def shortPythonVersion() -> str:
    """The interpreter's version as ``"major.minor.micro"``."""
    return "%d.%d.%d" % sys.version_info[:3]  # noqa: UP031


#: ``os.name`` values to Twisted's platform types.
knownPlatforms = {
    "nt": "win32",
    "ce": "win32",
    "posix": "posix",
    "java": "java",
    "org.python.modules.os": "java",
}


class Platform:
    """The operating system (``os.name``-style ``name``) and ``sys.platform`` value
    ``platform`` (the running ones by default), with questions about them."""

    type: str | None = knownPlatforms.get(os.name)
    seconds = staticmethod(time.time)
    _platform = sys.platform

    def __init__(self, name: str | None = None, platform: str | None = None) -> None:
        if name is not None:
            self.type = knownPlatforms.get(name)
        if platform is not None:
            self._platform = platform

    def isKnown(self) -> bool:
        """Whether the platform type is known."""
        return self.type is not None

    def getType(self) -> str | None:
        """``"posix"``, ``"win32"`` or ``"java"``."""
        return self.type

    def isMacOSX(self) -> bool:
        return self._platform == "darwin"

    def isWinNT(self) -> bool:
        """Deprecated: use :meth:`isWindows`."""
        warnings.warn(
            "twisted.python.runtime.Platform.isWinNT was deprecated in "
            "Twisted 13.0. Use Platform.isWindows instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.isWindows()

    def isWindows(self) -> bool:
        return self.getType() == "win32"

    def isVista(self) -> bool:
        """Whether this is Windows Vista or later."""
        if getattr(sys, "getwindowsversion", None) is not None:
            return bool(sys.getwindowsversion()[0] >= 6)  # type: ignore[attr-defined,unused-ignore]
        return False

    def isLinux(self) -> bool:
        return self._platform.startswith("linux")

    def isDocker(self, _initCGroupLocation: str = "/proc/1/cgroup") -> bool:
        """Whether we run inside a Docker container (judged from PID 1's cgroups)."""
        if not self.isLinux():
            return False
        if os.path.exists(_initCGroupLocation):
            with open(_initCGroupLocation, "rb") as f:
                content = f.read()
            for line in content.split(b"\n"):
                group = line.split(b":")
                if len(group) == 3 and group[2].startswith(b"/docker/"):
                    return True
        return False

    def _supportsSymlinks(self) -> bool:
        if self.isWindows():
            return False
        return True

    def supportsThreads(self) -> bool:
        """Whether threads can be used."""
        try:
            import threading

            return threading is not None
        except ImportError:
            return False

    def supportsINotify(self) -> bool:
        """Whether Linux's inotify is usable."""
        try:
            import ctypes.util
        except ImportError:
            return False
        if not self.isLinux():
            return False
        return ctypes.util.find_library("c") is not None


platform = Platform()
platformType = Platform.type
seconds = platform.seconds
