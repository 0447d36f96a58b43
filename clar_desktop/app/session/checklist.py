"""The pre-close checklist in the live session: what stands between the session and its close.

Always on screen beside the running order: each open point (`domain.checklist`) as a line
people read — names, not ids — and a line is one activation (Enter, double click) from the
sheet or item that resolves it. The same list decides whether Session ▸ Close may proceed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt, Signal

from ...domain.checklist import (
    ABSENT,
    DIFFERS,
    DRAW,
    SHORT,
    UNCONFIRMED,
    UNSCORED,
    OpenPoint,
    OpenPoints,
)
from ...domain.model import text_in
from ...domain.state import Applied
from ...i18n import _, current_language, ngettext
from ..live import LiveContest

PointRole = Qt.ItemDataRole.UserRole + 1
"""The `OpenPoint` of a line."""


class ChecklistModel(QAbstractListModel):
    """The open points, kept current event by event."""

    changed = Signal()
    """The list of open points changed (its length, its lines)."""

    def __init__(self, live: LiveContest) -> None:
        super().__init__()
        self.live = live
        self.open = OpenPoints(live.state)
        self.points: list[OpenPoint] = self.open.points()
        live.applied.connect(self._on_applied)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.points)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.points):
            return None
        point = self.points[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.describe(point)
        if role == PointRole:
            return point
        return None

    # -- words -------------------------------------------------------------------------------
    def _item(self, item: str) -> str:
        contest = self.live.state.contest
        assert contest is not None
        proposal = contest.proposal(item)
        if proposal is not None:
            return _("{order}. {organization}").format(order=proposal.order,
                                                      organization=proposal.organization)
        found = contest.followup_item(item)
        return (_("{order}. {organization}").format(order=found.order,
                                                   organization=found.organization)
                if found is not None else item)

    def _juror(self, juror: str | None) -> str:
        contest = self.live.state.contest
        found = contest.juror(juror) if contest is not None and juror else None
        return found.name if found is not None else (juror or "")

    def _phase(self, phase: str | None) -> str:
        contest = self.live.state.contest
        found = contest.phase(phase) if contest is not None and phase else None
        return text_in(found.name, current_language()) if found is not None else (phase or "")

    def describe(self, point: OpenPoint) -> str:
        """One line, in the secretary's language."""
        item, juror, phase = (self._item(point.item), self._juror(point.juror),
                              self._phase(point.phase))
        if point.kind == UNCONFIRMED:
            return _("{juror}: sheet of {item} ({phase}) not read back and confirmed").format(
                juror=juror, item=item, phase=phase)
        if point.kind == DIFFERS:
            return _("{juror}: the two entries of the sheet of {item} ({phase}) differ; "
                     "resolve each difference against the paper, then confirm").format(
                juror=juror, item=item, phase=phase)
        if point.kind == ABSENT:
            return _("{juror} is marked absent: her sheet of {item} ({phase}) is open; record "
                     "the absence or mark her present").format(juror=juror, item=item,
                                                               phase=phase)
        if point.kind == UNSCORED:
            return _("{item}: sheets still to be entered, or withdraw it").format(item=item)
        if point.kind == SHORT:
            return _("{item}: too few eligible jurors in {phase}; withdraw it or record a "
                     "juror's return").format(item=item, phase=phase)
        assert point.kind == DRAW
        return _("{items}: tied where the budget runs out; a draw is needed").format(
            items=", ".join(self._item(i) for i in point.items))

    def summary(self) -> str:
        count = len(self.points)
        if not count:
            return _("Before closing: nothing is pending. The session can be closed.")
        return ngettext("Before closing: {count} point is open", "Before closing: {count} "
                        "points are open", count).format(count=count)

    # -- following the session -----------------------------------------------------------------
    def _on_applied(self, event: dict[str, Any], applied: Applied) -> None:
        self.open.after(str(event.get("kind", "")), event.get("data"), applied.proposals,
                        applied.everything)
        points = self.open.points()
        if points != self.points:
            self.beginResetModel()
            self.points = points
            self.endResetModel()
        self.changed.emit()

    def retranslate(self) -> None:
        if self.points:
            self.dataChanged.emit(self.index(0), self.index(len(self.points) - 1))
        self.changed.emit()
