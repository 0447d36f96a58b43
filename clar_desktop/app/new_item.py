"""A dialog for a new item (proposal, juror, category, criterion), built from its fields."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _


class NewItemDialog(QDialog):
    """One line per field (required ones marked); OK adds the item or says why not."""

    def __init__(self, parent: QWidget | None, title: str, table: object) -> None:
        super().__init__(parent)
        from .prepare import DefinitionTable

        assert isinstance(table, DefinitionTable)
        self.table = table
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for field in table.fields:
            edit = QLineEdit(self)
            label = _(field.label) + (" *" if field.required else "")
            form.addRow(label, edit)
            self.edits[field.key] = edit
        layout.addLayout(form)
        layout.addWidget(QLabel(_("* required"), self))
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        first = next(iter(self.edits.values()), None)
        if first is not None:
            first.setFocus()

    def fill(self, values: dict[str, str]) -> None:
        for key, value in values.items():
            self.edits[key].setText(value)

    def submit(self) -> str | None:
        return self.table.add({key: edit.text() for key, edit in self.edits.items()})

    def _submit(self) -> None:
        problem = self.submit()
        if problem is None:
            self.accept()
        else:
            self.problem.setText(problem)
