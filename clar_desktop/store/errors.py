"""What the store refuses with, importable without the database libraries (the command line
needs these classes to report a failure, and loads SQLAlchemy only where it opens one)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..domain.errors import N_, ChangeRefused, DomainError


class DatabaseError(Exception):
    """The database cannot be opened or used; carries a translatable template."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params))

    def render(self, translate: Any = None) -> str:
        template = translate(self.template) if callable(translate) else self.template
        return template.format(**self.params)


class MissingDatabase(DatabaseError):
    """A SQLite file named that does not exist (a mistyped ``--db``, a USB stick not
    plugged in), opened by a command that does not create databases."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.folder_missing = not path.parent.is_dir()
        if self.folder_missing:
            super().__init__(N_("there is no database at {path}, nor a folder {folder}; "
                                "clar-desktop import or clar-desktop demo creates one"),
                             path=str(path), folder=str(path.parent))
        else:
            super().__init__(N_("there is no database at {path}; clar-desktop import or "
                                "clar-desktop demo creates one"), path=str(path))


class EmptyDatabase(DatabaseError):
    """A database with nothing in it yet (a 0-byte SQLite file, a PostgreSQL database just
    made by its administrator), opened by a command that does not create databases."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(N_("{url} holds no CLAR Desktop database yet; clar-desktop import "
                            "or clar-desktop demo creates one"), url=url)


class StoreChanged(ChangeRefused):
    """The stored rows are not what the log says: changed outside the program."""


def changed(problem: DomainError | str) -> StoreChanged:
    return StoreChanged(N_("the database was changed outside CLAR Desktop, so this contest "
                           "cannot be trusted ({problem}); nothing was written — restore a "
                           "backup or import its last export"), problem=problem)
