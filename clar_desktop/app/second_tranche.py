"""Second tranche ▸ New evaluation from this contest: the evaluation session of a closed
contest's awards, made in the database as ``clar-desktop followups`` makes its bundle
(`clar_desktop.domain.followup_plan`) — the same jurors, one item per funded proposal with
both tranches and the acta's number, the field and public phases of the template, approved
from 70 points with at least 70 % of the first tranche justified."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.bundle import CONTEST_ID, bundle_to_dict, parse_bundle
from ..domain.errors import DomainError
from ..domain.followup_plan import MIN_JUSTIFIED_PERCENT, followup_items
from ..domain.state import ContestState
from ..i18n import Later, _, format_number, ngettext
from .dialogs import _SubmitDialog
from .forms import follow_language
from .live import LiveContest


def evaluation_id(source: str, taken: set[str]) -> str:
    """A free id for the evaluation of ``source``: ``source-2t``, then ``-2t2``…"""
    stem = source[:60]
    candidate, number = f"{stem}-2t", 2
    while candidate in taken:
        candidate, number = f"{stem}-2t{number}", number + 1
    return candidate


class EvaluationDialog(_SubmitDialog):
    """Title, date and id of the evaluation session; OK creates it in the database."""

    def __init__(self, parent: QWidget | None, live: LiveContest) -> None:
        super().__init__("evaluation_dialog", parent, live)
        state = live.state
        assert state.contest is not None and state.tally is not None
        self.source = state.contest
        self.count = len(followup_items(self.source, state.tally.results(), None))
        self.created: str | None = None
        c = self.form.child
        c("titleEdit").setText(_("Second-tranche evaluation: {title}").format(
            title=self.source.title))
        c("idEdit").setText(evaluation_id(self.source.id, set(live.service.contest_ids())))
        held = QDate.fromString(self.source.date, "yyyy-MM-dd")
        c("dateEdit").setDisplayFormat("dd/MM/yyyy")  # as dates are written in Peru
        c("dateEdit").setMinimumDate(held)
        c("dateEdit").setDate(max(QDate.currentDate(), held))
        self._retranslate()
        follow_language(self.dialog, self._retranslate)
        c("titleEdit").setCursorPosition(0)
        c("titleEdit").setFocus()

    def _retranslate(self) -> None:
        self.form.child("cellLabel").setText(ngettext(
            "The {count} proposal funded in {title} becomes the item of a new session that "
            "evaluates its second tranche: the same jurors, a field and a public phase (50 + "
            "50 points), approved from 70 points when at least {percent} of the first tranche "
            "is justified. Fill in each item's justified percent in Preparation.",
            "The {count} proposals funded in {title} become the items of a new session that "
            "evaluates their second tranche: the same jurors, a field and a public phase (50 "
            "+ 50 points), approved from 70 points when at least {percent} of the first tranche "
            "is justified. Fill in each item's justified percent in Preparation.",
            self.count).format(count=self.count, title=self.source.title,
                               percent=format_number(MIN_JUSTIFIED_PERCENT, 0) + " %"))

    def submit(self) -> str | None:
        c = self.form.child
        title = c("titleEdit").text().strip()
        new_id = c("idEdit").text().strip()
        if not title:
            return Later(lambda: _("Give the evaluation session a title: the minutes and "
                                   "the projector show it."))
        if not CONTEST_ID.fullmatch(new_id):
            return Later(lambda: _("The identifier may hold only letters, digits, - and _ "
                                   "(1 to 64 of them)."))
        if new_id in self.live.service.contest_ids():
            return Later(lambda: _("A contest with the identifier {id} is already in this "
                                   "database: choose another.").format(id=new_id))
        date = c("dateEdit").date().toString("yyyy-MM-dd")
        state = self.live.state
        assert state.tally is not None
        from ..domain.followup_plan import followup_contest

        try:
            planned = followup_contest(self.source, state.tally.results(), contest_id=new_id,
                                       date=date, title=title, acta=state.minutes.number)
            self.live.service.import_bundle(parse_bundle(bundle_to_dict(planned, None)))
        except DomainError as error:
            refused = error
            return Later(lambda: refused.render(_))
        self.created = new_id
        return None


def refusal(state: ContestState) -> str | None:
    """Why this contest cannot have a second-tranche evaluation yet, or None."""
    if not state.closed or state.tally is None or state.contest is None:
        return _("The session of this contest is not closed: a second-tranche evaluation "
                 "starts from its final results.")
    if not any(r.funded for r in state.tally.results().results):
        return _("This contest funded no proposal: there is no second tranche to evaluate.")
    return None


def new_evaluation(parent: QWidget, live: LiveContest) -> str | None:
    """Ask for the evaluation session and create it; its id, or None."""
    problem = refusal(live.state)
    if problem is not None:
        QMessageBox.information(parent, _("New second-tranche evaluation"), problem)
        return None
    dialog = EvaluationDialog(parent, live)
    dialog.dialog.exec()
    dialog.dialog.deleteLater()
    return dialog.created


def closed_sources(live: LiveContest) -> list[tuple[str, str]]:
    """(id, label) of the other contests of the database whose session is closed and which
    funded at least one proposal: those whose second tranches can be evaluated here."""
    found = []
    for summary in live.service.contests():
        if summary.id == live.contest_id:
            continue
        state = live.service.load_state(summary.id)
        if refusal(state) is None:
            found.append((summary.id, _("{title} ({date})").format(title=summary.title,
                                                                    date=summary.date)))
    return found


def add_items_of(parent: QWidget, live: LiveContest) -> int:
    """Ask for an earlier closed contest of the database and add its second-tranche items
    (phases, rules, items, the jurors' new phases) to this contest, all or nothing; the
    number of items added (0 when nothing was)."""
    from PySide6.QtWidgets import QInputDialog

    from ..followup_services import add_followups

    title = _("Add the second-tranche items of a contest")
    sources = closed_sources(live)
    if not sources:
        QMessageBox.information(parent, title, _(
            "No other contest in this database has a closed session that funded proposals."))
        return 0
    label, chosen = QInputDialog.getItem(
        parent, title, _("The contest whose awards this session evaluates:"),
        [text for _id, text in sources], 0, False)
    if not chosen:
        return 0
    source_id = next(i for i, text in sources if text == label)
    state, target = live.service.load_state(source_id), live.state.contest
    assert state.contest is not None and state.tally is not None and target is not None
    from ..domain.followup_plan import followup_contest

    try:
        planned = followup_contest(state.contest, state.tally.results(),
                                   contest_id=target.id, date=target.date,
                                   title=target.title, acta=state.minutes.number)
        assert planned.followups is not None
        add_followups(live.service, target.id, planned.followups)
    except DomainError as error:
        QMessageBox.warning(parent, title, error.render(_))
        return 0
    live.poll()
    return len(planned.followups.items)
