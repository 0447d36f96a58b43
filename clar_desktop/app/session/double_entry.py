"""Double entry in the live session: a second person retypes a sheet, blind to the first.

Session ▸ *Second entry of this sheet…* (Ctrl+Shift+E) opens empty fields for the sheet of
the grid's juror, proposal and phase — never its values. On OK the second entry is logged
(``sheet.second_entry``); if it agrees with the sheet the status bar says so, otherwise the
comparison opens (*Resolve the differences…*, Ctrl+Shift+D, opens it again later): each
criterion with the first and the second value, the differing rows highlighted, each with a
choice — keep the first, or take the second — recorded in one transaction (the ordinary
score events for a second value taken, ``sheet.entries_reconciled`` for the first values
kept). *Double entry required* is the contest's logged switch (``session.double_entry_set``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QBrush, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableWidgetItem,
    QWidget,
)

from ...domain.double_entry import DOUBLE_ENTRY_SET, SECOND_ENTRY, differences
from ...domain.errors import ChangeRefused
from ...domain.model import Criterion, text_in
from ...domain.numbers import decimal_text
from ...domain.state import Applied
from ...i18n import N_, Later, _, current_language
from ..dialogs import _SubmitDialog
from ..forms import follow_language
from ..live import LiveContest
from .score_grid import DIFFERENT_BACKGROUND, check_typed, parse_value

if TYPE_CHECKING:
    from .live_view import LiveSessionView

KEEP_FIRST, TAKE_SECOND = 0, 1


def _sheet_words(live: LiveContest, juror: str, proposal: str, phase: str) -> str:
    contest = live.state.contest
    assert contest is not None
    who = contest.juror(juror)
    item = contest.proposal(proposal) or contest.followup_item(proposal)
    found = contest.phase(phase)
    return _("{juror} — {order}. {organization} — {phase}").format(
        juror=who.name if who else juror, order=item.order if item else "",
        organization=item.organization if item else proposal,
        phase=text_in(found.name, current_language()) if found else phase)


def _criteria(live: LiveContest, phase: str) -> list[Criterion]:
    contest = live.state.contest
    assert contest is not None
    found = contest.phase(phase)
    return list(found.criteria) if found else []


def _shown(value: Decimal | None) -> str:
    return "—" if value is None else decimal_text(value)


class SecondEntryDialog(_SubmitDialog):
    """Empty fields, one per criterion of the sheet's phase, for the second person."""

    def __init__(self, parent: QWidget | None, live: LiveContest, juror: str, proposal: str,
                 phase: str) -> None:
        super().__init__("second_entry_dialog", parent, live)
        self.juror, self.proposal, self.phase = juror, proposal, phase
        self.criteria = _criteria(live, phase)
        self.differing: list[tuple[str, Decimal | None, Decimal | None]] | None = None
        """After OK: the cells where the two entries differ (empty: they agree)."""
        layout = self.form.child("values")
        self.labels: list[QLabel] = []
        self.edits: list[QLineEdit] = []
        for criterion in self.criteria:
            edit = QLineEdit(self.dialog)
            edit.setObjectName(f"value-{criterion.id}")
            label = QLabel(self.dialog)
            label.setBuddy(edit)
            layout.addRow(label, edit)
            self.labels.append(label)
            self.edits.append(edit)
        self._retranslate()
        follow_language(self.dialog, self._retranslate)
        if self.edits:
            self.edits[0].setFocus()

    def _retranslate(self) -> None:
        self.form.child("sheetLabel").setText(
            _sheet_words(self.live, self.juror, self.proposal, self.phase))
        for label, criterion in zip(self.labels, self.criteria, strict=True):
            label.setText(_("{name} (max {max}):").format(
                name=text_in(criterion.name, current_language()),
                max=decimal_text(criterion.max)))

    def fill(self, values: list[str]) -> None:
        for edit, text in zip(self.edits, values, strict=False):
            edit.setText(text)

    def submit(self) -> str | None:
        values = []
        for criterion, edit in zip(self.criteria, self.edits, strict=True):
            text = edit.text()
            if not text.strip():
                continue
            if check_typed(criterion, text) is not None:
                edit.setFocus()
                return Later(lambda c=criterion, t=text: check_typed(c, t) or "")
            value = parse_value(text)
            assert value is not None
            values.append({"criterion": criterion.id, "value": decimal_text(value)})
        if not values:
            return Later(lambda: _("Type the values of the paper sheet: every field is "
                                   "empty."))
        problem = self.live.explain_apply(SECOND_ENTRY, {
            "juror": self.juror, "proposal": self.proposal, "phase": self.phase,
            "values": values})
        if problem is None:
            self.differing = differences(self.live.state, self.juror, self.proposal,
                                         self.phase)
        return problem


