"""The files an import reads: regular files only. A FIFO named like a page or a WARC would block its open
forever (waiting for a writer), and a device such as /dev/zero never ends: neither is ever opened to read."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from archive.errors import BadInput

_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def _not_regular(mode: int) -> str:
    return f"not a regular file ({_KINDS.get(stat.S_IFMT(mode), 'a special file')})"


def not_a_file(path: Path) -> str:
    """Why a path named to import is neither a regular file nor a folder: missing, or a FIFO, a device."""
    try:
        return _not_regular(path.stat().st_mode)
    except OSError:
        return "no such file or folder"


def open_regular(path: Path) -> BinaryIO:
    """The file opened to read, if it is a regular file (else BadInput, saying what it is). The open does not
    block (O_NONBLOCK, so a FIFO cannot hold it); the file type is checked on what was opened."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise BadInput(_not_regular(mode))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
