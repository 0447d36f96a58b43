"""Which database the desktop app opens, and what it asks when the one named is not there.

The default database, in the user's data folder, is the app's own: it is created on the
first start. A database named with ``--db`` or ``CLAR_DB`` is never created behind the
secretary's back: a missing file is created only when the secretary says so, and a missing
folder (a USB stick not plugged in, a network drive not connected) can be tried again once
it is there; an empty database (a 0-byte file, a PostgreSQL database its administrator has
just made) gets our schema when the secretary says so. A file that is not a CLAR Desktop
database is refused with one sentence.
"""

from __future__ import annotations

import os

from PySide6.QtWidgets import QMessageBox

from ..i18n import _
from ..services import ContestService
from ..store.database import DatabaseError, EmptyDatabase, MissingDatabase, open_database
from .main import application

ACTOR = "clar-desktop"


def open_service(db: str | None, ask: bool = True) -> ContestService:
    """The service on the app's database: ``db``, else ``CLAR_DB``, else the default file.

    Raises `MissingDatabase` or `EmptyDatabase` when the secretary quits instead of
    creating it, and `DatabaseError` for a database that cannot be opened, once it has
    been said in a message box. ``ask=False`` (a smoke run): no questions, the error is
    raised at once."""
    named = bool(db or os.environ.get("CLAR_DB"))
    create = not named
    while True:
        try:
            return ContestService(open_database(db, create=create), actor=ACTOR)
        except (MissingDatabase, EmptyDatabase) as absent:
            if not ask:
                raise
            choice = ask_to_create(absent)
            if choice is None:
                raise
            create = choice
        except DatabaseError as error:
            if ask:
                application()
                QMessageBox.warning(None, "CLAR Desktop", error.render(_))
            raise


def ask_to_create(absent: MissingDatabase | EmptyDatabase) -> bool | None:
    """Ask what to do about a database that is not there or is empty: True to create it,
    False to try again (its folder is missing), None to quit."""
    application()
    box = QMessageBox()
    box.setWindowTitle("CLAR Desktop")
    retry = isinstance(absent, MissingDatabase) and absent.folder_missing
    if isinstance(absent, MissingDatabase) and retry:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(_("There is no database at {path}: the folder {folder} does not exist.")
                    .format(path=absent.path, folder=absent.path.parent))
        box.setInformativeText(_("If the database is on a USB stick or a network drive, "
                                 "connect it and try again."))
        go = box.addButton(_("&Try again"), QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setIcon(QMessageBox.Icon.Question)
        if isinstance(absent, MissingDatabase):
            box.setText(_("There is no database at {path}.").format(path=absent.path))
        else:
            box.setText(_("The database {url} is empty.").format(url=absent.url))
        box.setInformativeText(_("Create a new, empty CLAR Desktop database there? If you "
                                 "meant one that holds your contests, check its name and "
                                 "folder."))
        go = box.addButton(_("&Create the database"), QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton(_("&Quit"), QMessageBox.ButtonRole.RejectRole)
    # Enter by mistake creates nothing; trying again is harmless.
    box.setDefaultButton(go if retry else quit_button)
    box.setEscapeButton(quit_button)
    box.exec()
    if box.clickedButton() is not go:
        return None
    return not retry
