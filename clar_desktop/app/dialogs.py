"""Dialogs of the live session (Designer forms): correcting a confirmed value, a recusal.

Each dialog submits through the live contest and stays open, saying why in one sentence,
when the change is refused; it closes only once the change is committed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidgetItem,
    QTableWidgetItem,
    QWidget,
)

from ..domain.errors import DomainError
from ..domain.model import Criterion, text_in
from ..domain.numbers import decimal_text
from ..i18n import Later, _, current_language, ngettext
from ..importing import FIELD_LABELS, Preview, commit
from .forms import Form, Message, follow_language
from .live import LiveContest
from .score_grid import check_typed, parse_value


class _SubmitDialog:
    """A form whose OK button submits a change; refusals are shown, not closing it."""

    def __init__(self, form_name: str, parent: QWidget | None, live: LiveContest) -> None:
        self.form = Form(form_name, parent)
        self.dialog: QDialog = self.form.widget
        self.live = live
        buttons = self.form.child("buttons")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.dialog.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.message = self._message()

    def _message(self) -> Message:
        return Message(self.form.child("problemLabel"))

    def say(self, problem: str) -> None:
        """Show why the change was not made (a `Later` follows a change of language)."""
        self.message.say(problem)

    def _submit(self) -> None:
        problem = self.submit()
        if problem is None:
            self.dialog.accept()
        else:
            self.say(problem)

    def submit(self) -> str | None:
        raise NotImplementedError

    def exec(self) -> bool:
        """Run the dialog; it is deleted afterwards (with its language listener)."""
        accepted = self.dialog.exec() == QDialog.DialogCode.Accepted
        self.dialog.deleteLater()
        return bool(accepted)


class CorrectionDialog(_SubmitDialog):
    """A new value and its reason for one cell of a confirmed sheet."""

    def __init__(self, parent: QWidget | None, live: LiveContest, juror: str, proposal: str,
                 criterion: Criterion) -> None:
        super().__init__("correction_dialog", parent, live)
        self.juror, self.proposal, self.criterion = juror, proposal, criterion
        contest = live.state.contest
        assert contest is not None
        self.juror_name = next(j.name for j in contest.jurors if j.id == juror)
        self._retranslate()
        follow_language(self.dialog, self._retranslate)
        self.form.child("valueEdit").setFocus()

    def _retranslate(self) -> None:
        current = self.live.state.current_value(self.juror, self.proposal, self.criterion.id)
        self.form.child("cellLabel").setText(
            _("{juror} — {criterion}: the value now is {value}").format(
                juror=self.juror_name,
                criterion=text_in(self.criterion.name, current_language()),
                value="—" if current is None else decimal_text(current)))

    def fill(self, value: str, reason: str) -> None:
        self.form.child("valueEdit").setText(value)
        self.form.child("reasonEdit").setText(reason)

    def submit(self) -> str | None:
        text = self.form.child("valueEdit").text()
        reason = self.form.child("reasonEdit").text().strip()
        if check_typed(self.criterion, text) is not None:
            return Later(lambda: check_typed(self.criterion, text) or "")
        if not reason:
            return Later(lambda: _("Say why the value is corrected: the reason is printed in "
                                   "the minutes."))
        value = parse_value(text)
        assert value is not None
        return self.live.explain_apply("score.corrected", {
            "juror": self.juror, "proposal": self.proposal, "criterion": self.criterion.id,
            "value": decimal_text(value), "reason": reason})


class RecusalDialog(_SubmitDialog):
    """The reason a juror takes no part in scoring a proposal."""

    def __init__(self, parent: QWidget | None, live: LiveContest, juror: str,
                 proposal: str) -> None:
        super().__init__("recusal_dialog", parent, live)
        self.juror, self.proposal = juror, proposal
        contest = live.state.contest
        assert contest is not None
        found = contest.proposal(proposal)
        self.juror_name = next(j.name for j in contest.jurors if j.id == juror)
        self.organization = found.organization if found else proposal
        self._retranslate()
        follow_language(self.dialog, self._retranslate)
        self.form.child("reasonEdit").setFocus()

    def _retranslate(self) -> None:
        self.form.child("cellLabel").setText(
            _("{juror} takes no part in scoring {organization}.").format(
                juror=self.juror_name, organization=self.organization))

    def fill(self, reason: str) -> None:
        self.form.child("reasonEdit").setText(reason)

    def submit(self) -> str | None:
        reason = self.form.child("reasonEdit").text().strip()
        if not reason:
            return Later(lambda: _("Say why the juror is recused: the reason is shown and "
                                   "printed."))
        return self.live.explain_apply("recusal.recorded", {
            "juror": self.juror, "proposal": self.proposal, "reason": reason})


class DrawDialog(_SubmitDialog):
    """The order a public draw gave to tied proposals, winner first."""

    def __init__(self, parent: QWidget | None, live: LiveContest, proposals: list[str]) -> None:
        super().__init__("draw_dialog", parent, live)
        self.proposals = list(proposals)
        contest = live.state.contest
        assert contest is not None
        self.names = {p.id: p.organization for p in contest.proposals}
        self.list = self.form.child("orderList")
        for pid in self.proposals:
            item = QListWidgetItem(self.names.get(pid, pid))
            item.setData(Qt.ItemDataRole.UserRole, pid)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.form.child("upButton").clicked.connect(lambda: self.move(-1))
        self.form.child("downButton").clicked.connect(lambda: self.move(1))
        QShortcut(QKeySequence("Alt+Up"), self.dialog, lambda: self.move(-1))
        QShortcut(QKeySequence("Alt+Down"), self.dialog, lambda: self.move(1))

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def order(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())]

    def submit(self) -> str | None:
        return self.live.explain_apply("draw.recorded", {"proposals": self.proposals,
                                                         "order": self.order()})


class ImportPreviewDialog(_SubmitDialog):
    """Rows read from a CSV or Excel file; bad rows marked with their reason. Import is only
    possible when every row is good, and then adds all of them at once."""

    def __init__(self, parent: QWidget | None, live: LiveContest, preview: Preview) -> None:
        super().__init__("import_preview", parent, live)
        self.preview = preview
        self.keys: list[str] = []
        for row in preview.rows:
            self.keys.extend(k for k in row.item if k not in self.keys)
        table = self.form.child("rowsTable")
        table.setColumnCount(len(self.keys) + 2)
        table.setRowCount(len(preview.rows))
        bad = QBrush(QColor("#f8d7da"))
        for r, row in enumerate(preview.rows):
            values = [str(row.number),
                      *(_cell(row.item.get(k)) for k in self.keys), preview.problem_text(row)]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if row.problem:
                    cell.setBackground(bad)
                table.setItem(r, c, cell)
        table.verticalHeader().hide()
        # Our own button, not the standard OK renamed: Qt renames standard buttons back
        # when the language changes.
        buttons = self.form.child("buttons")
        buttons.removeButton(self.ok_button)
        self.ok_button.deleteLater()
        self.ok_button = buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setEnabled(preview.ok)
        self._retranslate()
        self.message.show()
        table.resizeColumnsToContents()
        follow_language(self.dialog, self._retranslate)

    def _message(self) -> Message:
        # A refusal takes the place of the summary, which shows while nothing is refused.
        return Message(self.form.child("summaryLabel"), self._summary)

    def _retranslate(self) -> None:
        self.form.child("rowsTable").setHorizontalHeaderLabels(
            [_("Row"), *(_(FIELD_LABELS.get(k, k)) for k in self.keys), _("Problem")])
        self.ok_button.setText(_("Import"))

    def _summary(self) -> str:
        preview = self.preview
        problems = sum(1 for row in preview.rows if row.problem)
        if preview.missing_columns:
            text = _("Columns missing: {columns}. Nothing can be imported.").format(
                columns=", ".join(preview.missing_columns))
        elif problems:
            text = ngettext("{count} row has a problem (marked in red). Nothing will be "
                            "imported until the file is fixed.",
                            "{count} rows have problems (marked in red). Nothing will be "
                            "imported until the file is fixed.", problems).format(
                                count=problems)
        else:
            text = ngettext("{count} row is ready to import.",
                            "{count} rows are ready to import.",
                            len(preview.rows)).format(count=len(preview.rows))
        return text

    def submit(self) -> str | None:
        try:
            committed = commit(self.preview, self.live.service, self.live.contest_id)
        except DomainError as error:
            return Later(lambda e=error: e.render(_))
        self.live.accept_many(committed)
        return None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
