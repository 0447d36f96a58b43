"""The pre-close checklist in the live session: what stands between the session and its close.

Always on screen beside the running order: the open points (`domain.checklist`) as lines
people read — names, not ids — each line one activation (Enter, double click) from the
sheet or item that resolves it. The sheets of one proposal still to be read back are one
line ("1. Asociación …: 11 sheets not read back and confirmed — Rosa, Lucía…"), and so
are the open sheets of one juror marked absent; a line's activation goes to the first of its
sheets, and its tool tip lists each. The same list decides
whether Session ▸ Close may proceed.
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
from .entries import entry_label

PointRole = Qt.ItemDataRole.UserRole + 1
"""The `OpenPoint` a line leads to (the first of its points)."""


def grouped(points: list[OpenPoint]) -> list[tuple[OpenPoint, ...]]:
    """The lines of the checklist: the unconfirmed sheets of one item together, at the
    place of the first of them; every other point a line of its own."""
    lines: list[list[OpenPoint]] = []
    groups: dict[tuple[str, str | None], list[OpenPoint]] = {}
    for point in points:
        # The sheets of one item still to read back; the open sheets of one absent juror.
        key = ((UNCONFIRMED, point.item) if point.kind == UNCONFIRMED
               else (ABSENT, point.juror) if point.kind == ABSENT else None)
        if key is None:
            lines.append([point])
        elif key in groups:
            groups[key].append(point)
        else:
            groups[key] = [point]
            lines.append(groups[key])
    return [tuple(line) for line in lines]


class ChecklistModel(QAbstractListModel):
    """The open points, kept current event by event."""

    changed = Signal()
    """The list of open points changed (its length, its lines)."""

    def __init__(self, live: LiveContest) -> None:
        super().__init__()
        self.live = live
        self.open = OpenPoints(live.state)
        self.points: list[OpenPoint] = self.open.points()
        """Every open point, in the checklist's order."""
        self.lines = grouped(self.points)
        """The points as the list shows them, one tuple per line."""
        live.applied.connect(self._on_applied)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.lines)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.lines):
            return None
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.describe_line(line)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(self.describe(point) for point in line)
        if role == PointRole:
            return line[0]
        return None

    # -- words -------------------------------------------------------------------------------
    def _item(self, item: str) -> str:
        contest = self.live.state.contest
        assert contest is not None
        return entry_label(contest, item)  # a second-tranche item with its mark

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

    def describe_line(self, line: tuple[OpenPoint, ...]) -> str:
        """A line of the list: one point, or the sheets of one item still to read back."""
        if len(line) == 1:
            return self.describe(line[0])
        if line[0].kind == ABSENT:
            return ngettext(
                "{juror} is marked absent: {count} of her sheets is open; record the absence "
                "from the proposal where she left, or mark her present",
                "{juror} is marked absent: {count} of her sheets are open; record the absence "
                "from the proposal where she left, or mark her present",
                len(line)).format(juror=self._juror(line[0].juror), count=len(line))
        jurors = list(dict.fromkeys(self._juror(point.juror) for point in line))
        return ngettext("{item}: {count} sheet not read back and confirmed — {jurors}",
                        "{item}: {count} sheets not read back and confirmed — {jurors}",
                        len(line)).format(item=self._item(line[0].item), count=len(line),
                                          jurors=", ".join(jurors))

    def summary(self) -> str:
        count = len(self.lines)
        if not count:
            return _("Before closing: nothing is pending. The session can be closed.")
        return ngettext("Before closing: {count} point is open", "Before closing: {count} "
                        "points are open", count).format(count=count)

    # -- following the session -----------------------------------------------------------------
    def _on_applied(self, event: dict[str, Any], applied: Applied) -> None:
        # Typing on an open sheet changes no point: nothing is sorted or rebuilt then, so a
        # keystroke costs the same with 50 open sheets as with 50,000.
        if not self.open.after(str(event.get("kind", "")), event.get("data"),
                               applied.proposals, applied.everything):
            return
        points = self.open.points()
        if points != self.points:
            self.beginResetModel()
            self.points = points
            self.lines = grouped(points)
            self.endResetModel()
        self.changed.emit()

    def retranslate(self) -> None:
        if self.lines:
            self.dataChanged.emit(self.index(0), self.index(len(self.lines) - 1))
        self.changed.emit()
