"""Bundle version 2: what it adds is read, validated and tallied exactly as the spec says."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from clar_desktop.domain.bundle import bundle_to_dict, load_bundle, parse_bundle
from clar_desktop.domain.errors import BundleError
from clar_desktop.domain.tally import tally
from tests.helpers import example_bundle, expected_tally, v2_bundle, v2_expected


def _refused(bundle: Any) -> BundleError:
    with pytest.raises(BundleError) as caught:
        parse_bundle(bundle)
    return caught.value


def test_the_spec_example_tallies_exactly() -> None:
    assert tally(parse_bundle(v2_bundle()).contest).to_json() == v2_expected()


def test_a_version_1_bundle_gives_exactly_the_version_1_output() -> None:
    out = tally(parse_bundle(example_bundle()).contest).to_json()
    assert out == expected_tally()
    assert "followups" not in out and "followups_total" not in out


def test_version_2_fields_in_a_version_1_bundle_are_refused() -> None:
    for field, value in (("time_zone", "America/Lima"), ("absences", []),
                         ("followups", {"phases": []}), ("office", {"id": "o", "name": "O"})):
        bundle = example_bundle()
        bundle["contest"][field] = value
        error = _refused(bundle)
        assert error.path == f"contest.{field}" and "version 2" in str(error)
    bundle = example_bundle()
    bundle["contest"]["proposals"][0]["women_led"] = True
    assert _refused(bundle).path == "contest.proposals[0].women_led"


def test_withdrawn_proposals_are_unranked_with_nothing_awarded() -> None:
    lines = {r["proposal"]: r for r in v2_expected()["results"]}
    out = {r["proposal"]: r for r in tally(parse_bundle(v2_bundle()).contest).to_json()["results"]}
    for pid in ("p07", "p04"):
        assert out[pid] == lines[pid]
        assert out[pid]["status"] == "withdrawn" and out[pid]["rank"] is None
        assert out[pid]["award"] == "0.00" and out[pid]["final_score"] is None


def test_an_absent_juror_is_left_out_of_the_phase_score() -> None:
    bundle = v2_bundle()
    absence = bundle["contest"]["absences"][0]
    before = tally(parse_bundle(bundle).contest).to_json()
    # Without the absence that juror's empty sheet makes the proposal incomplete.
    bundle["contest"]["absences"].remove(absence)
    after = {r["proposal"]: r for r in tally(parse_bundle(bundle).contest).to_json()["results"]}
    assert after[absence["proposal"]]["status"] == "incomplete"
    assert {r["proposal"]: r for r in before["results"]}[absence["proposal"]][
        "status"] != "incomplete"


def test_export_writes_version_2_and_reads_back_the_same_contest() -> None:
    contest = parse_bundle(v2_bundle()).contest
    written = bundle_to_dict(contest, None)
    assert written["version"] == 2
    assert parse_bundle(json.loads(json.dumps(written))).contest == contest


def _v2(edit: Any) -> dict[str, Any]:
    bundle = copy.deepcopy(v2_bundle())
    edit(bundle["contest"])
    return bundle


def _absence(c: dict[str, Any], **changes: Any) -> None:
    c["absences"].append({**c["absences"][0], **changes})


REFUSALS: dict[str, tuple[Any, str]] = {
    "unknown time zone": (lambda c: c.update(time_zone="America/Atlantis"),
                          "contest.time_zone"),
    "a path as time zone": (lambda c: c.update(time_zone="../../etc/passwd"),
                            "contest.time_zone"),
    "absence of an unknown juror": (lambda c: _absence(c, juror="nobody"), "contest.absences[5]"),
    "absence on an unknown item": (lambda c: _absence(c, proposal="p99"), "contest.absences[5]"),
    "absence in an unknown phase": (lambda c: _absence(c, phase="x"), "contest.absences[5]"),
    "absence in a phase not of that item": (lambda c: _absence(c, phase="campo2"),
                                            "contest.absences[5]"),
    "absence in a phase the juror does not score": (
        lambda c: _absence(c, juror="j2", proposal="f1", phase="campo2"), "contest.absences[5]"),
    "duplicate absence": (lambda c: _absence(c), "contest.absences[5]"),
    "score on an absent sheet": (
        lambda c: c["scores"].append({"juror": c["absences"][0]["juror"],
                                      "proposal": c["absences"][0]["proposal"],
                                      "criterion": "c1", "value": "1"}), "contest.scores[399]"),
    "withdrawal of an unknown item": (
        lambda c: c["withdrawals"].append({"proposal": "p99", "reason": "x"}),
        "contest.withdrawals[2]"),
    "second withdrawal": (lambda c: c["withdrawals"].append(dict(c["withdrawals"][0])),
                          "contest.withdrawals[2]"),
    "item id repeats a proposal's": (
        lambda c: c["followups"]["items"][0].update(id="p01"), "contest.followups.items[0].id"),
    "item order repeats": (
        lambda c: c["followups"]["items"][1].update(order=1),
        "contest.followups.items[1].order"),
    "item scored on a contest criterion": (
        lambda c: c["scores"].append({"juror": "j1", "proposal": "f1", "criterion": "c1",
                                      "value": "1"}), "contest.scores[399]"),
    "proposal scored on a follow-up criterion": (
        lambda c: c["scores"].append({"juror": "j1", "proposal": "p12", "criterion": "s1",
                                      "value": "1"}), "contest.scores[399]"),
    "justified percent over 100": (
        lambda c: c["followups"]["items"][0].update(justified_percent="100.5"),
        "contest.followups.items[0].justified_percent"),
    "negative tranche": (
        lambda c: c["followups"]["items"][0].update(second_tranche="-1"),
        "contest.followups.items[0].second_tranche"),
    "unknown follow-up rule": (
        lambda c: c["followups"]["rules"].update(allocation="skip"),
        "contest.followups.rules.allocation"),
    "unknown follow-up rule value": (
        lambda c: c["followups"]["rules"].update(aggregation="max"),
        "contest.followups.rules.aggregation"),
    "follow-ups without phases": (lambda c: c["followups"].update(phases=[]),
                                  "contest.followups.phases"),
    "follow-up phase repeats a contest phase": (
        lambda c: c["followups"]["phases"][0].update(id="campo"),
        "contest.followups.phases[0].id"),
    "draw naming a follow-up item": (
        lambda c: c["draws"].append({"proposals": ["f1", "p01"], "order": ["p01", "f1"]}),
        "contest.draws[1]"),
    "language key that is not a language": (
        lambda c: c["categories"][0].update(name={"español": "Planes"}),
        "contest.categories[0].name"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_each_version_2_rule_is_enforced(case: str) -> None:
    edit, path = REFUSALS[case]
    assert _refused(_v2(edit)).path == path


def test_duplicate_keys_are_refused_wherever_they_are() -> None:
    text = json.dumps(v2_bundle())
    doubled = text.replace('"value": "13"', '"value": "10", "value": "13"', 1)
    assert doubled != text
    with pytest.raises(BundleError, match="twice"):
        load_bundle(doubled)
    with pytest.raises(BundleError, match="twice"):
        load_bundle(text[:-1] + ', "contest": {}}')


def test_nan_and_infinity_are_not_json() -> None:
    with pytest.raises(BundleError, match="NaN"):
        load_bundle('{"format": "clar-bundle", "version": 2, "contest": {"id": NaN}}')
