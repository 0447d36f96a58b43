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

LocalizedText = str | Mapping[str, str]

AGGREGATIONS = ("mean", "median", "trimmed_mean")
ALLOCATIONS = ("skip", "stop", "partial")
PLAIN_TIE_BREAKS = ("requested_asc", "order", "draw")
CRITERION_TIE_BREAK = "criterion:"


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


@dataclass(frozen=True, slots=True)
class Recusal:
    juror: str
    proposal: str
    reason: str


ScoreKey = tuple[str, str, str]
"""(juror id, proposal id, criterion id)."""


@dataclass(frozen=True, slots=True)
class Score:
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

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def juror(self, juror_id: str) -> Juror | None:
        return next((j for j in self.jurors if j.id == juror_id), None)

    def proposal(self, proposal_id: str) -> Proposal | None:
        return next((p for p in self.proposals if p.id == proposal_id), None)

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)

    def criterion(self, criterion_id: str) -> tuple[Phase, Criterion] | None:
        for phase in self.phases:
            for criterion in phase.criteria:
                if criterion.id == criterion_id:
                    return phase, criterion
        return None

    def is_recused(self, juror_id: str, proposal_id: str) -> bool:
        return any(r.juror == juror_id and r.proposal == proposal_id for r in self.recusals)
