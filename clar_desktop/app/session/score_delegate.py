"""Typing values into the score grid: Enter moves on like Tab, so a sheet is typed in one go.

A value the criterion does not take (11 on a max-10 criterion, a letter) is not dropped: the
editor stays open on it, framed, with the sentence that says why just below it, in the
secretary's language, until it is put right or Esc gives up. An emptied cell (F2, erase,
Enter) takes the value off.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QWidget,
)

FRAMED = "QLineEdit { border: 3px solid #b3261e; background: #fdecea; }"
MOVING_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class ScoreDelegate(QStyledItemDelegate):
    """A plain line editor whose Enter key commits and moves to the next cell, once the
    value is one the criterion takes (``check(column, text)`` says why not, or None)."""

    def __init__(self, parent: QWidget, check: Callable[[int, str], str | None]) -> None:
        super().__init__(parent)
        self.check = check
        self.message = QLabel(parent)
        self.message.setObjectName("scoreProblem")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("QLabel { background: #b3261e; color: white; "
                                   "padding: 4px 8px; font-weight: bold; }")
        self.message.hide()
        self._index: dict[int, QPersistentModelIndex] = {}

    def createEditor(self, parent: QWidget, option: object,  # noqa: N802
                     index: QModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setMaxLength(8)
        key = id(editor)
        self._index[key] = QPersistentModelIndex(index)
        editor.destroyed.connect(lambda *_a: self._forget(key))
        return editor

    def _forget(self, key: int) -> None:
        self._index.pop(key, None)
        self.message.hide()

    def problem_of(self, editor: QLineEdit) -> str | None:
        index = self._index.get(id(editor))
        text = editor.text()
        if index is None or not index.isValid() or not text.strip():
            return None
        return self.check(index.column(), text)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and isinstance(editor, QLineEdit)):
            if event.key() == Qt.Key.Key_Escape:
                self.message.hide()
            elif event.key() in MOVING_KEYS:
                problem = self.problem_of(editor)
                if problem is not None:
                    self._say(editor, problem)
                    return True  # the editor stays open on what was typed
                self.message.hide()
                hint = (QAbstractItemDelegate.EndEditHint.EditPreviousItem
                        if event.key() == Qt.Key.Key_Backtab
                        else QAbstractItemDelegate.EndEditHint.EditNextItem)
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, hint)
                return True
        return bool(super().eventFilter(editor, event))

    def _say(self, editor: QLineEdit, problem: str) -> None:
        editor.setStyleSheet(FRAMED)
        editor.selectAll()
        self.message.setText(problem)
        parent = self.message.parentWidget()
        width = max(editor.width() * 3, 260)
        self.message.setFixedWidth(min(width, parent.width() if parent else width))
        self.message.adjustSize()
        below = editor.mapTo(parent, editor.rect().bottomLeft()) if parent else None
        if below is not None:
            x = max(0, min(below.x(), parent.width() - self.message.width()))
            self.message.move(x, below.y() + 2)
        self.message.raise_()
        self.message.show()
