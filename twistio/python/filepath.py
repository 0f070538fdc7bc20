"""twisted.python.filepath: :class:`FilePath`, an object for a path in the file system.

A FilePath holds an absolute, normalised path (``str`` or ``bytes``, whichever it was made
with) and answers questions about it, hands out related paths (``child``, ``sibling``,
``parent``...) and reads, writes, moves and copies the file or directory there.  Status
information is cached until :meth:`FilePath.changed` or :meth:`FilePath.restat`.
"""

from __future__ import annotations

import base64
import errno
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from os import listdir, utime
from os.path import abspath, basename, dirname, exists, isabs, islink, normpath, splitext
from typing import IO, Any, AnyStr, Generic, Literal, TypeVar

from zope.interface import Attribute, Interface, implementer

from twistio.python._permissions import RWX, Permissions

joinpath = os.path.join

__name__ = "twisted.python.filepath"

__all__ = [
    "FilePath",
    "AbstractFilePath",
    "IFilePath",
    "InsecurePath",
    "LinkError",
    "UnlistableError",
    "Permissions",
    "RWX",
]

_IS_WINDOWS = sys.platform == "win32"

#: The modes :meth:`FilePath.open` accepts.
FileMode = Literal["r", "w", "a", "r+", "w+", "a+", "rb", "wb", "ab", "r+b", "w+b", "a+b"]
#: A path type (``str`` or ``bytes``) possibly different from a FilePath's own.
OtherAnyStr = TypeVar("OtherAnyStr", str, bytes)
_CREATE_FLAGS = os.O_EXCL | os.O_CREAT | os.O_RDWR | getattr(os, "O_BINARY", 0)


class InsecurePath(Exception):
    """A path would leave the directory it was meant to stay in."""


class LinkError(Exception):
    """A symbolic link could not be made."""


class UnlistableError(OSError):
    """A directory could not be listed; ``originalException`` says why."""

    def __init__(self, originalException: OSError) -> None:
        super().__init__()
        self.originalException = originalException


def _secureEnoughString(path: Any) -> Any:
    """A random, file-name-safe string of the same type as ``path``."""
    text = base64.urlsafe_b64encode(os.urandom(12))[:16]
    return text if isinstance(path, bytes) else text.decode("ascii")


def _asFilesystemBytes(path: str | bytes, encoding: str | None = None) -> bytes:
    if isinstance(path, bytes):
        return path
    if encoding is None:
        return os.fsencode(path)
    return path.encode(encoding)


def _asFilesystemText(path: str | bytes, encoding: str | None = None) -> str:
    if isinstance(path, str):
        return path
    if encoding is None:
        return os.fsdecode(path)
    return path.decode(encoding)


def _coerceToFilesystemEncoding(path: Any, newpath: Any, encoding: str | None = None) -> Any:
    """``newpath`` converted to the type (``str``/``bytes``) of ``path``."""
    if isinstance(path, bytes):
        return _asFilesystemBytes(newpath, encoding=encoding)
    return _asFilesystemText(newpath, encoding=encoding)


class IFilePath(Interface):
    """A file path (possibly in an archive)."""

    sep = Attribute("The path separator")
    path = Attribute("The path this object represents")

    def child(name: Any) -> Any:  # type: ignore[misc]
        """The child named ``name``."""

    def open(mode: str = "r") -> Any:  # type: ignore[misc]
        """Open the file."""

    def changed() -> None:  # type: ignore[misc]
        """Forget cached status information."""

    def getsize() -> int:  # type: ignore[misc]
        """The size in bytes."""

    def getModificationTime() -> float:  # type: ignore[misc]
        """The last modification time."""

    def getStatusChangeTime() -> float:  # type: ignore[misc]
        """The last status change time."""

    def getAccessTime() -> float:  # type: ignore[misc]
        """The last access time."""

    def exists() -> bool:  # type: ignore[misc]
        """Whether the path exists."""

    def isdir() -> bool:  # type: ignore[misc]
        """Whether it is a directory."""

    def isfile() -> bool:  # type: ignore[misc]
        """Whether it is a regular file."""

    def children() -> Any:  # type: ignore[misc]
        """The children of a directory."""

    def basename() -> Any:  # type: ignore[misc]
        """The last segment."""

    def parent() -> Any:  # type: ignore[misc]
        """The containing directory."""

    def sibling(name: Any) -> Any:  # type: ignore[misc]
        """The path ``name`` in the same directory."""


