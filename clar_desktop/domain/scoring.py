"""Scores of one proposal: eligible jurors, sheets, juror totals, phase and final scores.

Spec, Tally steps 1-6. Everything is exact (`Fraction`); nothing is rounded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, Rounded, localcontext
from fractions import Fraction

from .model import CRITERION_TIE_BREAK, Contest, Rules

APPROVED = "approved"
REJECTED = "rejected"
INCOMPLETE = "incomplete"

Sheet = dict[str, Decimal]
"""One juror's values for one proposal and phase, by criterion id."""

# Sums of products of short decimals are exact in decimal arithmetic with enough digits; the
# traps turn any rounding into an error instead of a silently wrong total (it cannot happen
# with values of fewer than 100 digits). Division (means) is done with Fraction.
EXACT = Context(prec=200, traps=[Inexact, Rounded])


@dataclass(frozen=True, slots=True)
class ProposalScore:
    """What the jury's sheets say about one proposal."""

    status: str
    final: Fraction | None
    phase_scores: dict[str, Fraction] | None
    tie_values: dict[str, Fraction]
    """Mean value per criterion named by a ``criterion:`` tie-break key (complete only)."""


def aggregate(totals: list[Decimal], rules: Rules) -> Fraction:
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


class ScoreBook:
    """The contest's sheets, indexed for computing one proposal at a time.

    It mirrors ``contest.scores``, ``recusals``, ``jurors`` and ``phases``; call `set_value`
    and `recuse` as those change, and `ProposalScore` objects come from `score_of`.
    """

    def __init__(self, contest: Contest) -> None:
        self.contest = contest
        self.phase_of: dict[str, str] = {}
        self.weight: dict[str, Decimal] = {}
        self.criteria_count: dict[str, int] = {}
        for phase in contest.phases:
            self.criteria_count[phase.id] = len(phase.criteria)
            for crit in phase.criteria:
                self.phase_of[crit.id] = phase.id
                self.weight[crit.id] = crit.weight
        self.jurors_of_phase: dict[str, list[str]] = {p.id: [] for p in contest.phases}
        for juror in contest.jurors:
            for phase_id in juror.phases:
                self.jurors_of_phase[phase_id].append(juror.id)
        self.recused: set[tuple[str, str]] = {(r.juror, r.proposal) for r in contest.recusals}
        self.sheets: dict[str, dict[tuple[str, str], Sheet]] = {
            p.id: {} for p in contest.proposals}
        for score in contest.scores.values():
            self.set_value(score.juror, score.proposal, score.criterion, score.value)
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

    def eligible(self, proposal: str, phase: str) -> list[str]:
        """Jurors who score ``phase`` and are not recused on ``proposal`` (spec step 1)."""
        return [j for j in self.jurors_of_phase[phase] if (j, proposal) not in self.recused]

    def sheet(self, juror: str, proposal: str, phase: str) -> Sheet:
        return self.sheets.get(proposal, {}).get((phase, juror), {})

    def score_of(self, proposal: str) -> ProposalScore:
        """The proposal's status and scores exactly as the spec's tally defines them."""
        rules = self.contest.rules
        sheets = self.sheets.get(proposal, {})
        phase_scores: dict[str, Fraction] = {}
        eligible_by_phase: dict[str, list[str]] = {}
        weight = self.weight
        for phase_id, n_criteria in self.criteria_count.items():
            eligible = self.eligible(proposal, phase_id)
            if not eligible or len(eligible) < rules.min_jurors:
                return ProposalScore(INCOMPLETE, None, None, {})
            totals = []
            with localcontext(EXACT):
                for juror in eligible:
                    sheet = sheets.get((phase_id, juror)) or {}
                    if len(sheet) < n_criteria:
                        return ProposalScore(INCOMPLETE, None, None, {})
                    totals.append(sum([weight[c] * v for c, v in sheet.items()], Decimal(0)))
            phase_scores[phase_id] = aggregate(totals, rules)
            eligible_by_phase[phase_id] = eligible
        final = sum(phase_scores.values(), Fraction(0))
        tie_values = {}
        for crit in self.tie_criteria:
            eligible = eligible_by_phase[self.phase_of[crit]]
            values = [sheets[(self.phase_of[crit], j)][crit] for j in eligible]
            with localcontext(EXACT):
                tie_values[crit] = Fraction(sum(values, Decimal(0))) / len(values)
        status = APPROVED if final >= Fraction(rules.pass_score) else REJECTED
        return ProposalScore(status, final, phase_scores, tie_values)
