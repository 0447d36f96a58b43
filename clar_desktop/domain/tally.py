"""The tally of a contest: every proposal's scores, rank, award and tranches (spec, Tally).

`Tally` computes everything once from a `Contest` and then keeps it current as single scores,
recusals, absences, withdrawals and draws arrive (`score_changed`, `recused`,
`absence_changed`, `withdrawn`, `draw_added`); each of those returns the ids of the items
whose result may have changed, so views refresh only those rows. `results()` gives the
spec's output (version 2's ``followups`` keys only for a contest that has follow-ups);
`Tally(contest).results()` and a tally kept current by changes give identical results.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .board import NOT_FUNDED, Allocation, CategoryBoard
from .bundle import Bundle
from .jsontext import bulk
from .model import Contest, Draw, Recusal
from .numbers import format_2dp, round_half_up
from .ranking import TieBreaker
from .scoring import (
    APPROVED,
    INCOMPLETE,
    INELIGIBLE,
    REJECTED,
    WITHDRAWN,
    ProposalScore,
    ScoreBook,
    Sheets,
)

UNFUNDED_REASONS = {REJECTED: "rejected", INCOMPLETE: "incomplete", WITHDRAWN: "withdrawn"}
NOTHING = Decimal("0.00")
ITEM_REASONS = {**UNFUNDED_REASONS, INELIGIBLE: "insufficient_justification", APPROVED: None}


@dataclass(frozen=True, slots=True)
class ProposalResult:
    """One proposal's line of the tally. Amounts are exact; use `to_json` for output."""

    proposal: str
    category: str
    status: str
    final_score: Fraction | None
    phase_scores: dict[str, Fraction] | None
    rank: int | None
    tie: bool
    funded: bool
    partial: bool
    award: Fraction
    first_tranche: Decimal
    second_tranche: Decimal
    reason: str | None

    def to_json(self) -> dict[str, Any]:
        phases = self.phase_scores
        return {
            "proposal": self.proposal, "category": self.category, "status": self.status,
            "final_score": None if self.final_score is None else format_2dp(self.final_score),
            "phase_scores": None if phases is None else {
                k: format_2dp(v) for k, v in phases.items()},
            "rank": self.rank, "tie": self.tie, "funded": self.funded, "partial": self.partial,
            "award": format_2dp(self.award), "first_tranche": format_2dp(self.first_tranche),
            "second_tranche": format_2dp(self.second_tranche), "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class CategoryResult:
    id: str
    budget: Fraction
    allocated: Fraction
    remaining: Fraction

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "budget": format_2dp(self.budget),
                "allocated": format_2dp(self.allocated), "remaining": format_2dp(self.remaining)}


