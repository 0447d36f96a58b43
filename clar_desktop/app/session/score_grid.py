"""The score grid of the live session: one proposal and phase, jurors × criteria.

Rows are the jurors who score the phase (in the contest's order); columns are the phase's
criteria, then the juror's total. Typing a value asks the live contest for ``score.entered``
(an empty cell) or ``score.changed`` (a cell on a sheet not yet read back), emptying it
``score.removed``; a confirmed sheet is locked and changes only through a correction with a
reason. The model refreshes only the
cells an event touched.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...domain.double_entry import differences
from ...domain.model import Criterion, Juror, text_in
from ...domain.numbers import decimal_text
from ...domain.state import Applied
from ...i18n import _, current_language
from ..live import LiveContest

SCORE_KINDS = ("score.entered", "score.changed", "score.corrected", "score.removed")
CONFIRMED_BACKGROUND = QColor("#e3f1e6")
UNAVAILABLE_BACKGROUND = QColor("#eeeeee")
DIFFERENT_BACKGROUND = QColor("#fcd9a8")
"""A cell where the sheet's second entry differs from the first (double entry)."""


def parse_value(text: str) -> Decimal | None:
    """A typed value (comma or point as decimal mark), or None if it is not a number."""
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def check_typed(criterion: Criterion, text: str) -> str | None:
    """Why ``text`` is not a valid value for ``criterion`` (one translated sentence), or None."""
    value = parse_value(text)
    name = text_in(criterion.name, current_language())
    if value is None:
        return _("{text} is not a number").format(text=text.strip())
    if value < criterion.min or value > criterion.max:
        return _("{criterion}: the value must lie between {min} and {max}").format(
            criterion=name, min=decimal_text(criterion.min), max=decimal_text(criterion.max))
    if not criterion.accepts(value):
        return _("{criterion}: the value goes in steps of {step}").format(
            criterion=name, step=decimal_text(criterion.step))
    return None


