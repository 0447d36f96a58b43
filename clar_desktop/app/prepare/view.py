"""The preparation tab: the contest's rules, and proposals, jurors, categories and scoring
sheets as editable tables (definitions.py), with undo and redo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import QFileDialog, QHeaderView, QMessageBox, QTableView, QWidget

from ...domain.errors import DomainError
from ...i18n import N_, _
from ..forms import FormView, follow_language
from ..live import LiveContest
from .contest_form import ContestForm
from .definitions import DefinitionTable, item_name
from .editors import ChoiceDelegate
from .fields import CATEGORY_FIELDS, CRITERION_FIELDS, JUROR_FIELDS, PROPOSAL_FIELDS
from .followup_fields import REVIEW
from .followup_sheets import FollowupSheetsPage
from .followup_tables import FollowupCriterionTable, FollowupItemTable, FollowupPhaseTable
from .new_item import NewItemDialog
from .review_dialog import ReviewDialog


class PrepareView(FormView):
    """The preparation tab: the contest's rules, proposals, jurors, categories and sheets,
    and the second-tranche items, rules and sheets; Ctrl+Z / Ctrl+Shift+Z undo and redo."""

    def __init__(self, live: LiveContest, parent: QWidget | None = None) -> None:
        super().__init__("prepare", parent)
        self.live = live
        self.undo = QUndoStack(self)
        self.proposals = DefinitionTable(live, "proposal", PROPOSAL_FIELDS, self.undo)
        self.jurors = DefinitionTable(live, "juror", JUROR_FIELDS, self.undo)
        self.categories = DefinitionTable(live, "category", CATEGORY_FIELDS, self.undo)
        self.criteria = DefinitionTable(live, "criterion", CRITERION_FIELDS, self.undo)
        self.followups = FollowupItemTable(live, self.undo)
        self.followups.ask_review = self.ask_review
        self.followup_phases = FollowupPhaseTable(live, self.undo)
        self.followup_criteria = FollowupCriterionTable(live, self.undo)
        self.followup_sheets = FollowupSheetsPage(live, self)
        sheets = self.followup_sheets.form
        pages = (
            (self.form, "proposalsTable", "Proposal", self.proposals, N_("New proposal")),
            (self.form, "jurorsTable", "Juror", self.jurors, N_("New juror")),
            (self.form, "categoriesTable", "Category", self.categories, N_("New category")),
            (self.form, "criteriaTable", "Criterion", self.criteria, N_("New criterion")),
            (self.form, "followupsTable", "Followup", self.followups,
             N_("New second-tranche item")),
            (sheets, "followupPhasesTable", "FollowupPhase", self.followup_phases,
             N_("New phase of the second tranche")),
            (sheets, "followupCriteriaTable", "FollowupCriterion", self.followup_criteria,
             N_("New criterion of the second tranche")))
        for form, table_name, noun, model, title in pages:
            table = form.child(table_name)
            table.setModel(model)
            table.setItemDelegate(ChoiceDelegate(model, table))
            table.horizontalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents)
            # Each column as wide as what it holds; the id, last, is reached by scrolling.
            table.horizontalHeader().setStretchLastSection(False)
            form.child(f"add{noun}Button").clicked.connect(
                lambda _checked=False, m=model, t=title: self.add_item(m, t))
            form.child(f"remove{noun}Button").clicked.connect(
                lambda _checked=False, m=model, v=table: self.remove_selected(m, v))
            QShortcut(QKeySequence.StandardKey.Delete, table,
                      lambda m=model, v=table: self.remove_selected(m, v),
                      context=Qt.ShortcutContext.WidgetShortcut)
        self.form.child("imageButton").clicked.connect(self.choose_image)
        self.form.child("reviewButton").clicked.connect(self.review_selected)
        self.followups_table = self.form.child("followupsTable")
        # The review's cell is not typed in: a double click asks for a new review.
        review_column = [f.key for f in self.followups.fields].index(REVIEW)
        self.followups_table.doubleClicked.connect(
            lambda index: index.column() == review_column and self.review_selected())
        self.contest_form = ContestForm(live, self)
        self.form.child("tables").insertTab(0, self.contest_form, "")
        self.form.child("tables").addTab(self.followup_sheets, "")
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
        name = item_name(model.items[index.row()])
        if ask and QMessageBox.question(self, _("Remove"), _(
                "Remove {name}? The removal is recorded in the log; Ctrl+Z adds it "
                "back.").format(name=name)) != QMessageBox.StandardButton.Yes:
            return False
        problem = model.remove_row(index.row())
        if problem is not None:
            QMessageBox.warning(self, _("Remove"), problem)
            return False
        return True

    def ask_review(self, row: int, share: str) -> tuple[str, str] | None:
        """The office's review of the item of ``row``, starting from ``share`` (a typed
        justified percent): (percent, reference), or None when cancelled."""
        item = self.followups.items[row]
        return ReviewDialog(self, self.live, item["id"], share, None).ask()

    def review_selected(self) -> bool:
        """Record the office's review of the selected item (its justified percent and the
        review's reference); True when recorded."""
        index = self.followups_table.currentIndex()
        if not index.isValid():
            self.live.refused.emit(_("Select a second-tranche item first."))
            return False
        answer = self.ask_review(index.row(), self.followups.items[index.row()][
            "justified_percent"])
        return answer is not None and self.followups.review(index.row(), *answer)

    def add_item(self, model: DefinitionTable, title: str) -> None:
        if model is self.followups and (problem := self.followups.unscorable()):
            self.live.refused.emit(problem)
            return
        dialog = NewItemDialog(self, title, model)
        dialog.exec()
        dialog.deleteLater()  # and its language listener

    def _retitle(self) -> None:
        tables = self.form.child("tables")
        tables.setTabText(0, _("Contest and rules"))
        tables.setTabText(tables.indexOf(self.followup_sheets),
                          _("Second-tranche sheets"))
        for model in (self.proposals, self.jurors, self.categories, self.criteria,
                      self.followups, self.followup_phases, self.followup_criteria):
            model.retitle()
