"""The wizard for a new contest (File ▸ New contest…, Ctrl+N).

It starts blank, from a template of scoring sheets (templates.py) or as a copy of an earlier
contest of the database, and goes through the contest's data and place, programme and
office, phases and criteria, rules, categories and jurors. Ids are made from the names
(ids.py) and shown, to be typed, only under "Advanced". Each problem is said at its field
(checks.py) and Next is refused until the page is right; going Back and forth keeps
everything, and Cancel asks before throwing typed work away. Finish creates the contest
through the service layer as one logged change (``contest.created``) and the main window
opens it.
"""

from __future__ import annotations

from datetime import date as Date
from html import escape

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget, QWizard

from ...domain.errors import DomainError
from ...i18n import _, format_date, format_money, ngettext
from ...services import ContestService, ContestSummary
from ..forms import follow_language
from .contest_form import AGGREGATION_LABELS
from .draft import PLACE_KEYS, Draft, Ids, amount_text, contest_data, decimal_text, from_snapshot
from .templates import TEMPLATES
from .wizard_items import CategoriesPage, JurorsPage
from .wizard_page import WizardPage, say_at
from .wizard_pages import DataPage, OfficePage, RulesPage, StartPage
from .wizard_sheets import PhasesPage, sheet_total, shown_name

ADVANCED = QWizard.WizardButton.CustomButton1


class SummaryPage(WizardPage):
    """What Finish will create, and where the proposals come in afterwards."""

    def __init__(self, owner: NewContestWizard) -> None:
        super().__init__(owner, "wizard_summary")
        self.setFinalPage(True)

    def load(self) -> None:
        self.child("summaryLabel").setText(self.owner.summary())
        say_at(self.child("problemLabel"), "")

    def retranslate(self) -> None:
        self.load()

    def validatePage(self) -> bool:  # noqa: N802 — Qt's virtual
        problem = self.owner.create_contest()
        say_at(self.child("problemLabel"), problem or "")
        return problem is None


