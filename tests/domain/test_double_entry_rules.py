"""Double entry of a sheet: a second person retypes it; a sheet whose two entries differ is
not confirmed until each difference is resolved, and both entries and the resolution are in
the log, which replays and verifies to the same state."""

from __future__ import annotations

from typing import Any

import pytest

from clar_desktop.domain.bundle import bundle_to_dict, parse_bundle
from clar_desktop.domain.canonical import GENESIS
from clar_desktop.domain.checklist import DIFFERS, UNCONFIRMED, open_points
from clar_desktop.domain.double_entry import differences
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.domain.log import make_event
from clar_desktop.domain.state import ContestState, replay
from clar_desktop.domain.takeoffs import TakeOff, takeoff_data
from clar_desktop.domain.verify import verify
from tests.domain.conftest import Bundle, make_bundle

Changes = list[tuple[str, dict[str, Any]]]


def sheet_bundle() -> Bundle:
    """One proposal, one phase of three criteria (max 10), two jurors; j1's sheet typed."""
    return make_bundle(proposals=["p1"], jurors=["j1", "j2"],
                       phases={"f": [{"id": "a", "max": "10"}, {"id": "b", "max": "10"},
                                     {"id": "c", "max": "10", "step": "0.5"}]},
                       scores={"p1": {"j1": [7, 8, "9.5"]}})


def second(values: dict[str, str], juror: str = "j1") -> tuple[str, dict[str, Any]]:
    return "sheet.second_entry", {"juror": juror, "proposal": "p1", "phase": "f", "values": [
        {"criterion": c, "value": v} for c, v in values.items()]}


CONFIRM = ("sheet.confirmed", {"juror": "j1", "proposal": "p1", "phase": "f"})


def run(changes: Changes) -> tuple[ContestState, list[dict[str, Any]]]:
    """Apply the changes live (each checked as the app's would be) and log them."""
    bundle = sheet_bundle()
    state = ContestState()
    events = [make_event(1, GENESIS, "contest.imported", {"contest": bundle["contest"]})]
    state.apply("contest.imported", {"contest": bundle["contest"]})
    for kind, data in [("session.opened", {}), *changes]:
        change = state.check(kind, data)
        state.apply_change(change)
        logged = takeoff_data(change) if isinstance(change, TakeOff) else data  # as the log
        events.append(make_event(len(events) + 1, events[-1]["hash"], kind, logged))
    return state, events


def refusal(state: ContestState, kind: str, data: dict[str, Any]) -> str:
    with pytest.raises(ChangeRefused) as refused:
        state.apply(kind, data)
    return refused.value.render()


def test_an_agreeing_second_entry_lets_the_sheet_be_confirmed() -> None:
    state, _events = run([second({"a": "7", "b": "8.0", "c": "9.5"}), CONFIRM])
    assert state.is_confirmed("j1", "p1", "f")


def test_a_differing_second_entry_refuses_the_confirmation_naming_the_cells() -> None:
    state, _events = run([second({"a": "7", "b": "6"})])  # b differs, c missing in the second
    assert [(c, str(f), str(s)) for c, f, s in differences(state, "j1", "p1", "f")] == [
        ("b", "8", "6"), ("c", "9.5", "None")]
    message = refusal(state, *CONFIRM)
    assert "the second entry differs from the first in b, c" in message
    assert not state.is_confirmed("j1", "p1", "f")
    # The checklist names the sheet as one whose two entries differ.
    assert [(p.kind, p.juror) for p in open_points(state)][:1] == [(DIFFERS, "j1")]
    with pytest.raises(ChangeRefused, match="two entries of the sheet of juror j1"):
        state.apply("session.closed", {})


def test_each_difference_is_resolved_by_taking_the_second_or_keeping_the_first() -> None:
    state, events = run([
        second({"a": "7", "b": "6"}),
        # b: the paper says 6, as the second typed (taken through the ordinary change);
        ("score.changed", {"juror": "j1", "proposal": "p1", "criterion": "b", "value": "6"}),
        # c: the paper says 9.5, as the first typed (kept).
        ("sheet.entries_reconciled", {"juror": "j1", "proposal": "p1", "phase": "f",
                                      "kept": [{"criterion": "c", "value": "9.5"}]}),
        CONFIRM])
    assert state.is_confirmed("j1", "p1", "f")
    assert str(state.current_value("j1", "p1", "b")) == "6"
    assert [p.kind for p in open_points(state) if p.juror == "j1"] == []
    # Replay gives the same state, and the exported bundle verifies.
    replayed = replay(events)
    assert replayed.confirmed == state.confirmed
    assert replayed.second_entries == state.second_entries
    assert replayed.contest is not None and state.contest is not None
    assert replayed.contest.scores == state.contest.scores
    verdict = verify(parse_bundle(bundle_to_dict(state.contest, events)))
    assert verdict.ok, verdict.problem


