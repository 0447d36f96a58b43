"""What every page of the new-contest wizard shares: a Designer form, its problems shown at
their fields, Next refused while any is left, and nothing typed lost going Back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget, QWizardPage

from ..forms import Form, follow_language
from .checks import Problems
from .draft import Draft

if TYPE_CHECKING:
    from .wizard import NewContestWizard

PROBLEM_COLOUR = "#b3261e"
PROBLEM_FIELD = f"border: 2px solid {PROBLEM_COLOUR}; border-radius: 3px; padding: 1px;"


def say_at(label: QLabel, text: str, field: QWidget | None = None) -> None:
    """Show ``text`` in the problem label under a field (hide it when empty) and frame the
    field while it has a problem."""
    label.setText(text)
    label.setVisible(bool(text))
    if field is not None:
        field.setStyleSheet(PROBLEM_FIELD if text else "")
        field.setAccessibleDescription(text)


class WizardPage(QWizardPage):
    """A page whose content is a Designer form (its window title is the page's title).

    Each page reads the draft into its widgets when shown (`load`) and writes every change
    back at once, so going Back and forth keeps everything. Next runs `problems`; while any
    is left each is shown at its field, the first field gets the focus and Next is refused;
    from then on the problems follow the typing."""

    def __init__(self, owner: NewContestWizard, form_name: str) -> None:
        super().__init__()
        self.owner = owner
        self.form = Form(form_name, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form.widget)
        for label in self.form.widget.findChildren(QLabel):
            if label.objectName().endswith("Problem"):
                label.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        self.id_boxes = [box for box in self.form.widget.findChildren(QGroupBox)
                         if box.objectName().endswith("IdBox")]
        self.loading = False
        self.checked = False
        """Next was tried: the problems are shown, and follow every change."""
        follow_language(self, self._language_changed)
        self.setTitle(self.form.widget.windowTitle())

    def child(self, name: str) -> Any:
        return self.form.child(name)

    @property
    def draft(self) -> Draft:
        return self.owner.draft

    # -- what a page defines ------------------------------------------------------------------
    def load(self) -> None:
        """Fill the widgets from the draft."""

    def problems(self) -> Problems:
        return Problems()

    def show_problems(self, problems: Problems) -> QWidget | None:
        """Show each problem at its field; return the first field that has one."""
        return None

    def reveal(self, problems: Problems) -> None:
        """Next was refused: bring the first item with a problem into view (list pages)."""

    def retranslate(self) -> None:
        """Texts the code sets (choices, lists), again in the new language."""

    # -- shared behaviour ---------------------------------------------------------------------
    def _language_changed(self) -> None:
        self.setTitle(self.form.widget.windowTitle())
        if self.wizard() is not None and self.wizard().currentPage() is not self:
            return  # made again, in the language of the day, when it is shown
        self.loading = True
        try:
            self.retranslate()
        finally:
            self.loading = False
        if self.checked:
            self.show_problems(self.problems())

    def initializePage(self) -> None:  # noqa: N802 — Qt's virtual
        self.refresh()

    def refresh(self) -> None:
        """Show the draft as it stands (on Next by Qt, on Back by the wizard)."""
        self.loading = True
        try:
            self.load()
        finally:
            self.loading = False
        self.show_ids(self.owner.advanced)
        self.show_problems(self.problems() if self.checked else Problems())

    def cleanupPage(self) -> None:  # noqa: N802 — Qt's virtual
        """Going Back keeps what was typed (Qt's default would reset the page)."""

    def validatePage(self) -> bool:  # noqa: N802 — Qt's virtual
        self.checked = True
        problems = self.problems()
        if problems:
            self.reveal(problems)
        first = self.show_problems(problems)
        if problems:
            if first is not None:
                first.setFocus()
            return False
        return True

    def changed(self) -> None:
        """Something was typed: remember that the draft holds work, check again if asked."""
        if self.loading:
            return
        self.owner.dirty = True
        if self.checked:
            self.show_problems(self.problems())

    def show_ids(self, on: bool) -> None:
        for box in self.id_boxes:
            box.setVisible(on)

    def bind(self, name: str, write: Any) -> None:
        """Write a line edit's text into the draft on every change."""
        edit = self.child(name)
        edit.textChanged.connect(lambda text: self._write(write, text))

    def _write(self, write: Any, value: Any) -> None:
        if not self.loading:
            write(value)
            self.changed()
