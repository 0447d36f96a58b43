"""A bundle's bytes judged before anything is stored: the strict reader (the same as every
command's), the log's hash chain, its replay against the snapshot, and the tally and the
results hash recomputed. Nothing the bundle says about itself is taken on trust.

The result is a `Verified` bundle with the rows the indicators need, or a `Refusal` with
its one sentence (a translatable template and its parameters).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..domain.bundle import decode_bundle, parse_bundle
from ..domain.changes import SESSION_CLOSED, SESSION_OPENED, SESSION_REOPENED
from ..domain.errors import N_, BundleError, DomainError
from ..domain.jsontext import bulk
from ..domain.model import Contest
from ..domain.numbers import WIDE
from ..domain.tally import TallyResults
from ..domain.verify import verify_with_tally

SESSION_KINDS = (SESSION_OPENED, SESSION_CLOSED, SESSION_REOPENED)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a bundle is refused, in one sentence (`render` translates it)."""

    problem: DomainError

    def render(self, translate: Any) -> str:
        return self.problem.render(translate)


@dataclass(frozen=True, slots=True)
class Verified:
    """A bundle that verified, with what the central tables keep of it."""

    data: bytes
    sha256: str
    version: int
    contest: Contest
    event_hashes: list[str]
    results_hash: str
    session_closed: bool
    proposals: list[dict[str, Any]]
    items: list[dict[str, Any]]

    @property
    def log_hash(self) -> str:
        return self.event_hashes[-1]

    @property
    def keys(self) -> dict[str, Any]:
        """The grouping keys every result row of this contest carries."""
        return grouping_keys(self.contest)


def grouping_keys(contest: Contest) -> dict[str, Any]:
    place = contest.place
    return {"programme": contest.programme,
            "office_id": contest.office.id if contest.office else None,
            "region": place.region if place else None,
            "province": place.province if place else None,
            "district": place.district if place else None,
            "year": int(contest.date[:4])}


def verify_bytes(data: bytes) -> Verified | Refusal:
    """Judge a bundle's exact bytes. Never raises for bad input."""
    try:
        with bulk():
            raw = decode_bundle(data)
            bundle = parse_bundle(raw)
    except DomainError as error:
        return Refusal(error)
    except RecursionError:
        return Refusal(BundleError(N_("the input is nested too deeply to be a contest "
                                      "bundle")))
    if not bundle.events:
        return Refusal(BundleError(N_("the bundle has no event log, so it cannot be "
                                      "verified")))
    verdict, results = verify_with_tally(bundle)
    if not verdict.ok or results is None:
        assert verdict.problem is not None
        return Refusal(BundleError(N_("it does not verify: {problem}"),
                                   problem=verdict.problem))
    contest = bundle.contest
    return Verified(data=data, sha256=hashlib.sha256(data).hexdigest(),
                    version=raw["version"], contest=contest,
                    event_hashes=[e["hash"] for e in bundle.events],
                    results_hash=str(verdict.results_hash),
                    session_closed=session_closed(bundle.events),
                    proposals=proposal_rows(contest, results), items=item_rows(contest, results))


def session_closed(events: list[dict[str, Any]]) -> bool:
    """Whether the last session event of the log closes the session."""
    kinds = (event.get("kind") for event in reversed(events))
    return next((kind for kind in kinds if kind in SESSION_KINDS), None) == SESSION_CLOSED


def exact_decimal(value: Fraction) -> Decimal:
    """An amount the tally keeps as a fraction, as the exact decimal it is (every amount
    comes from decimals, so its denominator divides a power of ten)."""
    return WIDE.divide(Decimal(value.numerator), Decimal(value.denominator))


def proposal_rows(contest: Contest, results: TallyResults) -> list[dict[str, Any]]:
    """One row per proposal: its result and the figures the indicators add up, exact (the
    award as allocated, the tranches as paid: rounded to the cent by the tally); the
    indicators round only their sums."""
    proposals = {p.id: p for p in contest.proposals}
    keys = grouping_keys(contest)
    rows = []
    for r in results.results:
        p = proposals[r.proposal]
        rows.append({
            **keys, "contest_id": contest.id, "proposal_id": p.id, "category": p.category,
            "status": r.status, "withdrawn": r.status == "withdrawn",
            "approved": r.status == "approved", "funded": r.funded,
            "award": exact_decimal(r.award), "first_tranche": r.first_tranche,
            "second_tranche": r.second_tranche,
            "own_contribution": p.own_contribution, "families": p.families, "women": p.women,
            "youth": p.youth, "women_led": p.women_led})
    return rows


def item_rows(contest: Contest, results: TallyResults) -> list[dict[str, Any]]:
    """One row per follow-up item: its status and the amounts of its second tranche."""
    items = {i.id: i for i in contest.followup_items}
    keys = grouping_keys(contest)
    rows = []
    for f in results.followups or ():
        item = items[f.item]
        rows.append({
            **keys, "contest_id": contest.id, "item_id": item.id, "status": f.status,
            "withdrawn": f.status == "withdrawn", "approved": f.status == "approved",
            "first_tranche": item.first_tranche, "second_tranche": item.second_tranche,
            "released": f.released, "families": item.families, "women": item.women,
            "youth": item.youth})
    return rows
