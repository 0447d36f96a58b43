"""The second-tranche evaluation planned from a closed contest (domain, no CLI)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from clar_desktop.demo import demo_session_bundle
from clar_desktop.domain.bundle import bundle_to_dict, load_bundle, parse_bundle
from clar_desktop.domain.errors import BundleError
from clar_desktop.domain.followup_plan import followup_contest, followup_phases
from clar_desktop.domain.state import ContestState, replay
from clar_desktop.domain.tally import tally_bundle


@pytest.fixture(scope="module")
def closed() -> ContestState:
    bundle = parse_bundle(demo_session_bundle())
    assert bundle.events
    return replay(bundle.events)


def plan(state: ContestState, **kwargs: object) -> dict:
    assert state.tally is not None
    contest = followup_contest(state.snapshot(), state.tally.results(),
                               contest_id="llusco-2027-s2", date="2027-05-03",
                               title="Segundo desembolso", acta=state.minutes.number,
                               **kwargs)  # type: ignore[arg-type]
    return bundle_to_dict(contest, None)


def test_one_item_per_funded_proposal_in_ranking_order_with_its_tranches(
        closed: ContestState) -> None:
    assert closed.tally is not None
    results = closed.tally.results().results
    funded = [r for r in results if r.funded]
    assert funded
    data = plan(closed)
    items = data["contest"]["followups"]["items"]
    assert [i["award"]["proposal"] for i in items] == [r.proposal for r in funded]
    assert [i["order"] for i in items] == list(range(1, len(funded) + 1))
    for item, result in zip(items, funded, strict=True):
        proposal = closed.snapshot().proposal(result.proposal)
        assert proposal is not None
        assert item["organization"] == proposal.organization
        assert item["title"] == proposal.title
        assert Decimal(item["first_tranche"]) == result.first_tranche
        assert Decimal(item["second_tranche"]) == result.second_tranche
        assert item["justified_percent"] == "0"
        assert item["award"] == {"contest": "llusco-2026-1", "proposal": result.proposal,
                                 "acta": closed.minutes.number}
        for key in ("families", "women", "youth"):
            assert item.get(key) == getattr(proposal, key)
    assert len({i["id"] for i in items}) == len(items)


def test_the_template_gives_50_field_and_50_public_points_named_in_three_languages(
) -> None:
    field, public = followup_phases()
    assert (field.id, public.id) == ("campo2", "publico2")
    assert sum(c.max for c in field.criteria) == 50 == sum(c.max for c in public.criteria)
    assert len(field.criteria) == 8 and len(public.criteria) == 6
    ids = [field.id, public.id, *(c.id for p in (field, public) for c in p.criteria)]
    assert len(set(ids)) == len(ids)
    for thing in (field, public, *field.criteria, *public.criteria):
        assert isinstance(thing.name, dict) and set(thing.name) == {"es", "qu", "en"}
        assert all(thing.name.values())


def test_same_jurors_scoring_the_followup_phases_and_no_proposals(
        closed: ContestState) -> None:
    contest = plan(closed)["contest"]
    source = closed.snapshot()
    assert [j["id"] for j in contest["jurors"]] == [j.id for j in source.jurors]
    assert all(j["phases"] == ["campo2", "publico2"] for j in contest["jurors"])
    assert contest["proposals"] == [] and contest["categories"] == []
    assert contest["phases"] == []
    assert (contest["id"], contest["date"]) == ("llusco-2027-s2", "2027-05-03")
    rules = contest["followups"]["rules"]
    assert rules["pass_score"] == "70" and rules["min_justified_percent"] == "70"
    assert rules["aggregation"] == source.rules.aggregation
    assert rules["trim"] == source.rules.trim
    assert rules["min_jurors"] == source.rules.min_jurors


def test_rules_given_are_kept(closed: ContestState) -> None:
    rules = plan(closed, pass_score=Decimal("65"),
                 min_justified_percent=Decimal("80"))["contest"]["followups"]["rules"]
    assert (rules["pass_score"], rules["min_justified_percent"]) == ("65", "80")


def test_the_strict_reader_accepts_it_and_the_tally_lists_every_item(
        closed: ContestState) -> None:
    data = plan(closed)
    assert data["version"] == 2
    results = tally_bundle(load_bundle(json.dumps(data))).to_json()
    items = data["contest"]["followups"]["items"]
    # Nothing justified yet: below the 70 % the spec makes the item ineligible.
    assert [(f["item"], f["status"]) for f in results["followups"]] == [
        (i["id"], "ineligible") for i in items]
    assert results["followups_total"]["released"] == "0.00"
    assert results["followups_total"]["due"] == str(
        sum(Decimal(i["second_tranche"]) for i in items))
    # Once the office has justified enough, every item waits for its scores.
    for item in items:
        item["justified_percent"] = "70"
    results = tally_bundle(load_bundle(json.dumps(data))).to_json()
    assert {f["status"] for f in results["followups"]} == {"incomplete"}
    assert len(results["followups"]) == len(items)


def test_a_contest_that_funded_nothing_is_refused(closed: ContestState) -> None:
    assert closed.tally is not None
    results = closed.tally.results()
    from dataclasses import replace

    nothing = replace(results, results=[replace(r, funded=False) for r in results.results])
    with pytest.raises(BundleError) as refused:
        followup_contest(closed.snapshot(), nothing, contest_id="x", date="2027-01-01",
                         title="x")
    assert "funded no proposal" in refused.value.render()
