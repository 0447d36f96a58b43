"""Scores of one item: eligible jurors, sheets, juror totals, phase and final scores.

Spec, Tally steps 1-6, with version 2's eligibility (absences) and statuses (withdrawn
items; follow-up items below the justified share). An *item* is a proposal, scored on the
contest's phases with the contest's rules, or a follow-up item, scored on the follow-up
phases with the follow-up rules. Everything is exact (`Fraction`); nothing is rounded here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, Rounded, localcontext
from fractions import Fraction

from .model import CRITERION_TIE_BREAK, Contest, FollowupRules, Rules

APPROVED = "approved"
REJECTED = "rejected"
INCOMPLETE = "incomplete"
WITHDRAWN = "withdrawn"
INELIGIBLE = "ineligible"
"""A follow-up item whose justified share of the first tranche is below the minimum."""

Sheet = dict[str, Decimal]
"""One juror's values for one proposal and phase, by criterion id."""

# Sums of products of short decimals are exact in decimal arithmetic with enough digits; the
# traps turn any rounding into an error instead of a silently wrong total (it cannot happen
# with values of fewer than 100 digits). Division (means) is done with Fraction.
EXACT = Context(prec=200, traps=[Inexact, Rounded])


_EXACT_VALUES: dict[Decimal, Fraction] = {}


def _exact(value: Decimal) -> Fraction:
    """``Fraction(value)``, made once per value (a tally compares every item with one)."""
    exact = _EXACT_VALUES.get(value)
    if exact is None:
        exact = _EXACT_VALUES[value] = Fraction(value)
    return exact


@dataclass(frozen=True, slots=True)
class ProposalScore:
    """What the jury's sheets say about one proposal."""

    status: str
    final: Fraction | None
    phase_scores: dict[str, Fraction] | None
    tie_values: dict[str, Fraction]
    """Mean value per criterion named by a ``criterion:`` tie-break key (complete only)."""


def aggregate(totals: list[Decimal], rules: Rules | FollowupRules) -> Fraction:
    """Combine the eligible jurors' totals into a phase score (mean, median, trimmed mean)."""
    n = len(totals)
    with localcontext(EXACT):
        if rules.aggregation == "median":
            ordered = sorted(totals)
            mid = n // 2
            if n % 2:
                return Fraction(ordered[mid])
            return Fraction(ordered[mid - 1] + ordered[mid]) / 2
        if rules.aggregation == "trimmed_mean" and 2 * rules.trim < n:
            ordered = sorted(totals)
            kept = ordered[rules.trim:n - rules.trim]
            return Fraction(sum(kept, Decimal(0))) / len(kept)
        return Fraction(sum(totals, Decimal(0))) / n


Sheets = dict[str, dict[tuple[str, str], Sheet]]
"""Every sheet: by item, then by (phase, juror)."""


def index_sheets(rows: Iterable[tuple[str, str, str, Decimal]],
                 phase_of: dict[str, str]) -> Sheets:
    """(juror, item, criterion, value) rows as sheets; ``phase_of`` gives each criterion's
    phase. A later row for the same juror, item and criterion replaces the earlier one."""
    sheets: Sheets = {}
    # A bundle lists a sheet's values together, so the sheet of the value before is
    # usually this one's.
    last: tuple[str, str, str] | None = None
    sheet: Sheet = {}
    for juror, item, criterion, value in rows:
        phase = phase_of[criterion]
        if last is None or item != last[0] or juror != last[1] or phase != last[2]:
            last = (item, juror, phase)
            by_item = sheets.get(item)
            if by_item is None:
                by_item = sheets[item] = {}
            found = by_item.get((phase, juror))
            if found is None:
                found = by_item[(phase, juror)] = {}
            sheet = found
        sheet[criterion] = value
    return sheets


def sheet_count(sheets: Sheets) -> int:
    """How many values the sheets hold."""
    return sum(len(sheet) for by_item in sheets.values() for sheet in by_item.values())


