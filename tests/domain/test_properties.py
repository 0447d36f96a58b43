"""Properties of the tally over random small contests (bundle-v1, "Tally", "Ranking",
"Allocation"; bundle-v2, "Eligibility", "Withdrawn proposals", "Tally of an item"), checked
with hypothesis.

The contests come from `tests.domain.strategies.bundles`: version 1 and version 2 bundles
(absences, withdrawals, follow-up evaluations) with small scales and repeated amounts, so that
equal final scores, equal asks, tied groups at and away from the funding line, and draws that
do or do not cover a group all come up often. tests/domain/test_properties_v2.py holds the
properties only version 2 has.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from clar_desktop.domain.bundle import bundle_to_dict, parse_bundle
from clar_desktop.domain.model import Contest, Draw, FollowupRules, Phase, Rules, Score
from clar_desktop.domain.tally import Tally, TallyResults, tally
from tests.domain.conftest import Bundle, make_bundle
from tests.domain.strategies import FEW, SETTINGS, apply_change, bundles, next_change


def exact(bundle: Bundle) -> TallyResults:
    return tally(parse_bundle(bundle).contest)


def by_proposal(out: TallyResults) -> dict[str, Any]:
    return {line.proposal: line for line in out.results}


def two_places(value: Decimal | Fraction) -> Decimal:
    """Round half up to 0.01, independently of the domain's own rounding."""
    if isinstance(value, Fraction):
        return Decimal(floor(value * 100 + Fraction(1, 2))).scaleb(-2)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# -- a reference tally written straight from the spec's text ----------------------------------

def withdrawn(contest: Contest, item: str) -> bool:
    """v2: a withdrawal names the item."""
    return any(w.proposal == item for w in contest.withdrawals)


def eligible_jurors(contest: Contest, item: str, phase: Phase) -> list[str]:
    """v2 "Eligibility": E(x, φ) = the jurors whose phases include φ, who are not recused on
    x, and who have no absence for (x, φ)."""
    return [j.id for j in contest.jurors
            if phase.id in j.phases
            and not any(r.juror == j.id and r.proposal == item for r in contest.recusals)
            and not any(a.juror == j.id and a.proposal == item and a.phase == phase.id
                        for a in contest.absences)]


