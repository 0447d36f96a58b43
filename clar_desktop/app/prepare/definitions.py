"""Preparing a contest: proposals, jurors, categories and scoring sheets as editable tables,
with undo and redo.

Each edited cell becomes one ``proposal.edited`` / ``juror.edited`` change through the live
contest (validated whole, logged); a refused value is said in one sentence and nothing
changes. Every accepted edit is a command on a `QUndoStack`, whose undo is the opposite
edit — itself logged, since nothing is ever erased from the log.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoCommand, QUndoStack

from ...domain.bundle import contest_to_dict
from ...domain.state import Applied
from ...i18n import Later, _
from ..live import LiveContest
from ..table_model import ListTableModel
from .fields import Field, get_path, set_path


class AddCommand(QUndoCommand):
    """An item added (already applied when pushed); undo removes it again, redo adds it.
    Both are events in the log: undoing records a removal, it does not erase the addition."""

    def __init__(self, model: DefinitionTable, item: dict[str, Any],
                 removal: bool = False) -> None:
        label = _("remove {id}") if removal else _("add {id}")
        super().__init__(label.format(id=item.get("id", "")))
        self.model, self.item, self.removal = model, item, removal
        self.first = True

    def _add(self) -> None:
        self.model.submit_item(self.item, "added")

    def _remove(self) -> None:
        problem = self.model.remove(self.item)
        if problem is not None:
            self.model.live.refused.emit(problem)

    def redo(self) -> None:
        if self.first:  # applied before being pushed
            self.first = False
            return
        (self._remove if self.removal else self._add)()

    def undo(self) -> None:
        (self._add if self.removal else self._remove)()


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
        self.model.submit_item(self.after)

    def undo(self) -> None:
        self.model.submit_item(self.before)


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
        if self.kind == "criterion":
            items = [dict(c, phase=phase["id"]) for phase in snapshot.get("phases", [])
                     for c in phase["criteria"]]
        else:
            items = snapshot.get("categories" if self.kind == "category"
                                 else f"{self.kind}s", [])
        if self.kind == "proposal":
            items = sorted(items, key=lambda p: p["order"])
        self.beginResetModel()
        self.rows = self.items = items
        self.endResetModel()

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.EditRole):
            return None
        value = get_path(self.items[index.row()], self.fields[index.column()].key)
        if value is None:
            return ""
        return ", ".join(value) if isinstance(value, list) else str(value)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        # Ids are what scores and the log refer to: they are set once, never edited; a
        # criterion stays in its phase.
        if index.isValid() and self.fields[index.column()].key not in ("id", "phase"):
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
        set_path(after, field.key, parsed)
        if after == before:
            return True
        if not self.submit_item(after):
            return False
        self.undo.push(EditCommand(self, before, after))
        return True

    def submit_item(self, item: dict[str, Any], verb: str = "edited") -> bool:
        """Ask for the change that makes the contest hold ``item``. (Not named ``submit``:
        that is a virtual of QAbstractItemModel, which views call with no argument.)"""
        return self.live.apply(f"{self.kind}.{verb}", self.change_data(item))

    def change_data(self, item: dict[str, Any]) -> dict[str, Any]:
        if self.kind == "criterion":
            return {"phase": item["phase"],
                    "criterion": {k: v for k, v in item.items() if k != "phase"}}
        return {self.kind: item}

    def add(self, values: dict[str, str]) -> str | None:
        """Add a new item from typed values; None when added, else the reason it was not."""
        item: dict[str, Any] = {}
        for field in self.fields:
            text = values.get(field.key, "")
            if not text.strip() and not field.required:
                continue
            try:
                set_path(item, field.key, field.parse(text))
            except ValueError as error:
                return Later(lambda f=field, e=error: _("{field}: {problem}").format(
                    field=_(f.label), problem=e))
        problem = self.live.explain_apply(f"{self.kind}.added", self.change_data(item))
        if problem is None:
            self.undo.push(AddCommand(self, item))
        return problem

    def remove(self, item: dict[str, Any]) -> str | None:
        """Take out an item added by mistake; None when removed, else why it was not."""
        return self.live.explain_apply(f"{self.kind}.removed", {"id": item["id"]})

    def remove_row(self, row: int) -> str | None:
        """Remove the item of ``row``, undoably."""
        item = copy.deepcopy(self.items[row])
        problem = self.remove(item)
        if problem is None:
            self.undo.push(AddCommand(self, item, removal=True))
        return problem

    def _on_applied(self, event: dict[str, Any], applied: Applied) -> None:
        if applied.everything:
            self._reload()
