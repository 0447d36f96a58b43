"""What the projector shows of the second-tranche evaluations, as plain data.

Like `scenes`, nothing here draws or writes: each function reads a `ReadableState` and returns
frozen data, which the window paints and the tests compare with the engine's tally. A
follow-up item is presented as a proposal is (one column per juror, the follow-up phases'
scores, the pass mark) with what only an item has: the first-tranche award it evaluates, the
share of that tranche the office found justified against the minimum, and whether the second
tranche is released. The results board lists every item with its status and the amount
released, and the total released of the total due.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from ...domain.model import Criterion, FollowupItem, LocalizedText
from ...domain.scoring import APPROVED, INCOMPLETE, INELIGIBLE, REJECTED, WITHDRAWN
from .scenes import (
    PENDING,
    Correction,
    JurorColumn,
    PhaseLine,
    ReadableState,
    juror_columns,
)

# The statuses of an item, as the engine gives them (`domain.scoring`), and `PENDING` while
# some of its sheets are still to be confirmed.
ITEM_STATUSES = (PENDING, APPROVED, REJECTED, INELIGIBLE, INCOMPLETE, WITHDRAWN)


@dataclass(frozen=True, slots=True)
class ItemPresenting:
    """The now-presenting scene of a follow-up item and one of its phases."""

    item: FollowupItem
    currency: str
    phase: str
    phase_name: LocalizedText
    criteria: tuple[Criterion, ...]
    columns: tuple[JurorColumn, ...]
    phases: tuple[PhaseLine, ...]
    """Every follow-up phase, with its score once it can be computed."""
    final: Fraction | None
    pass_score: Decimal
    min_justified: Decimal
    """The share of the first tranche (in %) that must be justified: below it, no release."""
    status: str
    """One of `ITEM_STATUSES`: `PENDING` until every sheet is confirmed (an item not eligible
    or withdrawn waits for none)."""
    released: Decimal
    """The second tranche released (0 unless approved with every sheet confirmed)."""
    confirmed: int
    sheets: int
    corrections: tuple[Correction, ...] = ()

    @property
    def entry(self) -> str:
        return self.item.id

    @property
    def justified_enough(self) -> bool:
        return self.item.justified_percent >= self.min_justified


def is_item(state: ReadableState, entry: str | None) -> bool:
    """Whether ``entry`` names a follow-up item of the contest (not a proposal)."""
    tally = state.tally
    return entry is not None and tally is not None and entry in tally.items


def item_status(state: ReadableState, item_id: str) -> str:
    """The engine's status of the item, or `PENDING` while it would be approved or not
    approved but some of its sheets are not confirmed yet: a result is announced only once
    every sheet is read back. An item not eligible, withdrawn or still incomplete says so at
    once (no confirmation can change that)."""
    tally = state.tally
    assert tally is not None
    status = tally.scores[item_id].status
    if status in (APPROVED, REJECTED) and state.is_pending(item_id):
        return PENDING
    return status


def waits_for_sheets(state: ReadableState, item_id: str) -> bool:
    """Its result may still change: some of its sheets are not confirmed. An item not
    eligible (the office's review decides it) or withdrawn waits for none; an incomplete one
    does, as a proposal does on the ranking (`scenes.is_provisional`)."""
    tally = state.tally
    assert tally is not None
    return tally.scores[item_id].status not in (WITHDRAWN, INELIGIBLE) \
        and state.is_pending(item_id)


def item_presenting(state: ReadableState, item_id: str, phase_id: str | None) -> ItemPresenting:
    """The scene of one follow-up item and one of its phases (default: the first)."""
    contest, tally = state.contest, state.tally
    assert contest is not None and tally is not None and contest.followups is not None
    followups = contest.followups
    item = tally.items[item_id]
    phase = next((p for p in followups.phases if p.id == phase_id), followups.phases[0])
    columns, corrections = juror_columns(state, item_id, phase)
    if contest.waits_for_no_sheet(item_id):  # not eligible or withdrawn: nothing to wait for
        columns = tuple(replace(c, awaited=False) for c in columns)
    confirmed, sheets = state.sheet_progress(item_id)
    score = tally.scores[item_id]
    phase_scores = score.phase_scores or {}
    lines = tuple(PhaseLine(p.id, p.name, phase_scores.get(p.id)) for p in followups.phases)
    status = item_status(state, item_id)
    released = tally.followup_result(item_id).released if status == APPROVED \
        else Decimal("0.00")
    return ItemPresenting(
        item=item, currency=contest.currency, phase=phase.id, phase_name=phase.name,
        criteria=tuple(phase.criteria), columns=columns, phases=lines, final=score.final,
        pass_score=followups.rules.pass_score,
        min_justified=followups.rules.min_justified_percent, status=status,
        released=released, confirmed=confirmed, sheets=sheets, corrections=corrections)


# --- the results board ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BoardRow:
    item: str
    order: int
    organization: str
    final: Fraction | None
    second_tranche: Decimal
    released: Decimal
    """What is released now: the second tranche once approved and final, else 0."""
    status: str
    """One of `ITEM_STATUSES`."""


@dataclass(frozen=True, slots=True)
class BoardPage:
    currency: str
    rows: tuple[BoardRow, ...]
    first: int
    """Position of the page's first row in the whole list."""
    total_rows: int
    due: Decimal
    """The second tranches of every item."""
    released: Decimal
    """Released so far (items approved with every sheet confirmed)."""
    pending: int
    """Items still waiting for sheets to be confirmed (`waits_for_sheets`)."""
    pass_score: Decimal
    min_justified: Decimal


class FollowupIndex:
    """The items in their order and which of them still wait for sheets, kept current item
    by item: whether the board is final (`is_final`) costs nothing to ask, and a page costs
    its own rows plus one sum over the items."""

    def __init__(self) -> None:
        self._order: list[str] | None = None
        self._pending: set[str] | None = None

    def touched(self, state: ReadableState, entries: set[str] | None) -> None:
        """An event changed ``entries`` (None: anything may have changed)."""
        if entries is None or self._pending is None or self._order is None:
            self._order = None
            self._pending = None
            return
        tally = state.tally
        assert tally is not None
        for entry in entries:
            if entry in tally.items:
                (self._pending.add if waits_for_sheets(state, entry)
                 else self._pending.discard)(entry)

    def order(self, state: ReadableState) -> list[str]:
        if self._order is None:
            contest = state.contest
            assert contest is not None
            self._order = [i.id for i in sorted(contest.followup_items, key=lambda i: i.order)]
        return self._order

    def _pending_items(self, state: ReadableState) -> set[str]:
        if self._pending is None:
            self._pending = {i for i in self.order(state) if waits_for_sheets(state, i)}
        return self._pending

    def pending(self, state: ReadableState) -> int:
        """How many items still have sheets to confirm."""
        return len(self._pending_items(state))

    def is_final(self, state: ReadableState) -> bool:
        """Every item's result is final: no item waits for a sheet to be confirmed
        (`waits_for_sheets`). Only then may the board be revealed."""
        return not self._pending_items(state)

    def page(self, state: ReadableState, first: int, size: int) -> BoardPage:
        """``size`` rows of the board from position ``first``."""
        contest, tally = state.contest, state.tally
        assert contest is not None and tally is not None
        order = self.order(state)
        pending = self._pending_items(state)
        rows = []
        for item_id in order[first:first + size]:
            item = tally.items[item_id]
            score = tally.scores[item_id]
            status = PENDING if item_id in pending and score.status != INCOMPLETE \
                else score.status
            released = item.second_tranche if status == APPROVED else Decimal("0.00")
            rows.append(BoardRow(item_id, item.order, item.organization, score.final,
                                 item.second_tranche, released, status))
        due = sum((tally.items[i].second_tranche for i in order), Decimal(0))
        released = sum((tally.items[i].second_tranche for i in order
                        if i not in pending and tally.scores[i].status == APPROVED),
                       Decimal(0))
        followups = contest.followups
        rules = followups.rules if followups is not None else None
        return BoardPage(contest.currency, tuple(rows), first, len(order), due, released,
                         len(pending), rules.pass_score if rules else Decimal(0),
                         rules.min_justified_percent if rules else Decimal(0))
