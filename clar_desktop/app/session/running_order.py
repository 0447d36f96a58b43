"""The running order: every proposal in presentation order, with its sheets' progress."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from ...domain.model import Proposal
from ...domain.state import Applied, ContestState
from ...i18n import _
from ..live import LiveContest

ProposalRole = Qt.ItemDataRole.UserRole + 1


def withdrawal_reason(state: ContestState, item: str) -> str | None:
    """Why ``item`` was withdrawn, or None while it is not (the contest's index, as the grid
    reads it: no scan of the withdrawals for each row painted)."""
    if state.contest is None:
        return None
    found = state.index().withdrawn.get(item)
    return None if found is None else found.reason


class RunningOrderModel(QAbstractListModel):
    """One row per proposal, in presentation order; refreshed row by row from events."""

    def __init__(self, live: LiveContest) -> None:
        super().__init__()
        self.live = live
        self.proposals: list[Proposal] = []
        self._rows: dict[str, int] = {}
        self._progress: dict[str, tuple[int, int]] = {}
        self._totals = (0, 0)
        self._reload()
        live.applied.connect(self._on_applied)

    def _reload(self) -> None:
        self.beginResetModel()
        contest = self.live.state.contest
        self.proposals = sorted(contest.proposals if contest else [], key=lambda p: p.order)
        self._rows = {p.id: row for row, p in enumerate(self.proposals)}
        self._progress = {}
        self._totals = (0, 0)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.proposals)

    def progress(self, proposal: str) -> tuple[int, int]:
        """(confirmed sheets, eligible sheets) of a proposal."""
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

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        proposal = self.proposals[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            reason = withdrawal_reason(self.live.state, proposal.id)
            if reason is not None:
                return _("{order}. {organization}\n     withdrawn: {reason}").format(
                    order=proposal.order, organization=proposal.organization, reason=reason)
            done, total = self.progress(proposal.id)
            text = _("{order}. {organization}\n     {done} of {total} sheets confirmed").format(
                order=proposal.order, organization=proposal.organization, done=done,
                total=total)
            if proposal.id == self.live.state.presenting:
                text = _("▶ now presenting: {line}").format(line=text)
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return proposal.title
        if role == ProposalRole:
            return proposal.id
        return None

    def row_of(self, proposal: str) -> int:
        """The row of ``proposal``, -1 for an item the running order does not list."""
        return self._rows.get(proposal, -1)

    def _on_applied(self, _event: dict[str, Any], applied: Applied) -> None:
        if applied.everything:
            self._reload()
            return
        for proposal in applied.proposals:
            if self.row_of(proposal) < 0:
                continue  # a follow-up item: not in this list
            self._recount(proposal)
            index = self.index(self.row_of(proposal))
            self.dataChanged.emit(index, index)
