"""What each audience scene shows, as plain data computed from the committed state.

Nothing here draws and nothing here writes: every function reads a `ReadableState` (the
contest, its tally and the session's confirmations) and returns frozen data that the window
paints and the tests compare with the engine's tally. Work is proportional to what is on
screen — one proposal's sheets, one page of a ranking — never to the size of the contest, so
a 3,000-proposal contest repaints as fast as a 30-proposal one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Protocol

from ...domain.board import EXCEEDS as EXCEEDS_BUDGET
from ...domain.model import Contest, Criterion, FollowupItem, LocalizedText, Phase, Proposal
from ...domain.scoring import APPROVED, INCOMPLETE, REJECTED, WITHDRAWN
from ...domain.tally import ProposalResult, Tally

# Row statuses of the ranking, each shown in words, colour and an icon.
FUNDED = "funded"
PARTLY_FUNDED = "partly_funded"
PENDING = "pending"
TIE_DRAW = "tie_draw"
EXCEEDS = "exceeds"
EXHAUSTED = "exhausted"
ROW_REJECTED = "rejected"
ROW_INCOMPLETE = "incomplete"
ROW_WITHDRAWN = "withdrawn"

# Juror columns of the "now presenting" scene, and the juror of a read-back.
SCORING = "scoring"
RECUSED = "recused"
ABSENT = "absent"


class ReadableState(Protocol):
    """The reading half of `ContestState`: all an audience scene may look at."""

    @property
    def contest(self) -> Contest | None: ...
    @property
    def tally(self) -> Tally | None: ...
    @property
    def presenting(self) -> str | None: ...

    def is_confirmed(self, juror: str, proposal: str, phase: str) -> bool: ...
    def is_absent(self, juror: str) -> bool: ...
    def corrections_of(self, juror: str, proposal: str,
                       criterion: str) -> tuple[tuple[str, str, str], ...]: ...
    def is_pending(self, proposal: str) -> bool: ...
    def sheet_progress(self, proposal: str) -> tuple[int, int]: ...


# --- now presenting -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JurorColumn:
    juror: str
    name: str
    state: str
    """`SCORING`, `RECUSED` or `ABSENT` (from that phase of the item, or from the session
    before her sheet was filled): those two have no values."""
    values: tuple[Decimal | None, ...]
    """One per criterion of the phase shown, None where not (yet) entered."""
    total: Decimal | None
    """The weighted total of a complete sheet, else None."""
    confirmed: bool
    """Read back and confirmed ("conforme")."""
    corrected: tuple[bool, ...] = ()
    """One per criterion: the value was corrected after the read-back."""
    reason: str | None = None
    """Why a recused or absent juror does not score, as recorded (shown under the word)."""
    awaited: bool = True
    """Her sheet is waited for: False for an item that waits for no sheet (a second-tranche
    item not eligible, a withdrawn item), whose columns then show no hourglass."""


@dataclass(frozen=True, slots=True)
class Correction:
    juror_name: str
    criterion: LocalizedText
    old: str
    new: str
    reason: str


@dataclass(frozen=True, slots=True)
class PhaseLine:
    phase: str
    name: LocalizedText
    score: Fraction | None


@dataclass(frozen=True, slots=True)
class Presenting:
    proposal: Proposal
    category: LocalizedText
    currency: str
    phase: str
    phase_name: LocalizedText
    criteria: tuple[Criterion, ...]
    columns: tuple[JurorColumn, ...]
    phases: tuple[PhaseLine, ...]
    final: Fraction | None
    pass_score: Decimal
    status: str
    """`PENDING` until every sheet is confirmed, then approved, rejected or incomplete."""
    confirmed: int
    sheets: int
    corrections: tuple[Correction, ...] = ()
    """Corrections of confirmed values of this proposal and phase, with their reasons."""

    @property
    def entry(self) -> str:
        """The id of what is shown (`followup_scenes.ItemPresenting` has one too)."""
        return self.proposal.id


class ShownSheets(Protocol):
    """What the jurors' sheets and the result band of a now-presenting scene read: a
    proposal's (`Presenting`) or a follow-up item's (`followup_scenes.ItemPresenting`)."""

    @property
    def entry(self) -> str: ...
    @property
    def phase(self) -> str: ...
    @property
    def phase_name(self) -> LocalizedText: ...
    @property
    def criteria(self) -> tuple[Criterion, ...]: ...
    @property
    def columns(self) -> tuple[JurorColumn, ...]: ...
    @property
    def corrections(self) -> tuple[Correction, ...]: ...
    @property
    def phases(self) -> tuple[PhaseLine, ...]: ...
    @property
    def final(self) -> Fraction | None: ...
    @property
    def pass_score(self) -> Decimal: ...
    @property
    def status(self) -> str: ...
    @property
    def confirmed(self) -> int: ...
    @property
    def sheets(self) -> int: ...


def weighted_total(criteria: tuple[Criterion, ...],
                   values: tuple[Decimal | None, ...]) -> Decimal | None:
    """A juror's total on one sheet (spec step 2), or None while the sheet is incomplete."""
    if any(v is None for v in values) or not values:
        return None
    return sum((c.weight * v for c, v in zip(criteria, values, strict=True)
                if v is not None), Decimal(0))


def juror_state(state: ReadableState, juror: str, proposal: str, phase: str) -> str:
    """`RECUSED` on the proposal, `ABSENT` from that phase of it (bundle v2 absences) or from
    the session with nothing on her sheet (attendance), else `SCORING`."""
    tally = state.tally
    assert tally is not None
    book = tally.book
    if (juror, proposal) in book.recused:
        return RECUSED
    if (juror, proposal, phase) in book.absent or (
            state.is_absent(juror) and not book.sheet(juror, proposal, phase)):
        return ABSENT
    return SCORING


def state_reason(state: ReadableState, juror: str, proposal: str, phase: str) -> str | None:
    """The recorded reason of a juror's recusal on the item, or of her absence from that
    phase of it (an absence may have none)."""
    contest = state.contest
    assert contest is not None
    for recusal in contest.recusals:
        if recusal.juror == juror and recusal.proposal == proposal:
            return recusal.reason
    for absence in contest.absences:
        if (absence.juror, absence.proposal, absence.phase) == (juror, proposal, phase):
            return absence.reason
    return None


def juror_columns(state: ReadableState, item_id: str,
                  phase: Phase) -> tuple[tuple[JurorColumn, ...], tuple[Correction, ...]]:
    """One column per juror who scores ``phase`` (values, total, read-back, recusal or
    absence), and the corrections of confirmed values on those sheets: a proposal's or a
    follow-up item's, alike."""
    tally = state.tally
    contest = state.contest
    assert contest is not None and tally is not None
    criteria = tuple(phase.criteria)
    book = tally.book
    columns = []
    corrections: list[Correction] = []
    for juror in contest.jurors:
        if phase.id not in juror.phases:
            continue
        sheet = book.sheet(juror.id, item_id, phase.id)
        values = tuple(sheet.get(c.id) for c in criteria)
        is_confirmed = state.is_confirmed(juror.id, item_id, phase.id)
        column_state = juror_state(state, juror.id, item_id, phase.id)
        corrected = []
        for criterion in criteria:
            made = state.corrections_of(juror.id, item_id, criterion.id)
            corrected.append(bool(made))
            corrections.extend(Correction(juror.name, criterion.name, old, new, reason)
                               for old, new, reason in made)
        reason = (state_reason(state, juror.id, item_id, phase.id)
                  if column_state != SCORING else None)
        columns.append(JurorColumn(juror.id, juror.name, column_state, values,
                                   weighted_total(criteria, values), is_confirmed,
                                   tuple(corrected), reason))
    return tuple(columns), tuple(corrections)