class EntriesComparisonDialog(_SubmitDialog):
    """Criterion, first and second value, cell by cell; a choice on each differing one."""

    def __init__(self, parent: QWidget | None, live: LiveContest, juror: str, proposal: str,
                 phase: str) -> None:
        super().__init__("entries_comparison_dialog", parent, live)
        self.juror, self.proposal, self.phase = juror, proposal, phase
        self.criteria = _criteria(live, phase)
        differing = differences(live.state, juror, proposal, phase)
        self.differing = {c for c, _first, _second in differing}
        first = live.state.juror_values(juror, proposal)
        second = live.state.second_entry(juror, proposal, phase) or {}
        self.table = self.form.child("cellsTable")
        self.table.setColumnCount(4)
        self.table.setRowCount(len(self.criteria))
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        self.choices: dict[str, QComboBox] = {}
        bold = QFont(self.table.font())
        bold.setBold(True)
        for row, criterion in enumerate(self.criteria):
            cells = [QTableWidgetItem(), QTableWidgetItem(_shown(first.get(criterion.id))),
                     QTableWidgetItem(_shown(second.get(criterion.id))), QTableWidgetItem()]
            for column, cell in enumerate(cells):
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if column in (1, 2):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if criterion.id in self.differing:
                    cell.setBackground(QBrush(DIFFERENT_BACKGROUND))
                    cell.setFont(bold)
                self.table.setItem(row, column, cell)
            if criterion.id in self.differing:
                choice = QComboBox(self.table)
                choice.setObjectName(f"choice-{criterion.id}")
                choice.addItems(["", ""])
                choice.setCurrentIndex(-1)
                self.table.setCellWidget(row, 3, choice)
                self.choices[criterion.id] = choice
        self._retranslate()
        follow_language(self.dialog, self._retranslate)
        if differing:
            self.choices[differing[0][0]].setFocus()

    def _retranslate(self) -> None:
        self.form.child("sheetLabel").setText(
            _sheet_words(self.live, self.juror, self.proposal, self.phase))
        self.table.setHorizontalHeaderLabels(
            [_("Criterion"), _("First entry"), _("Second entry"), _("The paper says")])
        for row, criterion in enumerate(self.criteria):
            self.table.item(row, 0).setText(text_in(criterion.name, current_language()))
            self.table.item(row, 3).setText("" if criterion.id in self.differing
                                            else _("the same"))
        for choice in self.choices.values():
            choice.setItemText(KEEP_FIRST, _("Keep the first"))
            choice.setItemText(TAKE_SECOND, _("Take the second"))
            choice.setPlaceholderText(_("Choose…"))
        self.table.resizeColumnsToContents()
        # The choices' words whole, in any language (a cell widget is not measured; the
        # arrow and the frame take about 48 pixels).
        metrics = self.table.fontMetrics()
        words = (_("Keep the first"), _("Take the second"), _("Choose…"))
        widest = max(metrics.horizontalAdvance(word) for word in words) + 48
        self.table.setColumnWidth(3, max(widest, self.table.sizeHintForColumn(3)))

    def choose(self, criterion: str, choice: int) -> None:
        self.choices[criterion].setCurrentIndex(choice)

    def submit(self) -> str | None:
        if any(choice.currentIndex() < 0 for choice in self.choices.values()):
            return Later(lambda: _("Choose, for each highlighted cell, the value the paper "
                                   "sheet says."))
        sheet = {"juror": self.juror, "proposal": self.proposal}
        changes: list[tuple[str, dict[str, Any]]] = []
        kept = []
        for criterion, first, second in differences(self.live.state, self.juror,
                                                    self.proposal, self.phase):
            choice = self.choices.get(criterion)
            if choice is None:  # another program changed the sheet meanwhile
                return Later(lambda: _("The sheet changed meanwhile: close this window and "
                                       "open it again."))
            if choice.currentIndex() == KEEP_FIRST:
                kept.append({"criterion": criterion,
                             "value": None if first is None else decimal_text(first)})
            elif second is None:
                changes.append(("score.removed", {**sheet, "criterion": criterion}))
            else:
                kind = "score.entered" if first is None else "score.changed"
                changes.append((kind, {**sheet, "criterion": criterion,
                                       "value": decimal_text(second)}))
        if kept:
            changes.append(("sheet.entries_reconciled", {**sheet, "phase": self.phase,
                                                         "kept": kept}))
        return self.live.apply_many(changes) if changes else None


