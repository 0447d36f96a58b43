"""The scores read by columns (`domain.score_columns`) are exactly the scores read one by one.

A bundle's scores are read column by column when every one is valid, and one by one (the
loop that says which score is wrong) otherwise; the tally command reads them straight into
sheets (``sheets_only``). All three must accept the same bundles, refuse the same ones with
the same sentence, and give the same contest and the same tally — on generated bundles, with
the scores in a random order (the sheets index relies on a sheet's values coming together,
only for speed), and with one score broken in each of the ways a score can be wrong.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import clar_desktop.domain.bundle as bundle_module
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.errors import BundleError
from clar_desktop.domain.tally import tally, tally_bundle
from tests.domain.conftest import Bundle, make_bundle
from tests.domain.strategies import SETTINGS, bundles


def one_by_one(bundle: Bundle, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The contest read with the column reader switched off."""
    with monkeypatch.context() as patch:
        patch.setattr(bundle_module, "read_columns", lambda *_args: None)
        return parse_bundle(bundle).contest


def verdict(read: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return "read", read()
    except BundleError as error:
        return "refused", (error.path, error.item, error.render(lambda text: text))


@SETTINGS
@given(bundles(), st.randoms(use_true_random=False))
def test_the_three_readers_give_one_contest_and_one_tally(
        bundle: Bundle, rng: Any) -> None:
    contest = bundle["contest"]
    rng.shuffle(contest["scores"])
    by_columns = parse_bundle(bundle).contest
    with pytest.MonkeyPatch.context() as patch:
        looped = one_by_one(bundle, patch)
    assert list(by_columns.scores.items()) == list(looped.scores.items())  # order kept too
    assert by_columns == looped
    sheets = parse_bundle(bundle, sheets_only=True)
    assert sheets.contest.scores == {} and sheets.sheets is not None
    assert tally_bundle(sheets) == tally(by_columns)


def _score(bundle: Bundle, index: int = 0) -> dict[str, Any]:
    return bundle["contest"]["scores"][index]  # type: ignore[no-any-return]


BREAKS: dict[str, Callable[[Bundle], None]] = {
    "unknown juror": lambda b: _score(b, 3).update(juror="j9"),
    "unknown proposal": lambda b: _score(b, 3).update(proposal="p9"),
    "unknown criterion": lambda b: _score(b, 3).update(criterion="zz"),
    "above the maximum": lambda b: _score(b, 3).update(value="11"),
    "not a decimal": lambda b: _score(b, 3).update(value="7,5"),
    "off the step": lambda b: _score(b, 3).update(value="7.25"),
    "a number, not a text": lambda b: _score(b, 3).update(value=7),
    "a juror id that is a number": lambda b: _score(b, 3).update(juror=1),
    "a list for an id": lambda b: _score(b, 3).update(proposal=["p1"]),
    "an object for a value": lambda b: _score(b, 3).update(value={"v": "7"}),
    "a field missing": lambda b: _score(b, 3).pop("criterion"),
    "not an object": lambda b: b["contest"]["scores"].insert(3, "j1/p1/a/7"),
    "null": lambda b: b["contest"]["scores"].insert(3, None),
    "twice": lambda b: b["contest"]["scores"].append(dict(_score(b, 1), value="2")),
    "twice, same value": lambda b: b["contest"]["scores"].insert(2, dict(_score(b, 0))),
    "a phase the juror does not score": lambda b: _score(b, 3).update(juror="j3",
                                                                      criterion="a"),
    "a recused pair": lambda b: b["contest"]["recusals"].append(
        {"juror": "j2", "proposal": "p2", "reason": "pariente"}),
    "an absent juror": lambda b: b["contest"].setdefault("absences", []).append(
        {"juror": "j1", "proposal": "p1", "phase": "f", "reason": "enferma"}),
}


def _base() -> Bundle:
    bundle = make_bundle(
        phases={"f": [{"id": "a", "max": "10", "step": "0.5"}, {"id": "b", "max": "10"}],
                "g": [{"id": "c", "max": "4"}]},
        jurors={"j1": ["f", "g"], "j2": ["f", "g"], "j3": ["g"]},
        proposals=["p1", "p2"],
        scores={"p1": {"j1": ["7.5", 8, 3], "j2": [6, 6, 4], "j3": [2]},
                "p2": {"j1": [5, 5, 1], "j2": [9, 10, 0], "j3": [4]}})
    bundle["version"] = 2
    return bundle


def test_the_base_bundle_is_read_alike() -> None:
    bundle = _base()
    assert verdict(lambda: parse_bundle(copy.deepcopy(bundle)).contest)[0] == "read"


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_a_broken_score_is_refused_alike_by_the_three_readers(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = _base()
    BREAKS[name](bundle)
    columns = verdict(lambda: parse_bundle(copy.deepcopy(bundle)))
    sheets = verdict(lambda: parse_bundle(copy.deepcopy(bundle), sheets_only=True))
    looped = verdict(lambda: one_by_one(copy.deepcopy(bundle), monkeypatch))
    assert columns[0] == "refused", (name, columns)
    assert columns == sheets == looped


@given(st.integers(0, 14), st.integers(0, 14))
def test_a_score_given_twice_is_refused_wherever_the_second_one_is(
        first: int, at: int) -> None:
    bundle = _base()
    scores = bundle["contest"]["scores"]
    scores.insert(at % (len(scores) + 1), dict(scores[first % len(scores)]))
    for sheets_only in (False, True):
        with pytest.raises(BundleError, match="second score"):
            parse_bundle(copy.deepcopy(bundle), sheets_only=sheets_only)
