"""twisted.python.zippath: :class:`ZipArchive` and :class:`ZipPath`, the FilePath API for
the contents of a zip file."""

from __future__ import annotations

import errno
import os
import time
from typing import IO, Any
from zipfile import ZipFile

from zope.interface import implementer

from twistio.python.filepath import (
    AbstractFilePath,
    FilePath,
    IFilePath,
    _coerceToFilesystemEncoding,
)

__name__ = "twisted.python.zippath"

__all__ = ["ZipArchive", "ZipPath", "ZIP_PATH_SEP"]

#: The separator of paths inside zip files.
ZIP_PATH_SEP = "/"


def _text(s: Any) -> str:
    return s.decode("utf-8") if isinstance(s, bytes) else str(s)


class _ZipBase(AbstractFilePath[Any]):
    archive: ZipArchive
    pathInArchive: Any
    path: Any

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _ZipBase):
            return NotImplemented
        return bool(_text(self.path) == _text(other.path))

    def __ne__(self, other: object) -> bool:
        if not isinstance(other, _ZipBase):
            return NotImplemented
        return bool(_text(self.path) != _text(other.path))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, _ZipBase):
            return NotImplemented
        return _text(self.path) < _text(other.path)

    def __le__(self, other: object) -> bool:
        if not isinstance(other, _ZipBase):
            return NotImplemented
        return _text(self.path) <= _text(other.path)

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, _ZipBase):
            return NotImplemented
        return _text(self.path) > _text(other.path)

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, _ZipBase):
            return NotImplemented
        return _text(self.path) >= _text(other.path)

    def __hash__(self) -> int:
        return hash((_ZipBase, _text(self.path)))

    @property
    def sep(self) -> Any:
        return _coerceToFilesystemEncoding(self.path, os.sep)

    def child(self, path: Any) -> ZipPath:
        """The member ``path`` inside this directory."""
        inArchive = _coerceToFilesystemEncoding(path, self.pathInArchive)
        if inArchive:
            joined = _coerceToFilesystemEncoding(path, ZIP_PATH_SEP).join([inArchive, path])
        else:
            joined = path
        return ZipPath(self.archive, joined)

    def _key(self) -> str:
        return _text(self.pathInArchive)

    def isdir(self) -> bool:
        return self._key() in self.archive.childmap

    def isfile(self) -> bool:
        return self._key() in self.archive.zipfile.NameToInfo

    def islink(self) -> bool:
        return False

    def exists(self) -> bool:
        return self.isdir() or self.isfile()

    def listdir(self) -> list[Any]:
        """The names in this directory (of the same type as the path)."""
        if self.exists():
            if self.isdir():
                return [
                    _coerceToFilesystemEncoding(self.path, name)
                    for name in self.archive.childmap[self._key()]
                ]
            raise OSError(errno.ENOTDIR, "Leaf zip entry listed")
        raise OSError(errno.ENOENT, "Non-existent zip entry listed")

    def splitext(self) -> tuple[Any, Any]:
        return os.path.splitext(self.path)

    def changed(self) -> None:
        """Nothing is cached."""


@implementer(IFilePath)
class ZipPath(_ZipBase):
    """A file or directory inside a zip file."""

    def __init__(self, archive: ZipArchive, pathInArchive: Any) -> None:
        self.archive = archive
        self.pathInArchive = pathInArchive
        archiveFile = _coerceToFilesystemEncoding(pathInArchive, archive._zipfileFilename)
        segments = pathInArchive.split(_coerceToFilesystemEncoding(pathInArchive, ZIP_PATH_SEP))
        self.path = os.path.join(archiveFile, *segments)

    def __repr__(self) -> str:
        parts = [
            _coerceToFilesystemEncoding(self.pathInArchive, os.path.abspath(self.archive.path))
        ]
        parts.extend(
            self.pathInArchive.split(_coerceToFilesystemEncoding(self.pathInArchive, ZIP_PATH_SEP))
        )
        return f"ZipPath({_coerceToFilesystemEncoding(self.pathInArchive, os.sep).join(parts)!r})"

    def parent(self) -> _ZipBase:
        sep = _coerceToFilesystemEncoding(self.pathInArchive, ZIP_PATH_SEP)
        splitup = self.pathInArchive.split(sep)
        if len(splitup) == 1:
            return self.archive
        return ZipPath(self.archive, sep.join(splitup[:-1]))

    def sibling(self, path: Any) -> ZipPath:
        return self.parent().child(path)

    def basename(self) -> Any:
        return self.pathInArchive.split(
            _coerceToFilesystemEncoding(self.pathInArchive, ZIP_PATH_SEP)
        )[-1]

    def dirname(self) -> Any:
        return self.parent().path

    def open(self, mode: str = "r") -> IO[bytes]:
        """Open the member for reading (bytes)."""
        return self.archive.zipfile.open(self._key(), mode="r")

    def getsize(self) -> int:
        return self.archive.zipfile.NameToInfo[self._key()].file_size

    def getAccessTime(self) -> float:
        return self.archive.getAccessTime()

    def getModificationTime(self) -> float:
        return time.mktime(self.archive.zipfile.NameToInfo[self._key()].date_time + (0, 0, 0))

    def getStatusChangeTime(self) -> float:
        return self.getModificationTime()


class ZipArchive(ZipPath):
    """A zip file, as the root directory of its contents (its own parent)."""

    def __init__(self, archivePathname: Any) -> None:
        self.path = archivePathname
        self.zipfile = ZipFile(_coerceToFilesystemEncoding("", archivePathname))
        self._zipfileFilename: str = self.zipfile.filename or ""
        self.pathInArchive = _coerceToFilesystemEncoding(archivePathname, "")
        self.archive = self
        # Directory (text path inside the archive) -> its children's names.
        self.childmap: dict[str, dict[str, int]] = {"": {}}
        for name in self.zipfile.namelist():
            parts = name.rstrip("/").split("/")
            for depth in range(len(parts)):
                parent = "/".join(parts[:depth])
                self.childmap.setdefault(parent, {})[parts[depth]] = 1
            if name.endswith("/"):
                self.childmap.setdefault(name.rstrip("/"), {})

    def __repr__(self) -> str:
        return f"ZipArchive({os.path.abspath(self.path)!r})"

    def child(self, path: Any) -> ZipPath:
        return ZipPath(self, path)

    def exists(self) -> bool:
        return FilePath(self._zipfileFilename).exists()

    def isdir(self) -> bool:
        return True

    def isfile(self) -> bool:
        return False

    def parent(self) -> ZipArchive:
        return self

    def basename(self) -> Any:
        return os.path.basename(self.path)

    def dirname(self) -> Any:
        return os.path.dirname(self.path)

    def getAccessTime(self) -> float:
        return FilePath(self._zipfileFilename).getAccessTime()

    def getModificationTime(self) -> float:
        return FilePath(self._zipfileFilename).getModificationTime()

    def getStatusChangeTime(self) -> float:
        return FilePath(self._zipfileFilename).getStatusChangeTime()
