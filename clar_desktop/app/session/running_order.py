"""The running order: every proposal in presentation order, then the second-tranche items
in theirs, each with its sheets' progress (an item not eligible with why it waits for none)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.model import FollowupItem
from ...domain.running_order import Entry, move, running_order
from ...domain.state import Applied, ContestState
from ...i18n import _
from ..live import LiveContest
from .entries import award_text, entry_label, not_eligible_text, tranche_line

ProposalRole = Qt.ItemDataRole.UserRole + 1
"""The id of the row's proposal or second-tranche item."""
ITEM_BACKGROUND = QColor("#e8eef8")
"""Second-tranche items stand apart from the proposals of the contest."""


def withdrawal_reason(state: ContestState, item: str) -> str | None:
    """Why ``item`` was withdrawn, or None while it is not (the contest's index, as the grid
    reads it: no scan of the withdrawals for each row painted)."""
    if state.contest is None:
        return None
    found = state.index().withdrawn.get(item)
    return None if found is None else found.reason


class RunningOrderModel(QAbstractListModel):
    """One row per proposal, then per second-tranche item; refreshed row by row."""

    def __init__(self, live: LiveContest) -> None:
        super().__init__()
        self.live = live
        self.proposals: list[Entry] = []
        """The rows: proposals, then second-tranche items."""
        self._rows: dict[str, int] = {}
        self._progress: dict[str, tuple[int, int]] = {}
        self._totals = (0, 0)
        self._reload()
        live.applied.connect(self._on_applied)

    def _reload(self) -> None:
        self.beginResetModel()
        contest = self.live.state.contest
        self.proposals = running_order(contest) if contest else []
        self._rows = {p.id: row for row, p in enumerate(self.proposals)}
        self._progress = {}
        self._totals = (0, 0)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.proposals)

    def progress(self, proposal: str) -> tuple[int, int]:
        """(confirmed sheets, eligible sheets) of a proposal or item."""
        found = self._progress.get(proposal)
        if found is None:
            found = self._progress[proposal] = self.live.state.sheet_progress(proposal)
            self._totals = (self._totals[0] + found[0], self._totals[1] + found[1])
        return found

    def total_progress(self) -> tuple[int, int]:
        """(confirmed sheets, eligible sheets) of the whole contest, kept up to date event by
        event (counted in full once)."""
        if len(self._progress) < len(self.proposals):
            for proposal in self.proposals:
                self.progress(proposal.id)
        return self._totals

    def _recount(self, proposal: str) -> None:
        old = self._progress.pop(proposal, None)
        if old is not None:
            self._totals = (self._totals[0] - old[0], self._totals[1] - old[1])
            self.progress(proposal)

    def _text(self, entry: Entry) -> str:
        contest = self.live.state.contest
        assert contest is not None
        label = entry_label(contest, entry.id)
        reason = withdrawal_reason(self.live.state, entry.id)
        lines = [label]
        if isinstance(entry, FollowupItem):
            lines.append(tranche_line(contest, entry))
        if reason is not None:
            lines.append(_("withdrawn: {reason}").format(reason=reason))
        elif isinstance(entry, FollowupItem) and (why := not_eligible_text(contest, entry)):
            lines.append(why)
        else:
            done, total = self.progress(entry.id)
            lines.append(_("{done} of {total} sheets confirmed").format(done=done, total=total))
        text = "\n     ".join(lines)
        if reason is None and entry.id == self.live.state.presenting:
            text = _("▶ now presenting: {line}").format(line=text)
        return text

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.proposals[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry)
        if role == Qt.ItemDataRole.ToolTipRole:
            if isinstance(entry, FollowupItem):
                contest = self.live.state.contest
                assert contest is not None
                return f"{entry.title}\n{award_text(contest, entry)}"
            return entry.title
        if role == Qt.ItemDataRole.BackgroundRole and isinstance(entry, FollowupItem):
            return QBrush(ITEM_BACKGROUND)
        if role == ProposalRole:
            return entry.id
        return None

    def row_of(self, proposal: str) -> int:
        """The row of a proposal or item, -1 for an id the running order does not list."""
        return self._rows.get(proposal, -1)

    def is_item(self, row: int) -> bool:
        """Whether the row is a second-tranche item."""
        return 0 <= row < len(self.proposals) and isinstance(self.proposals[row],
                                                                  FollowupItem)

    def can_move(self, row: int, step: int) -> bool:
        """Whether the row's entry has a neighbour of its kind that way."""
        target = row + step
        return (0 <= row < len(self.proposals) and 0 <= target < len(self.proposals)
                and self.is_item(row) == self.is_item(target))

    def move(self, row: int, step: int) -> str | None:
        """Move the row's proposal (among the proposals) or item (among the items) a place
        up (-1) or down (1), logged as edits of the two presentation orders. None when
        done or when it is already first or last of its kind; else why it was refused."""
        contest = self.live.state.contest
        if contest is None or not 0 <= row < len(self.proposals):
            return None
        changes = move(contest, self.proposals[row].id, step)
        if not changes:
            return None
        return self.live.apply_many(changes)

    def _on_applied(self, _event: dict[str, Any], applied: Applied) -> None:
        if applied.everything:
            self._reload()
            return
        for proposal in applied.proposals:
            if self.row_of(proposal) < 0:
                continue
            self._recount(proposal)
            index = self.index(self.row_of(proposal))
            self.dataChanged.emit(index, index)