class ScoreBook:
    """The contest's sheets, indexed for computing one item at a time.

    It mirrors ``contest.scores``, ``recusals``, ``absences``, ``withdrawals``, ``jurors``
    and the phases; call `set_value`, `recuse`, `set_absent` and `withdraw` as those change,
    and `ProposalScore` objects come from `score_of`.
    """

    def __init__(self, contest: Contest, sheets: Sheets | None = None) -> None:
        """``sheets``: the contest's sheets already indexed (`index_sheets`) when
        ``contest.scores`` was left empty (`domain.bundle.parse_bundle` with
        ``sheets_only``); the book then owns them."""
        self.contest = contest
        self.phase_of: dict[str, str] = {}
        self.weight: dict[str, Decimal] = {}
        self.criteria_count: dict[str, int] = {}
        """Criteria per phase of the proposals (the contest's phases)."""
        self.followup_count: dict[str, int] = {}
        """Criteria per follow-up phase."""
        followups = contest.followups
        for counts, phases in ((self.criteria_count, contest.phases),
                               (self.followup_count, followups.phases if followups else ())):
            for phase in phases:
                counts[phase.id] = len(phase.criteria)
                for crit in phase.criteria:
                    self.phase_of[crit.id] = phase.id
                    self.weight[crit.id] = crit.weight
        self.unweighted = {phase.id for phase in contest.all_phases
                           if all(c.weight == 1 for c in phase.criteria)}
        """Phases whose criteria all weigh 1: a juror's total is then the plain sum."""
        self.items = {item.id: item for item in contest.followup_items}
        self.jurors_of_phase: dict[str, list[str]] = {
            p.id: [] for p in contest.all_phases}
        for juror in contest.jurors:
            for phase_id in juror.phases:
                self.jurors_of_phase[phase_id].append(juror.id)
        self.recused: set[tuple[str, str]] = {(r.juror, r.proposal) for r in contest.recusals}
        self.absent: set[tuple[str, str, str]] = {
            (a.juror, a.proposal, a.phase) for a in contest.absences}
        self.withdrawn: set[str] = {w.proposal for w in contest.withdrawals}
        self.sheets: Sheets = {p.id: {} for p in contest.proposals}
        if sheets is None:
            sheets = index_sheets(contest.scores.values(), self.phase_of)
        self.sheets.update(sheets)
        self.tie_criteria = [key[len(CRITERION_TIE_BREAK):] for key in contest.rules.tie_break
                             if key.startswith(CRITERION_TIE_BREAK)]

    def set_value(self, juror: str, proposal: str, criterion: str,
                  value: Decimal | None) -> None:
        sheets = self.sheets.setdefault(proposal, {})
        key = (self.phase_of[criterion], juror)
        if value is None:
            sheet = sheets.get(key)
            if sheet is not None:
                sheet.pop(criterion, None)
        else:
            sheets.setdefault(key, {})[criterion] = value

    def recuse(self, juror: str, proposal: str) -> None:
        self.recused.add((juror, proposal))

    def set_absent(self, juror: str, proposal: str, phase: str, absent: bool) -> None:
        (self.absent.add if absent else self.absent.discard)((juror, proposal, phase))

    def withdraw(self, proposal: str) -> None:
        self.withdrawn.add(proposal)

    def phases_of(self, proposal: str) -> dict[str, int]:
        """The item's phases with their number of criteria."""
        return self.followup_count if proposal in self.items else self.criteria_count

    def eligible(self, proposal: str, phase: str) -> list[str]:
        """Jurors who score ``phase``, are not recused on ``proposal`` and were not absent
        from that phase of it (spec v2, eligibility)."""
        recused, absent = self.recused, self.absent
        return [j for j in self.jurors_of_phase[phase] if (j, proposal) not in recused
                and (not absent or (j, proposal, phase) not in absent)]

    def sheet(self, juror: str, proposal: str, phase: str) -> Sheet:
        return self.sheets.get(proposal, {}).get((phase, juror), {})

    def score_of(self, proposal: str) -> ProposalScore:
        """The item's status and scores exactly as the spec's tally defines them."""
        if proposal in self.withdrawn:
            return ProposalScore(WITHDRAWN, None, None, {})
        item = self.items.get(proposal)
        if item is None:
            return self._score(proposal, self.contest.rules, self.criteria_count,
                               self.tie_criteria)
        followups = self.contest.followups
        assert followups is not None
        if item.justified_percent < followups.rules.min_justified_percent:
            return ProposalScore(INELIGIBLE, None, None, {})
        return self._score(proposal, followups.rules, self.followup_count, ())

    def _score(self, proposal: str, rules: Rules | FollowupRules, phases: dict[str, int],
               tie_criteria: list[str] | tuple[()]) -> ProposalScore:
        sheets = self.sheets.get(proposal, {})
        phase_scores: dict[str, Fraction] = {}
        eligible_by_phase: dict[str, list[str]] = {}
        weight = self.weight
        for phase_id, n_criteria in phases.items():
            eligible = self.eligible(proposal, phase_id)
            if not eligible or len(eligible) < rules.min_jurors:
                return ProposalScore(INCOMPLETE, None, None, {})
            totals = []
            unweighted = phase_id in self.unweighted
            with localcontext(EXACT):
                for juror in eligible:
                    sheet = sheets.get((phase_id, juror)) or {}
                    if len(sheet) < n_criteria:
                        return ProposalScore(INCOMPLETE, None, None, {})
                    totals.append(sum(sheet.values(), Decimal(0)) if unweighted else
                                  sum([weight[c] * v for c, v in sheet.items()], Decimal(0)))
            phase_scores[phase_id] = aggregate(totals, rules)
            eligible_by_phase[phase_id] = eligible
        each = iter(phase_scores.values())  # summed from the first: one addition fewer
        final = next(each, Fraction(0))
        for score in each:
            final += score
        tie_values = {}
        for crit in tie_criteria:
            eligible = eligible_by_phase[self.phase_of[crit]]
            values = [sheets[(self.phase_of[crit], j)][crit] for j in eligible]
            with localcontext(EXACT):
                tie_values[crit] = Fraction(sum(values, Decimal(0))) / len(values)
        status = APPROVED if final >= _exact(rules.pass_score) else REJECTED
        return ProposalScore(status, final, phase_scores, tie_values)