class DoubleEntryActions(QObject):
    """The Session menu's double-entry items, over the live session screen."""

    def __init__(self, window: QMainWindow, view: LiveSessionView, menu: QMenu) -> None:
        super().__init__(window)
        self.window, self.view, self.live = window, view, view.live
        self.texts: list[tuple[QAction, str]] = []
        menu.addSeparator()
        self.second = self._action(menu, N_("Second &entry of this sheet…"), self.second_entry,
                                   "Ctrl+Shift+E")
        self.resolve_action = self._action(menu, N_("Resolve the &differences of this "
                                                    "sheet…"), self.resolve, "Ctrl+Shift+D")
        self.required = self._action(menu, N_("Double entry re&quired"), self.set_required)
        self.required.setCheckable(True)
        self._show_required()
        self.live.applied.connect(self._on_applied)
        follow_language(menu, self.retranslate)
        self.retranslate()

    def _action(self, menu: QMenu, text: str, slot: Any, shortcut: str | None = None
                ) -> QAction:
        action = QAction(menu)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        menu.addAction(action)
        self.texts.append((action, text))
        return action

    def retranslate(self) -> None:
        for action, text in self.texts:
            action.setText(_(text))

    def say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    def sheet(self) -> tuple[str, str, str] | None:
        """(juror, proposal, phase) of the grid's current row."""
        index = self.view.grid_view.currentIndex()
        phase = self.view.current_phase()
        if not index.isValid() or self.view.proposal is None or phase is None:
            return None
        return self.view.grid.jurors[index.row()].id, self.view.proposal, phase

    def second_entry(self) -> None:
        """Open the empty fields for the current row's sheet, if it may be retyped."""
        sheet = self.sheet()
        if sheet is None:
            self.say(_("Choose a juror's row in the grid first."))
            return
        criteria = _criteria(self.live, sheet[2])
        if criteria:
            try:  # the domain's own sentence, before anyone types
                self.live.state.check(SECOND_ENTRY, {
                    "juror": sheet[0], "proposal": sheet[1], "phase": sheet[2],
                    "values": [{"criterion": criteria[0].id,
                                "value": decimal_text(criteria[0].min)}]})
            except ChangeRefused as refused:
                self.say(refused.render(_))
                return
        dialog = SecondEntryDialog(self.window, self.live, *sheet)
        if dialog.exec():
            if dialog.differing:
                self.resolve()
            else:
                self.say(_("The second entry agrees with the first."))
        self._back_to_grid()

    def resolve(self) -> None:
        """The comparison of the current row's two entries, each difference to resolve."""
        sheet = self.sheet()
        if sheet is None:
            self.say(_("Choose a juror's row in the grid first."))
            return
        if self.live.state.second_entry(*sheet) is None:
            self.say(_("This sheet has no second entry yet."))
            return
        if not differences(self.live.state, *sheet):
            self.say(_("The two entries of this sheet agree: there is nothing to resolve."))
            return
        if EntriesComparisonDialog(self.window, self.live, *sheet).exec():
            self.say(_("The differences are resolved: the sheet can be read back and "
                       "confirmed."))
        self._back_to_grid()

    def _back_to_grid(self) -> None:
        """The keyboard back on the grid (Ctrl+Enter confirms next), its window active."""
        self.window.activateWindow()
        self.view.grid_view.setFocus()

    def set_required(self) -> None:
        self.live.apply(DOUBLE_ENTRY_SET, {"required": self.required.isChecked()})
        self._show_required()

    def _show_required(self) -> None:
        self.required.setChecked(self.live.state.double_entry_required())

    def _on_applied(self, event: dict[str, Any], _applied: Applied) -> None:
        if event["kind"] == DOUBLE_ENTRY_SET:
            self._show_required()