def presenting(state: ReadableState, proposal_id: str, phase_id: str | None) -> Presenting:
    """The scene of one proposal and one of its phases (default: the first)."""
    contest, tally = state.contest, state.tally
    assert contest is not None and tally is not None
    proposal = tally.proposals[proposal_id]
    phase = contest.phase(phase_id) if phase_id else None
    phase = phase or contest.phases[0]
    criteria = tuple(phase.criteria)
    columns, corrections = juror_columns(state, proposal_id, phase)
    confirmed, sheets = state.sheet_progress(proposal_id)
    score = tally.scores[proposal_id]
    phase_scores = score.phase_scores or {}
    lines = tuple(PhaseLine(p.id, p.name, phase_scores.get(p.id)) for p in contest.phases)
    status = score.status
    if status != INCOMPLETE and confirmed < sheets:
        status = PENDING
    category = contest.category(proposal.category)
    return Presenting(
        proposal=proposal, category=category.name if category else proposal.category,
        currency=contest.currency, phase=phase.id, phase_name=phase.name, criteria=criteria,
        columns=columns, phases=lines, final=score.final,
        pass_score=contest.rules.pass_score, status=status, confirmed=confirmed,
        sheets=sheets, corrections=corrections)


# --- read-back --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadBack:
    juror: str
    juror_name: str
    juror_role: str | None
    proposal: Proposal | FollowupItem
    """The proposal, or the follow-up item, whose sheet is read back."""
    phase: str
    phase_name: LocalizedText
    criteria: tuple[Criterion, ...]
    values: tuple[Decimal | None, ...]
    total: Decimal | None
    confirmed: bool
    state: str = SCORING
    """`RECUSED` or `ABSENT` (see `juror_state`): no sheet to read back."""


def read_back(state: ReadableState, juror_id: str, proposal_id: str, phase_id: str) -> ReadBack:
    contest, tally = state.contest, state.tally
    assert contest is not None and tally is not None
    juror = contest.juror(juror_id)
    phase = contest.phase(phase_id)
    assert juror is not None and phase is not None
    criteria = tuple(phase.criteria)
    sheet = tally.book.sheet(juror_id, proposal_id, phase_id)
    values = tuple(sheet.get(c.id) for c in criteria)
    entry = tally.proposals.get(proposal_id) or tally.items[proposal_id]
    return ReadBack(juror_id, juror.name, juror.role, entry, phase_id,
                    phase.name, criteria, values, weighted_total(criteria, values),
                    state.is_confirmed(juror_id, proposal_id, phase_id),
                    juror_state(state, juror_id, proposal_id, phase_id))


# --- ranking ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RankingRow:
    proposal: str
    organization: str
    rank: int | None
    tie: bool
    final: Fraction | None
    requested: Decimal
    award: Fraction
    status: str
    provisional: bool
    """Some of its sheets are not confirmed yet: its rank and award may still change."""


@dataclass(frozen=True, slots=True)
class RankingPage:
    category: str
    name: LocalizedText
    currency: str
    budget: Fraction
    allocated: Fraction
    remaining: Fraction
    rows: tuple[RankingRow, ...]
    first: int
    """Position of the page's first row in the category's whole list."""
    total_rows: int
    funding_line: int
    """Rows of the whole list above the funding line (after the last funded row)."""
    pending: int
    """Proposals of the category still provisional (their sheets not all confirmed)."""


def row_status(result: ProposalResult, provisional: bool) -> str:
    """The row's status in words. A proposal the allocation passes over because it does not
    fit the remaining budget says so even while its sheets are still being confirmed: that
    is the rule's reason, not a result still to come."""
    if result.status == WITHDRAWN:
        return ROW_WITHDRAWN
    if result.status == APPROVED and not result.funded and result.reason == EXCEEDS_BUDGET:
        return EXCEEDS
    if provisional and result.status != INCOMPLETE:
        return PENDING
    if result.funded:
        return PARTLY_FUNDED if result.partial else FUNDED
    if result.status == REJECTED:
        return ROW_REJECTED
    if result.status == INCOMPLETE:
        return ROW_INCOMPLETE
    assert result.status == APPROVED
    return {"tie_needs_draw": TIE_DRAW, "budget_exhausted": EXHAUSTED}.get(
        result.reason or "", EXCEEDS)


def is_provisional(state: ReadableState, proposal: str) -> bool:
    """Its result may still change: some eligible sheet is not confirmed
    (`ContestState.is_pending`). A withdrawn proposal is never scored, so never waited for."""
    tally = state.tally
    assert tally is not None
    return tally.scores[proposal].status != WITHDRAWN and state.is_pending(proposal)


