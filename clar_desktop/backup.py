"""Backups of a contest's database to a folder the user chooses (a USB stick, say).

A SQLite database is copied with SQLite's online backup API, which gives a consistent copy
even while the app keeps writing (WAL). Any other database (PostgreSQL) is backed up as the
contest's exported bundle, which holds the whole log and can be imported anywhere. Either
is written by the rules of clar_desktop.files: into a temporary file beside it, synced,
then renamed, so a stick pulled out midway leaves no half backup under a backup's name.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from .files import replacing, write_file
from .services import ContestService


def backup(service: ContestService, contest_id: str, folder: Path,
           moment: datetime | None = None) -> Path:
    """Write one backup into ``folder`` and return its path (never overwrites one)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (moment or datetime.now()).strftime("%Y%m%d-%H%M%S")
    engine: Engine = service.engine
    database = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if database:
        target = _free_name(folder, f"{contest_id}-{stamp}", ".sqlite3")
        with replacing(target) as temporary:
            _copy_sqlite(database, temporary)
        return target
    target = _free_name(folder, f"{contest_id}-{stamp}", ".json")
    write_file(target, json.dumps(service.export_bundle(contest_id),
                                  ensure_ascii=False).encode("utf-8"))
    return target


def _copy_sqlite(database: str, copy_path: Path) -> None:
    """SQLite's online backup into ``copy_path``; its failures are `OSError` like any
    other failure to write (a full stick, one pulled out)."""
    try:
        with closing(sqlite3.connect(database)) as source, \
                closing(sqlite3.connect(copy_path)) as copy:
            source.backup(copy)
    except sqlite3.Error as error:
        code = getattr(error, "sqlite_errorcode", 0) & 0xFF
        number = _SQLITE_ERRNO.get(code, errno.EIO)
        raise OSError(number, os.strerror(number), str(copy_path)) from error


_SQLITE_ERRNO = {sqlite3.SQLITE_FULL: errno.ENOSPC, sqlite3.SQLITE_READONLY: errno.EROFS,
                 sqlite3.SQLITE_PERM: errno.EACCES, sqlite3.SQLITE_CANTOPEN: errno.ENOENT}


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    """A name not taken in ``folder``, not even by a link that points nowhere."""
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while os.path.lexists(candidate):
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate
