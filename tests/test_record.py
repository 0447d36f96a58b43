"""``clar-desktop record``: JSON lines in, one acknowledgement per durable change."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from clar_desktop.cli import main
from clar_desktop.cli.record import run_record
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import EXAMPLE, example_bundle, write_json


def _unscored_bundle(tmp_path: Path) -> Path:
    bundle = example_bundle()
    bundle["contest"]["scores"] = [s for s in bundle["contest"]["scores"]
                                   if s["proposal"] != "p01"]
    return write_json(tmp_path / "b.json", bundle)


def _feed(db: str, lines: list[object]) -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()
    text = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines)
    code = run_record(ContestService(open_database(db)), "colquemarca-2026-1",
                      io.StringIO(text), out)
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def test_each_action_is_acknowledged_with_its_seq(tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite3")
    assert main(["import", str(_unscored_bundle(tmp_path)), "--db", db]) == 0
    code, acks = _feed(db, [
        {"action": "open"},
        {"action": "score", "juror": "j1", "proposal": "p01", "criterion": "participacion",
         "value": "7"},
        {"action": "score", "juror": "j2", "proposal": "p01", "criterion": "participacion",
         "value": 6},
        {"action": "correct", "juror": "j1", "proposal": "p01", "criterion": "participacion",
         "value": "8", "reason": "read back: the juror wrote 8"},
        {"action": "recuse", "juror": "j3", "proposal": "p01", "reason": "relative"},
        {"action": "draw", "proposals": ["p02", "p04"], "order": ["p04", "p02"]},
    ])
    assert code == 0
    assert acks == [{"ok": n} for n in range(2, 8)]
    state = ContestService(open_database(db)).load_state("colquemarca-2026-1")
    assert state.contest is not None
    assert state.contest.scores[("j1", "p01", "participacion")].value == 8


def test_close_is_refused_while_the_checklist_has_open_points(tmp_path: Path) -> None:
    """The acta printed from a closed session is final: `record close` refuses a session
    with sheets not read back, naming the first of them and how many points are open; once
    every sheet is confirmed it closes."""
    from tests.helpers import confirmations

    db = str(tmp_path / "r.sqlite3")
    assert main(["import", str(EXAMPLE), "--db", db]) == 0
    code, acks = _feed(db, [{"action": "open"}, {"action": "close"}])
    assert code == 1 and acks[0] == {"ok": 2}
    error = acks[1]["error"]
    assert error.startswith("line 2 (p01): no se puede cerrar la sesión: la ficha del "
                            "jurado j1 para p01 (campo) no se leyó"), error
    service = ContestService(open_database(db))
    state = service.load_state("colquemarca-2026-1")
    assert not state.closed
    lines = [{"action": "confirm", **data} for _kind, data in confirmations(state)]
    assert len(lines) > 20
    code, acks = _feed(db, [*lines, {"action": "close"}])
    assert code == 0 and all("ok" in ack for ack in acks), acks
    assert service.load_state("colquemarca-2026-1").closed


@pytest.mark.parametrize("line, words", [
    ("{nope", "JSON"),
    ('{"action": "dance"}', "unknown action"),
    ('{"action": "score", "juror": "j1"}', "proposal"),
    ('{"action": "score", "juror": "j1", "proposal": "p02", "criterion": "participacion", '
     '"value": "9"}', "correction"),
    ('{"action": "score", "juror": "j1", "proposal": "p01", "criterion": "participacion", '
     '"value": "11"}', "maximum"),
    ('{"action": "score", "juror": "j1", "proposal": "p01", "criterion": "participacion", '
     '"value": 7.5}', "text"),
    ('{"action": "score", "juror": "j9", "proposal": "p01", "criterion": "participacion", '
     '"value": "1"}', "j9"),
    ('{"action": "correct", "juror": "j1", "proposal": "p02", "criterion": "participacion", '
     '"value": "1", "reason": ""}', "reason"),
    ('{"action": "reopen", "reason": "x"}', "closed"),
])
def test_a_bad_line_gets_an_error_and_changes_nothing(tmp_path: Path, line: str,
                                                      words: str) -> None:
    db = str(tmp_path / "bad.sqlite3")
    assert main(["import", str(_unscored_bundle(tmp_path)), "--db", db]) == 0
    before = ContestService(open_database(db)).export_bundle("colquemarca-2026-1")
    from clar_desktop.i18n import set_language

    set_language("en")
    code, acks = _feed(db, [line])
    assert code == 1
    assert len(acks) == 1 and set(acks[0]) == {"error"}
    assert words in str(acks[0]["error"])
    assert ContestService(open_database(db)).export_bundle("colquemarca-2026-1") == before


def test_good_lines_after_a_bad_one_still_apply(tmp_path: Path) -> None:
    db = str(tmp_path / "mix.sqlite3")
    assert main(["import", str(_unscored_bundle(tmp_path)), "--db", db]) == 0
    code, acks = _feed(db, [
        "not json",
        {"action": "score", "juror": "j1", "proposal": "p01", "criterion": "gestion",
         "value": "3"},
    ])
    assert code == 1
    assert "error" in acks[0] and acks[1] == {"ok": 2}


def test_record_on_an_unknown_contest_is_refused(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "none.sqlite3")
    assert main(["import", str(EXAMPLE), "--db", db]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "record", "nope", "--db", db]) == 2
    assert "nope" in capsys.readouterr().err


def test_the_version_2_actions_take_jurors_values_and_items_out(tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite3")
    assert main(["import", str(_unscored_bundle(tmp_path)), "--db", db]) == 0
    value = {"juror": "j1", "proposal": "p01", "criterion": "participacion"}
    code, acks = _feed(db, [
        {"action": "open"},
        {"action": "score", **value, "value": "2"},
        {"action": "remove", **value},
        {"action": "score", "juror": "j2", "proposal": "p01", "criterion": "visitas",
         "value": "1"},
        {"action": "absent", "juror": "j2", "proposal": "p01", "phase": "campo",
         "reason": "Salió de la sala"},
        {"action": "back", "juror": "j2", "proposal": "p01", "phase": "campo"},
        {"action": "absent", "juror": "j5", "proposal": "p01", "phase": "publico"},
        {"action": "withdraw", "proposal": "p02", "reason": "No se presentó"},
        {"action": "withdraw", "proposal": "p02"},
        '{"action": "observe", "text": "uno", "text": "dos"}',
    ])
    assert acks[:8] == [{"ok": n} for n in range(2, 10)]
    assert "reason" in str(acks[8]["error"]) and "twice" not in str(acks[8]["error"])
    assert '"text"' in str(acks[9]["error"])
    assert code == 1
    service = ContestService(open_database(db))
    events = service.events("colquemarca-2026-1")
    assert [e["kind"] for e in events[-7:]] == [
        "score.entered", "score.removed", "score.entered", "absence.recorded",
        "absence.withdrawn", "absence.recorded", "proposal.withdrawn"]
    exported = service.export_bundle("colquemarca-2026-1")
    assert exported["contest"]["withdrawals"] == [{"proposal": "p02",
                                                   "reason": "No se presentó"}]
    assert exported["contest"]["absences"] == [{"juror": "j5", "proposal": "p01",
                                                "phase": "publico"}]
    absent = next(e for e in events if e["kind"] == "absence.recorded")
    assert absent["data"]["removed"] == [{"criterion": "visitas", "value": "1"}]
