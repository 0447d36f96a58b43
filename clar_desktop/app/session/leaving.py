"""A juror who leaves or comes back during the session: attendance that changes the tally.

Unticking a juror in the attendance list asks from which proposal on she is absent, shows
which of her sheets that covers and which values entered on them will be taken off, then
records, in one transaction, an absence (bundle v2) for each of her sheets from that proposal
on that is not yet confirmed, and marks her absent. Her totals leave the tally there; the
sheets she confirmed before leaving stay. Ticking her again withdraws her absences on the
proposals nobody has confirmed a sheet of yet, and marks her present.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QMessageBox, QWidget

from ...domain.running_order import running_order as whole_order
from ...domain.state import ContestState
from ...i18n import _, ngettext
from ..dialogs import _SubmitDialog
from ..forms import follow_language
from ..live import LiveContest
from .dialogs import taken_off
from .entries import entry_label

Sheet = tuple[str, str]
"""(item, phase)."""


def running_order(state: ContestState) -> list[str]:
    """The proposals, then the second-tranche items: she may leave during either."""
    contest = state.contest
    assert contest is not None
    return [entry.id for entry in whole_order(contest)]


def leaving_sheets(state: ContestState, juror: str, first: str) -> list[Sheet]:
    """Her sheets from ``first`` on (running order) an absence would cover: phases she
    scores, on proposals not withdrawn, not recused on, not confirmed, not already absent."""
    contest = state.contest
    assert contest is not None
    found = contest.juror(juror)
    order = running_order(state)
    if found is None or first not in order:
        return []
    index = state.index()
    sheets = []
    for item in order[order.index(first):]:
        if contest.waits_for_no_sheet(item) or (juror, item) in index.recused:
            continue
        for phase in index.phases_of(item):
            if (phase in found.phases and not state.is_confirmed(juror, item, phase)
                    and (juror, item, phase) not in index.absent):
                sheets.append((item, phase))
    return sheets


def values_on(state: ContestState, juror: str, sheets: list[Sheet]) -> list[tuple[str, str,
                                                                                   Decimal]]:
    """(item, criterion, value) of what she entered on those sheets (taken off with them)."""
    index = state.index()
    found = []
    for item, phase in sheets:
        criteria = {c.id for c in index.phases[phase].criteria}
        found.extend((item, c, v) for c, v in state.juror_values(juror, item).items()
                     if c in criteria)
    return found


def returning_sheets(state: ContestState, juror: str) -> list[Sheet]:
    """Her absences on sheets of proposals where nobody confirmed that phase yet."""
    contest = state.contest
    assert contest is not None
    confirmed = {(item, phase) for _j, item, phase in state.confirmed}
    return [(a.proposal, a.phase) for a in contest.absences
            if a.juror == juror and (a.proposal, a.phase) not in confirmed
            and not contest.is_withdrawn(a.proposal)]


class LeavingDialog(_SubmitDialog):
    """From which proposal on a juror is absent, and what that takes off."""

    def __init__(self, parent: QWidget | None, live: LiveContest, juror: str,
                 first: str | None) -> None:
        super().__init__("absence_dialog", parent, live)
        self.juror = juror
        contest = live.state.contest
        assert contest is not None
        found = contest.juror(juror)
        self.juror_name = found.name if found else juror
        self.box = self.form.child("fromBox")
        for item in running_order(live.state):
            self.box.addItem(entry_label(contest, item), item)
        order = running_order(live.state)
        if first in order:
            self.box.setCurrentIndex(order.index(first))
        self.box.currentIndexChanged.connect(lambda _i: self._retranslate())
        self._retranslate()
        follow_language(self.dialog, self._retranslate)
        self.box.setFocus()

    def first(self) -> str:
        return str(self.box.currentData())

    def sheets(self) -> list[Sheet]:
        return leaving_sheets(self.live.state, self.juror, self.first())

    def _retranslate(self) -> None:
        self.form.child("cellLabel").setText(_(
            "{juror} leaves the session. From which proposal on is she absent? Her sheets "
            "confirmed before stay as they are.").format(juror=self.juror_name))
        sheets = self.sheets()
        values = values_on(self.live.state, self.juror, sheets)
        text = ngettext("She is recorded absent from {count} sheet not yet confirmed; her "
                        "totals leave the results there.",
                        "She is recorded absent from {count} sheets not yet confirmed; her "
                        "totals leave the results there.", len(sheets)).format(
                            count=len(sheets))
        if values:
            # By proposal: each with how many of her values it loses (the acta lists them).
            counts: dict[str, int] = {}
            for item, _c, _v in values:
                counts[item] = counts.get(item, 0) + 1
            listed = "; ".join(f"{self._item(item)} ({n})" for item, n in counts.items())
            text += "\n" + taken_off(len(values), listed)
        self.form.child("effectLabel").setText(text)

    def _item(self, item: str) -> str:
        contest = self.live.state.contest
        return entry_label(contest, item) if contest is not None else item

    def fill(self, first: str, reason: str) -> None:
        self.box.setCurrentIndex(running_order(self.live.state).index(first))
        self.form.child("reasonEdit").setText(reason)

    def submit(self) -> str | None:
        reason = self.form.child("reasonEdit").text().strip()
        changes: list[tuple[str, dict[str, object]]] = []
        for item, phase in self.sheets():
            data: dict[str, object] = {"juror": self.juror, "proposal": item, "phase": phase}
            if reason:
                data["reason"] = reason
            changes.append(("absence.recorded", data))
        changes.append(("attendance.marked", {"juror": self.juror, "present": False}))
        return self.live.apply_many(changes)  # type: ignore[arg-type]


def come_back(parent: QWidget | None, live: LiveContest, juror: str) -> bool:
    """Ask, then withdraw her absences where nothing is confirmed yet and mark her
    present. True when done."""
    contest = live.state.contest
    assert contest is not None
    found = contest.juror(juror)
    name = found.name if found else juror
    sheets = returning_sheets(live.state, juror)
    answer = QMessageBox.question(parent, _("Attendance"), ngettext(
        "{juror} is back and scores again. Her absence is withdrawn from {count} sheet "
        "nobody has confirmed yet.",
        "{juror} is back and scores again. Her absences are withdrawn from {count} sheets "
        "nobody has confirmed yet.", len(sheets)).format(juror=name, count=len(sheets)))
    if answer != QMessageBox.StandardButton.Yes:
        return False
    changes: list[tuple[str, dict[str, object]]] = [
        ("absence.withdrawn", {"juror": juror, "proposal": item, "phase": phase})
        for item, phase in sheets]
    changes.append(("attendance.marked", {"juror": juror, "present": True}))
    problem = live.apply_many(changes)  # type: ignore[arg-type]
    if problem is not None:
        live.refused.emit(problem)
    return problem is None