def test_a_reconciliation_must_list_exactly_the_cells_that_differ() -> None:
    state, _events = run([second({"a": "7", "b": "6"})])
    sheet = {"juror": "j1", "proposal": "p1", "phase": "f"}
    for kept in ([{"criterion": "b", "value": "8"}],  # c left out
                 [{"criterion": "b", "value": "6"}, {"criterion": "c", "value": "9.5"}],
                 [{"criterion": "a", "value": "7"}, {"criterion": "b", "value": "8"},
                  {"criterion": "c", "value": "9.5"}]):
        message = refusal(state, "sheet.entries_reconciled", {**sheet, "kept": kept})
        assert "the cells listed as kept are not the cells where the two entries differ" \
            in message
    state.apply("sheet.entries_reconciled", {**sheet, "kept": [
        {"criterion": "b", "value": "8"}, {"criterion": "c", "value": "9.5"}]})
    assert differences(state, "j1", "p1", "f") == []
    assert "already agree" in refusal(state, "sheet.entries_reconciled", {**sheet, "kept": []})
    # A value changed after the reconciliation differs again from what was agreed.
    state.apply("score.changed", {"juror": "j1", "proposal": "p1", "criterion": "a",
                                  "value": "5"})
    assert "differs from the first in a" in refusal(state, *CONFIRM)


def test_an_empty_first_cell_may_be_kept_or_filled_from_the_second() -> None:
    state, _events = run([
        ("score.removed", {"juror": "j1", "proposal": "p1", "criterion": "c"}),
        second({"a": "7", "b": "8", "c": "4"})])
    assert [(c, f) for c, f, _s in differences(state, "j1", "p1", "f")] == [("c", None)]
    state.apply("sheet.entries_reconciled", {"juror": "j1", "proposal": "p1", "phase": "f",
                                             "kept": [{"criterion": "c", "value": None}]})
    assert differences(state, "j1", "p1", "f") == []
    assert "not complete" in refusal(state, *CONFIRM)
    state.apply(*second({"a": "7", "b": "8", "c": "4"}))  # typed again: differs again
    state.apply("score.entered", {"juror": "j1", "proposal": "p1", "criterion": "c",
                                  "value": "4"})
    state.apply(*CONFIRM)


@pytest.mark.parametrize(("values", "juror", "expected"), [
    ({"a": "11"}, "j1", "above the maximum"),
    ({"c": "4.25"}, "j1", "steps of 0.5"),
    ({"z": "1"}, "j1", "z is not a criterion of the phase f"),
    ({}, "j1", "at least one value"),
    ({"a": "7"}, "j9", "unknown juror j9"),
])
def test_a_second_entry_is_checked_like_scores(values: dict[str, str], juror: str,
                                               expected: str) -> None:
    state, _events = run([])
    assert expected in refusal(state, *second(values, juror))


def test_no_second_entry_for_a_recused_withdrawn_or_confirmed_sheet_or_before_opening() -> None:
    bundle = sheet_bundle()
    preparing = ContestState()
    preparing.apply("contest.imported", {"contest": bundle["contest"]})
    assert "has not been opened" in refusal(preparing, *second({"a": "7"}))
    state, _events = run([CONFIRM])
    assert "already confirmed" in refusal(state, *second({"a": "7"}))
    state, _events = run([("recusal.recorded", {"juror": "j2", "proposal": "p1",
                                                "reason": "familiar"})])
    assert "recused" in refusal(state, *second({"a": "7"}, "j2"))
    state, _events = run([("proposal.withdrawn", {"proposal": "p1", "reason": "no vino"})])
    assert "withdrawn" in refusal(state, *second({"a": "7"}))


def test_a_recusal_or_an_absence_takes_the_second_entry_away() -> None:
    state, events = run([second({"a": "1"}), second({"a": "2"}, "j2"),
                         ("absence.recorded", {"juror": "j1", "proposal": "p1", "phase": "f",
                                               "reason": "salió"}),
                         ("absence.withdrawn", {"juror": "j1", "proposal": "p1",
                                                "phase": "f"}),
                         ("recusal.recorded", {"juror": "j2", "proposal": "p1",
                                               "reason": "familiar"})])
    assert state.second_entries.sheets == {}
    assert replay(events).second_entries == state.second_entries


def test_double_entry_required_needs_an_agreeing_second_entry() -> None:
    state, events = run([("session.double_entry_set", {"required": True})])
    assert "double entry is required" in refusal(state, *CONFIRM)
    assert "already required" in refusal(state, "session.double_entry_set", {"required": True})
    state.apply(*second({"a": "7", "b": "8", "c": "9.5"}))
    state.apply(*CONFIRM)
    assert replay(events).double_entry_required()
    off, _events = run([("session.double_entry_set", {"required": True}),
                        ("session.double_entry_set", {"required": False}), CONFIRM])
    assert off.is_confirmed("j1", "p1", "f")


def test_the_sheet_unconfirmed_by_a_removal_is_listed_as_differing_again() -> None:
    state, _events = run([second({"a": "7", "b": "8", "c": "9.5"}), CONFIRM,
                          ("score.removed", {"juror": "j1", "proposal": "p1", "criterion": "a",
                                             "reason": "mal leído"})])
    kinds = [p.kind for p in open_points(state) if p.juror == "j1"]
    assert kinds == [DIFFERS]
    assert UNCONFIRMED not in kinds