def sheet_scores(contest: Contest, item: str, phases: list[Phase] | tuple[Phase, ...],
                 rules: Rules | FollowupRules
                 ) -> tuple[dict[str, Fraction], dict[str, Fraction]] | None:
    """Tally steps 1-4 for one item: its phase scores and the mean of each criterion over the
    eligible jurors, or None when it is incomplete (step 3)."""
    phase_scores: dict[str, Fraction] = {}
    means: dict[str, Fraction] = {}
    for phase in phases:
        eligible = eligible_jurors(contest, item, phase)
        sheets = [[contest.scores.get((j, item, c.id)) for c in phase.criteria]
                  for j in eligible]
        if len(eligible) < rules.min_jurors or not eligible or any(
                s is None for sheet in sheets for s in sheet):
            return None
        totals = sorted(sum((Fraction(c.weight) * Fraction(s.value)
                             for c, s in zip(phase.criteria, sheet, strict=True)
                             if s is not None), Fraction(0)) for sheet in sheets)
        n = len(totals)
        if rules.aggregation == "median":
            middle = totals[(n - 1) // 2: n // 2 + 1]
            phase_scores[phase.id] = sum(middle, Fraction(0)) / len(middle)
        elif rules.aggregation == "trimmed_mean" and 2 * rules.trim < n:
            kept = totals[rules.trim: n - rules.trim]
            phase_scores[phase.id] = sum(kept, Fraction(0)) / len(kept)
        else:
            phase_scores[phase.id] = sum(totals, Fraction(0)) / n
        for k, c in enumerate(phase.criteria):
            values = [Fraction(sheet[k].value) for sheet in sheets if sheet[k] is not None]
            means[c.id] = sum(values, Fraction(0)) / len(values)
    return phase_scores, means


def shown(final: Fraction | None, phases: dict[str, Fraction] | None
          ) -> tuple[str | None, dict[str, str] | None]:
    return (None if final is None else str(two_places(final)),
            None if phases is None else {k: str(two_places(v)) for k, v in phases.items()})


def reference_followups(contest: Contest) -> dict[str, Any]:
    """v2 "Tally of an item" and "Output": the ``followups`` and ``followups_total`` keys."""
    assert contest.followups is not None
    rules = contest.followups.rules
    lines = []
    due = released = Fraction(0)
    for item in sorted(contest.followups.items, key=lambda i: i.order):
        final: Fraction | None = None
        phases: dict[str, Fraction] | None = None
        if withdrawn(contest, item.id):
            status, reason = "withdrawn", "withdrawn"
        elif item.justified_percent < rules.min_justified_percent:
            status, reason = "ineligible", "insufficient_justification"
        else:
            found = sheet_scores(contest, item.id, contest.followups.phases, rules)
            if found is None:
                status, reason = "incomplete", "incomplete"
            else:
                phases = found[0]
                final = sum(phases.values(), Fraction(0))
                status, reason = (("approved", None) if final >= Fraction(rules.pass_score)
                                  else ("rejected", "rejected"))
        paid = Fraction(item.second_tranche) if status == "approved" else Fraction(0)
        due += Fraction(item.second_tranche)
        released += paid
        final_text, phase_texts = shown(final, phases)
        lines.append({"item": item.id, "status": status, "final_score": final_text,
                      "phase_scores": phase_texts, "released": str(two_places(paid)),
                      "reason": reason})
    return {"followups": lines, "followups_total": {"due": str(two_places(due)),
                                                    "released": str(two_places(released))}}


def reference_tally(contest: Contest) -> dict[str, Any]:
    """The spec's tally, written as plainly as possible (slow, no indexes, no increments)."""
    rules = contest.rules
    scored: dict[str, tuple[str, Fraction | None, dict[str, Fraction] | None]] = {}
    tie_values: dict[str, dict[str, Fraction]] = {}
    for p in contest.proposals:
        if withdrawn(contest, p.id):
            # whatever scores it has: they stay in the bundle and are ignored
            scored[p.id] = ("withdrawn", None, None)
            continue
        found = sheet_scores(contest, p.id, contest.phases, rules)
        if found is None:
            scored[p.id] = ("incomplete", None, None)
            continue
        phase_scores, means = found
        final = sum(phase_scores.values(), Fraction(0))
        status = "approved" if final >= Fraction(rules.pass_score) else "rejected"
        scored[p.id] = (status, final, phase_scores)
        tie_values[p.id] = means

    proposals = {p.id: p for p in contest.proposals}

    def split(group: list[str], keys: list[str]) -> list[list[str]]:
        if len(group) == 1 or not keys:
            return [sorted(group)]
        key, rest = keys[0], keys[1:]
        if key == "draw":
            for d in contest.draws:
                if set(group) <= set(d.proposals):
                    return [[pid] for pid in sorted(group, key=list(d.order).index)]
            return split(group, rest)
        if key == "requested_asc":
            value: Any = lambda pid: Fraction(proposals[pid].requested)  # noqa: E731
        elif key == "order":
            value = lambda pid: proposals[pid].order  # noqa: E731
        else:
            value = lambda pid: -tie_values[pid][key.split(":", 1)[1]]  # noqa: E731
        tiers = []
        for v in sorted({value(pid) for pid in group}):
            tiers.extend(split([pid for pid in group if value(pid) == v], rest))
        return tiers

    pct = rules.first_tranche_percent
    results, category_lines = [], []
    for cat in contest.categories:
        members = [p for p in contest.proposals if p.category == cat.id]
        approved = [p.id for p in members if scored[p.id][0] == "approved"]
        tiers: list[list[str]] = []
        for final in sorted({scored[pid][1] for pid in approved}, reverse=True):  # type: ignore
            tiers.extend(split([pid for pid in approved if scored[pid][1] == final],
                               list(rules.tie_break)))
        remaining = Fraction(cat.budget)
        stopped: str | None = None
        decided: dict[str, tuple[bool, bool, Fraction, str | None]] = {}

        def ask(pid: str, cat: Any = cat) -> Fraction:
            requested = Fraction(proposals[pid].requested)
            return requested if cat.max_award is None else min(requested,
                                                               Fraction(cat.max_award))
        for tier in tiers:
            if stopped:
                decided.update({pid: (False, False, Fraction(0), stopped) for pid in tier})
            elif len(tier) > 1:
                total = sum((ask(pid) for pid in tier), Fraction(0))
                if total <= remaining:
                    decided.update({pid: (True, False, ask(pid), None) for pid in tier})
                    remaining -= total
                else:
                    stopped = "tie_needs_draw"
                    decided.update({pid: (False, False, Fraction(0), stopped) for pid in tier})
            elif ask(tier[0]) <= remaining:
                decided[tier[0]] = (True, False, ask(tier[0]), None)
                remaining -= ask(tier[0])
            elif rules.allocation == "stop":
                stopped = "budget_exhausted"
                decided[tier[0]] = (False, False, Fraction(0), stopped)
            elif (rules.allocation == "partial" and remaining > 0
                  and remaining >= ask(tier[0]) * Fraction(rules.partial_min_percent) / 100):
                decided[tier[0]] = (True, True, remaining, None)
                remaining, stopped = Fraction(0), "budget_exhausted"
            else:
                decided[tier[0]] = (False, False, Fraction(0), "exceeds_remaining_budget")
        ranked = []
        ahead = 0
        for tier in tiers:
            ranked.extend((pid, ahead + 1, len(tier) > 1) for pid in tier)
            ahead += len(tier)
        unranked = [(p.id, None, False) for p in sorted(members, key=lambda p: p.order)
                    if p.id not in approved]
        for pid, rank, tie in ranked + unranked:
            status, final, phases = scored[pid]
            # Unranked: the reason is "rejected", "incomplete" or "withdrawn", as the status.
            funded, partial, award, reason = decided.get(
                pid, (False, False, Fraction(0), status))
            first = two_places(Decimal(award.numerator) / award.denominator * pct / 100)
            final_text, phase_texts = shown(final, phases)
            results.append({
                "proposal": pid, "category": cat.id, "status": status,
                "final_score": final_text, "phase_scores": phase_texts,
                "rank": rank, "tie": tie, "funded": funded, "partial": partial,
                "award": str(two_places(award)), "first_tranche": str(first),
                "second_tranche": str(two_places(award) - first), "reason": reason})
        budget = Fraction(cat.budget)
        category_lines.append({"id": cat.id, "budget": str(two_places(budget)),
                               "allocated": str(two_places(budget - remaining)),
                               "remaining": str(two_places(remaining))})
    out: dict[str, Any] = {"contest": contest.id, "results": results,
                           "categories": category_lines}
    if contest.followups is not None:  # only then: a version 1 bundle gets v1's output
        out.update(reference_followups(contest))
    return out


@SETTINGS
@given(bundles())
def test_tally_equals_a_plain_reading_of_the_spec(bundle: Bundle) -> None:
    contest = parse_bundle(bundle).contest
    assert tally(contest).to_json() == reference_tally(contest)


# -- allocation and tranches -------------------------------------------------------------------

@SETTINGS
@given(bundles())
def test_allocation_never_exceeds_the_category_budget(bundle: Bundle) -> None:
    out = exact(bundle)
    contest = parse_bundle(bundle).contest
    for cat in out.categories:
        awards = sum((line.award for line in out.results if line.category == cat.id),
                     Fraction(0))
        budget = Fraction(contest.category(cat.id).budget)  # type: ignore[union-attr]
        assert cat.budget == budget
        assert awards == cat.allocated <= budget
        assert cat.remaining == budget - awards >= 0
    for cat_json in out.to_json()["categories"]:
        assert (Decimal(cat_json["allocated"]) + Decimal(cat_json["remaining"])
                == Decimal(cat_json["budget"]))


@SETTINGS
@given(bundles())
def test_tranches_add_up_to_the_award_and_the_first_is_rounded_half_up(bundle: Bundle) -> None:
    pct = Decimal(bundle["contest"]["rules"]["first_tranche_percent"])
    for line in exact(bundle).to_json()["results"]:
        award, first, second = (Decimal(line[k]) for k in ("award", "first_tranche",
                                                           "second_tranche"))
        assert first + second == award
        assert first == two_places(award * pct / 100)
        assert first >= 0 and second >= 0
        if not line["funded"]:
            assert (line["award"], line["first_tranche"], line["second_tranche"]) == (
                "0.00", "0.00", "0.00")


@SETTINGS
@given(bundles())
def test_funded_proposals_are_approved_and_reasons_match_status(bundle: Bundle) -> None:
    for line in exact(bundle).to_json()["results"]:
        if line["funded"]:
            assert line["status"] == "approved"
            assert line["reason"] is None
        else:
            assert line["partial"] is False
            assert line["reason"] is not None
        if line["status"] == "rejected":
            assert line["reason"] == "rejected"
        if line["status"] in ("incomplete", "withdrawn"):
            assert line["reason"] == line["status"]
            assert line["final_score"] is None and line["phase_scores"] is None
        if line["status"] != "approved":
            assert line["rank"] is None and line["tie"] is False
        else:
            assert line["rank"] is not None
            assert line["reason"] in (None, "exceeds_remaining_budget", "budget_exhausted",
                                      "tie_needs_draw")


@SETTINGS
@given(bundles())
def test_partial_award_is_at_least_the_threshold_and_below_the_ask(bundle: Bundle) -> None:
    contest = parse_bundle(bundle).contest
    share = Fraction(contest.rules.partial_min_percent) / 100
    for line in exact(bundle).results:
        if line.partial:
            assert contest.rules.allocation == "partial"
            cat = contest.category(line.category)
            proposal = contest.proposal(line.proposal)
            assert cat is not None and proposal is not None
            ask = Fraction(proposal.requested)
            if cat.max_award is not None:
                ask = min(ask, Fraction(cat.max_award))
            assert 0 < line.award < ask
            assert line.award >= ask * share


# -- ranking -----------------------------------------------------------------------------------

@SETTINGS
@given(bundles())
def test_rank_is_consistent_with_the_final_score(bundle: Bundle) -> None:
    out = exact(bundle)
    keys = parse_bundle(bundle).contest.rules.tie_break
    for cat in out.categories:
        approved = [r for r in out.results if r.category == cat.id and r.status == "approved"]
        for a in approved:
            assert a.final_score is not None and a.rank is not None
            assert a.rank == 1 + sum(1 for b in approved if b.rank < a.rank)  # type: ignore
            assert a.tie == any(b.rank == a.rank for b in approved if b is not a)
            for b in approved:
                assert b.final_score is not None and b.rank is not None
                if a.final_score > b.final_score:
                    assert a.rank < b.rank
                if a.rank == b.rank:
                    assert a.final_score == b.final_score
                if not keys and a.final_score == b.final_score:
                    assert a.rank == b.rank
            if "order" in keys:
                assert not a.tie


@SETTINGS
@given(bundles())
def test_results_are_listed_by_category_then_rank_then_presentation_order(
        bundle: Bundle) -> None:
    contest = parse_bundle(bundle).contest
    out = exact(bundle)
    order = {p.id: p.order for p in contest.proposals}
    assert sorted(r.proposal for r in out.results) == sorted(order)
    expected_keys = []
    cat_index = {c.id: i for i, c in enumerate(contest.categories)}
    for r in out.results:
        ranked = r.rank is not None
        expected_keys.append((cat_index[r.category], not ranked, r.rank or 0,
                              r.proposal if ranked else "", order[r.proposal]))
    assert expected_keys == sorted(expected_keys)
    assert [c.id for c in out.categories] == [c.id for c in contest.categories]


# -- invariance --------------------------------------------------------------------------------

def shuffled(bundle: Bundle, rng: random.Random) -> Bundle:
    """Every input list in another order, except the categories, the draws and each draw's
    ``order`` (those orders mean something) and the tie-break keys."""
    copy_ = copy.deepcopy(bundle)
    c = copy_["contest"]
    for key in ("proposals", "jurors", "phases", "scores", "recusals", "absences",
                "withdrawals"):
        rng.shuffle(c.get(key, []))
    followups = c.get("followups") or {"phases": [], "items": []}
    rng.shuffle(followups["phases"])
    rng.shuffle(followups["items"])
    for phase in c["phases"] + followups["phases"]:
        rng.shuffle(phase["criteria"])
    for juror in c["jurors"]:
        rng.shuffle(juror["phases"])
    for d in c["draws"]:
        rng.shuffle(d["proposals"])
    return copy_


@SETTINGS
@given(bundles(), st.randoms(use_true_random=False))
def test_shuffling_the_input_lists_changes_nothing(bundle: Bundle, rng: random.Random) -> None:
    before = exact(bundle).to_json()
    after = exact(shuffled(bundle, rng)).to_json()
    assert after == before


@SETTINGS
@given(bundles())
def test_export_and_reimport_give_the_same_tally(bundle: Bundle) -> None:
    contest = parse_bundle(bundle).contest
    again = parse_bundle(bundle_to_dict(contest, None)).contest
    assert again == contest
    assert tally(again).to_json() == tally(contest).to_json()


def item_scores(out: TallyResults) -> dict[str, tuple[Any, ...]]:
    """(status, final score, phase scores) of every proposal and follow-up item."""
    found = {line.proposal: (line.status, line.final_score, line.phase_scores)
             for line in out.results}
    found.update({f.item: (f.status, f.final_score, f.phase_scores)
                  for f in out.followups or ()})
    return found


@SETTINGS
@given(bundles(), st.data())
def test_recusing_a_juror_on_one_proposal_changes_no_other_proposal_score(
        bundle: Bundle, data: st.DataObject) -> None:
    c = bundle["contest"]
    recused = {(r["juror"], r["proposal"]) for r in c["recusals"]}
    items = [p["id"] for p in c["proposals"]] + [
        i["id"] for i in (c.get("followups") or {"items": []})["items"]]
    pairs = [(j["id"], x) for j in c["jurors"] for x in items if (j["id"], x) not in recused]
    if not pairs:  # one follow-up item, every juror already recused on it
        return
    juror, proposal = data.draw(st.sampled_from(pairs))
    changed = copy.deepcopy(bundle)
    cc = changed["contest"]
    cc["scores"] = [s for s in cc["scores"]
                    if (s["juror"], s["proposal"]) != (juror, proposal)]
    cc["recusals"].append({"juror": juror, "proposal": proposal, "reason": "Parentesco"})
    before, after = item_scores(exact(bundle)), item_scores(exact(changed))
    for pid, line in before.items():
        if pid != proposal:
            assert after[pid] == line, pid


# -- the incremental tally ---------------------------------------------------------------------

def changes(contest: Contest, data: st.DataObject, steps: int) -> Iterator[tuple[Any, ...]]:
    """Up to ``steps`` random valid changes, each drawn from the contest as it then stands
    (see `tests.domain.strategies.next_change`)."""
    for _ in range(steps):
        change = next_change(contest, data)
        if change is None:
            return
        yield change


def lines_json(results: TallyResults) -> dict[str, dict[str, Any]]:
    """Every line of the results by item: proposals, then follow-up items."""
    lines = {r.proposal: r.to_json() for r in results.results}
    lines.update({f.item: f.to_json() for f in results.followups or ()})
    return lines


@SETTINGS
@given(bundles(), st.data())
def test_incremental_tally_equals_a_fresh_tally_after_every_change(
        bundle: Bundle, data: st.DataObject) -> None:
    contest = parse_bundle(bundle).contest
    running = Tally(contest)
    for change in changes(contest, data, data.draw(st.integers(1, 40))):
        apply_change(contest, running, change)
        current = running.results()
        assert current.to_json() == tally(contest).to_json(), change
        for line in current.results:
            assert running.result(line.proposal).to_json() == line.to_json()
        for item in current.followups or ():
            assert running.followup_result(item.item).to_json() == item.to_json()


@SETTINGS
@given(bundles(), st.data())
def test_incremental_tally_reports_every_proposal_whose_line_changed(
        bundle: Bundle, data: st.DataObject) -> None:
    # Tally docstring: each change "returns the ids of the items whose result may have
    # changed, so views refresh only those rows".
    contest = parse_bundle(bundle).contest
    running = Tally(contest)
    for change in changes(contest, data, data.draw(st.integers(1, 40))):
        before = lines_json(running.results())
        reported = apply_change(contest, running, change)
        after = lines_json(running.results())
        moved = {pid for pid in after if after[pid] != before[pid]}
        assert moved <= reported, (change, sorted(moved - reported))


def test_score_change_reports_the_proposals_whose_rank_moved() -> None:
    # p1 90, p2 80, p3 70 (pass 50, budget ample). p1 drops to 10 and leaves the ranking:
    # p2 goes 2 -> 1 and p3 3 -> 2, so both lines change; then p1 comes back at 95 and
    # they move back down.
    bundle = make_bundle(proposals=["p1", "p2", "p3"], rules={"pass_score": "50"},
                         scores={"p1": {"j1": [90]}, "p2": {"j1": [80]}, "p3": {"j1": [70]}})
    contest = parse_bundle(bundle).contest
    running = Tally(contest)
    for value, ranks in (("10", {"p2": 1, "p3": 2}), ("95", {"p2": 2, "p3": 3})):
        reported = apply_change(contest, running, ("score", ("j1", "p1", "c"), Decimal(value)))
        assert {pid: running.result(pid).rank for pid in ranks} == ranks
        assert reported >= {"p1", "p2", "p3"}, value


@FEW
@given(bundles(), st.data())
def test_scores_entered_one_by_one_reach_the_same_tally(
        bundle: Bundle, data: st.DataObject) -> None:
    full = parse_bundle(bundle).contest
    empty = copy.deepcopy(bundle)
    empty["contest"]["scores"] = []
    contest = parse_bundle(empty).contest
    running = Tally(contest)
    scores = list(full.scores.values())
    for score in data.draw(st.permutations(scores)):
        contest.scores[score.key] = score
        running.score_changed(*score.key, score.value)
    assert running.results().to_json() == tally(full).to_json()


# -- a scripted sequence across the pass score and the funding line ----------------------------

def test_incremental_tally_across_the_pass_score_and_the_funding_line() -> None:
    # budget 250, asks 100 each, pass 50, tie_break [draw]; three jurors, one criterion
    bundle = make_bundle(
        proposals=["p1", "p2", "p3", "p4"], jurors=["j1", "j2", "j3"],
        categories=[{"id": "k", "budget": "250"}],
        scores={pid: {j: [60] for j in ("j1", "j2", "j3")} for pid in ("p1", "p2", "p3")},
        rules={"pass_score": "50", "allocation": "partial", "partial_min_percent": "50"})
    contest = parse_bundle(bundle).contest
    running = Tally(contest)

    def step(juror: str, pid: str, value: str | None) -> dict[str, Any]:
        key = (juror, pid, "c")
        if value is None:
            del contest.scores[key]
        else:
            contest.scores[key] = Score(*key, Decimal(value))
        running.score_changed(*key, None if value is None else Decimal(value))
        out = running.results().to_json()
        assert out == tally(contest).to_json()
        return {line["proposal"]: line for line in out["results"]}

    # p1..p3 tied at 60, asks 300 > 250 -> tie_needs_draw; p4 incomplete
    assert running.result("p1").reason == "tie_needs_draw"
    # p4 enters at 90: ranked first, funded; the tie (300 > 150) still needs a draw
    step("j1", "p4", "90")
    step("j2", "p4", "90")
    out = step("j3", "p4", "90")
    assert out["p4"]["rank"] == 1 and out["p4"]["funded"]
    assert out["p1"]["reason"] == "tie_needs_draw"
    # p3 drops below the pass score (60, 60, 20 -> 46.67): p1, p2 tie asks 200 > 150
    out = step("j3", "p3", "20")
    assert out["p3"]["status"] == "rejected"
    assert out["p1"]["reason"] == "tie_needs_draw"
    # p2 to 61: p4, p2 funded (200 used), p1 asks 100 > 50 left; 50 >= 100*50% -> partial
    out = step("j1", "p2", "63")
    assert [out[p]["rank"] for p in ("p4", "p2", "p1")] == [1, 2, 3]
    assert out["p1"]["partial"] and out["p1"]["award"] == "50.00"
    # p3 back above the pass score at 60: tied with p1 behind p2 -> tie_needs_draw (200 > 50)
    out = step("j3", "p3", "60")
    assert out["p1"]["reason"] == out["p3"]["reason"] == "tie_needs_draw"
    # a draw resolves it: p3 first takes the partial 50, p1 budget_exhausted
    draw = Draw(("p1", "p3"), ("p3", "p1"))
    contest.draws.append(draw)
    running.draw_added(draw)
    out = running.results().to_json()
    assert out == tally(contest).to_json()
    lines = {line["proposal"]: line for line in out["results"]}
    assert lines["p3"]["partial"] and lines["p1"]["reason"] == "budget_exhausted"
    # removing a value makes p4 incomplete: everyone moves up, p3 and p1 now both fit
    lines = step("j1", "p4", None)
    assert lines["p4"]["status"] == "incomplete"
    assert all(lines[p]["funded"] and not lines[p]["partial"] for p in ("p2", "p3"))
    assert lines["p1"]["partial"] and lines["p1"]["award"] == "50.00"
