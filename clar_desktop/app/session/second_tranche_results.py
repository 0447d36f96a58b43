"""The Results tab's second-tranche table: each item evaluated for its second tranche, its
score per follow-up phase, its final score, its status in words (approved, not approved, not
eligible and why, withdrawn, incomplete) and the amount released — items still waiting for a
sheet marked provisional — and the total released of the total due."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.model import text_in
from ...domain.numbers import format_2dp
from ...domain.running_order import items_in_order
from ...domain.state import Applied
from ...domain.tally import FollowupResult
from ...i18n import N_, _, current_language, format_money, ngettext
from ...labels import REASONS
from ..live import LiveContest
from .entries import item_status_text, percent
from .running_order import withdrawal_reason

PENDING = QColor("#fff4ce")
RELEASED = QColor("#e3f1e6")
BEFORE = (N_("No."), N_("Organization"))
AFTER = (N_("Final score"), N_("Status"), N_("Released"), N_("Why not released"))


class SecondTrancheModel(QAbstractTableModel):
    """One row per second-tranche item, in its order, kept current from events."""

    def __init__(self, live: LiveContest) -> None:
        super().__init__()
        self.live = live
        self.lines: list[FollowupResult] = []
        self.phases: list[str] = []
        self._active = True
        self._stale = False
        self._reload()
        live.applied.connect(self._on_applied)

    # -- contents ------------------------------------------------------------------------------
    def _reload(self) -> None:
        self.lines, self.phases = self._current()

    def _current(self) -> tuple[list[FollowupResult], list[str]]:
        contest, tally = self.live.state.contest, self.live.state.tally
        if contest is None or tally is None or contest.followups is None:
            return [], []
        return ([tally.followup_result(i.id) for i in items_in_order(contest)],
                [p.id for p in contest.followups.phases])

    def is_pending(self, line: FollowupResult) -> bool:
        """Scored so far, but a sheet is still to be read back and confirmed."""
        return line.final_score is not None and self.live.state.is_pending(line.item)

    def totals(self) -> tuple[Any, Any]:
        """(released, due): what the approved items receive, of every item's tranche."""
        contest = self.live.state.contest
        assert contest is not None
        due = sum((i.second_tranche for i in contest.followup_items), 0)
        return sum((line.released for line in self.lines), 0), due

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(BEFORE) + len(self.phases) + len(AFTER)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section < len(BEFORE):
            return _(BEFORE[section])
        section -= len(BEFORE)
        if section < len(self.phases):
            contest = self.live.state.contest
            phase = contest.phase(self.phases[section]) if contest is not None else None
            return text_in(phase.name, current_language()) if phase else self.phases[section]
        return _(AFTER[section - len(self.phases)])

    def cells(self, line: FollowupResult) -> list[str]:
        contest = self.live.state.contest
        assert contest is not None and contest.followups is not None
        item = contest.followup_item(line.item)
        assert item is not None
        pending = self.is_pending(line)
        scores = [("—" if line.phase_scores is None or phase not in line.phase_scores
                   else format_2dp(line.phase_scores[phase])) for phase in self.phases]
        final = "—" if line.final_score is None else format_2dp(line.final_score)
        status = item_status_text(line)
        released = format_money(line.released, contest.currency)
        if pending:  # provisional until every sheet is read back and confirmed
            final, released = f"({final})", f"({released})"
            status = _("pending: {status}").format(status=status)
        return [str(item.order), item.organization, *scores, final, status, released,
                self._why(line)]

    def _why(self, line: FollowupResult) -> str:
        contest = self.live.state.contest
        assert contest is not None and contest.followups is not None
        rules = contest.followups.rules
        if line.status == "withdrawn":
            return withdrawal_reason(self.live.state, line.item) or _(REASONS["withdrawn"])
        if line.status == "ineligible":
            item = contest.followup_item(line.item)
            assert item is not None
            return _("{justified} of the first tranche justified, {minimum} required").format(
                justified=percent(item.justified_percent),
                minimum=percent(rules.min_justified_percent))
        if line.status == "rejected":
            return _("below the pass mark of {pass_mark}").format(
                pass_mark=format_2dp(rules.pass_score))
        if line.status == "incomplete":
            return _(REASONS["incomplete"])
        return ""

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.lines):
            return None
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(line)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 1:
            contest = self.live.state.contest
            item = contest.followup_item(line.item) if contest is not None else None
            return f"{item.organization} — {item.title}" if item is not None else line.item
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.is_pending(line):
                return QBrush(PENDING)
            if line.status == "approved":
                return QBrush(RELEASED)
        numeric = (0, *range(len(BEFORE), len(BEFORE) + len(self.phases) + 1),
                   len(BEFORE) + len(self.phases) + 2)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def summary(self) -> str:
        """The total released of the total due, and whether it is still provisional."""
        contest = self.live.state.contest
        if contest is None or contest.followups is None:
            return ""
        released, due = self.totals()
        text = _("Second tranche: {released} released of {due} due.").format(
            released=format_money(released, contest.currency),
            due=format_money(due, contest.currency))
        pending = sum(1 for line in self.lines if self.is_pending(line))
        if pending:
            text += " " + ngettext(
                "Provisional: {count} item still has sheets to confirm.",
                "Provisional: {count} items still have sheets to confirm.",
                pending).format(count=pending)
        return text

    # -- following the session ----------------------------------------------------------------
    def follow(self, active: bool) -> None:
        """While its tab is hidden the table only notes that it is stale."""
        self._active = active
        if active and self._stale:
            self._stale = False
            self._refresh(True)

    def retitle(self) -> None:
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
            self._refresh(False)

    def _on_applied(self, _event: dict[str, Any], applied: Applied) -> None:
        if not self._active:
            self._stale = True
            return
        self._refresh(applied.everything)

    def _refresh(self, everything: bool) -> None:
        lines, phases = self._current()
        if everything or phases != self.phases or [x.item for x in lines] != [
                x.item for x in self.lines]:
            self.beginResetModel()
            self.lines, self.phases = lines, phases
            self.endResetModel()
            return
        self.lines = lines
        if lines:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(lines) - 1, self.columnCount() - 1))
