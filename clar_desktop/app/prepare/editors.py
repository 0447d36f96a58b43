"""Editing a reference in a preparation table by names: a proposal's category in a combo
box of the categories, a juror's phases in a list of the phases to tick. F2, a double click
or typing opens them; a choice in the combo box is taken at once, the ticks on Enter (or on
leaving the list); Escape leaves the cell as it was."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from .fields import Field


class PhasesList(QListWidget):
    """The phases, each with a check box (Space ticks the current one)."""

    def __init__(self, choices: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for phase, name in choices:
            line = QListWidgetItem(name, self)
            line.setData(Qt.ItemDataRole.UserRole, phase)
            line.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            line.setCheckState(Qt.CheckState.Unchecked)
        self.setCurrentRow(0)

    def set_ticked(self, phases: list[str]) -> None:
        for row in range(self.count()):
            line = self.item(row)
            line.setCheckState(Qt.CheckState.Checked
                               if line.data(Qt.ItemDataRole.UserRole) in phases
                               else Qt.CheckState.Unchecked)

    def ticked(self) -> list[str]:
        return [self.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.count())
                if self.item(row).checkState() == Qt.CheckState.Checked]

    def whole_height(self) -> int:
        rows = sum(self.sizeHintForRow(row) for row in range(self.count()))
        return rows + 2 * self.frameWidth() + 2


class ChoiceDelegate(QStyledItemDelegate):
    """The editor of a cell that refers to other items (its field's ``choices``); plain
    cells get Qt's line edit."""

    def __init__(self, table: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table  # a DefinitionTable

    def _field(self, index: QModelIndex) -> Field:
        return self.table.fields[index.column()]  # type: ignore[no-any-return]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex) -> QWidget:
        field = self._field(index)
        if field.choices == "phases":
            return PhasesList(self.table.choices(field.choices), parent)
        if field.choices:
            combo = QComboBox(parent)
            for value, name in self.table.choices(field.choices):
                combo.addItem(name, value)
            combo.activated.connect(lambda _row, c=combo: self._chosen(c))
            return combo
        return super().createEditor(parent, option, index)

    def _chosen(self, combo: QComboBox) -> None:
        combo.removeEventFilter(self)  # taken now: not again when it loses the focus
        self.commitData.emit(combo)
        self.closeEditor.emit(combo, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, PhasesList):
            editor.set_ticked(list(value or []))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(value))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: QModelIndex) -> None:
        if isinstance(editor, PhasesList):
            model.setData(index, editor.ticked(), Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QComboBox):
            if editor.currentIndex() >= 0:
                model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)

    def updateEditorGeometry(self, editor: QWidget,  # noqa: N802
                             option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if not isinstance(editor, PhasesList):
            super().updateEditorGeometry(editor, option, index)
            return
        # The whole list below the top of the cell, kept inside the table.
        rect = option.rect  # type: ignore[attr-defined]
        width = max(rect.width(), editor.sizeHintForColumn(0) + 2 * editor.frameWidth() + 8)
        height = max(rect.height(), editor.whole_height())
        area = editor.parentWidget()
        top = rect.top()
        if area is not None and top + height > area.height():
            top = max(0, area.height() - height)
        editor.setGeometry(rect.left(), top, width, height)
