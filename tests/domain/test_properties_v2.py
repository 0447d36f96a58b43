"""Properties only bundle version 2 has (spec: bundle-v2): version 1's output kept exactly,
absences, withdrawals, the follow-up evaluations, and the same random change sequences driven
as audit-log events through `ContestState` and through a real `ContestService` on SQLite.

The contests and changes come from tests/domain/strategies.py; the tally's plain reading of
the spec (`reference_tally`), which covers version 2 too, is in test_properties.py.
"""

from __future__ import annotations

import copy
import json
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from clar_desktop.domain.bundle import bundle_to_dict, contest_to_dict, load_bundle, parse_bundle
from clar_desktop.domain.sections import followup_rules_to_dict, item_to_dict
from clar_desktop.domain.state import ContestState
from clar_desktop.domain.tally import TallyResults, tally
from clar_desktop.domain.verify import verify
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.domain.conftest import Bundle
from tests.domain.strategies import (
    EXAMPLES,
    FEW,
    SETTINGS,
    Change,
    bundles,
    is_absent,
    item_ids,
    next_change,
    phases_of,
)

CENT = Decimal("0.01")
V1_KEYS = {"contest", "results", "categories"}
V1_LINE = {"proposal", "category", "status", "final_score", "phase_scores", "rank", "tie",
           "funded", "partial", "award", "first_tranche", "second_tranche", "reason"}
