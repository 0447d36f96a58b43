"""The results tab: ranking, awards and tranches per category, pending rows marked so, and
the draws that ties at the funding line need."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QHeaderView, QWidget

from ...domain.model import text_in
from ...domain.numbers import format_2dp
from ...domain.state import Applied
from ...domain.tally import ProposalResult
from ...i18n import N_, _, current_language, format_money, ngettext
from ...labels import REASONS, STATUS
from ..forms import FormView, follow_language
from ..live import LiveContest
from ..table_model import ListTableModel
from .dialogs import DrawDialog
from .second_tranche_results import SecondTrancheModel
from .wrapping_header import WrappingHeader

COLUMNS = (N_("Category"), N_("Rank"), N_("Organization"), N_("Final score"), N_("Status"),
           N_("Award"), N_("1st tranche"), N_("2nd tranche"), N_("Why not funded"))
PENDING = QColor("#fff4ce")
FUNDED = QColor("#e3f1e6")


class ResultsModel(ListTableModel):
    """Every proposal's line of the tally, in the spec's order, refreshed from events."""

    columns = COLUMNS

    def __init__(self, live: LiveContest) -> None:
        super().__init__()
        self.live = live
        self.lines: list[ProposalResult] = []
        self._active = True
        self._stale = False
        self._reload()
        live.applied.connect(self._on_applied)

    def _reload(self) -> None:
        tally = self.live.state.tally
        self.rows = self.lines = tally.results().results if tally else []

    def is_pending(self, line: ProposalResult) -> bool:
        return line.status != "incomplete" and self.live.state.is_pending(line.proposal)

    def cells(self, line: ProposalResult) -> list[str]:
        contest = self.live.state.contest
        assert contest is not None
        proposal = contest.proposal(line.proposal)
        category = contest.category(line.category)
        currency = contest.currency
        pending = self.is_pending(line)
        rank = "" if line.rank is None else (f"{line.rank}=" if line.tie else str(line.rank))
        if pending and rank:
            rank = f"({rank})"
        status = _(STATUS[line.status])
        if line.funded:
            status = _("partly funded") if line.partial else _("funded")
        if pending:
            status = _("pending: {status}").format(status=status)
        return [
            text_in(category.name, current_language()) if category else line.category, rank,
            proposal.organization if proposal else line.proposal,
            "—" if line.final_score is None else format_2dp(line.final_score), status,
            format_money(line.award, currency), format_money(line.first_tranche, currency),
            format_money(line.second_tranche, currency),
            _(REASONS[line.reason]) if line.reason and line.reason != "rejected" else ""]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(line)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 2:
            contest = self.live.state.contest
            proposal = contest.proposal(line.proposal) if contest is not None else None
            return (f"{proposal.order}. {proposal.organization} — {proposal.title}"
                    if proposal is not None else line.proposal)
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.is_pending(line):
                return QBrush(PENDING)
            if line.funded:
                return QBrush(FUNDED)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 3, 5, 6, 7):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def ties_needing_draw(self) -> list[list[str]]:
        """Groups of tied proposals (ids) that block the allocation until a draw."""
        groups: dict[tuple[str, int | None], list[str]] = {}
        for line in self.lines:
            if line.tie and line.reason == "tie_needs_draw":
                groups.setdefault((line.category, line.rank), []).append(line.proposal)
        return list(groups.values())

    def follow(self, active: bool) -> None:
        """While not ``active`` (its tab hidden) the model only notes that it is stale, so a
        score typed in a 3,000-proposal contest does not rebuild a table nobody sees."""
        self._active = active
        if active and self._stale:
            self.beginResetModel()
            self._reload()
            self._stale = False
            self.endResetModel()

    def _on_applied(self, event: dict[str, Any], applied: Applied) -> None:
        if not self._active:
            self._stale = True
            return
        self._apply(event, applied)

    def _apply(self, _event: dict[str, Any], applied: Applied) -> None:
        before = [line.proposal for line in self.lines]
        tally = self.live.state.tally
        lines = tally.results().results if tally else []
        if applied.everything or [line.proposal for line in lines] != before:
            # Rows moved (a rank changed) or everything may have: the layout changes.
            self.layoutAboutToBeChanged.emit()
            self.rows = self.lines = lines
            self.layoutChanged.emit()
            return
        # Same order: only the rows of the proposals the event touched change.
        self.rows = self.lines = lines
        for row, line in enumerate(lines):
            if line.proposal in applied.proposals:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))


class ResultsView(FormView):
    """The results tab."""

    def __init__(self, live: LiveContest, parent: QWidget | None = None) -> None:
        super().__init__("results", parent)
        self.live = live
        self.model = ResultsModel(live)
        table = self.form.child("resultsTable")
        table.setModel(self.model)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        # Names wrap on two lines rather than end in "…" (the whole name and plan in the
        # tool tip); a fixed height keeps a 3,000-row table from measuring every row.
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.verticalHeader().setDefaultSectionSize(
            int(table.fontMetrics().lineSpacing() * 2.4))
        self.second = SecondTrancheModel(live)
        self._set_up_second_tranche()
        self.form.child("drawButton").clicked.connect(self.record_draw)
        QShortcut(QKeySequence("Ctrl+D"), self, self.record_draw)
        live.applied.connect(lambda *_args: self.refresh() if self.isVisible() else None)
        follow_language(self, self._retranslate)
        self.refresh()

    def _set_up_second_tranche(self) -> None:
        table = self.form.child("secondTrancheTable")
        # Phase names are long ("Evaluación de avances en campo"): their titles wrap.
        table.setHorizontalHeader(WrappingHeader(table, lines=3))
        table.setModel(self.second)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().hide()
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.fit_minimum()
        title = self.form.child("secondTrancheTitle")
        font = title.font()
        font.setBold(True)
        title.setFont(font)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.second.follow(True)
        self.model.follow(True)
        self.refresh()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.model.follow(False)
        self.second.follow(False)
        super().hideEvent(event)

    def _retranslate(self) -> None:
        self.model.retitle()
        self.second.retitle()
        self.form.child("secondTrancheTable").horizontalHeader().fit_minimum()
        self.refresh()

    def refresh(self) -> None:
        contest, tally = self.live.state.contest, self.live.state.tally
        if contest is None or tally is None:
            return
        ties = self.model.ties_needing_draw()
        names = {p.id: p.organization for p in contest.proposals}
        if ties:
            text = _("A public draw is needed: {names} are tied where the budget runs out.")
            self.form.child("drawLabel").setText(text.format(
                names=" · ".join(", ".join(names[p] for p in group) for group in ties)))
        else:
            self.form.child("drawLabel").setText(_("No tie needs a draw."))
        self.form.child("drawButton").setEnabled(bool(ties))
        pending = sum(1 for line in self.model.lines if self.model.is_pending(line))
        parts = []
        for category in contest.categories:
            summary = tally.category_result(category.id)
            parts.append(_("{category}: budget {budget}, awarded {allocated}, left {remaining}")
                         .format(category=text_in(category.name, current_language()),
                                 budget=format_money(summary.budget, contest.currency),
                                 allocated=format_money(summary.allocated, contest.currency),
                                 remaining=format_money(summary.remaining, contest.currency)))
        if pending:
            parts.append(ngettext(
                "Provisional: {count} proposal still has sheets to confirm.",
                "Provisional: {count} proposals still have sheets to confirm.",
                pending).format(count=pending))
        self.form.child("summaryLabel").setText("\n".join(parts))
        self._show_second_tranche()

    def _show_second_tranche(self) -> None:
        """The second-tranche table, only for a contest that evaluates second tranches (and
        the whole height for one that evaluates nothing else)."""
        contest = self.live.state.contest
        shown = contest is not None and contest.followups is not None
        for name in ("secondTrancheTitle", "secondTrancheSummary", "secondTrancheTable"):
            self.form.child(name).setVisible(shown)
        only = shown and contest is not None and not contest.proposals
        self.form.child("resultsTable").setVisible(not only)
        self.form.child("secondTrancheSummary").setText(self.second.summary())
        if shown:  # a few rows: each as tall as its wrapped reason needs
            self.form.child("secondTrancheTable").resizeRowsToContents()

    def record_draw(self) -> None:
        ties = self.model.ties_needing_draw()
        if ties:
            DrawDialog(self, self.live, ties[0]).exec()
