"""Preparing a contest: proposals, jurors, categories and scoring sheets as editable tables,
with undo and redo.

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
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QFileDialog, QHeaderView, QMessageBox, QTableView, QWidget

from ...domain.bundle import contest_to_dict
from ...domain.errors import DomainError
from ...domain.state import Applied
from ...i18n import N_, Later, _
from ..forms import FormView, follow_language
from ..live import LiveContest
from ..table_model import ListTableModel
from .contest_form import ContestForm
from .new_item import NewItemDialog


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


def _optional_amount(value: str) -> str | None:
    return _amount(value) if value.strip() else None


def _decimal(value: str) -> str:
    text = value.strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("{value} is not a number").format(value=value)) from None
    if not number.is_finite():
        raise ValueError(_("{value} is not a number").format(value=value))
    return text


def get_path(item: dict[str, Any], key: str) -> Any:
    """``item["name"]["es"]`` for the key ``"name.es"`` (a plain text name counts as es)."""
    head, _dot, rest = key.partition(".")
    value = item.get(head)
    if not rest:
        return value
    if isinstance(value, str):
        return value if rest == "es" else None
    return value.get(rest) if isinstance(value, dict) else None


def set_path(item: dict[str, Any], key: str, value: Any) -> None:
    """Set (or, for None, remove) a possibly nested field."""
    head, _dot, rest = key.partition(".")
    if not rest:
        if value is None:
            item.pop(head, None)
        else:
            item[head] = value
        return
    inner = item.get(head)
    inner = {"es": inner} if isinstance(inner, str) else dict(inner or {})
    if value is None:
        inner.pop(rest, None)
    else:
        inner[rest] = value
    item[head] = inner


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
CATEGORY_FIELDS = (
    Field("id", N_("Id"), _text, True), Field("name.es", N_("Name (Spanish)"), _text, True),
    Field("name.qu", N_("Name (Quechua)"), _optional_text),
    Field("budget", N_("Budget"), _amount, True),
    Field("max_award", N_("Maximum award"), _optional_amount),
)
CRITERION_FIELDS = (
    Field("phase", N_("Phase"), _text, True), Field("id", N_("Id"), _text, True),
    Field("name.es", N_("Name (Spanish)"), _text, True),
    Field("name.qu", N_("Name (Quechua)"), _optional_text),
    Field("max", N_("Maximum"), _decimal, True), Field("min", N_("Minimum"), _decimal),
    Field("step", N_("Step"), _decimal), Field("weight", N_("Weight"), _decimal),
)
JUROR_FIELDS = (
    Field("id", N_("Id"), _text, True), Field("name", N_("Name"), _text, True),
    Field("document", N_("DNI"), _optional_text), Field("role", N_("Cargo"), _optional_text),
    Field("phases", N_("Phases"), _phases, True),
)


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


class PrepareView(FormView):
    """The preparation tab: proposals and jurors, Ctrl+Z / Ctrl+Shift+Z to undo and redo."""

    def __init__(self, live: LiveContest, parent: QWidget | None = None) -> None:
        super().__init__("prepare", parent)
        self.live = live
        self.undo = QUndoStack(self)
        self.proposals = DefinitionTable(live, "proposal", PROPOSAL_FIELDS, self.undo)
        self.jurors = DefinitionTable(live, "juror", JUROR_FIELDS, self.undo)
        self.categories = DefinitionTable(live, "category", CATEGORY_FIELDS, self.undo)
        self.criteria = DefinitionTable(live, "criterion", CRITERION_FIELDS, self.undo)
        pages = (("proposalsTable", "Proposal", self.proposals, N_("New proposal")),
                 ("jurorsTable", "Juror", self.jurors, N_("New juror")),
                 ("categoriesTable", "Category", self.categories, N_("New category")),
                 ("criteriaTable", "Criterion", self.criteria, N_("New criterion")))
        for table_name, noun, model, title in pages:
            table = self.form.child(table_name)
            table.setModel(model)
            table.horizontalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
            self.form.child(f"add{noun}Button").clicked.connect(
                lambda _checked=False, m=model, t=title: self.add_item(m, t))
            self.form.child(f"remove{noun}Button").clicked.connect(
                lambda _checked=False, m=model, v=table: self.remove_selected(m, v))
            QShortcut(QKeySequence.StandardKey.Delete, table,
                      lambda m=model, v=table: self.remove_selected(m, v),
                      context=Qt.ShortcutContext.WidgetShortcut)
        self.form.child("imageButton").clicked.connect(self.choose_image)
        self.contest_form = ContestForm(live, self)
        self.form.child("tables").insertTab(0, self.contest_form, "")
        self.form.child("tables").setCurrentIndex(0)
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
        follow_language(self, self._retitle)
        self._retitle()

    def choose_image(self) -> None:
        """A photo or talking map for the selected proposal."""
        index = self.form.child("proposalsTable").currentIndex()
        if not index.isValid():
            self.live.refused.emit(_("Select a proposal first."))
            return
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Photo or talking map"), "", _("Pictures (*.png *.jpg *.jpeg)"))
        if name:
            self.set_image(self.proposals.items[index.row()]["id"], Path(name))

    def set_image(self, proposal: str, path: Path) -> bool:
        try:
            data = path.read_bytes()
            self.live.service.set_proposal_image(self.live.contest_id, proposal, data)
        except OSError as error:
            self.live.refused.emit(_("Cannot read {file}: {reason}").format(
                file=path.name, reason=error.strerror or error))
            return False
        except DomainError as error:
            self.live.refused.emit(error.render(_))
            return False
        self.live.poll()
        return True

    def remove_selected(self, model: DefinitionTable, table: QTableView,
                        ask: bool = True) -> bool:
        """Remove the selected row's item, after asking; True when removed."""
        index = table.currentIndex()
        if not index.isValid():
            self.live.refused.emit(_("Select a row first."))
            return False
        item = model.items[index.row()]
        name = item.get("organization") or item.get("name") or item.get("id")
        if isinstance(name, dict):
            name = name.get("es") or item.get("id")
        if ask and QMessageBox.question(self, _("Remove"), _(
                "Remove {name} ({id})? The removal is recorded in the log; Ctrl+Z adds it "
                "back.").format(name=name, id=item.get("id"))) != \
                QMessageBox.StandardButton.Yes:
            return False
        problem = model.remove_row(index.row())
        if problem is not None:
            QMessageBox.warning(self, _("Remove"), problem)
            return False
        return True

    def add_item(self, model: DefinitionTable, title: str) -> None:
        dialog = NewItemDialog(self, title, model)
        dialog.exec()
        dialog.deleteLater()  # and its language listener

    def _retitle(self) -> None:
        self.form.child("tables").setTabText(0, _("Contest and rules"))
        for model in (self.proposals, self.jurors, self.categories, self.criteria):
            model.retitle()
