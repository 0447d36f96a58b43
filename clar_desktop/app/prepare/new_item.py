"""A dialog for a new item (proposal, juror, category, criterion), built from its fields.

Nothing in it asks for an id: the id is made from the name as it is typed, and shows under
"Advanced", where it can be typed instead. A category or a phase is chosen by its name, a
juror's phases are ticked. OK shows each problem under its field (and the rules' refusal,
if any, in one sentence below); the dialog then stays open with everything typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...i18n import N_, _
from ..forms import Message, follow_language
from .fields import ID, Field
from .wizard_page import PROBLEM_COLOUR, say_at

PLACEHOLDERS = {"document": N_("8 digits"),
                "role": N_("For example: President – district mayor"),
                "review": N_("For example: Informe 012-2026-OL"),
                "award.acta": N_("For example: 004-2025-CLAR")}
"""The hints the wizard's jurors page gives too (and the second-tranche item's)."""
ID_TIP = N_("Made from the name; type another only if the programme asks for it. Letters "
            "without accents, digits, - and _.")


class NewItemDialog(QDialog):
    """One line per field (required ones marked), the id under "Advanced"; OK adds the item
    or says, at each field, why not."""

    def __init__(self, parent: QWidget | None, title: str, table: object) -> None:
        """``title``: the English message (marked with N_), translated here and again after
        every change of language."""
        super().__init__(parent)
        from .definitions import DefinitionTable

        assert isinstance(table, DefinitionTable)
        self.table = table
        self.title = title
        self.checked = False
        """OK was pressed: the problems are shown, and follow the typing."""
        self.fields = {f.key: f for f in table.fields}
        self.inputs: dict[str, QWidget] = {}
        self.problem_labels: dict[str, QLabel] = {}
        self.labels: list[tuple[QLabel, str, bool]] = []
        self.phase_boxes: list[tuple[str, QCheckBox]] = []
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for field in table.fields:
            if field.key != ID and field.asked:
                form.addRow(*self._line(field))
        layout.addLayout(form)
        self.advanced_button = QToolButton(self)
        self.advanced_button.setCheckable(True)
        self.advanced_button.setAutoRaise(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.toggled.connect(self.show_advanced)
        layout.addWidget(self.advanced_button)
        self.advanced = QWidget(self)
        advanced_form = QFormLayout(self.advanced)
        advanced_form.setContentsMargins(0, 0, 0, 0)
        self.id_label, self.id_edit = QLabel(self.advanced), QLineEdit(self.advanced)
        self.id_label.setBuddy(self.id_edit)
        self.inputs[ID] = self.id_edit
        advanced_form.addRow(self.id_label, self._with_problem(ID, self.id_edit))
        self.id_edit.textChanged.connect(lambda _text: self._typed())
        self.advanced.hide()
        layout.addWidget(self.advanced)
        self.required_note = QLabel(self)
        layout.addWidget(self.required_note)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        layout.addWidget(self.problem)
        self.message = Message(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._retranslate()
        self.fill(table.defaults())
        follow_language(self, self._retranslate)
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            first.setFocus()

    # -- the form ------------------------------------------------------------------------
    def _line(self, field: Field) -> tuple[QLabel, QVBoxLayout]:
        if field.choices == "phases":
            widget = QWidget(self)
            column = QVBoxLayout(widget)
            column.setContentsMargins(0, 0, 0, 0)
            # Most jurors score every phase: each is ticked, to untick where not.
            for phase, _name in self.table.choices(field.choices):
                box = QCheckBox(widget)
                box.setChecked(True)
                box.toggled.connect(lambda _on: self._typed())
                column.addWidget(box)
                self.phase_boxes.append((phase, box))
        elif field.choices:
            widget = QComboBox(self)
            widget.currentIndexChanged.connect(lambda _row: self._typed())
        else:
            widget = QLineEdit(self)
            widget.textChanged.connect(lambda _text: self._typed())
        label = QLabel(self)
        label.setBuddy(widget)
        self.inputs[field.key] = widget
        self.labels.append((label, field.label, field.required))
        return label, self._with_problem(field.key, widget)

    def _with_problem(self, key: str, widget: QWidget) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addWidget(widget)
        problem = QLabel(self)
        problem.setWordWrap(True)
        problem.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        problem.hide()
        column.addWidget(problem)
        self.problem_labels[key] = problem
        return column

    def _choices(self) -> None:
        """The names in the combo boxes and by the check boxes, in the active language
        (a choice made stays made)."""
        for key, widget in self.inputs.items():
            if isinstance(widget, QComboBox):
                chosen = widget.currentData()
                widget.blockSignals(True)
                widget.clear()
                choices = self.table.choices(self.fields[key].choices)
                for value, name in choices:
                    widget.addItem(name, value)
                widget.setPlaceholderText(_("Choose…"))
                # With one choice there is nothing to choose; with more, none is taken for
                # the secretary (a proposal in the wrong category would go unseen).
                widget.setCurrentIndex(widget.findData(chosen) if chosen is not None
                                       else 0 if len(choices) == 1 else -1)
                widget.blockSignals(False)
        names = dict(self.table.choices("phases"))
        for phase, box in self.phase_boxes:
            box.setText(names.get(phase, phase))

    def _retranslate(self) -> None:
        self.setWindowTitle(_(self.title))
        for label, text, required in self.labels:
            label.setText(_(text) + (" *" if required else ""))
        self.required_note.setText(_("* required"))
        self.advanced_button.setText(_("Advanced"))
        self.id_label.setText(_("&Id:"))
        self.id_edit.setToolTip(_(ID_TIP))
        for key, hint in PLACEHOLDERS.items():
            if isinstance(self.inputs.get(key), QLineEdit):
                self.inputs[key].setPlaceholderText(_(hint))  # type: ignore[attr-defined]
        self._choices()
        if self.checked:
            self.show_problems()

    def show_advanced(self, on: bool) -> None:
        self.advanced_button.setChecked(on)
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if on
                                          else Qt.ArrowType.RightArrow)
        self.advanced.setVisible(on)
        self.adjustSize()

    # -- values --------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What is typed and chosen: texts, a chosen item's id, the phases ticked."""
        found: dict[str, Any] = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QLineEdit):
                found[key] = widget.text()
            elif isinstance(widget, QComboBox):
                found[key] = widget.currentData() or ""
            else:
                found[key] = [phase for phase, box in self.phase_boxes if box.isChecked()]
        return found

    def fill(self, values: dict[str, Any]) -> None:
        """Type ``values`` in: texts, a category's or phase's id (or name), phases as ids
        (a list, or with commas between them)."""
        for key, value in values.items():
            widget = self.inputs[key]
            if isinstance(widget, QLineEdit):
                widget.setText(str(value))
            elif isinstance(widget, QComboBox):
                row = widget.findData(value)
                widget.setCurrentIndex(row if row >= 0 else widget.findText(str(value)))
            else:
                ticked = value if isinstance(value, list) else [
                    p.strip() for p in str(value).split(",")]
                for phase, box in self.phase_boxes:
                    box.setChecked(phase in ticked)

    def _typed(self) -> None:
        if not hasattr(self, "id_edit"):
            return  # still being built
        self.id_edit.setPlaceholderText(self.table.made_id(self.values()))
        if self.checked:
            self.show_problems()

    # -- checking and adding -------------------------------------------------------------
    def show_problems(self) -> dict[str, str]:
        """Each problem under its field (the field framed); the first field gets the focus."""
        _item, problems = self.table.problems(self.values())
        for key, label in self.problem_labels.items():
            widget = self.inputs[key]
            say_at(label, problems.get(key, ""), widget)
        if ID in problems:
            self.show_advanced(True)
        if self.isVisible():
            self._fit_height()
        return problems

    def _fit_height(self) -> None:
        """As tall as the sentences under the fields need, wrapped at the dialog's width."""
        layout = self.layout()
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        if needed > self.height():
            self.resize(self.width(), needed)

    def submit(self) -> str | None:
        """Add the item; None when added, else why not: one sentence naming the field (each
        field's problem is also shown under it), or the rules' refusal."""
        self.checked = True
        problems = self.show_problems()
        if problems:
            first = next(key for key in self.inputs if key in problems)
            self.inputs[first].setFocus()
            self.message.say("")
        problem = self.table.add(self.values())
        if problem is not None and not problems:
            self.message.say(problem)
        return problem

    def _submit(self) -> None:
        if self.submit() is None:
            self.accept()