# The database one commits (and syncs) every change: a few examples only.
ON_SQLITE = settings(SETTINGS, max_examples=max(1, EXAMPLES // 10))


def exact(bundle: Bundle) -> TallyResults:
    return tally(parse_bundle(bundle).contest)


# -- version 1 output, exactly -----------------------------------------------------------------

@FEW
@given(bundles())
def test_a_bundle_without_followups_gives_exactly_the_version_1_output(bundle: Bundle) -> None:
    out = exact(bundle).to_json()
    if "followups" in bundle["contest"]:
        assert set(out) == V1_KEYS | {"followups", "followups_total"}
        return
    assert set(out) == V1_KEYS
    assert all(set(line) == V1_LINE for line in out["results"])
    assert all(set(cat) == {"id", "budget", "allocated", "remaining"}
               for cat in out["categories"])
    if bundle["version"] == 1:
        assert all(line["status"] in ("approved", "rejected", "incomplete")
                   for line in out["results"])


# -- withdrawals -------------------------------------------------------------------------------

def without_scores_of(bundle: Bundle, item: str) -> Bundle:
    changed = copy.deepcopy(bundle)
    c = changed["contest"]
    c["scores"] = [s for s in c["scores"] if s["proposal"] != item]
    c["withdrawals"] = [w for w in c.get("withdrawals", []) if w["proposal"] != item]
    return changed


@FEW
@given(bundles(version=2), st.data())
def test_a_withdrawn_proposal_is_out_as_if_it_had_no_scores(
        bundle: Bundle, data: st.DataObject) -> None:
    # Spec: "status withdrawn ... whatever scores it has"; unranked, listed by order, not
    # funded. So the results are those of the same contest where the proposal has no score
    # at all (it is then incomplete: every contest phase has a criterion), except its
    # status and reason.
    pids = [p["id"] for p in bundle["contest"]["proposals"]]
    if not pids:
        return
    pid = data.draw(st.sampled_from(pids))
    withdrawn = copy.deepcopy(bundle)
    c = withdrawn["contest"]
    c["withdrawals"] = [w for w in c["withdrawals"] if w["proposal"] != pid] + [
        {"proposal": pid, "reason": "No se presentó a la sesión"}]
    unscored = exact(without_scores_of(bundle, pid)).to_json()
    for line in unscored["results"]:
        if line["proposal"] == pid:
            assert line["status"] == "incomplete"
            line["status"] = line["reason"] = "withdrawn"
    assert exact(withdrawn).to_json() == unscored


# -- absences ----------------------------------------------------------------------------------

@FEW
@given(bundles(version=2), st.data())
def test_an_absence_from_the_only_phase_a_juror_scores_counts_as_a_recusal(
        bundle: Bundle, data: st.DataObject) -> None:
    # Eligibility: E(x, φ) leaves out both the recused and the absent. A juror who scores
    # one phase of the item only is out of that item either way.
    contest = parse_bundle(bundle).contest
    choices = [(j.id, x, ph.id) for x in item_ids(contest) for j in contest.jurors
               for ph in phases_of(contest, x)
               if ph.id in j.phases and not contest.is_recused(j.id, x)
               and not is_absent(contest, j.id, x, ph.id)
               and sum(p.id in j.phases for p in phases_of(contest, x)) == 1]
    if not choices:
        return
    juror, item, phase = data.draw(st.sampled_from(choices))
    absent, recused = copy.deepcopy(bundle), copy.deepcopy(bundle)
    for changed in (absent, recused):
        changed["contest"]["scores"] = [
            s for s in changed["contest"]["scores"] if (s["juror"], s["proposal"]) != (juror, item)]
    absent["contest"]["absences"].append({"juror": juror, "proposal": item, "phase": phase})
    recused["contest"]["recusals"].append({"juror": juror, "proposal": item,
                                           "reason": "Parentesco"})
    assert exact(absent).to_json() == exact(recused).to_json()


@FEW
@given(bundles(version=2), st.data())
def test_an_absence_changes_no_other_item(bundle: Bundle, data: st.DataObject) -> None:
    contest = parse_bundle(bundle).contest
    choices = [(j.id, x, ph.id) for x in item_ids(contest) for j in contest.jurors
               for ph in phases_of(contest, x)
               if ph.id in j.phases and not contest.is_recused(j.id, x)
               and not is_absent(contest, j.id, x, ph.id)]
    if not choices:
        return
    juror, item, phase = data.draw(st.sampled_from(choices))
    changed = copy.deepcopy(bundle)
    criteria = {c.id for c in contest.phase(phase).criteria}  # type: ignore[union-attr]
    changed["contest"]["scores"] = [
        s for s in changed["contest"]["scores"]
        if not ((s["juror"], s["proposal"]) == (juror, item) and s["criterion"] in criteria)]
    changed["contest"]["absences"].append({"juror": juror, "proposal": item, "phase": phase})
    before, after = exact(bundle), exact(changed)
    for old, new in zip(before.followups or (), after.followups or (), strict=True):
        if old.item != item:
            assert old == new
    if contest.proposal(item) is None:
        assert before.results == after.results  # an item is not ranked with the proposals
    else:
        scores = {r.proposal: (r.status, r.final_score) for r in after.results}
        assert all(scores[r.proposal] == (r.status, r.final_score)
                   for r in before.results if r.proposal != item)


# -- the follow-up evaluations -----------------------------------------------------------------

@FEW
@given(bundles(version=2))
def test_each_followup_item_stands_on_its_own(bundle: Bundle) -> None:
    # "There is no ranking and no budget": the proposals' results are those of the same
    # contest without the follow-ups; each item's line follows from its own status.
    c = bundle["contest"]
    if "followups" not in c:
        return
    out = exact(bundle).to_json()
    items = {i["id"]: i for i in c["followups"]["items"]}
    if c["proposals"]:
        alone = copy.deepcopy(bundle)
        ac = alone["contest"]
        del ac["followups"]
        own = {ph["id"] for ph in ac["phases"]}
        gone = {j["id"] for j in ac["jurors"] if not own & set(j["phases"])}
        ac["jurors"] = [{**j, "phases": [ph for ph in j["phases"] if ph in own]}
                        for j in ac["jurors"] if j["id"] not in gone]
        for key in ("scores", "recusals", "absences"):
            ac[key] = [r for r in ac[key] if r["proposal"] not in items and r["juror"] not in gone]
        ac["withdrawals"] = [w for w in ac["withdrawals"] if w["proposal"] not in items]
        assert exact(alone).to_json() == {k: out[k] for k in ("contest", "results", "categories")}
    assert [f["item"] for f in out["followups"]] == [
        i["id"] for i in sorted(items.values(), key=lambda i: i["order"])]
    reasons = {"approved": None, "rejected": "rejected", "incomplete": "incomplete",
               "ineligible": "insufficient_justification", "withdrawn": "withdrawn"}
    minimum = Decimal(c["followups"]["rules"].get("min_justified_percent", "0"))
    withdrawn = {w["proposal"] for w in c["withdrawals"]}
    for line in out["followups"]:
        item = items[line["item"]]
        assert line["reason"] == reasons[line["status"]]
        assert (line["status"] == "withdrawn") == (item["id"] in withdrawn)
        if item["id"] not in withdrawn:
            assert (line["status"] == "ineligible") == (
                Decimal(item["justified_percent"]) < minimum)
        scored = line["status"] in ("approved", "rejected")
        assert (line["final_score"] is not None) == scored
        assert (line["phase_scores"] is not None) == scored
        released = Decimal(item["second_tranche"] if line["status"] == "approved" else "0")
        assert line["released"] == str(released.quantize(CENT, ROUND_HALF_UP))
    total = out["followups_total"]
    due = sum((Decimal(i["second_tranche"]) for i in items.values()), Decimal(0))
    paid = sum((Decimal(items[f["item"]]["second_tranche"]) for f in out["followups"]
                if f["status"] == "approved"), Decimal(0))
    assert total == {"due": str(due.quantize(CENT, ROUND_HALF_UP)),
                     "released": str(paid.quantize(CENT, ROUND_HALF_UP))}


# -- the same changes as events: ContestState and the service ----------------------------------

EVENT_KINDS = ["change"] * 6 + ["confirm", "followup"]


def complete_sheets(state: ContestState) -> list[tuple[str, str, str]]:
    """(juror, item, phase) of every sheet that may be confirmed now: the juror scores the
    phase, is neither recused nor absent, every criterion has a value, not yet confirmed."""
    contest = state.contest
    assert contest is not None
    return [(j.id, x, ph.id) for x in item_ids(contest) for ph in phases_of(contest, x)
            for j in contest.jurors
            if ph.id in j.phases and not contest.is_recused(j.id, x)
            and not is_absent(contest, j.id, x, ph.id)
            and all((j.id, x, c.id) in contest.scores for c in ph.criteria)
            and not state.is_confirmed(j.id, x, ph.id)]


def followup_change(state: ContestState, data: st.DataObject) -> tuple[str, dict[str, Any]]:
    """A change of the follow-ups' definition: their rules, an item's justified share or
    tranche, or a new item."""
    contest = state.contest
    assert contest is not None and contest.followups is not None
    what = data.draw(st.sampled_from(["rules", "edit", "add"]))
    items = contest.followups.items
    if what == "rules":
        rules = followup_rules_to_dict(contest.followups.rules)
        rules["min_justified_percent"] = data.draw(st.sampled_from(["0", "50", "70", "100"]))
        rules["pass_score"] = data.draw(st.sampled_from(["0", "1", "2.5", "4"]))
        return "followup_rules.changed", {"rules": rules}
    if what == "edit" and items:
        item = item_to_dict(data.draw(st.sampled_from(items)))
        item["justified_percent"] = data.draw(st.sampled_from(["0", "69.99", "70", "100"]))
        item["second_tranche"] = data.draw(st.sampled_from(["0", "1500.50", "7680"]))
        return "followup.edited", {"item": item}
    number = len(items) + 1
    while any(x == f"y{number}" for x in item_ids(contest)):
        number += 1
    return "followup.added", {"item": {
        "id": f"y{number}", "organization": f"Organización {number}", "title": "Plan",
        "order": max((i.order for i in items), default=0) + 1, "first_tranche": "1000",
        "second_tranche": "1500", "justified_percent": "90"}}


def event_of(state: ContestState, change: Change,
             data: st.DataObject) -> tuple[str, dict[str, Any]] | None:
    """The audit-log event (kind, data) that makes ``change`` (None: it changes nothing)."""
    kind = change[0]
    if kind == "score":
        (juror, item, criterion), value = change[1], change[2]
        current = state.current_value(juror, item, criterion)
        phase = state.index().criteria[criterion][0].id
        confirmed = state.is_confirmed(juror, item, phase)
        key: dict[str, Any] = {"juror": juror, "proposal": item, "criterion": criterion}
        if value is None:
            if current is None:
                return None
            if confirmed or data.draw(st.booleans()):
                key["reason"] = "Error de lectura"
            return "score.removed", key
        if current is None:
            return "score.entered", {**key, "value": str(value)}
        if current == value:
            return None
        if confirmed or data.draw(st.booleans()):
            return "score.corrected", {**key, "value": str(value), "reason": "Corrección"}
        return "score.changed", {**key, "value": str(value)}
    if kind == "recusal":
        return "recusal.recorded", {"juror": change[1], "proposal": change[2],
                                    "reason": "Parentesco"}
    if kind == "absence":
        juror, item, phase, recorded = change[1:]
        sheet = {"juror": juror, "proposal": item, "phase": phase}
        if not recorded:
            return "absence.withdrawn", sheet
        if data.draw(st.booleans()):
            sheet["reason"] = "Se retiró de la sesión"
        return "absence.recorded", sheet
    if kind == "withdraw":
        return "proposal.withdrawn", {"proposal": change[1],
                                      "reason": "No se presentó a la sesión"}
    return "draw.recorded", {"proposals": list(change[1]), "order": list(change[2])}


def next_event(state: ContestState, data: st.DataObject) -> tuple[str, dict[str, Any]] | None:
    """One random valid event for the contest as it stands (None: none this time)."""
    contest = state.contest
    assert contest is not None
    kind = data.draw(st.sampled_from(EVENT_KINDS))
    if kind == "confirm":
        sheets = complete_sheets(state)
        if sheets:
            juror, item, phase = data.draw(st.sampled_from(sheets))
            return "sheet.confirmed", {"juror": juror, "proposal": item, "phase": phase}
    if kind == "followup" and contest.followups is not None and contest.followups.phases:
        return followup_change(state, data)
    change = next_change(contest, data)
    return None if change is None else event_of(state, change, data)


def opened(bundle: Bundle) -> ContestState:
    state = ContestState()
    state.apply("contest.imported", {"contest": bundle["contest"]})
    state.apply("session.opened", {})
    return state


@FEW
@given(bundles(), st.data())
def test_contest_state_events_keep_the_tally_equal_to_a_fresh_one(
        bundle: Bundle, data: st.DataObject) -> None:
    state = opened(bundle)
    for _ in range(data.draw(st.integers(1, 25))):
        event = next_event(state, data)
        if event is None:
            continue
        state.apply(*event)
        assert state.contest is not None and state.tally is not None
        assert state.tally.results().to_json() == tally(state.contest).to_json(), event
        # and the contest it holds is a valid bundle (no value left on a recused or absent
        # sheet, say), which reads back as the same contest
        assert parse_bundle(bundle_to_dict(state.contest, None)).contest == state.contest


def through_service(service: ContestService, contest_id: str, kind: str,
                    data: dict[str, Any]) -> None:
    """The event through the service method the app calls for it."""
    named = {
        "score.entered": lambda: service.enter_score(
            contest_id, data["juror"], data["proposal"], data["criterion"], data["value"]),
        "score.changed": lambda: service.change_score(
            contest_id, data["juror"], data["proposal"], data["criterion"], data["value"]),
        "score.corrected": lambda: service.correct_score(
            contest_id, data["juror"], data["proposal"], data["criterion"], data["value"],
            data["reason"]),
        "score.removed": lambda: service.remove_score(
            contest_id, data["juror"], data["proposal"], data["criterion"],
            data.get("reason")),
        "recusal.recorded": lambda: service.recuse(
            contest_id, data["juror"], data["proposal"], data["reason"]),
        "absence.recorded": lambda: service.record_absence(
            contest_id, data["juror"], data["proposal"], data["phase"], data.get("reason")),
        "absence.withdrawn": lambda: service.withdraw_absence(
            contest_id, data["juror"], data["proposal"], data["phase"]),
        "proposal.withdrawn": lambda: service.withdraw_item(
            contest_id, data["proposal"], data["reason"]),
        "sheet.confirmed": lambda: service.confirm_sheet(
            contest_id, data["juror"], data["proposal"], data["phase"]),
        "draw.recorded": lambda: service.record_draw(
            contest_id, data["proposals"], data["order"]),
    }
    if kind in named:
        named[kind]()
    else:
        service.apply(contest_id, kind, data)


@ON_SQLITE
@given(bundles(), st.data())
def test_the_service_on_sqlite_keeps_what_the_contest_state_keeps(
        bundle: Bundle, data: st.DataObject) -> None:
    state = opened(bundle)
    contest_id = bundle["contest"]["id"]
    with tempfile.TemporaryDirectory(prefix="clar-properties-") as folder:
        engine = open_database(str(Path(folder) / "clar.sqlite3"), create=True)
        try:
            service = ContestService(engine, actor="propiedades")
            service.import_bundle(parse_bundle(bundle))
            service.open_session(contest_id)
            for _ in range(data.draw(st.integers(1, 20))):
                event = next_event(state, data)
                if event is None:
                    continue
                state.apply(*event)
                through_service(service, contest_id, *event)
            exported = parse_bundle(service.export_bundle(contest_id))
            loaded = service.load_state(contest_id)
        finally:
            engine.dispose()
    assert state.tally is not None and loaded.tally is not None
    verdict = verify(exported)
    assert verdict.ok, verdict.problem
    assert contest_to_dict(exported.contest) == contest_to_dict(state.snapshot())
    assert tally(exported.contest).to_json() == state.tally.results().to_json()
    assert loaded.tally.results().to_json() == state.tally.results().to_json()
    assert loaded.confirmed == state.confirmed



# -- what writing these properties found -------------------------------------------------------

# Found by these properties: a definition change (here contest.edited) forgot the confirmed
# sheets of every follow-up item and the follow-up item presenting (the records kept were
# those of contest.proposals only).
V2_EXAMPLE = Path(__file__).parents[1] / "data" / "v2-followups.json"
SESSION = [("session.opened", {}),
           ("sheet.confirmed", {"juror": "j1", "proposal": "f1", "phase": "campo2"}),
           ("sheet.confirmed", {"juror": "j1", "proposal": "p01", "phase": "campo"}),
           ("presentation.started", {"proposal": "f1"}),
           ("contest.edited", {"changes": {"title": "Concurso 303 (segunda sesión)"}})]
KEPT = {("j1", "f1", "campo2"), ("j1", "p01", "campo")}


def test_editing_the_contest_keeps_the_confirmed_sheets_of_a_followup_item() -> None:
    state = ContestState()
    state.apply("contest.imported", {"contest": json.loads(V2_EXAMPLE.read_bytes())["contest"]})
    for kind, data in SESSION:
        state.apply(kind, data)
    assert state.confirmed == KEPT
    assert state.presenting == "f1"


def test_the_service_keeps_the_confirmed_sheets_of_a_followup_item_after_an_edit(
        sqlite_url: str) -> None:
    service = ContestService(open_database(sqlite_url, create=True))
    bundle = load_bundle(V2_EXAMPLE.read_bytes())
    service.import_bundle(bundle)
    for kind, data in SESSION:
        service.apply(bundle.contest.id, kind, data)
    state = service.load_state(bundle.contest.id)
    assert state.confirmed == KEPT
    assert state.presenting == "f1"
