"""Sheets a session waits for on second-tranche items: none for an item not eligible.

A follow-up item whose justified share of the first tranche is below the rules' minimum can
never be approved (spec v2, Tally of an item, step 2): the checklist, the sheet counts and the
pending marks must not ask for its sheets, and the session closes without them. The example
bundle's f2 and f4 justify 0 % of a 70 % minimum; f1, f3 and f5 are eligible.
"""

from __future__ import annotations

import copy

import pytest

from clar_desktop.domain.checklist import OpenPoints, open_points
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.domain.state import ContestState
from tests.helpers import confirmations, v2_bundle


def opened(contest: dict[str, object]) -> ContestState:
    state = ContestState()
    state.apply("contest.imported", {"contest": contest})
    state.apply("session.opened", {})
    return state


def unscored_items() -> dict[str, object]:
    """The example without any score on its follow-up items."""
    contest = copy.deepcopy(v2_bundle()["contest"])
    contest["scores"] = [s for s in contest["scores"] if not s["proposal"].startswith("f")]
    return contest


def test_an_item_not_eligible_waits_for_no_sheet() -> None:
    state = opened(unscored_items())
    named = {p.item for p in open_points(state)}
    assert {"f1", "f3", "f5"} <= named
    assert not named & {"f2", "f4"}
    assert state.sheet_progress("f2") == (0, 0)
    assert state.unconfirmed_sheets("f4") == []
    assert not state.is_pending("f2")
    # An eligible one waits for each juror of its phases: 3 in the field, 5 in public.
    assert state.sheet_progress("f1") == (0, 8)
    assert state.is_pending("f1")


def test_the_session_closes_without_the_sheets_of_items_not_eligible() -> None:
    contest = v2_bundle()["contest"]
    contest["scores"] = [s for s in contest["scores"] if s["proposal"] not in ("f2", "f4")]
    contest["withdrawals"].append({"proposal": "f3", "reason": "No se presentó"})
    state = opened(contest)
    for kind, data in confirmations(state):
        state.apply(kind, data)
    assert open_points(state) == []
    state.apply("session.closed", {})
    assert state.closed


def test_raising_the_justified_percent_makes_an_item_wait_for_its_sheets() -> None:
    """The office's review arrives late: once f2 justifies enough, its sheets are asked for
    (and an item pushed below the minimum stops being waited for), kept current."""
    state = opened(unscored_items())
    points = OpenPoints(state)
    item = next(i for i in state.snapshot().followups.items if i.id == "f2")  # type: ignore
    from clar_desktop.domain.sections import item_to_dict

    given = item_to_dict(item)
    given["justified_percent"] = "75"
    state.apply("followup.edited", {"item": given})
    points.refresh(None)
    assert any(p.item == "f2" for p in points.points())
    assert state.sheet_progress("f2") == (0, 8)
    with pytest.raises(ChangeRefused):
        state.apply("session.closed", {})
