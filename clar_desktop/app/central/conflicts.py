"""The conflicts tab: every copy refused because its log parts from the stored one — the
contest, the file, the event where the copies part, both hashes (whole, selectable), when —
in red; and the conflicting copy saved to a file, exactly as it arrived."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ...central.records import ConflictRecord, conflict_bundle
from ...files import reason, write_file
from ...i18n import N_, _
from ...store.errors import DatabaseError
from ..table_model import ListTableModel
from .contests import RED, moment


class ConflictsModel(ListTableModel):
    columns = (N_("Contest"), N_("File"), N_("Parts at event"), N_("Recorded"),
               N_("Stored copy's hash"), N_("This file's hash"))
    STORED, INCOMING = 4, 5

    def set_rows(self, rows: list[ConflictRecord]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record: ConflictRecord = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (record.contest, Path(record.file_name).name, str(record.seq),
                    moment(record.recorded_at), record.stored_hash,
                    record.incoming_hash)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            return record.file_name
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(RED)
        if role == Qt.ItemDataRole.FontRole and index.column() in (self.STORED, self.INCOMING):
            from PySide6.QtGui import QFontDatabase

            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        return None


def describe(record: ConflictRecord) -> str:
    """The selected conflict in words, for the panel under the table (selectable)."""
    return "\n".join((
        _("Contest {contest}: the file {file} and the stored copy part at event {seq}.")
        .format(contest=record.contest, file=record.file_name, seq=record.seq),
        _("Stored copy, event {seq}: {hash}").format(seq=record.seq, hash=record.stored_hash),
        _("This file, event {seq}: {hash}").format(seq=record.seq, hash=record.incoming_hash),
        _("Log hashes: stored {stored}, this file {incoming}").format(
            stored=record.stored_log_hash, incoming=record.incoming_log_hash),
        _("Recorded {time}; the file's SHA-256: {sha}").format(
            time=moment(record.recorded_at), sha=record.bundle_sha256)))


def save_conflicting_copy(parent: QWidget, engine: Engine, record: ConflictRecord) -> bool:
    """Ask for a file name and write the kept copy there, byte for byte (atomically)."""
    suggested = f"{record.contest}-conflict-{record.bundle_sha256[:8]}.json"
    name, _filter = QFileDialog.getSaveFileName(
        parent, _("Save the conflicting copy"), suggested, _("Contest bundles (*.json)"))
    if not name:
        return False
    try:
        data = conflict_bundle(engine, record.contest, record.bundle_sha256)
        write_file(Path(name), data)
    except OSError as error:
        QMessageBox.warning(parent, _("Save the conflicting copy"), _(
            "The copy could not be written: {reason}").format(reason=reason(error)))
        return False
    except DatabaseError as error:
        QMessageBox.warning(parent, _("Save the conflicting copy"), error.render(_))
        return False
    except SQLAlchemyError as error:
        from .window import database_problem

        QMessageBox.warning(parent, _("Save the conflicting copy"), database_problem(error))
        return False
    return True
