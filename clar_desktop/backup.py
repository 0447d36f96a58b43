"""Backups of a contest's database to a folder the user chooses (a USB stick, say).

A SQLite database is copied with SQLite's online backup API, which gives a consistent copy
even while the app keeps writing (WAL). Any other database (PostgreSQL) is backed up as the
contest's exported bundle, which holds the whole log and can be imported anywhere.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

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
        temporary = target.with_suffix(".partial")
        with sqlite3.connect(database) as source, sqlite3.connect(temporary) as copy:
            source.backup(copy)
        os.replace(temporary, target)
        return target
    target = _free_name(folder, f"{contest_id}-{stamp}", ".json")
    temporary = target.with_suffix(".partial")
    temporary.write_text(json.dumps(service.export_bundle(contest_id), ensure_ascii=False),
                         encoding="utf-8")
    os.replace(temporary, target)
    return target


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate
