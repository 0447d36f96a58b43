"""Preparing a contest: proposals, jurors, categories and scoring sheets as editable tables,
with undo and redo.

Each edited cell becomes one ``proposal.edited`` / ``juror.edited`` change through the live
contest (validated whole, logged); a refused value is said in one sentence and nothing
changes. Every accepted edit is a command on a `QUndoStack`, whose undo is the opposite
edit — itself logged, since nothing is ever erased from the log.

People see names, never ids: a proposal's category, a criterion's phase and a juror's
phases are shown by their names in the active language and chosen by them (editors.py); a
new item's id is made from its name (``ids.slug``, unique among its kind), and stays last in
the table, read-only, for whoever must match it with a programme's records.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QPalette, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication

from ...domain.bundle import contest_to_dict
from ...domain.model import text_in
from ...domain.state import Applied
from ...i18n import N_, Later, _, current_language
from ..live import LiveContest
from ..table_model import ListTableModel
from .draft import document_digits
from .fields import ID, ID_FALLBACKS, ID_SOURCES, Field, get_path, set_path
from .ids import slug, unique

ID_TIP = N_("Made from the name when the item was added. Scores and the log refer to it, "
            "so it never changes.")

TAKEN = {"proposal": N_("Another proposal has this id."),
         "juror": N_("Another juror has this id."),
         "category": N_("Another category has this id."),
         "criterion": N_("Another criterion has this id."),
         "followup": N_("Another proposal or second-tranche item has this id."),
         "followup_phase": N_("Another phase has this id.")}


def item_name(item: dict[str, Any]) -> str:
    """What a person calls an item: a proposal's organization, a name (in the active
    language), else — for an item with none — its id."""
    name = item.get("organization") or item.get("name")
    if isinstance(name, dict):
        name = text_in(name, current_language()) if name else None
    return str(name or item.get(ID, ""))


class AddCommand(QUndoCommand):
    """An item added (already applied when pushed); undo removes it again, redo adds it.
    Both are events in the log: undoing records a removal, it does not erase the addition."""

    def __init__(self, model: DefinitionTable, item: dict[str, Any],
                 removal: bool = False) -> None:
        label = _("remove {name}") if removal else _("add {name}")
        super().__init__(label.format(name=item_name(item)))
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
        super().__init__(_("edit {name}").format(name=item_name(after)))
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

    def snapshot_items(self, snapshot: dict[str, Any]) -> list[dict[str, Any]]:
        """The rows of this table in a contest snapshot, in the order shown."""
        if self.kind == "criterion":
            return [dict(c, phase=phase["id"]) for phase in snapshot.get("phases", [])
                    for c in phase["criteria"]]
        items = snapshot.get("categories" if self.kind == "category"
                             else f"{self.kind}s", [])
        if self.kind == "proposal":
            items = sorted(items, key=lambda p: p["order"])
        return list(items)

    def _reload(self) -> None:
        contest = self.live.state.contest
        items = self.snapshot_items(contest_to_dict(contest) if contest else {})
        if [i.get(ID) for i in items] == [i.get(ID) for i in self.items] and items:
            # The same rows, edited: the table keeps its current cell and selection.
            self.rows = self.items = items
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(items) - 1, len(self.fields) - 1))
            return
        self.beginResetModel()
        self.rows = self.items = items
        self.endResetModel()

    # -- names for ids -------------------------------------------------------------------
    def choices(self, kind: str) -> list[tuple[str, str]]:
        """(id, name in the active language) of what a ``kind`` field refers to: the
        categories, the phases (a criterion's: the contest's own), or every phase a juror
        may score (the follow-up evaluations' too)."""
        contest = self.live.state.contest
        if contest is None:
            return []
        found = (contest.categories if kind == "category" else contest.phases
                 if kind == "phase" else contest.all_phases)
        return [(item.id, text_in(item.name, current_language())) for item in found]

    def name_of(self, kind: str, value: str) -> str:
        return dict(self.choices(kind)).get(value, value)

    def shown(self, field: Field, value: Any) -> str:
        """A value as the table shows it: names for ids."""
        if value is None:
            return ""
        if field.choices == "phases":
            return ", ".join(self.name_of(field.choices, v) for v in value)
        if field.choices:
            return self.name_of(field.choices, str(value))
        return ", ".join(value) if isinstance(value, list) else str(value)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        field = self.fields[index.column()]
        value = get_path(self.items[index.row()], field.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown(field, value)
        if role == Qt.ItemDataRole.EditRole:  # what an editor starts from: ids, lists
            if field.choices:
                return value if value is not None else ""
            return self.shown(field, value)
        if field.key == ID and role == Qt.ItemDataRole.ForegroundRole:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if field.key == ID and role == Qt.ItemDataRole.ToolTipRole:
            return _(ID_TIP)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and self.fields[section].key == ID):
            return _(ID_TIP)
        return super().headerData(section, orientation, role)

    def retitle(self) -> None:
        """Titles and names again, after a change of language."""
        super().retitle()
        if self.items:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.items) - 1, len(self.fields) - 1))

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        # Ids are what scores and the log refer to: they are set once, never edited; a
        # criterion stays in its phase.
        if index.isValid() and self.fields[index.column()].key not in (ID, "phase") \
                and self.fields[index.column()].cell:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: QModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        field = self.fields[index.column()]
        before = self.items[index.row()]
        try:
            parsed = field.parse(value if isinstance(value, list) else str(value))
            self._check_document(field, parsed, before.get(ID))
        except ValueError as error:
            self.live.refused.emit(_("{field}: {problem}").format(field=_(field.label),
                                                                  problem=error))
            return False
        after = copy.deepcopy(before)
        set_path(after, field.key, parsed)
        return self.edit_item(before, after)

    def edit_item(self, before: dict[str, Any], after: dict[str, Any]) -> bool:
        """Change ``before`` into ``after`` (nothing when equal), undoably. False when the
        change is refused (said)."""
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

    # -- a new item ----------------------------------------------------------------------
    def taken_ids(self) -> set[str]:
        """The ids a new item of this kind may not take (a criterion's: every phase's)."""
        contest = self.live.state.contest
        if contest is None:
            return set()
        if self.kind == "criterion":
            return {c.id for phase in contest.all_phases for c in phase.criteria}
        found = {"proposal": contest.proposals, "juror": contest.jurors,
                 "category": contest.categories}[self.kind]
        return {item.id for item in found}

    def made_id(self, values: dict[str, Any]) -> str:
        """The id a new item gets from its name (the first of ``ID_SOURCES`` written)."""
        name = next((str(values.get(key, "")) for key in ID_SOURCES[self.kind]
                     if slug(str(values.get(key, "")))), "")
        return unique(slug(name) or ID_FALLBACKS[self.kind], self.taken_ids())

    def defaults(self) -> dict[str, Any]:
        """What a new item starts with: a proposal is presented last."""
        if self.kind == "proposal":
            return {"order": str(max((p["order"] for p in self.items), default=0) + 1)}
        return {}

    def problems(self, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """The new item made from typed values (the id, if none is typed, from its name),
        and what is wrong with them: one sentence per field key."""
        item: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for field in self.fields:
            value = values.get(field.key, "")
            if field.key == ID and not str(value).strip():
                value = self.made_id(values)
            empty = not (value if isinstance(value, list) else str(value).strip())
            if empty and not field.required:
                continue
            try:
                parsed = field.parse(value if isinstance(value, list) else str(value))
                self._check_document(field, parsed, None)
            except ValueError as error:
                problems[field.key] = str(error)
                continue
            if field.key == ID and parsed in self.taken_ids():
                problems[ID] = _(TAKEN[self.kind])
                continue
            set_path(item, field.key, parsed)
        return item, problems

    def _check_document(self, field: Field, document: Any, own: str | None) -> None:
        """A DNI another juror has is refused at its field, naming her."""
        contest = self.live.state.contest
        if field.key != "document" or not document or contest is None:
            return
        for juror in contest.jurors:
            if juror.id != own and document_digits(juror.document or "") == document:
                raise ValueError(_("{name} has the same DNI.").format(name=juror.name))

    def add(self, values: dict[str, Any]) -> str | None:
        """Add a new item from typed values; None when added, else the reason it was not
        (one sentence naming the field, or the rules' refusal)."""
        item, problems = self.problems(values)
        for field in self.fields:
            if field.key in problems:
                return Later(lambda f=field: _("{field}: {problem}").format(
                    field=_(f.label), problem=self.problems(values)[1].get(f.key, "")))
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
