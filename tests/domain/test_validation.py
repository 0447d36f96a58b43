"""Every kind of bad bundle in the spec's validation list is refused whole (bundle-v1,
"Validation"), with a `BundleError` naming the JSON path and the id involved."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from clar_desktop.domain.bundle import load_bundle, parse_bundle
from clar_desktop.domain.errors import BundleError
from tests.domain.conftest import Bundle, make_bundle

# Phases a (ca1: 0..10 step 1; ca2: 1..9 step 2) and b (cb1: 0..4 step 0.5).
# j1 and j2 score both phases, j3 only b; j2 is recused on p3.
PHASES = {"a": [{"id": "ca1", "max": "10"}, {"id": "ca2", "min": "1", "max": "9", "step": "2"}],
          "b": [{"id": "cb1", "max": "4", "step": "0.5"}]}
JURORS = {"j1": ["a", "b"], "j2": ["a", "b"], "j3": ["b"]}


def base() -> Bundle:
    """A valid bundle the cases below break one thing at a time."""
    return make_bundle(
        proposals=["p1", "p2", {"id": "p3", "category": "k2", "own_contribution": "10.00"}],
        categories=["k1", {"id": "k2", "budget": "500", "max_award": "300"}],
        phases=PHASES, jurors=JURORS,
        scores={"p1": {"j1": [10, 9, "3.5"], "j2": [0, 1, "0"], "j3": ["4"]},
                "p3": {"j1": [5, 5, 2]}},
        recusals=[("j2", "p3")],
        draws=[(["p1", "p2"], ["p2", "p1"])],
        rules={"tie_break": ["criterion:ca1", "requested_asc", "order", "draw"]})


def test_the_base_bundle_is_valid() -> None:
    contest = parse_bundle(base()).contest
    assert len(contest.scores) == 10
    assert [s["juror"] for s in base()["contest"]["scores"][:3]] == ["j1", "j1", "j1"]


def refusal(bundle: Any) -> BundleError:
    with pytest.raises(BundleError) as caught:
        parse_bundle(bundle)
    return caught.value


def check(error: BundleError, path: str | None, item: str | None, *words: str) -> None:
    assert (error.path, error.item) == (path, item), error.render()
    message = error.render()
    assert "\n" not in message
    if path:
        assert message.startswith(path), message
    for word in words:
        assert word in message, (word, message)


def broken(change: Callable[[dict[str, Any]], None]) -> Bundle:
    """The base bundle with ``change`` applied to its ``contest``."""
    bundle = base()
    change(bundle["contest"])
    return bundle


def add_score(juror: str, proposal: str, criterion: str, value: str = "1") -> Bundle:
    return broken(lambda c: c["scores"].append(
        {"juror": juror, "proposal": proposal, "criterion": criterion, "value": value}))


LAST_SCORE = "contest.scores[10]"


def set_score(index: int, **fields: Any) -> Bundle:
    return broken(lambda c: c["scores"][index].update(fields))


# -- format and version ------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["clar-bundel", "", None, 1])
def test_unknown_format_is_refused(value: Any) -> None:
    bundle = base()
    bundle["format"] = value
    check(refusal(bundle), "format", None, "format")


def test_missing_format_is_refused() -> None:
    bundle = base()
    del bundle["format"]
    check(refusal(bundle), "format", None)


@pytest.mark.parametrize("value", [3, 0, "1", "2", None, True, 2.0])
def test_unknown_version_is_refused(value: Any) -> None:
    bundle = base()
    bundle["version"] = value
    check(refusal(bundle), "version", None, "version")


def test_a_bundle_that_is_not_an_object_is_refused() -> None:
    check(refusal([base()]), "$", None)


# -- missing required fields -------------------------------------------------------------------

def test_missing_contest_is_refused() -> None:
    bundle = base()
    del bundle["contest"]
    check(refusal(bundle), "$", None, "contest")


def test_missing_contest_id_is_refused() -> None:
    check(refusal(broken(lambda c: c.pop("id"))), "contest", None, "id")


def test_missing_contest_title_is_refused() -> None:
    check(refusal(broken(lambda c: c.pop("title"))), "contest", "test-contest", "title")


def test_missing_proposal_requested_is_refused() -> None:
    bundle = broken(lambda c: c["proposals"][1].pop("requested"))
    check(refusal(bundle), "contest.proposals[1]", "p2", "requested")


def test_null_proposal_requested_is_refused() -> None:
    bundle = broken(lambda c: c["proposals"][1].update(requested=None))
    check(refusal(bundle), "contest.proposals[1]", "p2", "requested")


def test_missing_proposal_category_is_refused() -> None:
    bundle = broken(lambda c: c["proposals"][0].pop("category"))
    check(refusal(bundle), "contest.proposals[0]", "p1", "category")


def test_missing_proposal_order_is_refused() -> None:
    bundle = broken(lambda c: c["proposals"][2].pop("order"))
    check(refusal(bundle), "contest.proposals[2]", "p3", "order")


def test_missing_proposal_id_is_refused() -> None:
    bundle = broken(lambda c: c["proposals"][2].pop("id"))
    check(refusal(bundle), "contest.proposals[2]", None, "id")


def test_missing_criterion_max_is_refused() -> None:
    bundle = broken(lambda c: c["phases"][0]["criteria"][1].pop("max"))
    check(refusal(bundle), "contest.phases[0].criteria[1]", "ca2", "max")


def test_missing_juror_phases_is_refused() -> None:
    bundle = broken(lambda c: c["jurors"][2].pop("phases"))
    check(refusal(bundle), "contest.jurors[2]", "j3", "phases")


def test_missing_category_budget_is_refused() -> None:
    bundle = broken(lambda c: c["categories"][1].pop("budget"))
    check(refusal(bundle), "contest.categories[1]", "k2", "budget")


def test_missing_phases_list_is_refused() -> None:
    check(refusal(broken(lambda c: c.pop("phases"))), "contest", "test-contest", "phases")


def test_an_empty_phases_list_is_refused() -> None:
    def change(c: dict[str, Any]) -> None:
        c["phases"], c["scores"], c["rules"], c["jurors"] = [], [], {}, []
    check(refusal(broken(change)), "contest.phases", "test-contest")


def test_missing_score_value_is_refused() -> None:
    bundle = broken(lambda c: c["scores"][4].pop("value"))
    error = refusal(bundle)
    assert error.path == "contest.scores[4]"
    assert "value" in error.render()


def test_missing_recusal_reason_is_refused() -> None:
    bundle = broken(lambda c: c["recusals"][0].pop("reason"))
    error = refusal(bundle)
    assert error.path == "contest.recusals[0]"
    assert "reason" in error.render()


# -- duplicate ids -----------------------------------------------------------------------------

def test_duplicate_category_id_is_refused() -> None:
    bundle = broken(lambda c: c["categories"][1].update(id="k1"))
    check(refusal(bundle), "contest.categories[1].id", "k1", "k1")


def test_duplicate_phase_id_is_refused() -> None:
    bundle = broken(lambda c: c["phases"][1].update(id="a"))
    check(refusal(bundle), "contest.phases[1].id", "a")


def test_duplicate_juror_id_is_refused() -> None:
    bundle = broken(lambda c: c["jurors"][2].update(id="j1"))
    check(refusal(bundle), "contest.jurors[2].id", "j1", "j1")


def test_duplicate_proposal_id_is_refused() -> None:
    bundle = broken(lambda c: c["proposals"][2].update(id="p1"))
    check(refusal(bundle), "contest.proposals[2].id", "p1", "p1")


def test_duplicate_criterion_id_across_two_phases_is_refused() -> None:
    bundle = broken(lambda c: c["phases"][1]["criteria"][0].update(id="ca1"))
    check(refusal(bundle), "contest.phases[1].criteria[0].id", "ca1", "ca1")


def test_duplicate_criterion_id_within_a_phase_is_refused() -> None:
    bundle = broken(lambda c: c["phases"][0]["criteria"][1].update(id="ca1"))
    check(refusal(bundle), "contest.phases[0].criteria[1].id", "ca1", "ca1")


def test_duplicate_presentation_order_is_refused() -> None:
    bundle = broken(lambda c: c["proposals"][1].update(order=1))
    check(refusal(bundle), "contest.proposals[1].order", "p2", "p1")


# -- unknown references ------------------------------------------------------------------------

def test_proposal_with_unknown_category_is_refused() -> None:
    bundle = broken(lambda c: c["proposals"][0].update(category="k9"))
    check(refusal(bundle), "contest.proposals[0].category", "p1", "k9")


def test_juror_with_unknown_phase_is_refused() -> None:
    bundle = broken(lambda c: c["jurors"][0].update(phases=["a", "zz"]))
    check(refusal(bundle), "contest.jurors[0].phases[1]", "j1", "zz")


def test_score_by_unknown_juror_is_refused() -> None:
    check(refusal(set_score(3, juror="j9")), "contest.scores[3]", "j9/p1/ca1", "j9")


def test_score_on_unknown_proposal_is_refused() -> None:
    check(refusal(set_score(3, proposal="p9")), "contest.scores[3]", "j2/p9/ca1", "p9")


def test_score_on_unknown_criterion_is_refused() -> None:
    check(refusal(set_score(3, criterion="zz")), "contest.scores[3]", "j2/p1/zz", "zz")


def test_recusal_of_unknown_juror_is_refused() -> None:
    bundle = broken(lambda c: c["recusals"][0].update(juror="j9"))
    check(refusal(bundle), "contest.recusals[0]", "j9/p3", "j9")


def test_recusal_on_unknown_proposal_is_refused() -> None:
    bundle = broken(lambda c: c["recusals"][0].update(proposal="p9"))
    check(refusal(bundle), "contest.recusals[0]", "j2/p9", "p9")


def test_draw_naming_unknown_proposal_is_refused() -> None:
    bundle = broken(lambda c: c["draws"].append({"proposals": ["p1", "p9"],
                                                 "order": ["p9", "p1"]}))
    check(refusal(bundle), "contest.draws[1]", "p1,p9", "p9")


# -- score values ------------------------------------------------------------------------------

def test_score_below_min_is_refused() -> None:
    # ca2 has min 1
    check(refusal(set_score(1, value="0")), "contest.scores[1]", "j1/p1/ca2", "0", "1")


def test_negative_score_below_default_min_zero_is_refused() -> None:
    check(refusal(set_score(0, value="-1")), "contest.scores[0]", "j1/p1/ca1", "-1")


def test_score_above_max_is_refused() -> None:
    check(refusal(set_score(0, value="10.5")), "contest.scores[0]", "j1/p1/ca1", "10.5")


def test_score_off_step_is_refused() -> None:
    # cb1: min 0, step 0.5 -> 0.3 is not 0 + k*0.5
    check(refusal(set_score(2, value="0.3")), "contest.scores[2]", "j1/p1/cb1", "0.3")


def test_score_off_step_counted_from_min_is_refused() -> None:
    # ca2: min 1, step 2 -> 1, 3, 5, 7, 9; 4 is a multiple of 2 but not 1 + k*2
    check(refusal(set_score(1, value="4")), "contest.scores[1]", "j1/p1/ca2", "4")


@pytest.mark.parametrize("value", ["1", "3", "5.0", "9", "9.00"])
def test_score_on_the_step_counted_from_min_is_accepted(value: str) -> None:
    contest = parse_bundle(set_score(1, value=value)).contest
    assert str(contest.scores[("j1", "p1", "ca2")].value) == value


def test_score_on_a_phase_the_juror_does_not_score_is_refused() -> None:
    # j3 scores only phase b; ca1 belongs to phase a
    check(refusal(add_score("j3", "p2", "ca1")), LAST_SCORE, "j3/p2/ca1", "j3", "a")


def test_score_on_a_recused_pair_is_refused() -> None:
    check(refusal(add_score("j2", "p3", "cb1")), LAST_SCORE, "j2/p3/cb1", "j2", "p3")


def test_second_score_for_the_same_key_is_refused() -> None:
    check(refusal(add_score("j1", "p1", "ca1", "10")), LAST_SCORE, "j1/p1/ca1")


def test_second_score_for_the_same_key_with_another_value_is_refused() -> None:
    check(refusal(add_score("j1", "p1", "ca1", "2")), LAST_SCORE, "j1/p1/ca1")


def test_second_identical_recusal_is_refused() -> None:
    bundle = broken(lambda c: c["recusals"].append(
        {"juror": "j2", "proposal": "p3", "reason": "otra vez"}))
    check(refusal(bundle), "contest.recusals[1]", "j2/p3")


# -- amounts -----------------------------------------------------------------------------------

def test_negative_requested_is_refused() -> None:
    bundle = broken(lambda c: c["proposals"][1].update(requested="-100.00"))
    check(refusal(bundle), "contest.proposals[1].requested", "p2", "-100.00")


def test_negative_budget_is_refused() -> None:
    bundle = broken(lambda c: c["categories"][0].update(budget="-0.01"))
    check(refusal(bundle), "contest.categories[0].budget", "k1", "-0.01")


def test_negative_max_award_is_refused() -> None:
    bundle = broken(lambda c: c["categories"][1].update(max_award="-5"))
    check(refusal(bundle), "contest.categories[1].max_award", "k2", "-5")


def test_negative_own_contribution_is_refused() -> None:
    bundle = broken(lambda c: c["proposals"][2].update(own_contribution="-1"))
    check(refusal(bundle), "contest.proposals[2].own_contribution", "p3", "-1")


def test_zero_amounts_are_accepted() -> None:
    def change(c: dict[str, Any]) -> None:
        c["proposals"][0]["requested"] = "0"
        c["categories"][0]["budget"] = "0.00"
        c["categories"][1]["max_award"] = "0"
    contest = parse_bundle(broken(change)).contest
    assert contest.categories[0].budget == 0


# -- draws -------------------------------------------------------------------------------------

@pytest.mark.parametrize("order", [["p1", "p3"], ["p1"], ["p1", "p2", "p3"], ["p1", "p1"], []])
def test_draw_whose_order_is_not_a_permutation_is_refused(order: list[str]) -> None:
    bundle = broken(lambda c: c["draws"].append({"proposals": ["p1", "p2"], "order": order}))
    check(refusal(bundle), "contest.draws[1]", "p1,p2", "permutation")


def test_draw_listing_a_proposal_twice_is_refused() -> None:
    bundle = broken(lambda c: c["draws"].append({"proposals": ["p1", "p1"],
                                                 "order": ["p1", "p1"]}))
    check(refusal(bundle), "contest.draws[1]", "p1,p1")


# -- rules -------------------------------------------------------------------------------------

RULES = "contest.rules"


def with_rules(**rules: Any) -> Bundle:
    return broken(lambda c: c["rules"].update(rules))


def test_unknown_aggregation_is_refused() -> None:
    check(refusal(with_rules(aggregation="mode")), f"{RULES}.aggregation", "test-contest",
          "mode")


def test_unknown_allocation_is_refused() -> None:
    check(refusal(with_rules(allocation="everything")), f"{RULES}.allocation",
          "test-contest", "everything")


def test_tie_break_naming_an_unknown_criterion_is_refused() -> None:
    check(refusal(with_rules(tie_break=["draw", "criterion:zz"])), f"{RULES}.tie_break[1]",
          "test-contest", "criterion:zz")


@pytest.mark.parametrize("key", ["alphabetical", "requested_desc", "criterion", "Draw", ""])
def test_unknown_tie_break_key_is_refused(key: str) -> None:
    check(refusal(with_rules(tie_break=["order", key])), f"{RULES}.tie_break[1]",
          "test-contest")


def test_tie_break_that_is_not_a_list_is_refused() -> None:
    check(refusal(with_rules(tie_break="draw")), f"{RULES}.tie_break", "test-contest")


def test_negative_trim_is_refused() -> None:
    check(refusal(with_rules(trim=-1)), f"{RULES}.trim", "test-contest")


@pytest.mark.parametrize("key", ["partial_min_percent", "first_tranche_percent"])
def test_percentage_above_hundred_is_refused(key: str) -> None:
    check(refusal(with_rules(**{key: "100.01"})), f"{RULES}.{key}", "test-contest")


def test_rules_that_are_not_an_object_are_refused() -> None:
    check(refusal(broken(lambda c: c.update(rules=["mean"]))), RULES, "test-contest")


# -- criteria ----------------------------------------------------------------------------------

CA1 = "contest.phases[0].criteria[0]"


@pytest.mark.parametrize("minimum", ["10", "11"])
def test_criterion_max_not_above_min_is_refused(minimum: str) -> None:
    def change(c: dict[str, Any]) -> None:
        c["phases"][0]["criteria"][0]["min"] = minimum
        c["scores"] = []
    check(refusal(broken(change)), f"{CA1}.max", "ca1")


@pytest.mark.parametrize("step", ["0", "-1", "-0.5"])
def test_criterion_step_zero_or_negative_is_refused(step: str) -> None:
    def change(c: dict[str, Any]) -> None:
        c["phases"][0]["criteria"][0]["step"] = step
        c["scores"] = []
    check(refusal(broken(change)), f"{CA1}.step", "ca1", step)


# -- JSON itself -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ['{"format": "clar-bundle", ', "", "{'format': 1}",
                                  '{"a": 1} trailing', b"\xff\xfe{"])
def test_malformed_json_is_refused(text: str | bytes) -> None:
    with pytest.raises(BundleError) as caught:
        load_bundle(text)
    assert "JSON" in caught.value.render()
    assert "\n" not in caught.value.render()


def test_load_bundle_validates_what_it_reads() -> None:
    text = json.dumps(broken(lambda c: c["proposals"][0].update(category="k9")))
    with pytest.raises(BundleError) as caught:
        load_bundle(text)
    check(caught.value, "contest.proposals[0].category", "p1", "k9")


def test_load_bundle_accepts_the_base_bundle_as_text_and_bytes() -> None:
    text = json.dumps(base(), ensure_ascii=False)
    assert load_bundle(text).contest == load_bundle(text.encode("utf-8")).contest


# -- decimals must be JSON strings -------------------------------------------------------------

def test_score_value_as_json_number_is_refused() -> None:
    error = refusal(set_score(0, value=10))
    assert error.path == "contest.scores[0].value"


def test_requested_as_json_number_is_refused() -> None:
    bundle = broken(lambda c: c["proposals"][0].update(requested=100))
    check(refusal(bundle), "contest.proposals[0].requested", "p1")


def test_budget_as_json_float_is_refused() -> None:
    bundle = broken(lambda c: c["categories"][0].update(budget=1000.5))
    check(refusal(bundle), "contest.categories[0].budget", "k1")


def test_criterion_max_as_json_number_is_refused() -> None:
    bundle = broken(lambda c: c["phases"][0]["criteria"][0].update(max=10))
    check(refusal(bundle), f"{CA1}.max", "ca1")


def test_criterion_weight_as_json_number_is_refused() -> None:
    bundle = broken(lambda c: c["phases"][1]["criteria"][0].update(weight=1.5))
    check(refusal(bundle), "contest.phases[1].criteria[0].weight", "cb1")


def test_pass_score_as_json_number_is_refused() -> None:
    check(refusal(with_rules(pass_score=70)), f"{RULES}.pass_score", "test-contest")


@pytest.mark.parametrize("text", ["1e3", "1,5", " 5", "5.", ".5", "+5", "NaN", "Infinity"])
def test_decimal_strings_must_be_plain_positional_numbers(text: str) -> None:
    bundle = broken(lambda c: c["proposals"][0].update(requested=text))
    check(refusal(bundle), "contest.proposals[0].requested", "p1")


# -- refused whole -----------------------------------------------------------------------------

def test_refusal_leaves_the_input_untouched() -> None:
    bundle = add_score("j2", "p3", "cb1")
    before = copy.deepcopy(bundle)
    refusal(bundle)
    assert bundle == before


def test_render_is_one_english_line_with_path_and_item() -> None:
    error = refusal(set_score(0, value="11"))
    assert error.render() == "contest.scores[0] (j1/p1/ca1): value 11 is above the maximum 10"
    assert str(error) == error.render()