class ScoreGridModel(QAbstractTableModel):
    """Jurors × criteria of one proposal and phase, over a `LiveContest`."""

    def __init__(self, live: LiveContest) -> None:
        super().__init__()
        self.live = live
        self.proposal: str | None = None
        self.phase: str | None = None
        self.jurors: list[Juror] = []
        self.criteria: list[Criterion] = []
        self._differing: dict[str, dict[str, Decimal | None]] = {}
        """By juror: the second entry's value in each cell where it differs from the
        first (double entry), as of the last event."""
        live.applied.connect(self._on_applied)

    # -- what is shown -------------------------------------------------------------------------
    def show_sheet(self, proposal: str, phase: str) -> None:
        self.beginResetModel()
        self.proposal, self.phase = proposal, phase
        contest = self.live.state.contest
        assert contest is not None
        found = contest.phase(phase)
        self.criteria = list(found.criteria) if found else []
        self.jurors = [j for j in contest.jurors if phase in j.phases]
        self._differing.clear()
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.jurors)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.criteria) + 1

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and section < len(self.criteria)):
            return text_in(self.criteria[section].name, current_language())
        if (role == Qt.ItemDataRole.FontRole and orientation == Qt.Orientation.Horizontal
                and len(self.criteria) > 6):
            small = QFont()
            small.setPointSizeF(small.pointSizeF() * 0.85)
            return small
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return self.jurors[section].name
        if section == len(self.criteria):
            return _("Total")
        criterion = self.criteria[section]
        # Wrapped, and made smaller when a word would not fit, by the grid's header
        # (wrapping_header.py): a word is never cut.
        return _("{name}\n(max {max})").format(
            name=text_in(criterion.name, current_language()), max=decimal_text(criterion.max))

    def _value(self, juror: str, criterion: str) -> Decimal | None:
        assert self.proposal is not None
        return self.live.state.current_value(juror, self.proposal, criterion)

    def total(self, row: int) -> Decimal:
        """The juror's total so far: Σ weight × value over the values entered."""
        juror = self.jurors[row].id
        values = [(c.weight, self._value(juror, c.id)) for c in self.criteria]
        return sum((w * v for w, v in values if v is not None), Decimal(0))

    def is_confirmed(self, row: int) -> bool:
        assert self.proposal is not None and self.phase is not None
        return self.live.state.is_confirmed(self.jurors[row].id, self.proposal, self.phase)

    def differing(self, row: int) -> dict[str, Decimal | None]:
        """The cells of the row's sheet where its second entry differs, with the second
        entry's value (nothing once the sheet is confirmed)."""
        juror = self.jurors[row].id
        found = self._differing.get(juror)
        if found is None:
            assert self.proposal is not None and self.phase is not None
            found = {} if self.is_confirmed(row) else {
                c: second for c, _first, second in differences(self.live.state, juror,
                                                                self.proposal, self.phase)}
            self._differing[juror] = found
        return found

    def unavailable_reason(self, row: int) -> str | None:
        """Why the juror cannot score here (recused, absent), or None."""
        juror = self.jurors[row].id
        assert self.proposal is not None
        index = self.live.state.index()
        withdrawal = index.withdrawn.get(self.proposal)
        if withdrawal is not None:  # nobody scores it: every row says why
            return _("Withdrawn: {reason}").format(reason=withdrawal.reason)
        contest = self.live.state.contest
        if contest is not None and contest.is_ineligible(self.proposal):
            return _("Not eligible: too little of the first tranche justified; no sheet is "
                     "waited for")
        recusal = index.recused.get((juror, self.proposal))
        if recusal is not None:
            return _("Recused: {reason}").format(reason=recusal.reason)
        # Absent from this phase of this item (recorded when she left, or before she came):
        # so it stays after she is back for the items still to come.
        absence = index.absent.get((juror, self.proposal, self.phase))
        if absence is not None:
            return _("Absent: {reason}").format(reason=absence.reason) if absence.reason \
                else _("Absent")
        if self.live.state.is_absent(juror):
            return _("Absent")
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.proposal is None:
            return None
        row, column = index.row(), index.column()
        unavailable = self.unavailable_reason(row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if unavailable and role == Qt.ItemDataRole.DisplayRole:
                return "—"
            if column == len(self.criteria):
                return decimal_text(self.total(row))
            value = self._value(self.jurors[row].id, self.criteria[column].id)
            return "" if value is None else decimal_text(value)
        differing = self.differing(row) if column < len(self.criteria) else {}
        criterion = self.criteria[column].id if column < len(self.criteria) else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if unavailable:
                return unavailable
            if criterion in differing:
                second = differing[criterion]
                return _("The second entry has {value} here: look at the paper and keep the "
                         "first or take the second (Ctrl+Shift+D) before confirming").format(
                    value="—" if second is None else decimal_text(second))
            if self.is_confirmed(row):
                return _("Confirmed by the juror: a change needs a correction with a reason")
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if unavailable:
                return QBrush(UNAVAILABLE_BACKGROUND)
            if criterion in differing:
                return QBrush(DIFFERENT_BACKGROUND)
            if self.is_confirmed(row):
                return QBrush(CONFIRMED_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if (not index.isValid() or index.column() == len(self.criteria)
                or self.unavailable_reason(index.row()) or self.is_confirmed(index.row())
                or self.live.state.closed):
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def check(self, column: int, text: str) -> str | None:
        """Why ``text`` is not a valid value for the column's criterion, or None."""
        return check_typed(self.criteria[column], text)

    def setData(self, index: QModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not (self.flags(index)
                                                    & Qt.ItemFlag.ItemIsEditable):
            return False
        text = str(value).strip()
        if not text:  # an emptied cell: the value is taken off
            return self.clear(index)
        problem = self.check(index.column(), text)
        if problem is not None:
            self.live.refused.emit(problem)
            return False
        number = parse_value(text)
        assert number is not None and self.proposal is not None
        juror, criterion = self.jurors[index.row()].id, self.criteria[index.column()].id
        current = self._value(juror, criterion)
        if current == number:
            return True
        kind = "score.entered" if current is None else "score.changed"
        return self.live.apply(kind, {"juror": juror, "proposal": self.proposal,
                                      "criterion": criterion, "value": decimal_text(number)})

    def clear(self, index: QModelIndex) -> bool:
        """Take the value of an editable cell off (``score.removed``; a sheet not yet read
        back needs no reason). True when there was nothing to take off or it was."""
        if not (self.flags(index) & Qt.ItemFlag.ItemIsEditable) or self.proposal is None:
            return False
        juror, criterion = self.jurors[index.row()].id, self.criteria[index.column()].id
        if self._value(juror, criterion) is None:
            return True
        return self.live.apply("score.removed", {"juror": juror, "proposal": self.proposal,
                                                 "criterion": criterion})

    # -- following the event stream -----------------------------------------------------------
    def _on_applied(self, event: dict[str, Any], applied: Applied) -> None:
        if self.proposal is None or self.phase is None:
            return
        self._differing.clear()
        if applied.everything:
            self.show_sheet(self.proposal, self.phase)
            return
        data = event["data"]
        if data.get("proposal") != self.proposal:
            if event["kind"] in ("attendance.marked", "session.closed", "session.reopened"):
                self._refresh_all()
            return
        rows = [i for i, j in enumerate(self.jurors) if j.id == data.get("juror")]
        if not rows:
            return
        row = rows[0]
        if event["kind"] in SCORE_KINDS:
            columns = [i for i, c in enumerate(self.criteria) if c.id == data["criterion"]]
            if columns:
                cell = self.index(row, columns[0])
                self.dataChanged.emit(cell, cell)
                total = self.index(row, len(self.criteria))
                self.dataChanged.emit(total, total)
        else:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.criteria)))

    def _refresh_all(self) -> None:
        if self.jurors:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.jurors) - 1, len(self.criteria)))
