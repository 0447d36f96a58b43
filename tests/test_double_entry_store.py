"""Double entry through the service, on SQLite and PostgreSQL: the database derives the second
entries from its log and refuses exactly what the in-memory state refuses; the exported
bundle verifies and imports with them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.domain.state import replay
from clar_desktop.domain.verify import verify
from clar_desktop.i18n import _
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"
PUBLIC = ["mapa_potencial", "mapa_colectivo", "claridad", "identidad", "participacion_publica"]
SHEET = {"juror": "j4", "proposal": "p01", "phase": "publico"}


def _service(url: str) -> ContestService:
    service = ContestService(open_database(url, create=True), actor="test")
    bundle = example_bundle()
    bundle["contest"]["scores"] = [s for s in bundle["contest"]["scores"]
                                   if not (s["proposal"] == "p01" and s["juror"] == "j4")]
    service.import_bundle(parse_bundle(bundle))
    service.open_session(CONTEST)
    for criterion, value in zip(PUBLIC, ("6", "7", "8", "5", "9"), strict=True):
        service.enter_score(CONTEST, "j4", "p01", criterion, value)
    return service


def _second(values: list[str]) -> dict[str, Any]:
    return {**SHEET, "values": [{"criterion": c, "value": v}
                                for c, v in zip(PUBLIC, values, strict=False)]}


def test_a_differing_second_entry_is_resolved_before_the_sheet_is_confirmed(
        db_url: str, tmp_path: Path) -> None:
    service = _service(db_url)
    # The second person typed 4 for claridad (the first: 8) and left the last cell empty.
    service.apply(CONTEST, "sheet.second_entry", _second(["6", "7", "4", "5.0"]))
    with pytest.raises(ChangeRefused, match="differs from the first in claridad, "
                                            "participacion_publica"):
        service.confirm_sheet(CONTEST, **SHEET)
    # A new service (another program) reads the same second entry from the log.
    other = ContestService(service.engine)
    with pytest.raises(ChangeRefused, match="differs from the first"):
        other.confirm_sheet(CONTEST, **SHEET)
    state = service.load_state(CONTEST)
    assert state.second_entry("j4", "p01", "publico") is not None
    assert [p.kind for p in state.open_points() if p.juror == "j4" and p.item == "p01"] == [
        "differs"]
    # The paper: claridad is 4 (take the second), participacion_publica 9 (keep the first).
    service.apply_many(CONTEST, [
        ("score.changed", {"juror": "j4", "proposal": "p01", "criterion": "claridad",
                           "value": "4"}),
        ("sheet.entries_reconciled", {**SHEET, "kept": [
            {"criterion": "participacion_publica", "value": "9"}]})])
    service.confirm_sheet(CONTEST, **SHEET)
    events = service.events(CONTEST)
    assert [e["kind"] for e in events[-4:]] == ["sheet.second_entry", "score.changed",
                                                "sheet.entries_reconciled", "sheet.confirmed"]
    assert events[-4]["data"]["values"][3] == {"criterion": "identidad", "value": "5.0"}
    stored = service.load_state(CONTEST)
    assert stored.second_entries == replay(events).second_entries
    bundle = service.export_bundle(CONTEST)
    assert verify(parse_bundle(bundle)).ok
    assert service.full_check(CONTEST) == (events[-1]["seq"], events[-1]["hash"])
    copy = ContestService(open_database(str(tmp_path / "copy.sqlite3"), create=True))
    copy.import_bundle(parse_bundle(bundle))
    assert copy.load_state(CONTEST).second_entries == stored.second_entries


def test_double_entry_required_is_logged_and_kept_by_the_database(db_url: str) -> None:
    service = _service(db_url)
    service.apply(CONTEST, "session.double_entry_set", {"required": True})
    with pytest.raises(ChangeRefused, match="double entry is required"):
        service.confirm_sheet(CONTEST, **SHEET)
    assert service.load_state(CONTEST).double_entry_required()
    service.apply(CONTEST, "sheet.second_entry", _second(["6", "7", "8", "5", "9"]))
    service.confirm_sheet(CONTEST, **SHEET)
    with pytest.raises(ChangeRefused, match="already confirmed: a second entry comes before"):
        service.apply(CONTEST, "sheet.second_entry", _second(["6"]))


def test_record_takes_a_second_entry_and_its_reconciliation(tmp_path: Path) -> None:
    import io
    import json

    from clar_desktop.cli.record import run_record

    service = _service(str(tmp_path / "r.sqlite3"))
    lines = [{"action": "double_entry", "required": True},
             {"action": "confirm", **SHEET},
             {"action": "second", **SHEET, "values": [{"criterion": "claridad",
                                                       "value": "8"}]},
             {"action": "confirm", **SHEET},
             {"action": "reconcile", **SHEET, "kept": [
                 {"criterion": c, "value": v} for c, v in zip(
                     ["mapa_potencial", "mapa_colectivo", "identidad",
                      "participacion_publica"], ["6", "7", "5", "9"], strict=True)]},
             {"action": "confirm", **SHEET}]
    out = io.StringIO()
    code = run_record(service, CONTEST, io.StringIO("\n".join(map(json.dumps, lines))), out)
    replies = [json.loads(line) for line in out.getvalue().splitlines()]
    assert code == 1  # the two early confirmations were refused
    assert _("double entry is required: a second person must retype this sheet, without "
             "seeing it, before it is confirmed") in str(replies[1]["error"])
    assert "mapa_potencial, mapa_colectivo, identidad, participacion_publica" in str(
        replies[3]["error"])
    assert [("ok" in r) for r in replies] == [True, False, True, False, True, True]
    assert service.load_state(CONTEST).is_confirmed("j4", "p01", "publico")
