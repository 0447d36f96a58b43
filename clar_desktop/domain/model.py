"""The contest as plain data: what a bundle's ``contest`` object holds.

Every class here is a frozen dataclass with no behaviour beyond small lookups, so that the
tally, the validation and the audit log can share one vocabulary. Decimal values are
`Decimal` (exact, as written in the bundle); names of categories, phases and criteria are
localized texts: a plain string or a map language -> text such as ``{"es": …, "qu": …}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

LocalizedText = str | Mapping[str, str]

AGGREGATIONS = ("mean", "median", "trimmed_mean")
ALLOCATIONS = ("skip", "stop", "partial")
PLAIN_TIE_BREAKS = ("requested_asc", "order", "draw")
CRITERION_TIE_BREAK = "criterion:"
DEFAULT_TIME_ZONE = "America/Lima"


def text_in(text: LocalizedText, language: str, fallback: str = "es") -> str:
    """The text of a localized name in ``language``, falling back to ``fallback`` then any."""
    if isinstance(text, str):
        return text
    for lang in (language, fallback):
        if text.get(lang):
            return text[lang]
    return next(iter(text.values()), "")


@dataclass(frozen=True, slots=True)
class Place:
    community: str | None = None
    district: str | None = None
    province: str | None = None
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Rules:
    aggregation: str = "mean"
    trim: int = 1
    pass_score: Decimal = Decimal("0")
    min_jurors: int = 1
    tie_break: tuple[str, ...] = ("draw",)
    allocation: str = "skip"
    partial_min_percent: Decimal = Decimal("50")
    first_tranche_percent: Decimal = Decimal("40")


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: LocalizedText
    budget: Decimal
    max_award: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    name: LocalizedText
    max: Decimal
    min: Decimal = Decimal("0")
    step: Decimal = Decimal("1")
    weight: Decimal = Decimal("1")

    def accepts(self, value: Decimal) -> bool:
        """Whether ``value`` is ``min + k*step`` for a whole k and lies within [min, max]."""
        if value < self.min or value > self.max:
            return False
        return (value - self.min) % self.step == 0


@dataclass(frozen=True, slots=True)
class Phase:
    id: str
    name: LocalizedText
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True, slots=True)
class Juror:
    id: str
    name: str
    phases: tuple[str, ...]
    document: str | None = None
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Proposal:
    id: str
    category: str
    organization: str
    title: str
    requested: Decimal
    order: int
    own_contribution: Decimal | None = None
    families: int | None = None
    women: int | None = None
    youth: int | None = None
    women_led: bool | None = None
    """The organization's board is presided by a woman (version 2)."""
    district: str | None = None
    """The proposal's own district, when it differs from the contest's (version 2)."""


@dataclass(frozen=True, slots=True)
class Office:
    """The local office that runs the contest (version 2); the central office groups by it."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Absence:
    """The juror took no part in that phase of that item (a proposal or a follow-up item)."""

    juror: str
    proposal: str
    phase: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Withdrawal:
    """The item did not present or withdrew: it is neither scored nor ranked."""

    proposal: str
    reason: str


@dataclass(frozen=True, slots=True)
class FollowupRules:
    aggregation: str = "mean"
    trim: int = 1
    pass_score: Decimal = Decimal("0")
    min_jurors: int = 1
    min_justified_percent: Decimal = Decimal("0")


@dataclass(frozen=True, slots=True)
class AwardReference:
    """The original award a follow-up item evaluates: contest, proposal and acta number."""

    contest: str | None = None
    proposal: str | None = None
    acta: str | None = None


@dataclass(frozen=True, slots=True)
class FollowupItem:
    """An award under evaluation for its second tranche (a "segundo desembolso")."""

    id: str
    organization: str
    title: str
    order: int
    first_tranche: Decimal
    second_tranche: Decimal
    justified_percent: Decimal
    award: AwardReference | None = None
    families: int | None = None
    women: int | None = None
    youth: int | None = None


@dataclass(frozen=True, slots=True)
class Followups:
    """Second-tranche evaluations held in the same session (bundle version 2)."""

    rules: FollowupRules = field(default_factory=FollowupRules)
    phases: tuple[Phase, ...] = ()
    items: tuple[FollowupItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Recusal:
    juror: str
    proposal: str
    reason: str


ScoreKey = tuple[str, str, str]
"""(juror id, proposal id, criterion id)."""


class Score(NamedTuple):
    """One value on a sheet. A named tuple rather than a dataclass: a contest holds hundreds
    of thousands, and a tuple is made in half the time."""

    juror: str
    proposal: str
    criterion: str
    value: Decimal

    @property
    def key(self) -> ScoreKey:
        return (self.juror, self.proposal, self.criterion)


@dataclass(frozen=True, slots=True)
class Draw:
    proposals: tuple[str, ...]
    order: tuple[str, ...]


@dataclass(slots=True)
class Contest:
    """A whole contest. Lists keep the order of the bundle (it matters for output and draws).

    ``scores`` is keyed by (juror, proposal, criterion); its insertion order is the order in
    which values were first entered.
    """

    id: str
    title: str
    date: str
    rules: Rules = field(default_factory=Rules)
    place: Place | None = None
    currency: str = "PEN"
    categories: list[Category] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    jurors: list[Juror] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    recusals: list[Recusal] = field(default_factory=list)
    scores: dict[ScoreKey, Score] = field(default_factory=dict)
    draws: list[Draw] = field(default_factory=list)
    time_zone: str = DEFAULT_TIME_ZONE
    programme: str | None = None
    office: Office | None = None
    absences: list[Absence] = field(default_factory=list)
    withdrawals: list[Withdrawal] = field(default_factory=list)
    followups: Followups | None = None

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def juror(self, juror_id: str) -> Juror | None:
        return next((j for j in self.jurors if j.id == juror_id), None)

    def proposal(self, proposal_id: str) -> Proposal | None:
        return next((p for p in self.proposals if p.id == proposal_id), None)

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.all_phases if p.id == phase_id), None)

    @property
    def all_phases(self) -> tuple[Phase, ...]:
        """The contest's phases, then the follow-up evaluations' (ids are unique across)."""
        extra = self.followups.phases if self.followups is not None else ()
        return (*self.phases, *extra)

    @property
    def followup_items(self) -> tuple[FollowupItem, ...]:
        return self.followups.items if self.followups is not None else ()

    def followup_item(self, item_id: str) -> FollowupItem | None:
        return next((i for i in self.followup_items if i.id == item_id), None)

    def is_withdrawn(self, item_id: str) -> bool:
        return any(w.proposal == item_id for w in self.withdrawals)

    def is_ineligible(self, item_id: str) -> bool:
        """A follow-up item whose justified share of the first tranche is below the
        follow-up rules' minimum: its second tranche cannot be approved, so it is not
        scored and none of its sheets is waited for (spec v2, Tally of an item, step 2)."""
        item = self.followup_item(item_id)
        return (item is not None and self.followups is not None
                and item.justified_percent < self.followups.rules.min_justified_percent)

    def waits_for_no_sheet(self, item_id: str) -> bool:
        """Withdrawn, or a follow-up item not eligible: nobody need score it."""
        return self.is_withdrawn(item_id) or self.is_ineligible(item_id)

    def criterion(self, criterion_id: str) -> tuple[Phase, Criterion] | None:
        for phase in self.all_phases:
            for criterion in phase.criteria:
                if criterion.id == criterion_id:
                    return phase, criterion
        return None

    def is_recused(self, juror_id: str, proposal_id: str) -> bool:
        return any(r.juror == juror_id and r.proposal == proposal_id for r in self.recusals)