class RankingIndex:
    """Each category's rows in the spec's order, as ids, rebuilt only for the categories an
    event touched and only when a ranking is looked at; which proposals are still
    provisional is kept up to date proposal by proposal, so whether a category's results are
    final (`is_final`) costs nothing to ask."""

    def __init__(self) -> None:
        self._order: dict[str, list[str]] = {}
        self._funding_line: dict[str, int] = {}
        self._pending: dict[str, set[str]] | None = None

    def touched(self, state: ReadableState, proposals: set[str] | None) -> None:
        """An event changed ``proposals`` (None: anything may have changed)."""
        if proposals is None or self._pending is None:
            self._order.clear()
            self._funding_line.clear()
            self._pending = None
            return
        tally = state.tally
        assert tally is not None
        for pid in proposals:
            category = tally.proposals[pid].category
            self._order.pop(category, None)
            pending = self._pending.setdefault(category, set())
            (pending.add if is_provisional(state, pid) else pending.discard)(pid)

    def _pending_of(self, state: ReadableState, category: str) -> set[str]:
        if self._pending is None:
            contest = state.contest
            assert contest is not None
            self._pending = {c.id: set() for c in contest.categories}
            for p in contest.proposals:
                if is_provisional(state, p.id):
                    self._pending.setdefault(p.category, set()).add(p.id)
        return self._pending.setdefault(category, set())

    def pending(self, state: ReadableState, category: str) -> int:
        """How many proposals of ``category`` still have sheets to confirm."""
        return len(self._pending_of(state, category))

    def is_final(self, state: ReadableState, category: str) -> bool:
        """Whether the category's results are final: every sheet of every proposal not
        withdrawn is confirmed. Only then may they be revealed."""
        return not self._pending_of(state, category)

    def order(self, state: ReadableState, category: str) -> list[str]:
        if category not in self._order:
            contest, tally = state.contest, state.tally
            assert contest is not None and tally is not None
            board = tally.boards[category]
            ranked = board.order()
            on_board = set(ranked)
            unranked = sorted((p for p in contest.proposals
                               if p.category == category and p.id not in on_board),
                              key=lambda p: p.order)
            line = 0
            for k, pid in enumerate(ranked):
                if board.allocation[pid].funded:
                    line = k + 1
            self._order[category] = ranked + [p.id for p in unranked]
            self._funding_line[category] = line
        return self._order[category]

    def funding_line(self, state: ReadableState, category: str) -> int:
        self.order(state, category)
        return self._funding_line[category]

    def page(self, state: ReadableState, category: str, first: int,
             size: int) -> RankingPage:
        """``size`` rows of ``category`` from position ``first``."""
        contest, tally = state.contest, state.tally
        assert contest is not None and tally is not None
        order = self.order(state, category)
        pending = self._pending_of(state, category)
        board = tally.boards[category]
        rows = []
        for pid in order[first:first + size]:
            score = tally.scores[pid]
            ranked = None
            if score.status == APPROVED and score.final is not None:
                ranked = board.rank_and_tie(pid, score.final)
            result = tally.result(pid, ranked)
            waiting = pid in pending
            rows.append(RankingRow(pid, tally.proposals[pid].organization, result.rank,
                                   result.tie, result.final_score,
                                   tally.proposals[pid].requested, result.award,
                                   row_status(result, waiting), waiting))
        found = contest.category(category)
        summary = tally.category_result(category)
        return RankingPage(category, found.name if found else category, contest.currency,
                           summary.budget, summary.allocated, summary.remaining, tuple(rows),
                           first, len(order), self._funding_line[category], len(pending))


# --- interludes -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JuryMember:
    name: str
    role: str | None


@dataclass(frozen=True, slots=True)
class Welcome:
    title: str
    place: tuple[str, ...]
    date: str
    jury: tuple[JuryMember, ...]


def welcome(state: ReadableState) -> Welcome:
    """Title, place, date and the jury by name and cargo (never their DNI)."""
    contest = state.contest
    assert contest is not None
    place = contest.place
    parts = () if place is None else tuple(
        p for p in (place.community, place.district, place.province, place.region) if p)
    return Welcome(contest.title, parts, contest.date,
                   tuple(JuryMember(j.name, j.role) for j in contest.jurors))
