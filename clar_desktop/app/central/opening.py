"""Opening the central office window: from ``clar-desktop central --db URL`` or from the
main window's File menu (which asks for the database, remembered in the settings). A
database without the central tables yet is one sentence and an offer to create them; any
other database problem (a wrong URL, a server down) is one sentence in a message box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from ...central.database import NoCentralData, open_central
from ...i18n import _
from ...store.errors import DatabaseError, EmptyDatabase, MissingDatabase
from ..places import Places
from .window import CentralWindow

SETTING = "central/database"
_open_windows: set[CentralWindow] = set()
"""Windows opened from the main window live on their own (no parent to keep them)."""


class DatabaseDialog(QDialog):
    """Which central database: a PostgreSQL URL or a SQLite file."""

    def __init__(self, parent: QWidget | None, remembered: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Central office"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("The central office's database: the address of its PostgreSQL "
                         "server (postgresql://user@server/database) or a SQLite file."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        label = QLabel(_("&Database:"), self)
        self.edit = QLineEdit(remembered, self)
        self.edit.setObjectName("databaseEdit")
        self.edit.setMinimumWidth(420)
        label.setBuddy(self.edit)
        browse = QPushButton(_("Choose a &file…"), self)
        browse.clicked.connect(self.browse)
        row.addWidget(label)
        row.addWidget(self.edit, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel,
            self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def browse(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("The central office's database"), self.edit.text(),
            _("SQLite databases (*.sqlite3 *.sqlite *.db);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite)
        if name:
            self.edit.setText(name)

    def database(self) -> str:
        return self.edit.text().strip()


def ask_database(parent: QWidget | None, places: Places) -> str | None:
    """The database the officer names (the one last used, offered first)."""
    dialog = DatabaseDialog(parent, str(places.settings.value(SETTING, "") or ""))
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.database():
            return None
        return dialog.database()
    finally:
        dialog.deleteLater()


def connect(parent: QWidget | None, database: str) -> Engine | None:
    """An engine on the central database, or None having said why (and, for a database
    without the central tables, having offered to create them)."""
    try:
        return open_central(database)
    except (MissingDatabase, EmptyDatabase, NoCentralData):
        answer = QMessageBox.question(parent, _("Central office"), _(
            "{database} holds no central office data yet. Create the central office's "
            "tables there? Bundles can then be ingested from an inbox folder.").format(
            database=database))
        if answer != QMessageBox.StandardButton.Yes:
            return None
    except DatabaseError as error:
        QMessageBox.warning(parent, _("Central office"), sentence(error))
        return None
    try:
        return open_central(database, create=True)
    except DatabaseError as error:
        QMessageBox.warning(parent, _("Central office"), sentence(error))
        return None


def sentence(error: DatabaseError) -> str:
    said = error.render(_)
    return said[:1].upper() + said[1:] + ("" if said.endswith(".") else ".")


def open_central_window(parent: QWidget | None, database: str,
                        places: Places | None = None) -> CentralWindow | None:
    """The window on ``database``, shown; None (having said why) when it cannot open."""
    places = places or Places()
    engine = connect(parent, database)
    if engine is None:
        return None
    places.settings.setValue(SETTING, database)
    places.settings.sync()
    return show_window(engine, places)


def show_window(engine: Engine, places: Places) -> CentralWindow:
    """A central office window on ``engine`` (its own from now on), shown and kept alive
    until it is closed."""
    window = CentralWindow(engine, places)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    _open_windows.add(window)
    window.destroyed.connect(lambda *_a, w=window: _open_windows.discard(w))
    window.show()
    return window


def from_main_window(parent: QWidget, places: Places | None = None) -> CentralWindow | None:
    """File ▸ Central office…: ask for the database, open its window."""
    places = places or Places()
    database = ask_database(parent, places)
    return open_central_window(parent, database, places) if database else None


def run_central(engine: Engine, *, language_given: bool = False) -> int:
    """``clar-desktop central --db URL``: the window alone on the database the command
    opened, until it is closed."""
    from ..main import application, follow_remembered_language

    places = Places()
    follow_remembered_language(language_given, places)
    app = application()
    show_window(engine, places)
    return int(app.exec())