@dataclass(frozen=True, slots=True)
class FollowupResult:
    """One second-tranche evaluation's line (spec v2, Tally of an item)."""

    item: str
    status: str
    final_score: Fraction | None
    phase_scores: dict[str, Fraction] | None
    released: Decimal
    reason: str | None

    def to_json(self) -> dict[str, Any]:
        phases = self.phase_scores
        return {
            "item": self.item, "status": self.status,
            "final_score": None if self.final_score is None else format_2dp(self.final_score),
            "phase_scores": None if phases is None else {
                k: format_2dp(v) for k, v in phases.items()},
            "released": format_2dp(self.released), "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class TallyResults:
    contest: str
    results: list[ProposalResult]
    categories: list[CategoryResult]
    followups: list[FollowupResult] | None = None
    """None for a contest without follow-up evaluations (its output is version 1's)."""
    followups_due: Decimal = Decimal(0)
    followups_released: Decimal = Decimal(0)

    def to_json(self) -> dict[str, Any]:
        """Exactly the spec's ``tally --format json`` object."""
        data: dict[str, Any] = {
            "contest": self.contest, "results": [r.to_json() for r in self.results],
            "categories": [c.to_json() for c in self.categories]}
        if self.followups is not None:
            data["followups"] = [f.to_json() for f in self.followups]
            data["followups_total"] = {"due": format_2dp(self.followups_due),
                                       "released": format_2dp(self.followups_released)}
        return data


class Tally:
    """A contest's results, computed once and then kept current change by change.

    The tally reads the contest it is given; callers change the contest and then tell the
    tally what changed (`ContestState` in ``events.py`` does both in one step).
    """

    def __init__(self, contest: Contest, sheets: Sheets | None = None) -> None:
        """``sheets``: see `tally`."""
        self.contest = contest
        self.rebuild(sheets)

    def rebuild(self, sheets: Sheets | None = None) -> None:
        """Recompute everything (after a change of rules, sheets, jurors or proposals)."""
        contest = self.contest
        self.book = ScoreBook(contest, sheets)
        self.first_share = Fraction(contest.rules.first_tranche_percent) / 100
        self.proposals = {p.id: p for p in contest.proposals}
        self.scores: dict[str, ProposalScore] = {
            p.id: self.book.score_of(p.id) for p in contest.proposals}
        self.items = {item.id: item for item in contest.followup_items}
        for item_id in self.items:
            self.scores[item_id] = self.book.score_of(item_id)
        ties = TieBreaker(contest.rules.tie_break, self.proposals, self.scores, contest.draws)
        self.boards: dict[str, CategoryBoard] = {}
        for category in contest.categories:
            members = [p for p in contest.proposals if p.category == category.id]
            asks = {p.id: self._ask(Fraction(p.requested), category.max_award)
                    for p in members}
            board = CategoryBoard(category, contest.rules, asks, ties)
            board.build(self._finals(p.id for p in members))
            self.boards[category.id] = board

    @staticmethod
    def _ask(requested: Fraction, max_award: Decimal | None) -> Fraction:
        return requested if max_award is None else min(requested, Fraction(max_award))

    def _finals(self, ids: Iterable[str]) -> dict[str, Fraction]:
        finals = {}
        for pid in ids:
            score = self.scores[pid]
            if score.status == APPROVED and score.final is not None:
                finals[pid] = score.final
        return finals

    # -- changes -------------------------------------------------------------------------------
    def score_changed(self, juror: str, proposal: str, criterion: str,
                      value: Decimal | None) -> set[str]:
        """A value was entered, corrected or removed. Returns proposals whose result moved."""
        self.book.set_value(juror, proposal, criterion, value)
        return self._rescore(proposal)

    def recused(self, recusal: Recusal) -> set[str]:
        self.book.recuse(recusal.juror, recusal.proposal)
        return self._rescore(recusal.proposal)

    def absence_changed(self, juror: str, proposal: str, phase: str, absent: bool) -> set[str]:
        """An absence was recorded (``absent``) or withdrawn."""
        self.book.set_absent(juror, proposal, phase, absent)
        return self._rescore(proposal)

    def withdrawn(self, proposal: str) -> set[str]:
        """The item did not present or withdrew."""
        self.book.withdraw(proposal)
        return self._rescore(proposal)

    def draw_added(self, draw: Draw) -> set[str]:
        """A draw can resolve any tie; re-rank the categories it touches."""
        touched = {self.proposals[pid].category for pid in draw.proposals}
        changed: set[str] = set()
        for category in touched:
            board = self.boards[category]
            board.refresh(self._finals(p.id for p in self.contest.proposals
                                       if p.category == category))
            changed.update(p.id for p in self.contest.proposals if p.category == category)
        return changed

    def _rescore(self, pid: str) -> set[str]:
        before = self.scores[pid]
        after = self.book.score_of(pid)
        self.scores[pid] = after
        if after == before:
            return set()
        if pid in self.items:
            return {pid}
        old = before.final if before.status == APPROVED else None
        new = after.final if after.status == APPROVED else None
        board = self.boards[self.proposals[pid].category]
        changed = {pid}
        if old is not None or new is not None:
            changed |= board.update(pid, old, new)
        return changed

    # -- results -------------------------------------------------------------------------------
    def result(self, pid: str, ranked: tuple[int, bool] | None = None) -> ProposalResult:
        """The current result of one proposal (``ranked``: its rank and tie, if known)."""
        proposal = self.proposals[pid]
        score = self.scores[pid]
        board = self.boards[proposal.category]
        rank: int | None = None
        tie = False
        if score.status == APPROVED and score.final is not None:
            rank, tie = ranked or board.rank_and_tie(pid, score.final)
            allocation = board.allocation[pid]
        else:
            allocation = Allocation(False, False, Fraction(0), UNFUNDED_REASONS[score.status])
        award = allocation.award
        if award:
            first = round_half_up(award * self.first_share)
            second = round_half_up(award) - first
        else:
            first = second = NOTHING
        return ProposalResult(
            proposal=pid, category=proposal.category, status=score.status,
            final_score=score.final, phase_scores=score.phase_scores, rank=rank, tie=tie,
            funded=allocation.funded, partial=allocation.partial, award=allocation.award,
            first_tranche=first, second_tranche=second,
            reason=allocation.reason)

    def followup_result(self, item_id: str) -> FollowupResult:
        """The current result of one follow-up item."""
        score = self.scores[item_id]
        released = self.items[item_id].second_tranche if score.status == APPROVED \
            else Decimal("0.00")
        return FollowupResult(item_id, score.status, score.final, score.phase_scores,
                              released, ITEM_REASONS[score.status])

    def category_result(self, category_id: str) -> CategoryResult:
        board = self.boards[category_id]
        return CategoryResult(category_id, board.budget, board.budget - board.remaining,
                              board.remaining)

    def results(self) -> TallyResults:
        """Every proposal's result in the spec's order: by category as listed, ranked ones by
        rank (ties by proposal id), then the unranked by presentation order."""
        lines: list[ProposalResult] = []
        for category in self.contest.categories:
            board = self.boards[category.id]
            ranking = board.ranking()
            lines.extend(self.result(pid, (rank, tie)) for pid, rank, tie in ranking)
            on_board = {pid for pid, _rank, _tie in ranking}
            unranked = sorted((p for p in self.contest.proposals
                               if p.category == category.id and p.id not in on_board),
                              key=lambda p: p.order)
            lines.extend(self.result(p.id) for p in unranked)
        categories = [self.category_result(c.id) for c in self.contest.categories]
        if self.contest.followups is None:
            return TallyResults(self.contest.id, lines, categories)
        items = sorted(self.items.values(), key=lambda i: i.order)
        followups = [self.followup_result(i.id) for i in items]
        return TallyResults(self.contest.id, lines, categories, followups,
                            sum((i.second_tranche for i in items), Decimal(0)),
                            sum((f.released for f in followups), Decimal(0)))


def tally(contest: Contest, sheets: Sheets | None = None) -> TallyResults:
    """The spec's tally of a contest, from scratch; ``sheets``: its scores already indexed,
    when ``contest.scores`` was left empty (`tally_bundle`)."""
    with bulk():
        return Tally(contest, sheets).results()


def tally_bundle(bundle: Bundle) -> TallyResults:
    """The tally of a bundle read with or without ``sheets_only`` (`parse_bundle`)."""
    return tally(bundle.contest, bundle.sheets)


__all__ = ["NOT_FUNDED", "CategoryResult", "FollowupResult", "ProposalResult", "Tally",
           "TallyResults", "tally", "tally_bundle"]