class AbstractFilePath(Generic[AnyStr]):
    """Path operations expressed with ``child``, ``parent``, ``listdir``, ``basename``,
    ``isdir``, ``open`` and status accessors (shared by FilePath and ZipPath)."""

    path: Any

    def getContent(self) -> bytes:
        """The whole content of the file."""
        with self.open() as fp:  # type: ignore[attr-defined]
            return fp.read()  # type: ignore[no-any-return]

    def parents(self) -> Iterator[Any]:
        """The ancestors of this path, nearest first, up to the root."""
        path = self
        parent = path.parent()  # type: ignore[attr-defined]
        while path != parent:
            yield parent
            path = parent
            parent = parent.parent()

    def children(self) -> list[Any]:
        """The paths in this directory.

        :raises UnlistableError: it cannot be listed (it is not a directory, is missing,
            or access is denied).
        """
        try:
            subnames = self.listdir()  # type: ignore[attr-defined]
        except OSError as ose:
            raise UnlistableError(ose)
        return [self.child(name) for name in subnames]  # type: ignore[attr-defined]

    def walk(self, descend: Callable[[Any], bool] | None = None) -> Iterator[Any]:
        """This path and, depth first, everything under it (not following symbolic links
        into directories already seen, and only into those ``descend`` approves).

        :raises LinkError: a symbolic link loop was found.
        """
        yield self
        if self.isdir():  # type: ignore[attr-defined]
            for c in self.children():
                if descend is None or descend(c):
                    for subc in c.walk(descend):
                        if os.path.realpath(self.path).startswith(os.path.realpath(subc.path)):
                            raise LinkError("Cycle in file graph.")
                        yield subc
                else:
                    yield c

    def sibling(self, path: Any) -> Any:
        """The path ``path`` next to this one."""
        return self.parent().child(path)  # type: ignore[attr-defined]

    def descendant(self, segments: Sequence[Any]) -> Any:
        """The path reached by following ``segments`` down from this one."""
        path = self
        for name in segments:
            path = path.child(name)  # type: ignore[attr-defined]
        return path

    def segmentsFrom(self, ancestor: Any) -> list[Any]:
        """The names leading from ``ancestor`` down to this path.

        :raises ValueError: ``ancestor`` is not an ancestor.
        """
        f = self
        p = f.parent()  # type: ignore[attr-defined]
        segments: list[Any] = []
        while f != ancestor and p != f:
            segments[0:0] = [f.basename()]  # type: ignore[attr-defined]
            f = p
            p = p.parent()
        if f == ancestor and segments:
            return segments
        raise ValueError(f"{ancestor!r} not parent of {self!r}")

    def __hash__(self) -> int:
        return hash((self.__class__, self.path))

    def getmtime(self) -> int:
        return int(self.getModificationTime())  # type: ignore[attr-defined]

    def getatime(self) -> int:
        return int(self.getAccessTime())  # type: ignore[attr-defined]

    def getctime(self) -> int:
        return int(self.getStatusChangeTime())  # type: ignore[attr-defined]


