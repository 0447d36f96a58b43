"""The wizard's pages of categories and of jurors: a list beside the form of the item chosen
in it, each problem at its field and each item with one marked in the list."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QCheckBox, QListWidgetItem, QStyle, QWidget

from ...i18n import N_, _
from .checks import LIST, Problems, check_categories, check_jurors
from .draft import Category, Ids, Juror
from .wizard_page import WizardPage, say_at
from .wizard_sheets import needs_attention, shown_name


class ItemsPage(WizardPage):
    """A list of the draft's items (``key``: its attribute) and the form of the chosen one.
    ``fields``: the item's attribute → the name of its line edit; ``problem_fields``: the
    field of a problem → (its label, the widget framed and focused)."""

    key = ""
    fields: dict[str, str] = {}
    problem_fields: dict[str, tuple[str, str]] = {}

    def __init__(self, owner: object, form_name: str) -> None:
        super().__init__(owner, form_name)  # type: ignore[arg-type]
        self.list = self.child("itemList")
        self.list.currentRowChanged.connect(lambda _row: self._show_current())
        self.child("addButton").clicked.connect(self.add)
        self.child("removeButton").clicked.connect(self.remove_current)
        self.child("upButton").clicked.connect(lambda: self.move_current(-1))
        self.child("downButton").clicked.connect(lambda: self.move_current(1))
        for field, name in self.fields.items():
            self.bind(name, lambda text, f=field: self._set(f, text))
        self.problems_shown = Problems()

    @property
    def items(self) -> list[Any]:
        return getattr(self.draft, self.key)  # type: ignore[no-any-return]

    def make(self) -> Any:
        raise NotImplementedError

    def describe(self, item: Any) -> str:
        raise NotImplementedError

    def current(self) -> Any:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _rebuild(self, row: int = 0) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for _item in self.items:
            self.list.addItem(QListWidgetItem(""))
        self.list.blockSignals(False)
        self._texts()
        self.list.setCurrentRow(min(max(row, 0), len(self.items) - 1))
        self._show_current()

    def _texts(self) -> None:
        warning = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        marked = {id(item) for item in self.problems_shown.items()}
        for row, item in enumerate(self.items):
            line = self.list.item(row)
            if line is None:  # the list is being rebuilt: it draws its lines itself
                continue
            line.setText(self.describe(item))
            line.setIcon(warning if id(item) in marked else QIcon())

    def _show_current(self) -> None:
        item = self.current()
        stack = self.child("editorStack")
        stack.setCurrentWidget(self.child("itemPage" if item is not None else "emptyPage"))
        self.loading = True
        try:
            if item is not None:
                for field, name in self.fields.items():
                    self.child(name).setText(getattr(item, field))
                self.load_item(item)
        finally:
            self.loading = False
        self._enable()
        self.show_problems(self.problems() if self.checked else self.problems_shown)

    def load_item(self, item: Any) -> None:
        """What the form shows beyond its line edits."""
        self.child(self.id_edit).setPlaceholderText(Ids(self.draft).of(item))

    @property
    def id_edit(self) -> str:
        return self.fields["id"]

    def _enable(self) -> None:
        row = self.list.currentRow()
        self.child("removeButton").setEnabled(row >= 0)
        self.child("upButton").setEnabled(row > 0)
        self.child("downButton").setEnabled(0 <= row < len(self.items) - 1)

    def _set(self, field: str, text: str) -> None:
        item = self.current()
        if item is not None:
            setattr(item, field, text)
            self._texts()
            self.child(self.id_edit).setPlaceholderText(Ids(self.draft).of(item))

    def add(self) -> None:
        # The list first, then the problems said again: they are drawn on its lines.
        self.items.append(self.make())
        self._rebuild(len(self.items) - 1)
        self.changed()
        self.child(next(iter(self.fields.values()))).setFocus()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.items):
            del self.items[row]
            self._rebuild(min(row, len(self.items) - 1))
            self.changed()

    def move_current(self, step: int) -> None:
        row, items = self.list.currentRow(), self.items
        target = row + step
        if 0 <= row < len(items) and 0 <= target < len(items):
            items[row], items[target] = items[target], items[row]
            self.changed()
            self._rebuild(target)

    def load(self) -> None:
        self._rebuild(max(self.list.currentRow(), 0))

    def retranslate(self) -> None:
        self._texts()
        item = self.current()
        if item is not None:
            self.load_item(item)

    def reveal(self, problems: Problems) -> None:
        first = next((i for i in problems.items() if i is not self.draft), None)
        rows = [row for row, item in enumerate(self.items) if item is first]
        if rows:
            self.list.setCurrentRow(rows[0])

    def show_problems(self, problems: Problems) -> QWidget | None:
        self.problems_shown = problems
        self._texts()
        item = self.current()
        first: QWidget | None = None
        for field, (label, framed) in self.problem_fields.items():
            text = problems.at(item, field) if item is not None else ""
            say_at(self.child(label), text, self.child(framed) if framed else None)
            if text and first is None:
                first = self.child(framed) if framed else None
        if first is not None and first.objectName() == self.id_edit:
            self.owner.set_advanced(True)
        others = [i for i in problems.items() if i is not self.draft and i is not item]
        listed = problems.at(self.draft, LIST) or (needs_attention(len(others)) if others
                                                   else "")
        say_at(self.child("listProblem"), listed)
        if problems.at(self.draft, LIST) and first is None:
            first = self.child("addButton")
        return first


class CategoriesPage(ItemsPage):
    key = "categories"
    fields = {"es": "categoryEsEdit", "qu": "categoryQuEdit", "budget": "budgetEdit",
              "max_award": "maxAwardEdit", "id": "categoryIdEdit"}
    problem_fields = {"name": ("categoryNameProblem", "categoryEsEdit"),
                      "budget": ("budgetProblem", "budgetEdit"),
                      "max_award": ("maxAwardProblem", "maxAwardEdit"),
                      "id": ("categoryIdProblem", "categoryIdEdit")}

    def __init__(self, owner: object) -> None:
        super().__init__(owner, "wizard_categories")

    def make(self) -> Category:
        return Category()

    def describe(self, item: Any) -> str:
        return shown_name(item)

    def problems(self) -> Problems:
        return check_categories(self.draft)


NO_NAME = N_("(no name yet)")


class JurorsPage(ItemsPage):
    """Name, DNI, cargo and the phases the juror scores, ticked by the phases' names."""

    key = "jurors"
    fields = {"name": "nameEdit", "document": "documentEdit", "role": "roleEdit",
              "id": "jurorIdEdit"}
    problem_fields = {"name": ("nameProblem", "nameEdit"),
                      "document": ("documentProblem", "documentEdit"),
                      "phases": ("phasesProblem", "phasesBox"),
                      "id": ("jurorIdProblem", "jurorIdEdit")}

    def __init__(self, owner: object) -> None:
        self.boxes: list[QCheckBox] = []
        super().__init__(owner, "wizard_jurors")

    def make(self) -> Juror:
        # Most jurors score every phase: each is ticked, to untick where not.
        return Juror(phases=list(self.draft.phases))

    def describe(self, item: Any) -> str:
        return item.name.strip() or _(NO_NAME)

    def load(self) -> None:
        layout = self.child("phasesLayout")
        for box in self.boxes:
            layout.removeWidget(box)
            box.hide()  # at once: it is deleted only when the event loop next runs
            box.deleteLater()
        self.boxes = []
        for phase in self.draft.phases:
            box = QCheckBox(shown_name(phase), self.child("phasesBox"))
            box.toggled.connect(lambda on, p=phase: self._tick(p, on))
            layout.addWidget(box)
            self.boxes.append(box)
        super().load()

    def load_item(self, item: Any) -> None:
        super().load_item(item)
        for phase, box in zip(self.draft.phases, self.boxes, strict=False):
            box.setChecked(any(p is phase for p in item.phases))

    def _tick(self, phase: Any, on: bool) -> None:
        juror = self.current()
        if self.loading or juror is None:
            return
        juror.phases = [p for p in self.draft.phases
                        if (p is phase and on)
                        or (p is not phase and any(mine is p for mine in juror.phases))]
        self.changed()

    def retranslate(self) -> None:
        for phase, box in zip(self.draft.phases, self.boxes, strict=False):
            box.setText(shown_name(phase))
        super().retranslate()

    def problems(self) -> Problems:
        return check_jurors(self.draft)
