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

from ...i18n import _
from ..forms import Message, follow_language


class NewItemDialog(QDialog):
    """One line per field (required ones marked); OK adds the item or says why not."""

    def __init__(self, parent: QWidget | None, title: str, table: object) -> None:
        """``title``: the English message (marked with N_), translated here and again after
        every change of language."""
        super().__init__(parent)
        from .definitions import DefinitionTable

        assert isinstance(table, DefinitionTable)
        self.table = table
        self.title = title
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        self.labels: list[tuple[QLabel, str, bool]] = []
        for field in table.fields:
            edit = QLineEdit(self)
            label = QLabel(self)
            form.addRow(label, edit)
            self.edits[field.key] = edit
            self.labels.append((label, field.label, field.required))
        layout.addLayout(form)
        self.required_note = QLabel(self)
        layout.addWidget(self.required_note)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.message = Message(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._retranslate()
        follow_language(self, self._retranslate)
        first = next(iter(self.edits.values()), None)
        if first is not None:
            first.setFocus()

    def _retranslate(self) -> None:
        self.setWindowTitle(_(self.title))
        for label, text, required in self.labels:
            label.setText(_(text) + (" *" if required else ""))
        self.required_note.setText(_("* required"))

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
            self.message.say(problem)
