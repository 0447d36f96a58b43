"""The import preview: the rows read from a CSV or Excel file, each bad one with its reason
(Designer form); importing adds all of them at once, or nothing."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDialogButtonBox, QTableWidgetItem, QWidget

from ...domain.errors import DomainError
from ...i18n import Later, _, ngettext
from ...importing import FIELD_LABELS, Preview, commit
from ..dialogs import _SubmitDialog
from ..forms import Message, follow_language
from ..live import LiveContest


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
