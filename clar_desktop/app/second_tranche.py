"""Second tranche ▸ New evaluation from this contest: the evaluation session of a closed
contest's awards, made in the database as ``clar-desktop followups`` makes its bundle
(`clar_desktop.domain.followup_plan`) — the same jurors, one item per funded proposal with
both tranches and the acta's number, the field and public phases of the template, approved
from 70 points with at least 70 % of the first tranche justified."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox, QWidget

from ..domain.bundle import CONTEST_ID, bundle_to_dict, parse_bundle
from ..domain.changes import PREPARING
from ..domain.errors import DomainError
from ..domain.followup_plan import MIN_JUSTIFIED_PERCENT, followup_items
from ..domain.model import Contest, Followups
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


def unjustified_items(state: ContestState) -> int:
    """How many second-tranche items, not withdrawn, have 0 % of their first tranche
    justified — the office's review not filled in yet (each is then not eligible)."""
    contest = state.contest
    if contest is None or state.session != PREPARING:
        return 0
    withdrawn = {w.proposal for w in contest.withdrawals}
    return sum(1 for item in contest.followup_items
               if item.justified_percent == 0 and item.id not in withdrawn)


def adding_refusal(state: ContestState) -> str | None:
    """Why second-tranche items cannot be added to this contest, or None."""
    if state.session != PREPARING:
        return _("The session of this contest is already open or closed: second-tranche "
                 "items are added only to a contest still being prepared (make a new "
                 "contest, or use New evaluation from this contest…).")
    if state.contest is not None and state.contest.followups is not None:
        return _("This contest already has second-tranche items.")
    return None


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


def _chosen_source(parent: QWidget | None, title: str,
                   sources: list[tuple[str, str]]) -> tuple[str, str] | None:
    """("contest", id) of a closed contest of the database or ("file", path) of a bundle
    file, as the secretary chooses; None when she cancels. With no closed contest in the
    database, the file dialog opens at once."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    if sources:
        from_file = _("Another contest, from its bundle file…")
        labels = [text for _id, text in sources] + [from_file]
        label, chosen = QInputDialog.getItem(
            parent, title, _("The contest whose awards this session evaluates:"), labels, 0,
            False)
        if not chosen:
            return None
        if label != from_file:
            return "contest", next(i for i, text in sources if text == label)
    name, _filter = QFileDialog.getOpenFileName(
        parent, title, "", _("Contest bundles (*.json)"))
    return ("file", name) if name else None


def _followups_of(live: LiveContest, kind: str, source: str, target: Contest) -> Followups:
    """The follow-ups the chosen source gives; `DomainError` or `OSError` when it cannot."""
    from ..domain.bundle import load_bundle
    from ..domain.followup_plan import followups_for, followups_from_bundle

    if kind == "file":
        return followups_from_bundle(load_bundle(Path(source).read_bytes()), target)
    return followups_for(live.service.load_state(source), target)


def add_items_of(parent: QWidget, live: LiveContest) -> int:
    """Ask for an earlier closed contest — of the database, or a bundle file: its exported
    bundle, or the evaluation bundle ``clar-desktop followups`` wrote — and add its
    second-tranche items (phases, rules, items, the jurors' new phases) to this contest, all
    or nothing; the number of items added (0 when nothing was)."""
    from ..followup_services import add_followups

    title = _("Add the second-tranche items of a contest")
    problem = adding_refusal(live.state)
    if problem is not None:
        QMessageBox.information(parent, title, problem)
        return 0
    chosen = _chosen_source(parent, title, closed_sources(live))
    if chosen is None:
        return 0
    kind, source = chosen
    target = live.state.contest
    assert target is not None
    try:
        followups = _followups_of(live, kind, source, target)
        add_followups(live.service, target.id, followups)
    except OSError as error:
        QMessageBox.warning(parent, title, _("Cannot read {file}: {reason}").format(
            file=source, reason=error.strerror or error))
        return 0
    except DomainError as error:
        problem = error.render(_)
        if kind == "file":
            problem = _("{file}: {problem}").format(file=Path(source).name, problem=problem)
        QMessageBox.warning(parent, title, problem)
        return 0
    live.poll()
    return len(followups.items)
