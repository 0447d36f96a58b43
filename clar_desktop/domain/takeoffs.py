"""Changes that take a juror, a value or an item out of the count (bundle version 2).

An absence (the juror took no part in one phase of one item) and its withdrawal; an item
withdrawn (it did not present or withdrew); a value removed from a sheet; and a recusal,
which may now come after the juror has values on that item. An absence or a recusal takes
the juror's values on what it covers off the sheets in the same event, and the event lists
them (``removed``), so that the minutes can say what was removed and why; a removed value
unconfirms its sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .errors import N_, ChangeRefused
from .eventdata import ContestView, EventData
from .model import Absence, Recusal, Withdrawal
from .numbers import decimal_text

ABSENCE_RECORDED = "absence.recorded"
ABSENCE_WITHDRAWN = "absence.withdrawn"
PROPOSAL_WITHDRAWN = "proposal.withdrawn"
SCORE_REMOVED = "score.removed"

Removed = tuple[tuple[str, Decimal], ...]
"""(criterion, value) of each value taken off, in the order of the item's criteria."""


@dataclass(frozen=True, slots=True)
class RecusalRecorded:
    recusal: Recusal
    removed: Removed = ()


@dataclass(frozen=True, slots=True)
class AbsenceChange:
    """An absence recorded (``absent``) or withdrawn (the juror is back for that phase)."""

    absence: Absence
    absent: bool
    removed: Removed = ()


@dataclass(frozen=True, slots=True)
class ItemWithdrawn:
    withdrawal: Withdrawal


@dataclass(frozen=True, slots=True)
class ScoreRemoved:
    juror: str
    proposal: str
    criterion: str
    old: Decimal
    reason: str | None
    """Required once the value's sheet was confirmed (the sheet is then unconfirmed)."""


TakeOff = RecusalRecorded | AbsenceChange | ItemWithdrawn | ScoreRemoved


def check_takeoff(kind: str, d: EventData, view: ContestView, logged: bool = False) -> TakeOff:
    """``logged``: the change is read from a log (replay), where a recusal or an absence that
    takes values off must list them."""
    if kind in (ABSENCE_RECORDED, ABSENCE_WITHDRAWN):
        return _absence(kind, d, view, logged)
    if kind == PROPOSAL_WITHDRAWN:
        proposal = d.text("proposal")
        view.index().check_withdrawal(proposal, d.path)
        return ItemWithdrawn(Withdrawal(proposal, d.text("reason")))
    if kind == SCORE_REMOVED:
        return _score_removed(d, view)
    return _recusal(d, view, logged)


def _recusal(d: EventData, view: ContestView, logged: bool) -> RecusalRecorded:
    juror, proposal = d.text("juror"), d.text("proposal")
    view.index().check_recusal(juror, proposal, d.path)
    reason = d.text("reason")
    values = view.juror_values(juror, proposal)
    removed = _removed(d, view, proposal, values, logged)
    return RecusalRecorded(Recusal(juror, proposal, reason), removed)


def _absence(kind: str, d: EventData, view: ContestView, logged: bool) -> AbsenceChange:
    juror, proposal, phase = d.text("juror"), d.text("proposal"), d.text("phase")
    index = view.index()
    recording = kind == ABSENCE_RECORDED
    index.check_absence(juror, proposal, phase, d.path, recording=recording)
    if not recording:
        return AbsenceChange(Absence(juror, proposal, phase), False)
    reason = d.data.get("reason")
    if reason is not None:
        reason = d.text("reason")
    criteria = {c.id for c in index.phases[phase].criteria}
    values = {c: v for c, v in view.juror_values(juror, proposal).items() if c in criteria}
    return AbsenceChange(Absence(juror, proposal, phase, reason), True,
                         _removed(d, view, proposal, values, logged))


def _removed(d: EventData, view: ContestView, proposal: str, values: dict[str, Decimal],
             logged: bool) -> Removed:
    """The values the change takes off, in criterion order; a ``removed`` list in the data
    (as the log holds it) must say exactly that, and a logged event must have one."""
    order = [c for c in view.index().criteria if c in values]
    removed = tuple((c, values[c]) for c in order)
    listed = "removed" in d.data or (logged and removed)
    if listed and removed_data(removed) != d.data.get("removed"):
        raise ChangeRefused(N_("the values listed as removed are not the values recorded"),
                            f"{d.path}.removed", proposal)
    return removed


def removed_data(removed: Removed) -> list[dict[str, str]]:
    return [{"criterion": c, "value": decimal_text(v)} for c, v in removed]


def _score_removed(d: EventData, view: ContestView) -> ScoreRemoved:
    juror, proposal, criterion = d.text("juror"), d.text("proposal"), d.text("criterion")
    index = view.index()
    item = f"{juror}/{proposal}/{criterion}"
    if juror not in index.jurors:
        raise ChangeRefused(N_("unknown juror {id}"), d.path, item, id=juror)
    if not index.is_item(proposal):
        raise ChangeRefused(N_("unknown proposal {id}"), d.path, item, id=proposal)
    found = index.criteria.get(criterion)
    if found is None:
        raise ChangeRefused(N_("unknown criterion {id}"), d.path, item, id=criterion)
    current = view.current_value(juror, proposal, criterion)
    if current is None:
        raise ChangeRefused(N_("there is no value to remove"), d.path, item)
    if "old" in d.data and d.decimal("old") != current:
        raise ChangeRefused(N_("the value being removed is {value}, not {old}"), d.path, item,
                            value=current, old=d.data["old"])
    reason = d.data.get("reason")
    if reason is not None or view.is_confirmed(juror, proposal, found[0].id):
        if reason is None:
            raise ChangeRefused(N_("the sheet is confirmed: removing a value needs a reason"),
                                d.path, item)
        reason = d.text("reason")
    return ScoreRemoved(juror, proposal, criterion, current, reason)


def takeoff_data(change: TakeOff) -> dict[str, Any]:
    """The event's data for a take-off change: only its own fields, as checked."""
    if isinstance(change, RecusalRecorded):
        r = change.recusal
        data: dict[str, Any] = {"juror": r.juror, "proposal": r.proposal, "reason": r.reason}
        if change.removed:
            data["removed"] = removed_data(change.removed)
        return data
    if isinstance(change, AbsenceChange):
        a = change.absence
        data = {"juror": a.juror, "proposal": a.proposal, "phase": a.phase}
        if change.absent and a.reason is not None:
            data["reason"] = a.reason
        if change.removed:
            data["removed"] = removed_data(change.removed)
        return data
    if isinstance(change, ItemWithdrawn):
        return {"proposal": change.withdrawal.proposal, "reason": change.withdrawal.reason}
    data = {"juror": change.juror, "proposal": change.proposal, "criterion": change.criterion,
            "old": decimal_text(change.old)}
    if change.reason is not None:
        data["reason"] = change.reason
    return data
