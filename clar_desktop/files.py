"""Writing the files a user asks for: exports, documents, backups (see docs/documents.md,
"How files are written").

One rule for every writer, so that no reader ever sees half a file and nothing that is not
a plain file is ever replaced:

- ``"-"`` (the string) is standard output, written as bytes;
- a device, FIFO or socket that exists (``/dev/null``, ``/dev/stdout``, a named pipe) is
  opened and written through: no temporary file, no rename, never removed;
- a symbolic link is followed: what it points to is written by these same rules and the
  link stays a link; a link that points nowhere yet creates the file where it points;
- a plain file, or a name not taken yet, is written to a temporary file beside it
  (``.NAME.XXXXXXXX.part``), flushed and synced, given the permissions the old file had (a
  new one gets those a plain ``open`` would give it, after the umask), renamed over the
  name, and the folder is synced. On any failure the old file is left as it was and the
  temporary file is removed.

Failures are `OSError`; `reason` says one in the user's language. No Qt, no SQLAlchemy.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .i18n import N_, _
from .paths import current_umask

STANDARD_OUTPUT = "-"
TEMPORARY_SUFFIX = ".part"
"""A temporary file is ``.NAME.XXXXXXXX.part`` beside NAME; one left behind by a crash or
a power cut can be deleted."""

Target = str | os.PathLike[str]


def write_file(target: Target, data: bytes) -> None:
    """Write ``data`` to ``target`` by the rules of this module. Raises `OSError`."""
    if isinstance(target, str) and target == STANDARD_OUTPUT:
        _write_standard_output(data)
        return
    path = _follow_link(Path(target))
    try:
        status: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        status = None
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
    if status is not None and not stat.S_ISREG(status.st_mode):
        _write_through(path, data)
        return
    with replacing(path, status) as temporary, open(temporary, "r+b") as handle:
        handle.write(data)


@contextmanager
def replacing(target: Path, old: os.stat_result | None = None) -> Iterator[Path]:
    """A new, empty temporary file beside ``target`` for a writer that needs a file name
    (SQLite's backup); when the block ends without an error the file is synced, given its
    permissions and renamed to ``target``, and the folder is synced. ``old`` is the status
    of the file replaced (its permissions and owner are kept). Any error removes the
    temporary file and leaves ``target`` as it was."""
    folder = target.parent
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.",
                                suffix=TEMPORARY_SUFFIX)
    temporary = Path(name)
    try:
        os.close(fd)
        yield temporary
        with open(temporary, "rb+") as handle:
            descriptor = handle.fileno()
            os.fchmod(descriptor, (stat.S_IMODE(old.st_mode) & 0o777) if old is not None
                      else 0o666 & ~current_umask())  # mkstemp made it private
            if old is not None:
                _keep_owner(descriptor, old)
            handle.flush()
            os.fsync(descriptor)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def reason(error: OSError) -> str:
    """Why a file could not be written, in the user's language (the system's own words for
    a failure not listed here)."""
    template = _REASONS.get(error.errno or 0)
    if template is not None:
        return _(template)
    return str(error.strerror or error)


_REASONS = {
    errno.ENOENT: N_("the folder does not exist"),
    errno.ENOTDIR: N_("a part of the path is not a folder"),
    errno.EISDIR: N_("it is a folder"),
    errno.EACCES: N_("there is no permission to write there"),
    errno.EPERM: N_("there is no permission to write there"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EDQUOT: N_("the disk is full"),
    errno.EFBIG: N_("the file is too large for that disk"),
    errno.EIO: N_("the disk failed (was it removed?)"),
    errno.ELOOP: N_("its symbolic links go round in a circle"),
    errno.EPIPE: N_("nothing reads at the other end any more"),
    errno.ENXIO: N_("nothing can be written through it"),
}


def _write_standard_output(data: bytes) -> None:
    stream = sys.stdout
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stream put in place of stdout
        stream.write(data.decode("utf-8"))
        stream.flush()
        return
    buffer.write(data)
    buffer.flush()


def _follow_link(path: Path) -> Path:
    """``path``, or where its chain of symbolic links ends (which need not exist yet)."""
    try:
        if not stat.S_ISLNK(os.lstat(path).st_mode):
            return path
    except FileNotFoundError:
        return path
    resolved = Path(os.path.realpath(path))
    try:
        if stat.S_ISLNK(os.lstat(resolved).st_mode):  # realpath gives up on a loop
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))
    except FileNotFoundError:
        pass
    return resolved


def _write_through(path: Path, data: bytes) -> None:
    """A device, FIFO or socket: write into it as it is (a FIFO waits for its reader)."""
    descriptor = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    try:
        if stat.S_ISREG(os.fstat(descriptor).st_mode):
            # Replaced by a plain file since we looked: never write one in place.
            raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN), str(path))
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
    finally:
        os.close(descriptor)


def _keep_owner(descriptor: int, old: os.stat_result) -> None:
    """Give the new file the old one's owner where we may (root writing a user's file)."""
    if not hasattr(os, "fchown"):
        return
    here = os.fstat(descriptor)
    if (here.st_uid, here.st_gid) == (old.st_uid, old.st_gid):
        return
    with suppress(PermissionError):
        os.fchown(descriptor, old.st_uid, old.st_gid)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable. Filesystems that cannot sync a folder are let be."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        descriptor = os.open(folder, flags)
    except OSError:
        return  # Windows cannot open a folder; the rename is its own business there
    try:
        os.fsync(descriptor)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(descriptor)
