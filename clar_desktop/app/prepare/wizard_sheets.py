"""The wizard's page of phases and their criteria: a tree of the sheets beside the form of
the phase or criterion chosen in it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QTreeWidgetItem, QWidget

from ...domain.model import text_in
from ...i18n import _, current_language, ngettext
from .checks import LIST, Problems, check_phases
from .draft import Category, Criterion, Ids, Phase, decimal_text
from .wizard_page import WizardPage, say_at

ROLE = Qt.ItemDataRole.UserRole
CRITERION_FIELDS = {"max": "max", "step": "step", "weight": "weight"}


def shown_name(item: Phase | Criterion | Category) -> str:
    """The name in the secretary's language (the other one if that is empty)."""
    return (text_in({k: v for k, v in (("es", item.es), ("qu", item.qu)) if v.strip()},
                    current_language()) or _("(no name yet)"))


def sheet_total(phase: Phase) -> Decimal | None:
    total = Decimal(0)
    for criterion in phase.criteria:
        top, weight = decimal_text(criterion.max), decimal_text(criterion.weight)
        if top is None or weight is None:
            return None
        total += Decimal(top) * Decimal(weight)
    return total


def needs_attention(count: int) -> str:
    return ngettext("{count} line of the list needs attention; it is marked.",
                    "{count} lines of the list need attention; they are marked.",
                    count).format(count=count)