@implementer(IFilePath)
class FilePath(AbstractFilePath[AnyStr]):
    """A path in the file system (made absolute); see the module docstring.

    :ivar alwaysCreate: whether :meth:`open` for writing must create a new file.
    """

    _statinfo: os.stat_result | None = None
    path: Any = None
    _chunkSize = 2**16

    def __init__(self, path: Any, alwaysCreate: bool = False) -> None:
        self.path = abspath(path)
        self.alwaysCreate = alwaysCreate
        if type(self.path) is not type(path):
            # abspath of a PathLike may change its type; keep the given one's.
            self.path = _coerceToFilesystemEncoding(path, self.path)

    def __getstate__(self) -> dict[str, Any]:
        d = self.__dict__.copy()
        d.pop("_statinfo", None)
        return d

    @property
    def sep(self) -> Any:
        """The separator, as ``str`` or ``bytes`` like the path."""
        return _coerceToFilesystemEncoding(self.path, os.sep)

    def _asBytesPath(self, encoding: str | None = None) -> bytes:
        return _asFilesystemBytes(self.path, encoding=encoding)

    def _asTextPath(self, encoding: str | None = None) -> str:
        return _asFilesystemText(self.path, encoding=encoding)

    def asBytesMode(self, encoding: str | None = None) -> FilePath[Any]:
        """This path with a ``bytes`` path."""
        if isinstance(self.path, bytes):
            return self
        return self.clonePath(self._asBytesPath(encoding=encoding))

    def asTextMode(self, encoding: str | None = None) -> FilePath[Any]:
        """This path with a ``str`` path."""
        if isinstance(self.path, str):
            return self
        return self.clonePath(self._asTextPath(encoding=encoding))

    def _getPathAsSameTypeAs(self, pattern: Any) -> Any:
        if isinstance(pattern, bytes):
            return self._asBytesPath()
        return self._asTextPath()

    def clonePath(self, path: Any, alwaysCreate: bool = False) -> FilePath[Any]:
        """A FilePath of the same class for ``path``."""
        return type(self)(path, alwaysCreate)

    def child(self, path: Any) -> FilePath[Any]:
        """The child named ``path`` (a single segment).

        :raises InsecurePath: ``path`` has a separator or is ``..``.
        """
        colon = _coerceToFilesystemEncoding(path, ":")
        sep = _coerceToFilesystemEncoding(path, os.sep)
        ourPath = self._getPathAsSameTypeAs(path)
        if _IS_WINDOWS and colon in path:
            raise InsecurePath(f"{path!r} contains a colon.")
        norm = normpath(path)
        if sep in norm:
            raise InsecurePath(f"{path!r} contains one or more directory separators")
        newpath = abspath(joinpath(ourPath, norm))
        if not newpath.startswith(ourPath):
            raise InsecurePath(f"{newpath!r} is not a child of {ourPath!r}")
        return self.clonePath(newpath)

    def preauthChild(self, path: Any) -> FilePath[Any]:
        """The path ``path`` (which may have several segments) below this one.

        :raises InsecurePath: it would not be below this one.
        """
        ourPath = self._getPathAsSameTypeAs(path)
        newpath = abspath(joinpath(ourPath, normpath(path)))
        sep = _coerceToFilesystemEncoding(ourPath, os.sep)
        if not newpath.startswith(ourPath.rstrip(sep) + sep) and newpath != ourPath:
            raise InsecurePath(f"{newpath} is not a child of {ourPath}")
        return self.clonePath(newpath)

    def childSearchPreauth(self, *paths: Any) -> FilePath[Any] | None:
        """The first of the children ``paths`` that exists, or ``None``."""
        for child in paths:
            p = self._getPathAsSameTypeAs(child)
            jp = joinpath(p, child)
            if exists(jp):
                return self.clonePath(jp)
        return None

    def siblingExtensionSearch(self, *exts: Any) -> FilePath[Any] | None:
        """The first existing path made of this one plus one of ``exts`` (``"*"`` means any
        extension), or ``None``."""
        for ext in exts:
            if not ext and self.exists():
                return self.clonePath(self._getPathAsSameTypeAs(ext))
            p = self._getPathAsSameTypeAs(ext)
            star = _coerceToFilesystemEncoding(ext, "*")
            dot = _coerceToFilesystemEncoding(ext, ".")
            if ext == star:
                basedot = basename(p) + dot
                for fn in listdir(dirname(p)):
                    if fn.startswith(basedot):
                        return self.clonePath(joinpath(dirname(p), fn))
            p2 = p + ext
            if exists(p2):
                return self.clonePath(p2)
        return None

    def realpath(self) -> FilePath[Any]:
        """The path with symbolic links resolved.

        :raises LinkError: the links form a loop.
        """
        result = os.path.realpath(self.path)
        if self.islink() and result == self.path:
            raise LinkError("Cyclical link - will loop forever")
        return self.clonePath(result)

    def siblingExtension(self, ext: Any) -> FilePath[Any]:
        """This path with ``ext`` appended."""
        ourPath = self._getPathAsSameTypeAs(ext)
        return self.clonePath(ourPath + ext)

    def linkTo(self, linkFilePath: FilePath[Any]) -> None:
        """Make ``linkFilePath`` a symbolic link to this path."""
        os.symlink(self.path, linkFilePath.path)

    def open(self, mode: str = "r") -> IO[bytes]:
        """Open the file in binary ``mode`` (``"r"``, ``"w"``, ``"a"``, with ``+``)."""
        if self.alwaysCreate:
            assert "a" not in mode, "Appending not supported when alwaysCreate == True"
            return self.create()
        mode = mode.replace("b", "")
        return open(self.path, mode + "b")

    def restat(self, reraise: bool = True) -> None:
        """Refresh the cached status (``reraise=False``: a missing file is not an error)."""
        try:
            self._statinfo = os.stat(self.path)
        except OSError:
            self._statinfo = None
            if reraise:
                raise

    def changed(self) -> None:
        """Forget the cached status."""
        self._statinfo = None

    def _stat(self) -> os.stat_result:
        st = self._statinfo
        if st is None:
            self.restat()
            st = self._statinfo
            assert st is not None
        return st

    def chmod(self, mode: int) -> None:
        """Change the permission bits to ``mode``."""
        os.chmod(self.path, mode)

    def getsize(self) -> int:
        return self._stat().st_size

    def getModificationTime(self) -> float:
        return float(self._stat().st_mtime)

    def getStatusChangeTime(self) -> float:
        return float(self._stat().st_ctime)

    def getAccessTime(self) -> float:
        return float(self._stat().st_atime)

    def getInodeNumber(self) -> int:
        if _IS_WINDOWS:
            raise NotImplementedError
        return self._stat().st_ino

    def getDevice(self) -> int:
        if _IS_WINDOWS:
            raise NotImplementedError
        return self._stat().st_dev

    def getNumberOfHardLinks(self) -> int:
        if _IS_WINDOWS:
            raise NotImplementedError
        return self._stat().st_nlink

    def getUserID(self) -> int:
        if _IS_WINDOWS:
            raise NotImplementedError
        return self._stat().st_uid

    def getGroupID(self) -> int:
        if _IS_WINDOWS:
            raise NotImplementedError
        return self._stat().st_gid

    def getPermissions(self) -> Permissions:
        return Permissions(self._stat().st_mode)

    def exists(self) -> bool:
        """Whether the path exists (the answer is cached; see :meth:`changed`)."""
        if self._statinfo:
            return True
        self.restat(False)
        return self._statinfo is not None

    def isdir(self) -> bool:
        if not self.exists():
            return False
        return stat.S_ISDIR(self._stat().st_mode)

    def isfile(self) -> bool:
        if not self.exists():
            return False
        return stat.S_ISREG(self._stat().st_mode)

    def isBlockDevice(self) -> bool:
        if not self.exists():
            return False
        return stat.S_ISBLK(self._stat().st_mode)

    def isSocket(self) -> bool:
        if not self.exists():
            return False
        return stat.S_ISSOCK(self._stat().st_mode)

    def islink(self) -> bool:
        return islink(self.path)

    def isabs(self) -> bool:
        return isabs(self.path)

    def listdir(self) -> list[Any]:
        return listdir(self.path)

    def splitext(self) -> tuple[Any, Any]:
        return splitext(self.path)

    def __repr__(self) -> str:
        return f"FilePath({self.path!r})"

    def touch(self) -> None:
        """Create the file if missing and set its times to now."""
        try:
            self.open("a").close()
        except OSError:
            pass
        utime(self.path, None)

    def remove(self) -> None:
        """Remove the file, or the directory and everything in it."""
        if self.isdir() and not self.islink():
            for child in self.children():
                child.remove()
            os.rmdir(self.path)
        else:
            os.remove(self.path)
        self.changed()

    def makedirs(self, ignoreExistingDirectory: bool = False) -> None:
        """Create this directory and any missing parents."""
        try:
            os.makedirs(self.path)
        except OSError as e:
            if not (
                e.errno == errno.EEXIST and ignoreExistingDirectory and self.isdir()
            ):
                raise

    def globChildren(self, pattern: Any) -> list[FilePath[Any]]:
        """The children whose names match the glob ``pattern``."""
        import glob

        sep = _coerceToFilesystemEncoding(pattern, os.sep)
        ourPath = self._getPathAsSameTypeAs(pattern)
        path = ourPath[-1] == sep and ourPath + pattern or sep.join([ourPath, pattern])
        return [self.clonePath(p) for p in glob.glob(path)]

    def basename(self) -> Any:
        return basename(self.path)

    def dirname(self) -> Any:
        return dirname(self.path)

    def parent(self) -> FilePath[Any]:
        """The containing directory (the root's parent is itself)."""
        return self.clonePath(self.dirname())

    def setContent(self, content: bytes, ext: Any = b".new") -> None:
        """Replace the file's content with ``content`` atomically (write a sibling, then
        rename it over the file)."""
        sib = self.temporarySibling(ext)
        with sib.open("w") as f:
            f.write(content)
        if _IS_WINDOWS and exists(self.path):
            os.unlink(self.path)
        os.rename(sib.path, self.asBytesMode().path)

    def __cmp__(self, other: object) -> int:
        if not isinstance(other, FilePath):
            return NotImplemented  # type: ignore[no-any-return]
        a, b = self.path, other.path
        return int(a > b) - int(a < b)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FilePath):
            return NotImplemented
        return bool(self.path == other.path)

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, FilePath):
            return NotImplemented
        return bool(self.path != other.path)

    def __lt__(self, other: FilePath[Any]) -> bool:
        if not isinstance(other, FilePath):
            return NotImplemented
        return bool(self.path < other.path)

    def __le__(self, other: FilePath[Any]) -> bool:
        if not isinstance(other, FilePath):
            return NotImplemented
        return bool(self.path <= other.path)

    def __gt__(self, other: FilePath[Any]) -> bool:
        if not isinstance(other, FilePath):
            return NotImplemented
        return bool(self.path > other.path)

    def __ge__(self, other: FilePath[Any]) -> bool:
        if not isinstance(other, FilePath):
            return NotImplemented
        return bool(self.path >= other.path)

    __hash__ = AbstractFilePath.__hash__

    def createDirectory(self) -> None:
        """Create this directory (its parent must exist)."""
        os.mkdir(self.path)

    def requireCreate(self, val: bool = True) -> None:
        """Make :meth:`open` for writing require creating a new file."""
        self.alwaysCreate = val

    def create(self) -> IO[bytes]:
        """Create the file exclusively and open it for reading and writing."""
        fdint = os.open(self.path, _CREATE_FLAGS)
        return os.fdopen(fdint, "w+b")

    def temporarySibling(self, extension: Any = None) -> FilePath[Any]:
        """A path, next to this one, that does not exist yet (with ``extension``)."""
        ourPath = self._getPathAsSameTypeAs(extension if extension is not None else self.path)
        if extension is None:
            extension = ourPath[:0]
        sib = self.sibling(
            _secureEnoughString(ourPath) + self.clonePath(ourPath).basename() + extension
        )
        sib.requireCreate()
        return sib  # type: ignore[no-any-return]

    def copyTo(self, destination: FilePath[Any], followLinks: bool = True) -> None:
        """Copy this file or directory tree to ``destination`` (links are copied as links
        unless ``followLinks``)."""
        if self.islink() and not followLinks:
            os.symlink(os.readlink(self.path), destination.path)
            return
        if self.isdir():
            if not destination.exists():
                destination.createDirectory()
            for child in self.children():
                destChild = destination.child(child.basename())
                child.copyTo(destChild, followLinks)
        elif self.isfile():
            with destination.open("w") as writefile, self.open() as readfile:
                while 1:
                    data = readfile.read(self._chunkSize)
                    writefile.write(data)
                    if len(data) < self._chunkSize:
                        break
        elif not self.exists():
            raise OSError(errno.ENOENT, "No such file or directory")
        else:
            raise NotImplementedError("Only copying of files and directories supported")

    def moveTo(self, destination: FilePath[Any], followLinks: bool = True) -> None:
        """Move this file or directory to ``destination`` (across file systems by copying
        then removing)."""
        try:
            os.rename(self._getPathAsSameTypeAs(destination.path), destination.path)
        except OSError as ose:
            if ose.errno == errno.EXDEV:
                secsib = destination.temporarySibling()
                self.copyTo(secsib, followLinks)
                secsib.moveTo(destination, followLinks)
                mysecsib = self.temporarySibling()
                self.moveTo(mysecsib, followLinks)
                mysecsib.remove()
            else:
                raise
        else:
            self.changed()
            destination.changed()


