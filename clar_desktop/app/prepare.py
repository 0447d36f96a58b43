"""Preparing a contest: the proposals and jurors as editable tables, with undo and redo.

Each edited cell becomes one ``proposal.edited`` / ``juror.edited`` change through the live
contest (validated whole, logged); a refused value is said in one sentence and nothing
changes. Every accepted edit is a command on a `QUndoStack`, whose undo is the opposite
edit — itself logged, since nothing is ever erased from the log.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from ..domain.bundle import contest_to_dict
from ..domain.state import Applied
from ..i18n import N_, _, on_language_changed
from .forms import Form
from .live import LiveContest
from .table_model import ListTableModel


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: str
    parse: Callable[[str], Any]
    required: bool = False


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError(_("write something here"))
    return value.strip()


def _optional_text(value: str) -> str | None:
    return value.strip() or None


def _amount(value: str) -> str:
    try:
        number = Decimal(value.replace(",", "").replace("S/", "").strip())
    except InvalidOperation:
        raise ValueError(_("{value} is not an amount").format(value=value)) from None
    if not number.is_finite() or number < 0:
        raise ValueError(_("{value} is not an amount").format(value=value))
    return f"{number:.2f}"


def _count(value: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit():
        raise ValueError(_("{value} is not a whole number").format(value=value))
    return int(value)


def _order(value: str) -> int:
    number = _count(value)
    if number is None:
        raise ValueError(_("write something here"))
    return number


def _phases(value: str) -> list[str]:
    return [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]


PROPOSAL_FIELDS = (
    Field("order", N_("Order"), _order, True), Field("id", N_("Id"), _text, True),
    Field("organization", N_("Organization"), _text, True),
    Field("title", N_("Plan"), _text, True), Field("category", N_("Category"), _text, True),
    Field("requested", N_("Requested"), _amount, True),
    Field("own_contribution", N_("Own contribution"), _amount),
    Field("families", N_("Families"), _count), Field("women", N_("Women"), _count),
    Field("youth", N_("Youth"), _count),
)
JUROR_FIELDS = (
    Field("id", N_("Id"), _text, True), Field("name", N_("Name"), _text, True),
    Field("document", N_("DNI"), _optional_text), Field("role", N_("Cargo"), _optional_text),
    Field("phases", N_("Phases"), _phases, True),
)


class EditCommand(QUndoCommand):
    """One accepted edit; undo applies the item as it was before."""

    def __init__(self, model: DefinitionTable, before: dict[str, Any],
                 after: dict[str, Any]) -> None:
        super().__init__(_("edit {id}").format(id=after.get("id", "")))
        self.model, self.before, self.after = model, before, after
        self.first = True

    def redo(self) -> None:
        if self.first:  # the edit was applied before being pushed
            self.first = False
            return
        self.model.submit(self.after)

    def undo(self) -> None:
        self.model.submit(self.before)


class DefinitionTable(ListTableModel):
    """One kind of item of the contest (proposals, jurors) as an editable table."""

    def __init__(self, live: LiveContest, kind: str, fields: tuple[Field, ...],
                 undo: QUndoStack) -> None:
        super().__init__()
        self.live, self.kind, self.fields, self.undo = live, kind, fields, undo
        self.columns = tuple(f.label for f in fields)
        self.items: list[dict[str, Any]] = []
        self._reload()
        live.applied.connect(self._on_applied)

    def _reload(self) -> None:
        contest = self.live.state.contest
        snapshot = contest_to_dict(contest) if contest else {}
        items = snapshot.get(f"{self.kind}s", [])
        if self.kind == "proposal":
            items = sorted(items, key=lambda p: p["order"])
        self.beginResetModel()
        self.rows = self.items = items
        self.endResetModel()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.EditRole):
            return None
        value = self.items[index.row()].get(self.fields[index.column()].key)
        if value is None:
            return ""
        return ", ".join(value) if isinstance(value, list) else str(value)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        # Ids are what scores and the log refer to: they are set once, never edited.
        if index.isValid() and self.fields[index.column()].key != "id":
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        field = self.fields[index.column()]
        try:
            parsed = field.parse(str(value))
        except ValueError as error:
            self.live.refused.emit(_("{field}: {problem}").format(field=_(field.label),
                                                                  problem=error))
            return False
        before = self.items[index.row()]
        after = copy.deepcopy(before)
        if parsed is None:
            after.pop(field.key, None)
        else:
            after[field.key] = parsed
        if after == before:
            return True
        if not self.submit(after):
            return False
        self.undo.push(EditCommand(self, before, after))
        return True

    def submit(self, item: dict[str, Any]) -> bool:
        return self.live.apply(f"{self.kind}.edited", {self.kind: item})

    def _on_applied(self, event: dict[str, Any], applied: Applied) -> None:
        if applied.everything:
            self._reload()


class PrepareView(QWidget):
    """The preparation tab: proposals and jurors, Ctrl+Z / Ctrl+Shift+Z to undo and redo."""

    def __init__(self, live: LiveContest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.form = Form("prepare", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form.widget)
        self.undo = QUndoStack(self)
        self.proposals = DefinitionTable(live, "proposal", PROPOSAL_FIELDS, self.undo)
        self.jurors = DefinitionTable(live, "juror", JUROR_FIELDS, self.undo)
        for name, model in (("proposalsTable", self.proposals), ("jurorsTable", self.jurors)):
            table = self.form.child(name)
            table.setModel(model)
            table.horizontalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        self.undo_action = self.undo.createUndoAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo.createRedoAction(self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([self.undo_action, self.redo_action])
        self.form.child("undoButton").clicked.connect(self.undo.undo)
        self.form.child("redoButton").clicked.connect(self.undo.redo)
        self.undo.canUndoChanged.connect(self.form.child("undoButton").setEnabled)
        self.undo.canRedoChanged.connect(self.form.child("redoButton").setEnabled)
        self.form.child("undoButton").setEnabled(False)
        self.form.child("redoButton").setEnabled(False)
        self._unsubscribe = on_language_changed(lambda _lang: self._retitle())
        self.destroyed.connect(lambda *_args: self._unsubscribe())

    def _retitle(self) -> None:
        for model in (self.proposals, self.jurors):
            model.retitle()
