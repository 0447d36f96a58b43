"""The spec's tally rules (bundle-v1, "Tally", "Ranking", "Allocation"), one worked example each.

Every expected number is worked out by hand in the comment next to it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from clar_desktop.domain.bundle import load_bundle, parse_bundle
from clar_desktop.domain.state import ContestState
from clar_desktop.domain.tally import Tally, tally
from tests.domain.conftest import categories, contest_of, lines, make_bundle, one_each, tally_json
from tests.helpers import EXAMPLE, expected_tally

J3 = ["j1", "j2", "j3"]


def phase_score(values: list[Any], rules: dict[str, Any] | None = None) -> str:
    """The phase score of one proposal scored by one juror per value (one criterion)."""
    jurors = [f"j{i}" for i in range(1, len(values) + 1)]
    bundle = make_bundle(scores={"p1": {j: [v] for j, v in zip(jurors, values, strict=True)}},
                         rules=rules)
    line = lines(bundle)["p1"]
    assert line["final_score"] == line["phase_scores"]["f"]
    return str(line["phase_scores"]["f"])


# -- aggregation (Tally step 4) -----------------------------------------------------------------

def test_mean_of_juror_totals() -> None:
    # (70 + 80 + 91) / 3 = 241 / 3 = 80.333… -> 80.33
    assert phase_score([70, 80, 91]) == "80.33"


def test_mean_is_the_default_aggregation() -> None:
    # (10 + 20 + 90) / 3 = 40 (a median would give 20)
    assert phase_score([10, 20, 90], {}) == "40.00"
    assert phase_score([10, 20, 90], {"aggregation": "mean"}) == "40.00"


def test_median_of_an_odd_count_is_the_middle_total() -> None:
    # sorted 10, 20, 50 -> 20 (the mean would be 26.67); input order does not matter
    assert phase_score([50, 10, 20], {"aggregation": "median"}) == "20.00"


def test_median_of_an_even_count_is_the_mean_of_the_two_middle_totals() -> None:
    # sorted 10, 20, 40, 90 -> (20 + 40) / 2 = 30 (the mean would be 40)
    assert phase_score([90, 10, 40, 20], {"aggregation": "median"}) == "30.00"
    # sorted 10, 21, 40, 90 -> (21 + 40) / 2 = 30.5
    assert phase_score([40, 21, 90, 10], {"aggregation": "median"}) == "30.50"


def test_median_of_two_totals_is_their_mean() -> None:
    # (15 + 16) / 2 = 15.5
    assert phase_score([16, 15], {"aggregation": "median"}) == "15.50"


def test_trimmed_mean_drops_one_lowest_and_one_highest_of_five() -> None:
    # sorted 0, 50, 60, 70, 100; drop 0 and 100 -> (50 + 60 + 70) / 3 = 60 (plain mean 56)
    rules = {"aggregation": "trimmed_mean", "trim": 1}
    assert phase_score([100, 60, 0, 70, 50], rules) == "60.00"
    # sorted 1, 2, 3, 4, 100; drop 1 and 100 -> (2 + 3 + 4) / 3 = 3
    assert phase_score([1, 2, 3, 4, 100], rules) == "3.00"


def test_trimmed_mean_default_trim_is_one() -> None:
    # sorted 0, 50, 60, 70, 100 -> drop one each side -> 60
    assert phase_score([100, 60, 0, 70, 50], {"aggregation": "trimmed_mean"}) == "60.00"


def test_trimmed_mean_with_trim_two_of_five_keeps_the_middle_total() -> None:
    # sorted 0, 10, 60, 90, 100; 2*2 = 4 < 5: drop two each side -> 60 (plain mean 52)
    rules = {"aggregation": "trimmed_mean", "trim": 2}
    assert phase_score([90, 0, 100, 10, 60], rules) == "60.00"


def test_trimmed_mean_of_three_with_trim_one_keeps_the_middle_total() -> None:
    # 2*1 = 2 < 3: sorted 5, 7, 30 -> 7 (plain mean 14)
    assert phase_score([30, 5, 7], {"aggregation": "trimmed_mean", "trim": 1}) == "7.00"


def test_trimmed_mean_falls_back_to_plain_mean_with_two_totals() -> None:
    # 2*1 = 2 >= 2: plain mean (10 + 31) / 2 = 20.5
    assert phase_score([10, 31], {"aggregation": "trimmed_mean", "trim": 1}) == "20.50"


def test_trimmed_mean_falls_back_to_plain_mean_with_one_total() -> None:
    # 2*1 = 2 >= 1: plain mean of one total = 42
    assert phase_score([42], {"aggregation": "trimmed_mean", "trim": 1}) == "42.00"


def test_trimmed_mean_falls_back_to_plain_mean_when_twice_trim_equals_count() -> None:
    # 2*2 = 4 >= 4: plain mean (0 + 10 + 20 + 90) / 4 = 30 (a trim of 1 would give 15)
    assert phase_score([0, 10, 20, 90], {"aggregation": "trimmed_mean", "trim": 2}) == "30.00"


def test_trimmed_mean_with_trim_zero_is_the_plain_mean() -> None:
    # nothing dropped: (0 + 10 + 20 + 90) / 4 = 30
    assert phase_score([0, 10, 20, 90], {"aggregation": "trimmed_mean", "trim": 0}) == "30.00"


# -- totals, weights, phases, final score (steps 2, 4, 5) -------------------------------------

def test_juror_total_is_the_weighted_sum_of_the_criteria() -> None:
    # weights c1 = 2, c2 = 0.5
    # j1: 2*10 + 0.5*7 = 23.5 ; j2: 2*8 + 0.5*3 = 17.5 ; mean (23.5 + 17.5) / 2 = 20.5
    bundle = make_bundle(
        phases={"f": [{"id": "c1", "weight": "2"}, {"id": "c2", "weight": "0.5"}]},
        scores={"p1": {"j1": [10, 7], "j2": [8, 3]}})
    line = lines(bundle)["p1"]
    assert line["phase_scores"] == {"f": "20.50"}
    assert line["final_score"] == "20.50"


def test_weight_defaults_to_one() -> None:
    # c1 weight 3, c2 default 1: j1 3*4 + 5 = 17
    bundle = make_bundle(phases={"f": [{"id": "c1", "weight": "3"}, "c2"]},
                         scores={"p1": {"j1": [4, 5]}})
    assert lines(bundle)["p1"]["final_score"] == "17.00"


def test_final_score_is_the_sum_of_the_phase_scores() -> None:
    # phase a (criterion ca): j1 10, j2 11 -> 10.5
    # phase b (criterion cb): j1 20, j2 21 and j3 21 -> 62 / 3 = 20.666…
    # final 10.5 + 20.666… = 31.1666… -> 31.17
    bundle = make_bundle(
        phases={"a": ["ca"], "b": ["cb"]},
        jurors={"j1": ["a", "b"], "j2": ["a", "b"], "j3": ["b"]},
        scores={"p1": {"j1": [10, 20], "j2": [11, 21], "j3": [21]}})
    line = lines(bundle)["p1"]
    assert line["phase_scores"] == {"a": "10.50", "b": "20.67"}
    assert line["final_score"] == "31.17"


def test_final_score_is_rounded_from_the_exact_sum_not_from_rounded_phase_scores() -> None:
    # phase a: totals 0, 0, 1 -> 1/3 (0.33); phase b: the same -> 1/3 (0.33)
    # final exactly 2/3 -> 0.67 (adding the rounded phase scores would give 0.66)
    bundle = make_bundle(phases={"a": ["ca"], "b": ["cb"]},
                         scores={"p1": {"j1": [0, 0], "j2": [0, 0], "j3": [1, 1]}})
    line = lines(bundle)["p1"]
    assert line["phase_scores"] == {"a": "0.33", "b": "0.33"}
    assert line["final_score"] == "0.67"


def test_a_juror_who_scores_only_one_phase_is_not_needed_in_the_other() -> None:
    # j3 scores only phase b: phase a needs j1 and j2 only.
    # a: (5 + 7) / 2 = 6 ; b: (1 + 2 + 6) / 3 = 3 ; final 9
    bundle = make_bundle(
        phases={"a": ["ca"], "b": ["cb"]},
        jurors={"j1": ["a", "b"], "j2": ["a", "b"], "j3": ["b"]},
        scores={"p1": {"j1": [5, 1], "j2": [7, 2], "j3": [6]}},
        rules={"min_jurors": 2})
    line = lines(bundle)["p1"]
    assert line["status"] == "approved"
    assert line["phase_scores"] == {"a": "6.00", "b": "3.00"}
    assert line["final_score"] == "9.00"


def test_final_score_is_rounded_half_up_to_two_decimals() -> None:
    # totals 78.34 and 78.35 -> mean exactly 78.345 -> half up 78.35
    # (banker's rounding, and float round(78.345, 2), give 78.34)
    crit = {"id": "c", "step": "0.01"}
    bundle = make_bundle(phases={"f": [crit]}, scores={"p1": {"j1": ["78.34"], "j2": ["78.35"]}})
    assert lines(bundle)["p1"]["final_score"] == "78.35"
    # totals 78.33 and 78.34 -> 78.335 -> 78.34
    bundle = make_bundle(phases={"f": [crit]}, scores={"p1": {"j1": ["78.33"], "j2": ["78.34"]}})
    assert lines(bundle)["p1"]["final_score"] == "78.34"


def test_a_third_is_rounded_down_and_two_thirds_up() -> None:
    # (0 + 0 + 1) / 3 = 0.333… -> 0.33 ; (0 + 1 + 1) / 3 = 0.666… -> 0.67
    assert phase_score([0, 0, 1]) == "0.33"
    assert phase_score([0, 1, 1]) == "0.67"


# -- status: pass score, min_jurors, complete sheets (steps 1, 3, 6) ----------------------------

def test_final_score_equal_to_pass_score_is_approved() -> None:
    # step 0.5: p1 exactly 50 -> approved ; p2 49.5 -> rejected
    bundle = make_bundle(proposals=["p1", "p2"], phases={"f": [{"id": "c", "step": "0.5"}]},
                         scores=one_each({"p1": "50", "p2": "49.5"}),
                         rules={"pass_score": "50"})
    result = lines(bundle)
    assert result["p1"]["status"] == "approved"
    assert result["p1"]["rank"] == 1
    assert result["p2"]["status"] == "rejected"
    assert result["p2"]["reason"] == "rejected"
    assert result["p2"]["final_score"] == "49.50"
    assert result["p2"]["rank"] is None
    assert result["p2"]["funded"] is False


def test_pass_score_compares_the_exact_final_score_not_the_rounded_one() -> None:
    # totals 70, 70, 69.99 -> 209.99 / 3 = 69.99666… which prints "70.00" but is < 70
    crit = {"id": "c", "step": "0.01"}
    bundle = make_bundle(phases={"f": [crit]},
                         scores={"p1": {"j1": ["70"], "j2": ["70"], "j3": ["69.99"]}},
                         rules={"pass_score": "70"})
    line = lines(bundle)["p1"]
    assert line["final_score"] == "70.00"
    assert line["status"] == "rejected"
    assert line["reason"] == "rejected"


def test_default_pass_score_zero_approves_a_zero_score() -> None:
    assert lines(make_bundle(scores=one_each({"p1": 0})))["p1"]["status"] == "approved"


INCOMPLETE_LINE = {"status": "incomplete", "final_score": None, "phase_scores": None,
                   "rank": None, "tie": False, "funded": False, "partial": False,
                   "award": "0.00", "first_tranche": "0.00", "second_tranche": "0.00",
                   "reason": "incomplete"}


def _incomplete(line: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in line.items() if k not in ("proposal", "category")}


def test_recusal_below_min_jurors_makes_the_proposal_incomplete() -> None:
    # min_jurors 3, three jurors; j3 is recused on p2 -> 2 eligible < 3 -> incomplete
    bundle = make_bundle(proposals=["p1", "p2"], jurors=J3,
                         scores={"p1": {"j1": [60], "j2": [70], "j3": [80]},
                                 "p2": {"j1": [90], "j2": [90]}},
                         recusals=[("j3", "p2")], rules={"min_jurors": 3})
    result = lines(bundle)
    assert _incomplete(result["p2"]) == INCOMPLETE_LINE
    assert result["p1"]["final_score"] == "70.00"
    assert result["p1"]["rank"] == 1


def test_recusal_leaving_exactly_min_jurors_keeps_the_proposal_complete() -> None:
    # min_jurors 2: j3 recused on p1 leaves j1, j2 -> (90 + 80) / 2 = 85
    bundle = make_bundle(jurors=J3, scores={"p1": {"j1": [90], "j2": [80]}},
                         recusals=[("j3", "p1")], rules={"min_jurors": 2})
    line = lines(bundle)["p1"]
    assert line["status"] == "approved"
    assert line["final_score"] == "85.00"


def test_min_jurors_counts_eligible_jurors_of_each_phase() -> None:
    # phase b has only j3 (1 < min_jurors 2): every proposal is incomplete, phase a is fine
    bundle = make_bundle(phases={"a": ["ca"], "b": ["cb"]},
                         jurors={"j1": ["a"], "j2": ["a"], "j3": ["b"]},
                         scores={"p1": {"j1": [1], "j2": [2], "j3": [3]}},
                         rules={"min_jurors": 2})
    assert _incomplete(lines(bundle)["p1"]) == INCOMPLETE_LINE


def test_a_phase_where_every_juror_is_recused_makes_the_proposal_incomplete() -> None:
    # default min_jurors 1; j1 is the only juror and is recused -> 0 eligible
    bundle = make_bundle(proposals=["p1", "p2"], jurors=["j1"],
                         scores={"p2": {"j1": [5]}}, recusals=[("j1", "p1")])
    assert _incomplete(lines(bundle)["p1"]) == INCOMPLETE_LINE


def test_a_sheet_missing_one_criterion_makes_the_proposal_incomplete() -> None:
    # j2 has c1 but not c2 for p1
    bundle = make_bundle(proposals=["p1", "p2"], phases={"f": ["c1", "c2"]},
                         scores={"p1": {"j1": [5, 5], "j2": [5, None]},
                                 "p2": {"j1": [1, 1], "j2": [1, 1]}})
    result = lines(bundle)
    assert _incomplete(result["p1"]) == INCOMPLETE_LINE
    assert result["p2"]["final_score"] == "2.00"


def test_an_eligible_juror_with_no_sheet_makes_the_proposal_incomplete() -> None:
    # j2 is eligible for p1 but has not scored it (min_jurors 1 is met by j1 alone)
    bundle = make_bundle(proposals=["p1", "p2"], jurors=["j1", "j2"],
                         scores={"p1": {"j1": [50]}, "p2": {"j1": [50], "j2": [50]}})
    assert _incomplete(lines(bundle)["p1"]) == INCOMPLETE_LINE


def test_a_recused_juror_is_not_needed_for_a_complete_sheet_set() -> None:
    # j2 is recused on p1: p1 complete with j1 alone -> 50
    bundle = make_bundle(jurors=["j1", "j2"], scores={"p1": {"j1": [50]}},
                         recusals=[("j2", "p1")])
    assert lines(bundle)["p1"]["final_score"] == "50.00"


# -- ranking and tie-breaks ----------------------------------------------------------------------

def ranks(bundle: dict[str, Any]) -> dict[str, tuple[int | None, bool]]:
    return {pid: (line["rank"], line["tie"]) for pid, line in lines(bundle).items()}


def result_order(bundle: dict[str, Any]) -> list[str]:
    return [line["proposal"] for line in tally_json(bundle)["results"]]


def test_ranking_is_by_final_score_highest_first() -> None:
    bundle = make_bundle(proposals=["p1", "p2", "p3"],
                         scores=one_each({"p1": 40, "p2": 90, "p3": 60}))
    assert ranks(bundle) == {"p2": (1, False), "p3": (2, False), "p1": (3, False)}
    assert result_order(bundle) == ["p2", "p3", "p1"]


# Two jurors, two criteria; p1 and p2 both total 15 + 15 -> final 15 each.
#   p1: j1 (c1 8, c2 7), j2 (c1 6, c2 9) -> mean c1 7, mean c2 8
#   p2: j1 (c1 7, c2 8), j2 (c1 9, c2 6) -> mean c1 8, mean c2 7
CRITERION_TIE = {"p1": {"j1": [8, 7], "j2": [6, 9]}, "p2": {"j1": [7, 8], "j2": [9, 6]}}


def test_tie_break_by_criterion_puts_the_higher_criterion_mean_first() -> None:
    for key, first, second in (("criterion:c2", "p1", "p2"), ("criterion:c1", "p2", "p1")):
        bundle = make_bundle(proposals=["p1", "p2"], phases={"f": ["c1", "c2"]},
                             scores=CRITERION_TIE, rules={"tie_break": [key]})
        assert lines(bundle)["p1"]["final_score"] == lines(bundle)["p2"]["final_score"]
        assert ranks(bundle) == {first: (1, False), second: (2, False)}, key


def test_tie_break_by_criterion_uses_the_mean_over_eligible_jurors() -> None:
    # p1: j1 c2 = 10, j2 c2 = 0 -> mean 5 (sum 10) ; j3 recused on p1
    # p2: j1 c2 = 4, j2 c2 = 4, j3 c2 = 4 -> mean 4 (sum 12)
    # totals: p1 j1 0+10, j2 10+0 -> 10 ; p2 each 6+4 -> 10 ; equal finals
    # by mean p1 (5) beats p2 (4); by sum it would lose (10 < 12)
    bundle = make_bundle(proposals=["p1", "p2"], phases={"f": ["c1", "c2"]}, jurors=J3,
                         scores={"p1": {"j1": [0, 10], "j2": [10, 0]},
                                 "p2": {"j1": [6, 4], "j2": [6, 4], "j3": [6, 4]}},
                         recusals=[("j3", "p1")], rules={"tie_break": ["criterion:c2"]})
    assert ranks(bundle) == {"p1": (1, False), "p2": (2, False)}


def test_tie_break_by_criterion_equal_means_go_to_the_next_key() -> None:
    # c2 means: p1 8, p2 8 (swap of j1/j2 sheets); then requested_asc: p2 (50) before p1 (60)
    bundle = make_bundle(proposals=[{"id": "p1", "requested": "60"},
                                    {"id": "p2", "requested": "50"}],
                         phases={"f": ["c1", "c2"]},
                         scores={"p1": {"j1": [8, 7], "j2": [6, 9]},
                                 "p2": {"j1": [6, 9], "j2": [8, 7]}},
                         rules={"tie_break": ["criterion:c2", "requested_asc"]})
    assert ranks(bundle) == {"p2": (1, False), "p1": (2, False)}


def test_tie_break_requested_asc_puts_the_smaller_request_first() -> None:
    bundle = make_bundle(proposals=[{"id": "p1", "requested": "2000"},
                                    {"id": "p2", "requested": "1000.50"}],
                         scores=one_each({"p1": 70, "p2": 70}),
                         rules={"tie_break": ["requested_asc"]})
    assert ranks(bundle) == {"p2": (1, False), "p1": (2, False)}


def test_tie_break_requested_asc_compares_requested_not_the_capped_ask() -> None:
    # max_award 500 caps both asks to 500, but requested 800 > 600: p2 first
    bundle = make_bundle(proposals=[{"id": "p1", "requested": "800"},
                                    {"id": "p2", "requested": "600"}],
                         categories=[{"id": "k", "budget": "5000", "max_award": "500"}],
                         scores=one_each({"p1": 70, "p2": 70}),
                         rules={"tie_break": ["requested_asc"]})
    assert ranks(bundle) == {"p2": (1, False), "p1": (2, False)}


def test_tie_break_order_puts_the_earlier_presentation_first() -> None:
    bundle = make_bundle(proposals=[{"id": "p1", "order": 7}, {"id": "p2", "order": 3}],
                         scores=one_each({"p1": 70, "p2": 70}), rules={"tie_break": ["order"]})
    assert ranks(bundle) == {"p2": (1, False), "p1": (2, False)}


def test_tie_break_keys_apply_in_the_listed_order() -> None:
    # p1 requested 100 order 2 ; p2 requested 200 order 1 ; equal scores
    props = [{"id": "p1", "requested": "100", "order": 2},
             {"id": "p2", "requested": "200", "order": 1}]
    scores = one_each({"p1": 70, "p2": 70})
    by_request = make_bundle(proposals=props, scores=scores,
                             rules={"tie_break": ["requested_asc", "order"]})
    by_order = make_bundle(proposals=props, scores=scores,
                           rules={"tie_break": ["order", "requested_asc"]})
    assert ranks(by_request) == {"p1": (1, False), "p2": (2, False)}
    assert ranks(by_order) == {"p2": (1, False), "p1": (2, False)}


def test_tie_break_draw_orders_the_group_by_the_draw() -> None:
    bundle = make_bundle(proposals=["p1", "p2"], scores=one_each({"p1": 70, "p2": 70}),
                         draws=[(["p1", "p2"], ["p2", "p1"])])
    assert ranks(bundle) == {"p2": (1, False), "p1": (2, False)}
    assert result_order(bundle) == ["p2", "p1"]


def test_draw_is_the_default_tie_break() -> None:
    bundle = make_bundle(proposals=["p1", "p2"], scores=one_each({"p1": 70, "p2": 70}),
                         rules={}, draws=[(["p2", "p1"], ["p2", "p1"])])
    assert ranks(bundle) == {"p2": (1, False), "p1": (2, False)}


def test_tie_break_draw_uses_the_first_recorded_draw_containing_the_whole_group() -> None:
    # draw 0 lacks p2; draw 1 is the first with both -> p2 first; draw 2 is ignored
    bundle = make_bundle(proposals=["p1", "p2", "p3"],
                         scores=one_each({"p1": 70, "p2": 70, "p3": 10}),
                         draws=[(["p1", "p3"], ["p1", "p3"]),
                                (["p1", "p2"], ["p2", "p1"]),
                                (["p1", "p2"], ["p1", "p2"])])
    assert ranks(bundle) == {"p2": (1, False), "p1": (2, False), "p3": (3, False)}


def test_tie_break_draw_listing_more_proposals_than_the_group_orders_the_group() -> None:
    # group {p1, p2} (70); the draw also lists p3 (10) and puts it first: p2 then p1
    bundle = make_bundle(proposals=["p1", "p2", "p3"],
                         scores=one_each({"p1": 70, "p2": 70, "p3": 10}),
                         draws=[(["p1", "p2", "p3"], ["p3", "p2", "p1"])])
    assert ranks(bundle) == {"p2": (1, False), "p1": (2, False), "p3": (3, False)}


def test_tie_break_draw_not_containing_the_whole_group_leaves_it_tied() -> None:
    # group {p1, p2, p3}; the only draw covers p1 and p2 -> all three share rank 1
    bundle = make_bundle(proposals=["p1", "p2", "p3", "p4"],
                         scores=one_each({"p1": 70, "p2": 70, "p3": 70, "p4": 50}),
                         draws=[(["p1", "p2"], ["p2", "p1"])])
    assert ranks(bundle) == {"p1": (1, True), "p2": (1, True), "p3": (1, True),
                             "p4": (4, False)}
    assert result_order(bundle) == ["p1", "p2", "p3", "p4"]


def test_tie_break_draw_applies_to_what_earlier_keys_left_tied() -> None:
    # p1, p2, p3 all 70; requested_asc puts p3 (50) first; p1 and p2 (100 each) stay tied,
    # and the draw among p1, p2 orders them p2, p1
    bundle = make_bundle(proposals=["p1", "p2", {"id": "p3", "requested": "50"}],
                         scores=one_each({"p1": 70, "p2": 70, "p3": 70}),
                         rules={"tie_break": ["requested_asc", "draw"]},
                         draws=[(["p1", "p2"], ["p2", "p1"])])
    assert ranks(bundle) == {"p3": (1, False), "p2": (2, False), "p1": (3, False)}


def test_no_draw_then_the_next_key_decides() -> None:
    # tie_break [draw, order]: no draw recorded, so order decides (p2 has order 1)
    bundle = make_bundle(proposals=[{"id": "p1", "order": 2}, {"id": "p2", "order": 1}],
                         scores=one_each({"p1": 70, "p2": 70}),
                         rules={"tie_break": ["draw", "order"]})
    assert ranks(bundle) == {"p2": (1, False), "p1": (2, False)}


def test_explicit_empty_tie_break_leaves_equal_scores_tied_with_competition_ranks() -> None:
    # b and a tie at 80 -> both rank 1 with tie; c has 2 ahead of it -> rank 3; d -> 4
    # an "order" or "draw" key would have split them; the empty list does not
    bundle = make_bundle(proposals=["b", "a", "c", "d"],
                         scores=one_each({"b": 80, "a": 80, "c": 60, "d": 50}),
                         rules={"tie_break": []}, draws=[(["a", "b"], ["b", "a"])])
    assert ranks(bundle) == {"a": (1, True), "b": (1, True), "c": (3, False), "d": (4, False)}
    # ties are listed by proposal id
    assert result_order(bundle) == ["a", "b", "c", "d"]


def test_ties_are_exact_not_on_rounded_scores() -> None:
    # p1: (0 + 0 + 1) / 3 = 0.333… ; p2: one total 0.33 (step 0.01) ; both print "0.33"
    # but p1 is ahead exactly, so no tie even with an empty tie_break
    crit = {"id": "c", "step": "0.01"}
    bundle = make_bundle(proposals=["p1", "p2"], phases={"f": [crit]}, jurors=J3,
                         scores={"p1": {"j1": [0], "j2": [0], "j3": [1]},
                                 "p2": {"j1": ["0.33"], "j2": ["0.33"], "j3": ["0.33"]}},
                         rules={"tie_break": []})
    result = lines(bundle)
    assert result["p1"]["final_score"] == result["p2"]["final_score"] == "0.33"
    assert ranks(bundle) == {"p1": (1, False), "p2": (2, False)}


def test_rejected_and_incomplete_proposals_do_not_take_rank_places() -> None:
    # p1 rejected (30 < 50), p2 incomplete, p3 and p4 approved -> ranks 1, 2
    bundle = make_bundle(proposals=["p1", "p2", "p3", "p4"], jurors=["j1"],
                         scores=one_each({"p1": 30, "p2": None, "p3": 90, "p4": 60}),
                         rules={"pass_score": "50"})
    assert ranks(bundle) == {"p1": (None, False), "p2": (None, False), "p3": (1, False),
                             "p4": (2, False)}


# -- allocation ----------------------------------------------------------------------------------

def allocation(bundle: dict[str, Any]) -> dict[str, tuple[bool, str, str | None]]:
    return {pid: (line["funded"], line["award"], line["reason"])
            for pid, line in lines(bundle).items()}


def ranked_asks(asks: list[str], policy: str, budget: str = "1000",
                **rules: Any) -> dict[str, Any]:
    """Proposals p1, p2, … asking ``asks``, ranked in that order (scores 90, 80, …)."""
    props = [{"id": f"p{i}", "requested": ask} for i, ask in enumerate(asks, start=1)]
    scores = one_each({f"p{i}": 100 - 10 * i for i in range(1, len(asks) + 1)})
    return make_bundle(proposals=props, scores=scores,
                       categories=[{"id": "k", "budget": budget}],
                       rules={"allocation": policy, **rules})


def test_skip_policy_funds_a_later_cheaper_proposal() -> None:
    # budget 1000: p1 600 fits (400 left); p2 500 does not; p3 300 fits (100 left);
    # p4 200 does not
    bundle = ranked_asks(["600", "500", "300", "200"], "skip")
    assert allocation(bundle) == {
        "p1": (True, "600.00", None), "p2": (False, "0.00", "exceeds_remaining_budget"),
        "p3": (True, "300.00", None), "p4": (False, "0.00", "exceeds_remaining_budget")}
    assert categories(bundle)["k"] == {"id": "k", "budget": "1000.00", "allocated": "900.00",
                                       "remaining": "100.00"}


def test_skip_is_the_default_policy() -> None:
    bundle = ranked_asks(["600", "500", "300"], "skip")
    bundle["contest"]["rules"] = {}
    assert allocation(bundle)["p3"] == (True, "300.00", None)


def test_an_ask_exactly_equal_to_the_remaining_budget_fits() -> None:
    # budget 1000: 600 then 400 == remaining 400 -> funded; 0 left
    bundle = ranked_asks(["600", "400", "1"], "skip")
    assert allocation(bundle)["p2"] == (True, "400.00", None)
    assert allocation(bundle)["p3"] == (False, "0.00", "exceeds_remaining_budget")
    assert categories(bundle)["k"]["remaining"] == "0.00"


def test_stop_policy_stops_at_the_first_proposal_that_does_not_fit() -> None:
    # budget 1000: p1 600 fits; p2 500 does not -> p2 and all later budget_exhausted,
    # even p3 (300) which would fit the 400 left
    bundle = ranked_asks(["600", "500", "300", "200"], "stop")
    assert allocation(bundle) == {
        "p1": (True, "600.00", None), "p2": (False, "0.00", "budget_exhausted"),
        "p3": (False, "0.00", "budget_exhausted"), "p4": (False, "0.00", "budget_exhausted")}
    assert categories(bundle)["k"] == {"id": "k", "budget": "1000.00", "allocated": "600.00",
                                       "remaining": "400.00"}


def test_partial_policy_funds_the_remaining_budget_when_above_the_threshold() -> None:
    # budget 1000, 50%: p1 600 fits (400 left); p2 asks 500, 400 >= 500*50/100 = 250 ->
    # award 400, partial; p3 and p4 budget_exhausted (p4's 100 would have fit otherwise)
    bundle = ranked_asks(["600", "500", "300", "100"], "partial", partial_min_percent="50")
    result = lines(bundle)
    assert allocation(bundle) == {
        "p1": (True, "600.00", None), "p2": (True, "400.00", None),
        "p3": (False, "0.00", "budget_exhausted"), "p4": (False, "0.00", "budget_exhausted")}
    assert result["p2"]["partial"] is True
    assert result["p1"]["partial"] is False
    # tranches of the partial award 400 at 40%: 160 + 240
    assert (result["p2"]["first_tranche"], result["p2"]["second_tranche"]) == ("160.00",
                                                                                "240.00")
    assert categories(bundle)["k"] == {"id": "k", "budget": "1000.00",
                                       "allocated": "1000.00", "remaining": "0.00"}


def test_partial_min_percent_defaults_to_fifty() -> None:
    # 400 left; p2 asks 800 -> 400 >= 800*50/100 = 400 -> partial (exactly at the threshold)
    bundle = ranked_asks(["600", "800"], "partial")
    assert allocation(bundle)["p2"] == (True, "400.00", None)
    # p2 asks 801 -> 400 < 400.5 -> not funded
    bundle = ranked_asks(["600", "801"], "partial")
    assert allocation(bundle)["p2"] == (False, "0.00", "exceeds_remaining_budget")


def test_partial_policy_below_the_threshold_skips_and_scans_on() -> None:
    # budget 1000, 90%: p1 600 (400 left); p2 500: 400 < 450 -> exceeds, scan goes on;
    # p3 300 fits (100 left); p4 110: 100 >= 99 -> partial award 100
    bundle = ranked_asks(["600", "500", "300", "110"], "partial", partial_min_percent="90")
    result = lines(bundle)
    assert allocation(bundle) == {
        "p1": (True, "600.00", None), "p2": (False, "0.00", "exceeds_remaining_budget"),
        "p3": (True, "300.00", None), "p4": (True, "100.00", None)}
    assert result["p2"]["partial"] is False
    assert result["p4"]["partial"] is True


def test_partial_policy_needs_some_remaining_budget() -> None:
    # partial_min_percent 0: 0 >= 0 but remaining must be > 0 -> p2 exceeds; p3 (0) fits
    bundle = ranked_asks(["1000", "5", "0"], "partial", partial_min_percent="0")
    assert allocation(bundle) == {
        "p1": (True, "1000.00", None), "p2": (False, "0.00", "exceeds_remaining_budget"),
        "p3": (True, "0.00", None)}


def test_max_award_caps_the_ask() -> None:
    # max_award 700: p1 asks min(1000, 700) = 700; p2 min(500, 700) = 500; 700 + 500 = 1200
    bundle = make_bundle(proposals=[{"id": "p1", "requested": "1000"},
                                    {"id": "p2", "requested": "500"}],
                         categories=[{"id": "k", "budget": "1200", "max_award": "700"}],
                         scores=one_each({"p1": 90, "p2": 80}))
    assert allocation(bundle) == {"p1": (True, "700.00", None), "p2": (True, "500.00", None)}
    assert categories(bundle)["k"] == {"id": "k", "budget": "1200.00",
                                       "allocated": "1200.00", "remaining": "0.00"}


def test_partial_threshold_applies_to_the_capped_ask() -> None:
    # max_award 600: p2 requested 2000 asks 600; 400 left >= 600*50% = 300 -> partial 400
    # (against the uncapped 2000 the threshold 1000 would refuse it)
    bundle = make_bundle(proposals=[{"id": "p1", "requested": "600"},
                                    {"id": "p2", "requested": "2000"}],
                         categories=[{"id": "k", "budget": "1000", "max_award": "600"}],
                         scores=one_each({"p1": 90, "p2": 80}), rules={"allocation": "partial"})
    assert allocation(bundle)["p2"] == (True, "400.00", None)


def test_unapproved_proposals_are_not_funded_and_do_not_use_budget() -> None:
    # p1 rejected (asks 900), p2 incomplete (asks 900), p3 approved asks 1000 = budget
    bundle = make_bundle(proposals=[{"id": "p1", "requested": "900"},
                                    {"id": "p2", "requested": "900"},
                                    {"id": "p3", "requested": "1000"}],
                         categories=[{"id": "k", "budget": "1000"}],
                         scores=one_each({"p1": 10, "p2": None, "p3": 90}),
                         jurors=["j1"], rules={"pass_score": "50"})
    assert allocation(bundle) == {"p1": (False, "0.00", "rejected"),
                                  "p2": (False, "0.00", "incomplete"),
                                  "p3": (True, "1000.00", None)}


def tied_group(asks: list[str], scores: list[int], policy: str = "skip",
               budget: str = "1000") -> dict[str, Any]:
    props = [{"id": f"p{i}", "requested": ask} for i, ask in enumerate(asks, start=1)]
    return make_bundle(proposals=props,
                       scores=one_each({f"p{i}": s for i, s in enumerate(scores, start=1)}),
                       categories=[{"id": "k", "budget": budget}],
                       rules={"tie_break": [], "allocation": policy})


@pytest.mark.parametrize("policy", ["skip", "stop", "partial"])
def test_unresolved_tie_at_the_funding_line_stops_the_scan(policy: str) -> None:
    # budget 1000: p1 (90) 400 fits, 600 left; p2 and p3 tied at 80 ask 400 + 400 = 800 > 600
    # -> both tie_needs_draw; p4 (70) asks 100 and would fit, but the scan has stopped
    bundle = tied_group(["400", "400", "400", "100"], [90, 80, 80, 70], policy)
    assert allocation(bundle) == {
        "p1": (True, "400.00", None), "p2": (False, "0.00", "tie_needs_draw"),
        "p3": (False, "0.00", "tie_needs_draw"), "p4": (False, "0.00", "tie_needs_draw")}
    assert ranks(bundle) == {"p1": (1, False), "p2": (2, True), "p3": (2, True),
                             "p4": (4, False)}
    assert categories(bundle)["k"]["allocated"] == "400.00"
    assert categories(bundle)["k"]["remaining"] == "600.00"
    assert not any(line["partial"] for line in lines(bundle).values())


def test_tied_group_that_fits_is_funded_in_full() -> None:
    # budget 1000: p1 and p2 tied at 90 ask 300 + 300 = 600 <= 1000 -> both funded (400 left)
    # p3 asks 500 > 400 -> exceeds (skip) ; p4 asks 400 -> fits
    bundle = tied_group(["300", "300", "500", "400"], [90, 90, 80, 70])
    assert allocation(bundle) == {
        "p1": (True, "300.00", None), "p2": (True, "300.00", None),
        "p3": (False, "0.00", "exceeds_remaining_budget"), "p4": (True, "400.00", None)}
    assert ranks(bundle)["p1"] == ranks(bundle)["p2"] == (1, True)


def test_tied_group_fitting_exactly_is_funded() -> None:
    # budget 1000: p1 400 (600 left); p2, p3 tied ask 300 + 300 = 600 == 600 -> funded
    bundle = tied_group(["400", "300", "300"], [90, 80, 80])
    assert allocation(bundle)["p2"] == allocation(bundle)["p3"] == (True, "300.00", None)
    assert categories(bundle)["k"]["remaining"] == "0.00"


def test_tied_group_after_a_stop_is_budget_exhausted() -> None:
    # stop: p1 asks 1100 > 1000 -> budget_exhausted and the scan stopped; the tied p2, p3
    # below it get budget_exhausted as every later proposal does (not tie_needs_draw)
    bundle = tied_group(["1100", "100", "100"], [90, 80, 80], "stop")
    assert allocation(bundle) == {
        "p1": (False, "0.00", "budget_exhausted"), "p2": (False, "0.00", "budget_exhausted"),
        "p3": (False, "0.00", "budget_exhausted")}


def test_tied_group_after_a_partial_award_is_budget_exhausted() -> None:
    # partial: p1 600 (400 left); p2 asks 500 -> partial 400; tied p3, p4 -> budget_exhausted
    bundle = tied_group(["600", "500", "100", "100"], [90, 80, 70, 70], "partial")
    assert allocation(bundle)["p2"] == (True, "400.00", None)
    assert allocation(bundle)["p3"] == allocation(bundle)["p4"] == (
        False, "0.00", "budget_exhausted")


def test_tied_group_below_an_exhausted_budget_under_skip_needs_a_draw() -> None:
    # skip: p1 takes the whole budget 1000; p2, p3 tied at 80 ask 100 + 100 > 0 left ->
    # "a group still tied ... Otherwise no member ... nor any later proposal is funded,
    # reason tie_needs_draw" (skip has no "exhausted" state of its own); p4 too
    bundle = tied_group(["1000", "100", "100", "0"], [90, 80, 80, 70])
    assert allocation(bundle) == {
        "p1": (True, "1000.00", None), "p2": (False, "0.00", "tie_needs_draw"),
        "p3": (False, "0.00", "tie_needs_draw"), "p4": (False, "0.00", "tie_needs_draw")}


def test_tied_group_resolved_by_a_draw_is_allocated_one_by_one() -> None:
    # same as the funding-line tie, plus a draw p3 before p2: p3 400 fits (200 left),
    # p2 400 exceeds (skip), p4 100 fits
    bundle = tied_group(["400", "400", "400", "100"], [90, 80, 80, 70])
    bundle["contest"]["rules"]["tie_break"] = ["draw"]
    bundle["contest"]["draws"] = [{"proposals": ["p2", "p3"], "order": ["p3", "p2"]}]
    assert allocation(bundle) == {
        "p1": (True, "400.00", None), "p2": (False, "0.00", "exceeds_remaining_budget"),
        "p3": (True, "400.00", None), "p4": (True, "100.00", None)}


# -- tranches ------------------------------------------------------------------------------------

def tranches(award: str, percent: str) -> tuple[str, str, str]:
    bundle = make_bundle(proposals=[{"id": "p1", "requested": award}],
                         scores=one_each({"p1": 50}),
                         rules={"first_tranche_percent": percent})
    line = lines(bundle)["p1"]
    assert line["funded"] is True
    return line["award"], line["first_tranche"], line["second_tranche"]


def test_tranches_default_to_forty_percent_first() -> None:
    # 15000 * 40% = 6000 ; 15000 - 6000 = 9000
    bundle = make_bundle(proposals=[{"id": "p1", "requested": "15000.00"}],
                         scores=one_each({"p1": 50}))
    line = lines(bundle)["p1"]
    assert (line["first_tranche"], line["second_tranche"]) == ("6000.00", "9000.00")


def test_first_tranche_is_rounded_half_up_and_second_is_the_rest() -> None:
    # 10000.15 * 30% = 3000.045 exactly -> half up 3000.05 (banker's: 3000.04);
    # second 10000.15 - 3000.05 = 7000.10
    assert tranches("10000.15", "30") == ("10000.15", "3000.05", "7000.10")
    # 1000.20 * 12.5% = 125.025 -> 125.03 (banker's 125.02); 1000.20 - 125.03 = 875.17
    assert tranches("1000.20", "12.5") == ("1000.20", "125.03", "875.17")
    # 1000.05 * 40% = 400.02 exactly; 1000.05 - 400.02 = 600.03
    assert tranches("1000.05", "40") == ("1000.05", "400.02", "600.03")
    # 100.00 * 33.33% = 33.33 ; 66.67
    assert tranches("100.00", "33.33") == ("100.00", "33.33", "66.67")
    # 0.15 * 30% = 0.045 -> 0.05 ; 0.10
    assert tranches("0.15", "30") == ("0.15", "0.05", "0.10")


def test_tranches_of_zero_and_hundred_percent() -> None:
    assert tranches("1234.56", "0") == ("1234.56", "0.00", "1234.56")
    assert tranches("1234.56", "100") == ("1234.56", "1234.56", "0.00")


@pytest.mark.parametrize("award", ["0.01", "0.05", "1.11", "333.33", "1000.05", "99999.99"])
@pytest.mark.parametrize("percent", ["40", "30", "12.5", "33.33", "66.665"])
def test_tranches_add_up_to_the_award(award: str, percent: str) -> None:
    total, first, second = tranches(award, percent)
    assert Decimal(first) + Decimal(second) == Decimal(total) == Decimal(award)
    exact = Decimal(award) * Decimal(percent) / 100
    assert Decimal(first) == exact.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")


def test_unfunded_proposals_have_zero_amounts() -> None:
    bundle = ranked_asks(["600", "500"], "skip")
    line = lines(bundle)["p2"]
    assert (line["award"], line["first_tranche"], line["second_tranche"]) == (
        "0.00", "0.00", "0.00")
    assert line["partial"] is False


# -- output --------------------------------------------------------------------------------------

def test_output_is_ordered_by_category_then_rank_then_presentation_order() -> None:
    # categories listed k2 then k1; proposals listed with k1 ones first
    # k1: a (order 5) 70, b (order 4) 90, c (order 1) rejected, d (order 2) incomplete,
    #     e (order 3) 70 -> ranked b (1), then a and e tied (2, 2, listed by id);
    #     then the unranked by presentation order: c (1), d (2)
    # k2: z (order 6) 50, y (order 7) 60 -> y, z
    props = [{"id": "a", "category": "k1", "order": 5}, {"id": "b", "category": "k1", "order": 4},
             {"id": "c", "category": "k1", "order": 1}, {"id": "d", "category": "k1", "order": 2},
             {"id": "e", "category": "k1", "order": 3}, {"id": "z", "category": "k2", "order": 6},
             {"id": "y", "category": "k2", "order": 7}]
    bundle = make_bundle(proposals=props, categories=["k2", "k1"], jurors=["j1"],
                         scores=one_each({"a": 70, "b": 90, "c": 10, "d": None, "e": 70,
                                          "z": 50, "y": 60}),
                         rules={"pass_score": "20", "tie_break": []})
    out = tally_json(bundle)
    assert [line["proposal"] for line in out["results"]] == ["y", "z", "b", "a", "e", "c", "d"]
    assert [line["category"] for line in out["results"]] == ["k2"] * 2 + ["k1"] * 5
    assert [c["id"] for c in out["categories"]] == ["k2", "k1"]
    assert [line["rank"] for line in out["results"]] == [1, 2, 1, 2, 2, None, None]


def test_output_has_exactly_the_spec_fields() -> None:
    bundle = make_bundle(proposals=[{"id": "p1", "requested": "15000.00"}],
                         categories=[{"id": "pdn", "budget": "150000.00"}],
                         phases={"campo": ["c1"], "publico": ["c2"]},
                         jurors=J3,
                         scores={"p1": {"j1": [40, 38], "j2": [40, 38], "j3": [40, 39]}})
    # campo 40 ; publico (38 + 38 + 39) / 3 = 38.333… ; final 78.333… -> 78.33
    assert tally_json(bundle) == {
        "contest": "test-contest",
        "results": [
            {"proposal": "p1", "category": "pdn", "status": "approved",
             "final_score": "78.33", "phase_scores": {"campo": "40.00", "publico": "38.33"},
             "rank": 1, "tie": False, "funded": True, "partial": False,
             "award": "15000.00", "first_tranche": "6000.00", "second_tranche": "9000.00",
             "reason": None}],
        "categories": [{"id": "pdn", "budget": "150000.00", "allocated": "15000.00",
                        "remaining": "135000.00"}],
    }


def test_a_category_with_no_proposals_keeps_its_whole_budget() -> None:
    bundle = make_bundle(categories=["k", {"id": "empty", "budget": "500.5"}],
                         scores=one_each({"p1": 50}))
    assert categories(bundle)["empty"] == {"id": "empty", "budget": "500.50",
                                           "allocated": "0.00", "remaining": "500.50"}


def test_tally_output_is_plain_json() -> None:
    bundle = make_bundle(proposals=["p1", "p2"], scores=one_each({"p1": 50, "p2": None}),
                         jurors=["j1"])
    out = tally_json(bundle)
    assert json.loads(json.dumps(out)) == out


# -- the spec's worked example and the other ways to reach a tally -------------------------------

def test_colquemarca_example_tallies_exactly_to_the_expected_output() -> None:
    bundle = load_bundle(EXAMPLE.read_text(encoding="utf-8"))
    assert tally(bundle.contest).to_json() == expected_tally()


def test_colquemarca_example_output_order_matches_exactly() -> None:
    bundle = load_bundle(EXAMPLE.read_bytes())
    got = tally(bundle.contest).to_json()
    assert [r["proposal"] for r in got["results"]] == [
        r["proposal"] for r in expected_tally()["results"]]
    assert json.dumps(got, sort_keys=True) == json.dumps(expected_tally(), sort_keys=True)


def test_tally_result_of_one_proposal_matches_its_line() -> None:
    contest = contest_of(make_bundle(proposals=["p1", "p2", "p3"],
                                     scores=one_each({"p1": 50, "p2": 50, "p3": 20}),
                                     rules={"tie_break": []}))
    running = Tally(contest)
    full = {line.proposal: line for line in running.results().results}
    for pid in ("p1", "p2", "p3"):
        assert running.result(pid).to_json() == full[pid].to_json()


def test_contest_state_replaying_scores_matches_the_bundle_tally() -> None:
    # import the contest without scores, then enter them one by one as events
    bundle = load_bundle(EXAMPLE.read_text(encoding="utf-8"))
    snapshot = json.loads(EXAMPLE.read_text(encoding="utf-8"))["contest"]
    scores = snapshot.pop("scores")
    draws = snapshot.pop("draws", [])
    state = ContestState()
    state.apply("contest.imported", {"contest": snapshot})
    state.apply("session.opened", {})
    for score in scores:
        state.apply("score.entered", score)
    for draw in draws:
        state.apply("draw.recorded", draw)
    assert state.tally is not None
    assert state.tally.results().to_json() == expected_tally()
    assert tally(bundle.contest).to_json() == expected_tally()


def test_contest_state_correction_and_recusal_keep_the_tally_current() -> None:
    bundle = make_bundle(proposals=["p1", "p2", "p3"], jurors=J3,
                         categories=[{"id": "k", "budget": "200"}],
                         scores={"p1": {"j1": [60], "j2": [60], "j3": [60]},
                                 "p2": {"j1": [70], "j2": [70]}},
                         rules={"pass_score": "50", "tie_break": ["draw"]})
    state = ContestState()
    state.apply("contest.imported", {"contest": bundle["contest"]})
    state.apply("session.opened", {})
    assert state.tally is not None and state.contest is not None
    assert state.tally.result("p2").status == "incomplete"
    state.apply("recusal.recorded", {"juror": "j3", "proposal": "p2", "reason": "Pariente"})
    # p2 now complete with j1, j2 -> 70, ahead of p1 (60)
    assert state.tally.result("p2").rank == 1
    state.apply("score.corrected", {"juror": "j1", "proposal": "p2", "criterion": "c",
                                    "value": "50", "reason": "Error de digitación"})
    # p2: (50 + 70) / 2 = 60 -> tied with p1; 100 + 100 = 200 fits -> both funded
    assert state.tally.result("p2").tie is True
    assert state.tally.result("p1").funded is True
    state.apply("draw.recorded", {"proposals": ["p1", "p2"], "order": ["p2", "p1"]})
    assert state.tally.result("p2").rank == 1 and state.tally.result("p1").rank == 2
    assert state.tally.results().to_json() == tally(state.contest).to_json()


def test_parse_bundle_and_load_bundle_give_the_same_tally() -> None:
    bundle = make_bundle(proposals=["p1", "p2"], scores=one_each({"p1": 50, "p2": 60}))
    assert (tally(load_bundle(json.dumps(bundle)).contest).to_json()
            == tally(parse_bundle(bundle).contest).to_json())
