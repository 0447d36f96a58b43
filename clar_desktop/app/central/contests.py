"""The central office's contests table: every stored contest with its office, place, date,
verification, session state, hashes and conflicts; sortable, filtered by programme, office,
region and year (the same filters the tiles and charts are computed over)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from ...central.records import ContestRecord
from ...i18n import N_, _, format_datetime, format_number
from ..table_model import ListTableModel
from .recheck import Checked

RED = QColor("#b00020")
RED_BACKGROUND = QColor("#fde7ea")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SHORT_HASH = 12
"""Characters of a hash shown in a cell (the whole of it in the tool tip, and copied)."""

FILTER_KEYS = ("programme", "office", "region", "year")
"""The window's filters, in the indicators' key names."""


def key_value(record: ContestRecord, key: str) -> Any:
    """A contest's value for a filter key, as `indicators` filters by it (None: missing)."""
    if key == "office":
        return record.office_id
    if key == "year":
        return int(record.date[:4]) if record.date[:4].isdigit() else None
    return getattr(record, key)


def moment(at: datetime) -> str:
    """A time the central tables recorded (UTC; SQLite gives it back naive), in this
    computer's time zone, as the active language writes it."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return format_datetime(at.astimezone(), "short")


def place_of(record: ContestRecord) -> str:
    return ", ".join(p for p in (record.district, record.province, record.region) if p)


class ContestsModel(ListTableModel):
    """One row per stored contest (`records.contests`)."""

    columns = (N_("Contest"), N_("Office"), N_("Place"), N_("Date"), N_("Verified"),
               N_("Session"), N_("Log hash"), N_("Results hash"), N_("Conflicts"))
    VERIFIED, LOG_HASH, RESULTS_HASH, CONFLICTS = 4, 6, 7, 8

    def __init__(self) -> None:
        super().__init__()
        self.checked: dict[str, Checked] = {}
        """The contests checked again (`recheck`), by id."""

    def set_rows(self, rows: list[ContestRecord]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def set_checked(self, checked: Checked) -> None:
        self.checked[checked.contest] = checked
        for row, record in enumerate(self.rows):
            if record.id == checked.contest:
                self.dataChanged.emit(self.index(row, 0),
                                      self.index(row, len(self.columns) - 1))

    def failing(self, record: ContestRecord) -> bool:
        """Shown in red: a conflicting copy recorded, or the stored copy failing its check."""
        checked = self.checked.get(record.id)
        return bool(record.conflicts) or (checked is not None and checked.problem is not None)

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record: ContestRecord = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(record, column)
        if role == Qt.ItemDataRole.EditRole:  # what Ctrl+C copies: hashes whole
            return self._full(record, column)
        if role == SORT_ROLE:
            return self._sort_key(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.ForegroundRole and self.failing(record):
            return QBrush(RED)
        if role == Qt.ItemDataRole.BackgroundRole and self.failing(record):
            return QBrush(RED_BACKGROUND)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.CONFLICTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column in (self.LOG_HASH, self.RESULTS_HASH):
            from PySide6.QtGui import QFontDatabase

            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        return None

    def _text(self, record: ContestRecord, column: int) -> str:
        if column == 0:
            return record.title or record.id
        if column == 1:
            return record.office_name or record.office_id or _("(none)")
        if column == 2:
            return place_of(record) or _("(none)")
        if column == 3:
            return record.date
        if column == self.VERIFIED:
            checked = self.checked.get(record.id)
            if checked is None:
                return _("Yes")
            return _("Yes, again") if checked.problem is None else _("NO")
        if column == 5:
            return _("closed") if record.session_closed else _("still open")
        if column == self.LOG_HASH:
            return record.log_hash[:SHORT_HASH] + "…"
        if column == self.RESULTS_HASH:
            return record.results_hash[:SHORT_HASH] + "…"
        return format_number(record.conflicts, 0) if record.conflicts else ""

    def _full(self, record: ContestRecord, column: int) -> str:
        if column == self.LOG_HASH:
            return record.log_hash
        if column == self.RESULTS_HASH:
            return record.results_hash
        if column == self.CONFLICTS:
            return str(record.conflicts)
        return self._text(record, column)

    def _sort_key(self, record: ContestRecord, column: int) -> Any:
        if column == self.VERIFIED:
            checked = self.checked.get(record.id)
            return ("0" if checked and checked.problem else "1") + record.ingested_at.isoformat()
        if column == 5:
            return int(record.session_closed)
        if column == self.CONFLICTS:
            return record.conflicts
        return self._full(record, column).casefold()

    def _tooltip(self, record: ContestRecord, column: int) -> str | None:
        if column == 0:
            return _("Contest {id}").format(id=record.id)
        if column == 1 and record.office_id:
            return _("Office {id}").format(id=record.office_id)
        if column == self.VERIFIED:
            said = _("Verified when it was ingested from {file}, {time}: its log's chain, "
                     "replay and results were checked, nothing it claims was trusted.").format(
                file=record.file_name, time=moment(record.ingested_at))
            checked = self.checked.get(record.id)
            if checked is not None:
                said += "\n" + (_("Checked again {time}: the stored copy verifies and agrees "
                                  "with this table.").format(time=moment(checked.at))
                                if checked.problem is None else
                                _("Checked again {time}: {problem}").format(
                                    time=moment(checked.at), problem=checked.problem))
            return said
        if column == 5:
            return (_("The office closed the session before exporting this copy.")
                    if record.session_closed else
                    _("This copy was exported before the session was closed: its results "
                      "are provisional."))
        if column == self.LOG_HASH:
            return _("Log hash: {hash} ({events} events)").format(
                hash=record.log_hash, events=record.events)
        if column == self.RESULTS_HASH:
            return _("Results hash: {hash}").format(hash=record.results_hash)
        if column == self.CONFLICTS and record.conflicts:
            return _("A copy of this contest parts from the stored one: see the Conflicts "
                     "tab.")
        return None


class ContestsFilter(QSortFilterProxyModel):
    """The contests whose programme, office, region and year match the filters chosen."""

    def __init__(self, model: ContestsModel) -> None:
        super().__init__()
        self.setSourceModel(model)
        self.setSortRole(SORT_ROLE)
        self.filters: dict[str, Any] = {}

    def set_filters(self, filters: Mapping[str, Any]) -> None:
        self.beginFilterChange()
        self.filters = dict(filters)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int,  # noqa: N802
                         parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ContestsModel)
        record = model.rows[row]
        return all(key_value(record, key) == value for key, value in self.filters.items())

    def record(self, row: int) -> ContestRecord:
        source = self.mapToSource(self.index(row, 0))
        model = self.sourceModel()
        assert isinstance(model, ContestsModel)
        return model.rows[source.row()]
