"""Where the program's files live: shipped data (forms, catalogs, fonts) and the user's data.

A wheel carries the top-level ``ui/``, ``locale/`` and ``resources/`` folders inside the
package (see pyproject.toml); a source checkout or an editable install has them beside the
package, at the repository root. :func:`resource_path` hides the difference.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "clar-desktop"
DATA_FOLDERS = ("ui", "locale", "resources")

_PACKAGE_DIR = Path(__file__).resolve().parent


def resource_root(folder: str) -> Path:
    """The directory of one shipped data folder: ``"ui"``, ``"locale"`` or ``"resources"``.

    Raises ``ValueError`` for any other name and ``FileNotFoundError`` when the folder is in
    neither place (a broken install).
    """
    if folder not in DATA_FOLDERS:
        raise ValueError(f"not a shipped data folder: {folder!r}")
    for base in (_PACKAGE_DIR, _PACKAGE_DIR.parent):
        candidate = base / folder
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"data folder {folder!r} is missing next to {_PACKAGE_DIR}")


def resource_path(*parts: str) -> Path:
    """The path of a shipped file, e.g. ``resource_path("ui", "contest_dialog.ui")``.

    The first part names the data folder; the file itself need not exist (callers may probe
    for optional files such as a compiled catalog).
    """
    if not parts:
        raise ValueError("resource_path() needs at least the data folder name")
    return resource_root(parts[0]).joinpath(*parts[1:])


def data_dir() -> Path:
    """The user's data folder for CLAR Desktop, created on first use."""
    import platformdirs  # here, not at start-up: it loads tempfile and shutil

    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    """The SQLite file used when no database is named on the command line. Its folder is
    not created here: only a command that creates the database creates it."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "clar.sqlite3"


def current_umask() -> int:
    """The process's file-creation mask (files written via a temporary file get the
    permissions a plain ``open`` would have given them)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
