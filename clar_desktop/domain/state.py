"""A contest held in memory and kept current by its audit-log events.

`ContestState` is what replay builds (``verify``), what the live screens hold, and the
reference the database-backed service must agree with: `apply` checks an event with
`check_change`, applies it to the contest and to the running `Tally`, and returns the ids of
the proposals whose result may have changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .additions import ADDITIONS, check_additions
from .changes import (
    CLOSED,
    PREPARING,
    AttendanceChange,
    Change,
    DefinitionChange,
    ImageSet,
    MinutesDetails,
    Observation,
    PresentationStarted,
    ScoreChange,
    SessionChange,
    SheetConfirmed,
    check_change,
)
from .checklist import OpenPoint, open_points
from .double_entry import DoubleEntrySet, EntriesReconciled, SecondEntries, SecondEntry
from .errors import N_, ChangeRefused
from .index import ContestIndex
from .model import Contest, Draw, Score
from .numbers import decimal_text
from .takeoffs import AbsenceChange, ItemWithdrawn, RecusalRecorded, ScoreRemoved
from .tally import Tally


@dataclass(slots=True)
class Applied:
    """What one event changed: the proposals whose result may differ, or everything."""

    proposals: set[str] = field(default_factory=set)
    everything: bool = False


class ContestState:
    """A contest, its session state and its tally, driven by events."""

    def __init__(self) -> None:
        self.contest: Contest | None = None
        self.tally: Tally | None = None
        self.session = PREPARING
        self._index: ContestIndex | None = None
        self.confirmed: set[tuple[str, str, str]] = set()
        """Sheets read back and confirmed: (juror, proposal, phase)."""
        self.absent: set[str] = set()
        self.observations: list[str] = []
        self.presenting: str | None = None
        """The proposal now presenting (the last ``presentation.started``)."""
        self.images: dict[str, str] = {}
        """SHA-256 of each proposal's photo or talking map."""
        self.minutes = MinutesDetails()
        """The acta's number, agenda and other attendees (the last ``minutes.details_set``)."""
        self.corrections: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
        """Corrections of confirmed values by (juror, proposal, criterion): (old value, new
        value, reason) in the order they were made — shown to the audience and printed."""
        self.second_entries = SecondEntries()
        """Each sheet's second entry (double entry) and whether one is required."""

    # -- ContestView ---------------------------------------------------------------------------
    def index(self) -> ContestIndex:
        assert self._index is not None
        return self._index

    def current_value(self, juror: str, proposal: str, criterion: str) -> Decimal | None:
        assert self.contest is not None
        score = self.contest.scores.get((juror, proposal, criterion))
        return None if score is None else score.value

    def has_scores(self, juror: str, proposal: str) -> bool:
        return bool(self.juror_values(juror, proposal))

    def juror_values(self, juror: str, proposal: str) -> dict[str, Decimal]:
        assert self.contest is not None
        scores = self.contest.scores
        found = {}
        for criterion in self.index().criteria:
            score = scores.get((juror, proposal, criterion))
            if score is not None:
                found[criterion] = score.value
        return found

    def sheet_size(self, juror: str, proposal: str, phase: str) -> int:
        assert self.tally is not None
        return len(self.tally.book.sheet(juror, proposal, phase))

    def is_confirmed(self, juror: str, proposal: str, phase: str) -> bool:
        return (juror, proposal, phase) in self.confirmed

    def is_absent(self, juror: str) -> bool:
        return juror in self.absent

    def second_entry(self, juror: str, proposal: str, phase: str) -> dict[str, Decimal] | None:
        return self.second_entries.get(juror, proposal, phase)

    def double_entry_required(self) -> bool:
        return self.second_entries.required

    def corrections_of(self, juror: str, proposal: str,
                       criterion: str) -> tuple[tuple[str, str, str], ...]:
        """(old, new, reason) of each correction of that value, in order."""
        return tuple(self.corrections.get((juror, proposal, criterion), ()))

    def snapshot(self) -> Contest:
        assert self.contest is not None
        return self.contest

    def open_points(self) -> list[OpenPoint]:
        return open_points(self)

    # -- session status ------------------------------------------------------------------------
    def unconfirmed_sheets(self, proposal: str) -> list[tuple[str, str]]:
        """(juror, phase) of every eligible sheet of ``proposal`` not yet confirmed (none for
        a withdrawn item, nor for a follow-up item not eligible: neither is scored, so
        neither is waited for)."""
        assert self.tally is not None and self.contest is not None
        if self.contest.waits_for_no_sheet(proposal):
            return []
        book = self.tally.book
        return [(juror, phase) for phase in book.phases_of(proposal)
                for juror in book.eligible(proposal, phase)
                if (juror, proposal, phase) not in self.confirmed]

    def sheet_progress(self, proposal: str) -> tuple[int, int]:
        """(confirmed sheets, eligible sheets) of ``proposal``, every phase together; (0, 0)
        for a withdrawn item or a follow-up item not eligible, which have no sheet to wait
        for."""
        assert self.tally is not None and self.contest is not None
        if self.contest.waits_for_no_sheet(proposal):
            return 0, 0
        book = self.tally.book
        total = sum(len(book.eligible(proposal, phase)) for phase in book.phases_of(proposal))
        return total - len(self.unconfirmed_sheets(proposal)), total

    def is_pending(self, proposal: str) -> bool:
        """A proposal is pending, never final, until every eligible sheet is confirmed."""
        return bool(self.unconfirmed_sheets(proposal))

    # -- changes -------------------------------------------------------------------------------
    def check(self, kind: str, data: object, path: str = "data", logged: bool = False) -> Change:
        """Validate a change without applying it (``logged``: as read back from a log)."""
        return check_change(kind, data, self if self.contest is not None else None, path,
                            logged)

    def apply(self, kind: str, data: object, path: str = "data", logged: bool = False
              ) -> Applied:
        """Validate and apply one change (``logged``: an event of a log, being replayed)."""
        return self.apply_change(self.check(kind, data, path, logged))

    def apply_events(self, events: list[dict[str, Any]],
                     path: Callable[[int], str]) -> Iterator[Applied]:
        """Apply events in order (their envelopes already checked), yielding what each one
        changed; `ChangeRefused` is for the event after the last one yielded.

        A run of ``proposal.added`` (or ``juror.added``) events is checked and applied at
        once (`check_additions`: the same contest as one by one, for the run's length and
        not its square — replaying 2,000 added proposals took over a minute); its events
        but the last yield an empty `Applied`. A run refused is applied one by one instead,
        so that the first event refused is named exactly as it always was."""
        slow_until, i = 0, 0
        while i < len(events):
            run = _additions(events, i) if self.contest is not None and i >= slow_until else 0
            if run > 1:
                kind = events[i]["kind"]
                noun = kind.split(".")[0]
                try:
                    contest = check_additions(kind, [e["data"].get(noun) for e in
                                                     events[i:i + run]], self,
                                              [path(j) for j in range(i, i + run)])
                except ChangeRefused:
                    slow_until = i + run
                    continue
                applied = self.apply_change(DefinitionChange(contest))
                for _ in range(run - 1):
                    yield Applied()
                yield applied
                i += run
                continue
            yield self.apply(events[i].get("kind", ""), events[i].get("data"), path(i),
                             logged=True)
            i += 1

    def apply_change(self, change: Change) -> Applied:
        """Apply a change already validated by `check` against this very state."""
        if isinstance(change, DefinitionChange):
            self.contest = change.contest
            self._index = ContestIndex.of(change.contest)
            self.tally = Tally(change.contest)
            self._forget_removed(change.contest)
            return Applied(everything=True)
        contest, tally = self.contest, self.tally
        assert contest is not None and tally is not None
        if isinstance(change, SessionChange):
            self.session = change.state
            return Applied()
        if isinstance(change, SheetConfirmed):
            self.confirmed.add((change.juror, change.proposal, change.phase))
            return Applied({change.proposal})
        if isinstance(change, AttendanceChange):
            (self.absent.discard if change.present else self.absent.add)(change.juror)
            return Applied()
        if isinstance(change, SecondEntry | EntriesReconciled):
            self.second_entries.apply(change)
            return Applied({change.proposal})
        if isinstance(change, DoubleEntrySet):
            self.second_entries.apply(change)
            return Applied()
        if isinstance(change, Observation):
            self.observations.append(change.text)
            return Applied()
        if isinstance(change, MinutesDetails):
            self.minutes = change
            return Applied()
        if isinstance(change, ImageSet):
            if change.sha256 is None:
                self.images.pop(change.proposal, None)
            else:
                self.images[change.proposal] = change.sha256
            return Applied({change.proposal})
        if isinstance(change, PresentationStarted):
            previous, self.presenting = self.presenting, change.proposal
            return Applied({p for p in (previous, change.proposal) if p})
        if isinstance(change, ScoreChange):
            score = Score(change.juror, change.proposal, change.criterion, change.value)
            contest.scores[score.key] = score
            if change.reason is not None and change.old is not None:
                self.corrections.setdefault(score.key, []).append(
                    (decimal_text(change.old), decimal_text(change.value), change.reason))
            # The proposal itself always: its sheets changed even when its result did not.
            return Applied(tally.score_changed(*score.key, change.value) | {change.proposal})
        if isinstance(change, RecusalRecorded):
            recusal = change.recusal
            changed = self._take_off(recusal.juror, recusal.proposal, change.removed)
            contest.recusals.append(recusal)
            self.second_entries.forget(recusal.juror, recusal.proposal)
            self.index().recused[(recusal.juror, recusal.proposal)] = recusal
            return Applied(changed | tally.recused(recusal) | {recusal.proposal})
        if isinstance(change, AbsenceChange):
            a = change.absence
            key = (a.juror, a.proposal, a.phase)
            changed = self._take_off(a.juror, a.proposal, change.removed)
            if change.absent:
                contest.absences.append(a)
                self.second_entries.forget(*key)
                self.index().absent[key] = a
            else:
                contest.absences[:] = [x for x in contest.absences
                                       if (x.juror, x.proposal, x.phase) != key]
                self.index().absent.pop(key, None)
            return Applied(changed | tally.absence_changed(*key, change.absent) | {a.proposal})
        if isinstance(change, ItemWithdrawn):
            w = change.withdrawal
            contest.withdrawals.append(w)
            self.index().withdrawn[w.proposal] = w
            return Applied(tally.withdrawn(w.proposal) | {w.proposal})
        if isinstance(change, ScoreRemoved):
            changed = self._take_off(change.juror, change.proposal,
                                     ((change.criterion, change.old),))
            return Applied(changed | {change.proposal})
        if isinstance(change, Draw):
            contest.draws.append(change)
            return Applied(tally.draw_added(change))
        raise TypeError(change)

    def _take_off(self, juror: str, proposal: str,
                  removed: tuple[tuple[str, Decimal], ...]) -> set[str]:
        """Take the juror's listed values off the item's sheets; their sheets are no longer
        confirmed. Returns the items whose result may have changed."""
        assert self.contest is not None and self.tally is not None
        changed: set[str] = set()
        criteria = self.index().criteria
        for criterion, _value in removed:
            self.contest.scores.pop((juror, proposal, criterion), None)
            self.confirmed.discard((juror, proposal, criteria[criterion][0].id))
            changed |= self.tally.score_changed(juror, proposal, criterion, None)
        return changed

    def _forget_removed(self, contest: Contest) -> None:
        """Session records of items no longer in the contest (removed while preparing); an
        item is a proposal or a follow-up item."""
        proposals = {p.id for p in contest.proposals} | {i.id for i in contest.followup_items}
        jurors = {j.id for j in contest.jurors}
        self.absent &= jurors
        self.images = {p: h for p, h in self.images.items() if p in proposals}
        self.confirmed = {c for c in self.confirmed if c[0] in jurors and c[1] in proposals}
        self.second_entries.keep(jurors, proposals)
        if self.presenting not in proposals:
            self.presenting = None

    @property
    def closed(self) -> bool:
        return self.session == CLOSED


def replay(events: list[dict[str, Any]]) -> ContestState:
    """Rebuild a contest from its events (envelopes already checked). Raises `ChangeRefused`
    naming the first event that cannot be applied."""
    state = ContestState()
    done = 0
    try:
        for _applied in state.apply_events(events, lambda i: f"events[{i}].data"):
            done += 1
    except ChangeRefused as refused:
        raise ChangeRefused(N_("event {seq} cannot be applied: {problem}"),
                            f"events[{done}]", seq=events[done].get("seq"),
                            problem=refused) from None
    return state


def _additions(events: list[dict[str, Any]], start: int) -> int:
    """How many events from ``start`` add items of one kind in a row (0: not an addition)."""
    kind = events[start].get("kind")
    if not isinstance(kind, str):  # a malformed kind (a list…): the ordinary path refuses it
        return 0
    end = start
    while (kind in ADDITIONS and end < len(events) and events[end].get("kind") == kind
           and isinstance(events[end].get("data"), dict)):
        end += 1
    return end - start