class PhasesPage(WizardPage):
    def __init__(self, owner: object) -> None:
        super().__init__(owner, "wizard_phases")  # type: ignore[arg-type]
        self.tree = self.child("phaseTree")
        self.tree.currentItemChanged.connect(lambda *_args: self._show_current())
        self.child("addPhaseButton").clicked.connect(self.add_phase)
        self.child("addCriterionButton").clicked.connect(self.add_criterion)
        self.child("removeButton").clicked.connect(self.remove_current)
        self.child("upButton").clicked.connect(lambda: self.move_current(-1))
        self.child("downButton").clicked.connect(lambda: self.move_current(1))
        for prefix in ("phase", "criterion"):
            for field in ("es", "qu", "id"):
                name = f"{prefix}{field.capitalize()}Edit"
                self.bind(name, lambda text, f=field: self._set(f, text))
        for field in CRITERION_FIELDS:
            self.bind(f"{field}Edit", lambda text, f=field: self._set(f, text))
        self.problems_shown = Problems()

    # -- the tree -----------------------------------------------------------------------------
    def current(self) -> Phase | Criterion | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(0, ROLE)

    def current_phase(self) -> Phase | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        top = item.parent() or item
        return top.data(0, ROLE)

    def _items(self) -> list[QTreeWidgetItem]:
        found = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            found.append(top)
            found.extend(top.child(j) for j in range(top.childCount()))
        return found

    def _item_of(self, thing: object) -> QTreeWidgetItem | None:
        return next((item for item in self._items() if item.data(0, ROLE) is thing), None)

    def _rebuild(self, select: object = None) -> None:
        self.tree.clear()
        for phase in self.draft.phases:
            top = QTreeWidgetItem([""])
            top.setData(0, ROLE, phase)
            self.tree.addTopLevelItem(top)
            for criterion in phase.criteria:
                leaf = QTreeWidgetItem([""])
                leaf.setData(0, ROLE, criterion)
                top.addChild(leaf)
            top.setExpanded(True)
        self._texts()
        chosen = self._item_of(select) if select is not None else None
        if chosen is None and self.tree.topLevelItemCount():
            chosen = self.tree.topLevelItem(0)
        self.tree.setCurrentItem(chosen)
        self._show_current()

    def _texts(self) -> None:
        """Each line in words: a phase with the most points its sheet gives, a criterion with
        its maximum; a line with a problem marked."""
        warning = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        marked = {id(item) for item in self.problems_shown.items()}
        for item in self._items():
            thing = item.data(0, ROLE)
            if isinstance(thing, Phase):
                total = sheet_total(thing)
                text = shown_name(thing) if total is None or not thing.criteria else _(
                    "{name} — at most {total} points").format(name=shown_name(thing),
                                                                total=total)
            else:
                top = decimal_text(thing.max)
                text = shown_name(thing) if top is None else f"{shown_name(thing)} — {top}"
            item.setText(0, text)
            item.setIcon(0, warning if id(thing) in marked else QIcon())

    def _show_current(self) -> None:
        """The form of the chosen phase or criterion (or a word on how to begin)."""
        thing = self.current()
        stack = self.child("editorStack")
        self.loading = True
        try:
            if isinstance(thing, Phase):
                stack.setCurrentWidget(self.child("phasePage"))
                for field in ("es", "qu", "id"):
                    self.child(f"phase{field.capitalize()}Edit").setText(getattr(thing, field))
            elif isinstance(thing, Criterion):
                stack.setCurrentWidget(self.child("criterionPage"))
                for field in ("es", "qu", "id", *CRITERION_FIELDS):
                    name = f"criterion{field.capitalize()}Edit" if field in (
                        "es", "qu", "id") else f"{field}Edit"
                    self.child(name).setText(getattr(thing, field))
            else:
                stack.setCurrentWidget(self.child("emptyPage"))
        finally:
            self.loading = False
        self._describe_current()
        self._enable()
        self.show_problems(self.problems_shown if not self.checked else self.problems())

    def _describe_current(self) -> None:
        thing, phase = self.current(), self.current_phase()
        ids = Ids(self.draft)
        if isinstance(thing, Phase):
            total = sheet_total(thing)
            self.child("phaseTotal").setText("" if total is None or not thing.criteria else _(
                "The sheet of this phase gives at most {total} points.").format(total=total))
            self.child("phaseIdEdit").setPlaceholderText(ids.of(thing))
        elif isinstance(thing, Criterion) and phase is not None:
            self.child("criterionPhase").setText(_("A line of the sheet “{phase}”.").format(
                phase=shown_name(phase)))
            self.child("criterionIdEdit").setPlaceholderText(ids.of(thing))

    def _enable(self) -> None:
        thing = self.current()
        self.child("addCriterionButton").setEnabled(self.current_phase() is not None)
        self.child("removeButton").setEnabled(thing is not None)
        siblings = self._siblings(thing)
        position = next((i for i, s in enumerate(siblings) if s is thing), -1)
        self.child("upButton").setEnabled(position > 0)
        self.child("downButton").setEnabled(0 <= position < len(siblings) - 1)

    def _siblings(self, thing: object) -> list[Phase] | list[Criterion]:
        if isinstance(thing, Phase):
            return self.draft.phases
        phase = self.current_phase()
        return phase.criteria if phase is not None and isinstance(thing, Criterion) else []

    def _set(self, field: str, text: str) -> None:
        thing = self.current()
        if thing is None or (field in CRITERION_FIELDS and not isinstance(thing, Criterion)):
            return
        setattr(thing, field, text)
        self._texts()
        self._describe_current()

    # -- adding, removing, moving ---------------------------------------------------------------
    def add_phase(self) -> None:
        phase = Phase()
        self.draft.phases.append(phase)
        self._structure_changed(phase)
        self.child("phaseEsEdit").setFocus()

    def add_criterion(self) -> None:
        phase = self.current_phase()
        if phase is None:
            return
        criterion = Criterion()
        thing = self.current()
        after = next((i for i, c in enumerate(phase.criteria) if c is thing), None)
        phase.criteria.insert(len(phase.criteria) if after is None else after + 1, criterion)
        self._structure_changed(criterion)
        self.child("criterionEsEdit").setFocus()

    def remove_current(self) -> None:
        thing = self.current()
        if thing is None:
            return
        if isinstance(thing, Phase) and thing.criteria and not self.owner.ask(
                _("Remove a phase"), ngettext(
                    "Remove the phase “{name}” and its {count} criterion?",
                    "Remove the phase “{name}” and its {count} criteria?",
                    len(thing.criteria)).format(name=shown_name(thing),
                                                count=len(thing.criteria))):
            return
        siblings = self._siblings(thing)
        position = next(i for i, s in enumerate(siblings) if s is thing)
        del siblings[position]
        rest = siblings[min(position, len(siblings) - 1)] if siblings else (
            self.current_phase() if isinstance(thing, Criterion) else None)
        self._structure_changed(rest)

    def move_current(self, step: int) -> None:
        thing = self.current()
        siblings = self._siblings(thing)
        position = next((i for i, s in enumerate(siblings) if s is thing), -1)
        target = position + step
        if position >= 0 and 0 <= target < len(siblings):
            moved: list[Any] = siblings  # phases or criteria, swapped in place
            moved[position], moved[target] = moved[target], moved[position]
            self._structure_changed(thing)

    def _structure_changed(self, select: object) -> None:
        self.changed()
        self._rebuild(select)

    # -- the page -----------------------------------------------------------------------------
    def load(self) -> None:
        self._rebuild(self.current())

    def retranslate(self) -> None:
        self._texts()
        self._describe_current()

    def problems(self) -> Problems:
        return check_phases(self.draft)

    def reveal(self, problems: Problems) -> None:
        first = next((item for item in problems.items() if item is not self.draft), None)
        if first is not None and first is not self.current():
            self.tree.setCurrentItem(self._item_of(first))

    def show_problems(self, problems: Problems) -> QWidget | None:
        self.problems_shown = problems
        self._texts()
        thing = self.current()
        first: QWidget | None = None
        if isinstance(thing, Phase):
            name = problems.at(thing, "name")
            say_at(self.child("phaseNameProblem"), name, self.child("phaseQuEdit"))
            self.child("phaseEsEdit").setStyleSheet(self.child("phaseQuEdit").styleSheet())
            say_at(self.child("phaseCriteriaProblem"), problems.at(thing, "criteria"))
            say_at(self.child("phaseIdProblem"), problems.at(thing, "id"),
                   self.child("phaseIdEdit"))
            first = (self.child("phaseEsEdit") if name else
                     self.child("addCriterionButton") if problems.at(thing, "criteria") else
                     self.child("phaseIdEdit") if problems.at(thing, "id") else None)
        elif isinstance(thing, Criterion):
            name = problems.at(thing, "name")
            say_at(self.child("criterionNameProblem"), name, self.child("criterionQuEdit"))
            self.child("criterionEsEdit").setStyleSheet(
                self.child("criterionQuEdit").styleSheet())
            say_at(self.child("criterionIdProblem"), problems.at(thing, "id"),
                   self.child("criterionIdEdit"))
            for field in CRITERION_FIELDS:
                say_at(self.child(f"{field}Problem"), problems.at(thing, field),
                       self.child(f"{field}Edit"))
            first = next((self.child(name) for field, name in (
                ("name", "criterionEsEdit"), ("max", "maxEdit"), ("step", "stepEdit"),
                ("weight", "weightEdit"), ("id", "criterionIdEdit"))
                if problems.at(thing, field)), None)
        if first is not None and first.objectName().endswith("IdEdit"):
            self.owner.set_advanced(True)
        others = [i for i in problems.items() if i is not self.draft and i is not thing]
        listed = problems.at(self.draft, LIST) or (needs_attention(len(others)) if others
                                                   else "")
        say_at(self.child("listProblem"), listed)
        if problems.at(self.draft, LIST) and first is None:
            first = self.child("addPhaseButton")
        return first
