"""Version 2 through the service on a real SQLite file and a real PostgreSQL server: stored,
changed by the new events, exported, and verified — identically on both."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.domain.state import replay
from clar_desktop.domain.tally import tally
from clar_desktop.domain.verify import verify
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle, v2_bundle, v2_expected

CONTEST = "colquemarca-2026-1"
CAMPO = ["participacion", "relaciones", "gestion", "mujeres_jovenes", "actividades",
         "recursos", "cronograma", "visitas", "cofinanciamiento"]


def _service(url: str) -> ContestService:
    return ContestService(open_database(url, create=True), actor="test")


def _verified(service: ContestService, contest: str) -> dict[str, Any]:
    exported = service.export_bundle(contest)
    verdict = verify(parse_bundle(exported))
    assert verdict.ok, verdict.problem
    return exported


def test_the_v2_example_is_stored_exported_and_verified(db_url: str) -> None:
    service = _service(db_url)
    service.import_bundle(parse_bundle(v2_bundle()))
    exported = _verified(service, "ejemplo-v2")
    assert exported["version"] == 2
    contest = parse_bundle(exported).contest
    assert contest == parse_bundle(v2_bundle()).contest
    assert tally(contest).to_json() == v2_expected()
    state = service.load_state("ejemplo-v2")
    assert state.tally is not None and state.tally.results().to_json() == v2_expected()


EMPTY_OPTIONALS: dict[str, Any] = {
    "place {}": lambda c: c.update(place={}),
    "place of empty texts": lambda c: c.update(place={"community": "", "district": ""}),
    "no currency": lambda c: c.pop("currency"),
    "empty rules": lambda c: c.update(rules={}),
    "empty tie-break": lambda c: c["rules"].update(tie_break=[]),
    "empty lists": lambda c: c.update(recusals=[], draws=[], absences=[], withdrawals=[]),
    "empty document and role": lambda c: c["jurors"][0].update(document="", role=""),
    "empty programme": lambda c: c.update(programme=""),
    "empty district": lambda c: c["proposals"][0].update(district=""),
    "empty follow-up section": lambda c: c.update(
        followups={"rules": {}, "phases": c["phases"][:0] + [
            {"id": "seg", "name": "Seguimiento", "criteria": [{"id": "z1", "name": "Z",
                                                             "max": "5"}]}], "items": []}),
    "item with an empty award": lambda c: c.update(followups={
        "phases": [{"id": "seg", "name": "S", "criteria": [{"id": "z1", "name": "Z",
                                                          "max": "5"}]}],
        "items": [{"id": "f1", "organization": "O", "title": "T", "order": 1, "award": {},
                   "first_tranche": "0", "second_tranche": "0", "justified_percent": "0"}]}),
}


@pytest.mark.parametrize("case", EMPTY_OPTIONALS)
def test_an_export_always_verifies_with_optional_fields_given_empty(db_url: str,
                                                                    case: str) -> None:
    bundle = copy.deepcopy(example_bundle())
    bundle["version"] = 2
    EMPTY_OPTIONALS[case](bundle["contest"])
    imported = parse_bundle(bundle)
    service = _service(db_url)
    service.import_bundle(imported)
    exported = _verified(service, CONTEST)
    assert parse_bundle(exported).contest == imported.contest
    # And once more: the export imports and exports again to the same bundle.
    again = _service(db_url)
    again.import_bundle(parse_bundle(exported), replace=True)
    assert _verified(again, CONTEST) == exported


def _live(db_url: str) -> ContestService:
    bundle = example_bundle()
    bundle["contest"]["scores"] = [s for s in bundle["contest"]["scores"]
                                   if s["proposal"] != "p01"]
    service = _service(db_url)
    service.import_bundle(parse_bundle(bundle))
    service.open_session(CONTEST)
    return service


def _campo_sheet(service: ContestService, juror: str, value: str = "1") -> None:
    for criterion in CAMPO:
        service.enter_score(CONTEST, juror, "p01", criterion, value)


def test_a_recusal_after_values_takes_them_off_and_lists_them(db_url: str) -> None:
    service = _live(db_url)
    _campo_sheet(service, "j2")
    service.confirm_sheet(CONTEST, "j2", "p01", "campo")
    done = service.recuse(CONTEST, "j2", "p01", "Es su sobrina")
    assert done.event["data"]["removed"] == [{"criterion": c, "value": "1"} for c in CAMPO]
    state = service.load_state(CONTEST)
    assert not state.juror_values("j2", "p01")
    assert ("j2", "p01", "campo") not in state.confirmed
    assert state.index().recused[("j2", "p01")].reason == "Es su sobrina"
    exported = _verified(service, CONTEST)
    assert not [s for s in exported["contest"]["scores"]
                if (s["juror"], s["proposal"]) == ("j2", "p01")]


def test_an_absence_takes_the_juror_out_of_that_phase_and_back(db_url: str) -> None:
    service = _live(db_url)
    _campo_sheet(service, "j3")
    done = service.record_absence(CONTEST, "j3", "p01", "campo", "Se retiró")
    assert len(done.event["data"]["removed"]) == len(CAMPO)
    state = service.load_state(CONTEST)
    assert state.tally is not None
    assert "j3" not in state.tally.book.eligible("p01", "campo")
    assert "j3" in state.tally.book.eligible("p01", "publico")
    with pytest.raises(ChangeRefused, match="absent"):
        service.enter_score(CONTEST, "j3", "p01", "participacion", "2")
    service.withdraw_absence(CONTEST, "j3", "p01", "campo")
    service.enter_score(CONTEST, "j3", "p01", "participacion", "2")
    service.record_absence(CONTEST, "j5", "p01", "publico")
    exported = _verified(service, CONTEST)
    assert exported["contest"]["absences"] == [
        {"juror": "j5", "proposal": "p01", "phase": "publico"}]


def test_a_withdrawn_proposal_is_neither_scored_nor_ranked(db_url: str) -> None:
    service = _live(db_url)
    service.withdraw_item(CONTEST, "p02", "No se presentó")
    with pytest.raises(ChangeRefused, match="already withdrawn"):
        service.withdraw_item(CONTEST, "p02", "otra vez")
    state = service.load_state(CONTEST)
    assert state.tally is not None
    line = state.tally.result("p02").to_json()
    assert (line["status"], line["rank"], line["award"]) == ("withdrawn", None, "0.00")
    _verified(service, CONTEST)


def test_a_removed_value_needs_a_reason_once_its_sheet_was_confirmed(db_url: str) -> None:
    service = _live(db_url)
    _campo_sheet(service, "j1")
    service.remove_score(CONTEST, "j1", "p01", "visitas")
    service.enter_score(CONTEST, "j1", "p01", "visitas", "4")
    service.confirm_sheet(CONTEST, "j1", "p01", "campo")
    with pytest.raises(ChangeRefused, match="reason"):
        service.remove_score(CONTEST, "j1", "p01", "visitas")
    done = service.remove_score(CONTEST, "j1", "p01", "visitas", "Leyó el valor de otra fila")
    assert done.event["data"] == {"juror": "j1", "proposal": "p01", "criterion": "visitas",
                                  "old": "4", "reason": "Leyó el valor de otra fila"}
    state = service.load_state(CONTEST)
    assert ("j1", "p01", "campo") not in state.confirmed
    assert "visitas" not in state.juror_values("j1", "p01")
    exported = _verified(service, CONTEST)
    replayed = replay(exported["events"])
    assert replayed.confirmed == state.confirmed


def test_a_clock_set_back_never_makes_the_log_run_backwards(db_url: str,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    service = _live(db_url)
    from clar_desktop.domain import log

    monkeypatch.setattr(log, "utc_timestamp", lambda moment=None: "2001-01-01T00:00:00.000000Z")
    done = service.enter_score(CONTEST, "j1", "p01", "visitas", "4")
    events = service.events(CONTEST)
    assert done.event["at"] == events[-2]["at"] > "2001"
    _verified(service, CONTEST)