class NewContestWizard(QWizard):
    """``current``: the contest open in the main window (offered first for a copy)."""

    def __init__(self, parent: QWidget | None, service: ContestService,
                 current: str | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.current = current
        self.contests: list[ContestSummary] = service.contests()
        self.contest_ids = {c.id for c in self.contests}
        self.draft = Draft(date=Date.today().isoformat())
        self.start: tuple[str, str | None] = ("blank", None)
        """The start the draft was made from."""
        self.dirty = False
        """Something was typed after the start: Cancel asks before throwing it away."""
        self.advanced = False
        self.created: str | None = None
        advanced = QPushButton(self)
        advanced.setCheckable(True)
        advanced.toggled.connect(self.set_advanced)
        self.setButton(ADVANCED, advanced)
        self.setOption(QWizard.WizardOption.HaveCustomButton1)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setButtonLayout([ADVANCED, QWizard.WizardButton.Stretch,
                              QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                              QWizard.WizardButton.FinishButton,
                              QWizard.WizardButton.CancelButton])
        self.pages: list[WizardPage] = [
            StartPage(self), DataPage(self), OfficePage(self), PhasesPage(self),
            RulesPage(self), CategoriesPage(self), JurorsPage(self), SummaryPage(self)]
        for page in self.pages:
            self.addPage(page)
        self.shown_id = self.startId()
        self.currentIdChanged.connect(self._page_changed)
        follow_language(self, self.retranslate)
        self.retranslate()
        self.resize(900, 640)

    def page_named(self, cls: type) -> WizardPage:
        return next(page for page in self.pages if isinstance(page, cls))

    def retranslate(self) -> None:
        self.setWindowTitle(_("New contest"))
        # Our own words for the wizard's buttons: Qt's have no Quechua.
        for which, text in ((QWizard.WizardButton.BackButton, _("< &Back")),
                            (QWizard.WizardButton.NextButton, _("&Next >")),
                            (QWizard.WizardButton.FinishButton, _("&Finish")),
                            (QWizard.WizardButton.CancelButton, _("Cancel")),
                            (ADVANCED, _("Ad&vanced: ids"))):
            self.setButtonText(which, text)
        self.button(ADVANCED).setToolTip(_("Show the ids made from the names, to type others"))

    def _page_changed(self, page_id: int) -> None:
        """Back: the page shows the draft as it stands (Next: Qt's initializePage did)."""
        back, self.shown_id = page_id < self.shown_id, page_id
        page = self.page(page_id)
        if back and isinstance(page, WizardPage):
            page.refresh()

    def set_advanced(self, on: bool) -> None:
        self.advanced = on
        if self.button(ADVANCED).isChecked() != on:
            self.button(ADVANCED).setChecked(on)
        for page in self.pages:
            page.show_ids(on)

    # -- asking -------------------------------------------------------------------------------
    def ask(self, title: str, question: str) -> bool:
        """A yes-or-no question (the tests answer it themselves)."""
        return QMessageBox.question(self, title, question) == QMessageBox.StandardButton.Yes

    def reject(self) -> None:
        """Cancel, Escape or the window's close button: nothing is lost without asking."""
        if self.dirty and not self.ask(_("New contest"), _(
                "Throw away what was typed for the new contest?")):
            return
        super().reject()

    # -- the start ------------------------------------------------------------------------------
    def start_from(self, kind: str, key: str | None) -> bool:
        """Make the draft from the chosen start, unless it was made from it already; True to
        go on. Typed work is replaced only after asking."""
        if (kind, key) == self.start:
            return True
        if self.dirty and not self.ask(_("New contest"), _(
                "Start again from this choice? What was typed on the following pages is "
                "replaced.")):
            return False
        if kind == "template" and key in TEMPLATES:
            draft = from_snapshot(TEMPLATES[key][1](), keep_ids=False)
            draft.title = ""
        elif kind == "copy" and key is not None:
            try:
                draft = from_snapshot(self.service.definition(key), keep_ids=True)
            except DomainError as error:
                page = self.pages[0]
                say_at(page.child("copyProblem"), error.render(_))
                return False
        else:
            draft = Draft()
        draft.date = Date.today().isoformat()
        self.draft = draft
        self.start = (kind, key)
        self.dirty = False
        for page in self.pages[1:]:
            page.checked = False
        return True

    # -- finishing ------------------------------------------------------------------------------
    def summary(self) -> str:
        """What will be created, in a few lines (rich text)."""
        draft = self.draft
        lines = [_("<b>{title}</b>, {date}").format(
            title=escape(draft.title.strip()),
            date=escape(format_date(Date.fromisoformat(draft.date), "long")))]
        place = ", ".join(draft.place[k].strip() for k in PLACE_KEYS
                          if draft.place.get(k, "").strip())
        for line in (place, draft.programme.strip(), draft.office_name.strip()):
            if line:
                lines.append(escape(line))
        for phase in draft.phases:
            total = sheet_total(phase)
            lines.append(escape(ngettext(
                "{phase}: {count} criterion, at most {total} points",
                "{phase}: {count} criteria, at most {total} points",
                len(phase.criteria)).format(phase=shown_name(phase), count=len(phase.criteria),
                                            total=total)))
        lines.append(escape(_("Approved from {score} points; {aggregation}.").format(
            score=decimal_text(draft.pass_score) or "0",
            aggregation=_(AGGREGATION_LABELS[draft.aggregation]))))
        for category in draft.categories:
            budget = amount_text(category.budget)
            lines.append(escape(_("{category}: budget {budget}").format(
                category=shown_name(category),
                budget=format_money(budget or "0", draft.currency))))
        lines.append(escape(ngettext("{count} juror", "{count} jurors", len(draft.jurors))
                            .format(count=len(draft.jurors))) if draft.jurors else
                     escape(_("No juror yet: add them in the Preparation tab or import them "
                              "from a spreadsheet.")))
        if self.advanced:
            lines.append(escape(_("Id of the contest: {id}").format(
                id=Ids(draft, self.contest_ids).contest)))
        return "<br>".join(lines)

    def create_contest(self) -> str | None:
        """Create the contest (one ``contest.created`` event); None when done, else why
        not, in one sentence."""
        ids = Ids(self.draft, self.contest_ids)
        try:
            committed = self.service.create_prepared(contest_data(self.draft, ids))
        except DomainError as error:
            # Another program may have taken the id meanwhile: the next one made avoids it.
            self.contest_ids = set(self.service.contest_ids())
            return _("The contest was not created: {reason}").format(reason=error.render(_))
        self.created = committed.event["data"]["contest"]["id"]
        self.dirty = False
        return None

