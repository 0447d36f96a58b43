"""Attendance: which jurors are present (absent jurors do not score), and the quorum."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal

from ...domain.state import Applied
from ...i18n import _
from ..live import LiveContest


class AttendanceModel(QAbstractListModel):
    """The jurors, each checked when present. Unchecking one asks `leaving` (from which
    proposal on she is absent: session/leaving.py), checking her again `returning`; the
    check follows the committed ``attendance.marked``."""

    leaving = Signal(str)
    returning = Signal(str)

    def __init__(self, live: LiveContest) -> None:
        super().__init__()
        self.live = live
        live.applied.connect(self._on_applied)

    @property
    def jurors(self) -> list[Any]:
        contest = self.live.state.contest
        return list(contest.jurors) if contest else []

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.jurors)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        juror = self.jurors[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return juror.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return juror.role
        if role == Qt.ItemDataRole.CheckStateRole:
            absent = self.live.state.is_absent(juror.id)
            return Qt.CheckState.Unchecked if absent else Qt.CheckState.Checked
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def setData(self, index: QModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        present = Qt.CheckState(value) == Qt.CheckState.Checked
        juror = self.jurors[index.row()].id
        if present != self.live.state.is_absent(juror):
            return True
        (self.returning if present else self.leaving).emit(juror)
        return False  # the check changes when the attendance is committed

    def quorum_text(self) -> str:
        contest = self.live.state.contest
        if contest is None:
            return ""
        present = sum(1 for j in contest.jurors if not self.live.state.is_absent(j.id))
        needed = contest.rules.min_jurors
        if present >= needed:
            return _("{present} of {total} jurors present: quorum reached (at least {needed} "
                     "per phase).").format(present=present, total=len(contest.jurors),
                                           needed=needed)
        return _("Only {present} of {total} jurors present: no quorum (at least {needed} "
                 "per phase).").format(present=present, total=len(contest.jurors),
                                       needed=needed)

    def _on_applied(self, event: dict[str, Any], applied: Applied) -> None:
        if applied.everything:
            self.beginResetModel()
            self.endResetModel()
        elif event["kind"] == "attendance.marked":
            rows = [i for i, j in enumerate(self.jurors) if j.id == event["data"]["juror"]]
            for row in rows:
                self.dataChanged.emit(self.index(row), self.index(row))
