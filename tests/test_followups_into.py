"""``clar-desktop followups SOURCE --into CONTEST``: a closed contest's second-tranche items
added to a contest being prepared in a real SQLite database, all or nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from clar_desktop.cli import main
from clar_desktop.demo import demo_bundle, demo_session_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import write_json

TARGET = "llusco-2027-1"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def session() -> dict[str, Any]:
    return demo_session_bundle()


@pytest.fixture(scope="module")
def prepared() -> dict[str, Any]:
    """The next contest of the same CLAR, being prepared: no score yet."""
    bundle = copy.deepcopy(demo_bundle())
    contest = bundle["contest"]
    contest.update(id=TARGET, date="2027-05-03")
    for key in ("scores", "recusals", "draws"):
        contest.pop(key, None)
    return bundle


@pytest.fixture
def source(tmp_path: Path, session: dict[str, Any]) -> Path:
    return write_json(tmp_path / "closed.json", session)


def _db(capsys: pytest.CaptureFixture[str], tmp_path: Path, bundle: dict[str, Any]) -> str:
    db = str(tmp_path / "clar.sqlite3")
    path = write_json(tmp_path / f"{bundle['contest']['id']}.json", bundle)
    assert run(capsys, "import", str(path), "--db", db)[0] == 0
    return db


def _events(db: str, contest: str = TARGET) -> list[dict[str, Any]]:
    return ContestService(open_database(db)).events(contest)


def test_adds_the_items_phases_and_rules_and_the_log_replays(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, source: Path,
        session: dict[str, Any], prepared: dict[str, Any]) -> None:
    db = _db(capsys, tmp_path, prepared)
    before = len(_events(db))
    code, out, err = run(capsys, "followups", str(source), "--into", TARGET, "--db", db)
    assert (code, err) == (0, "")
    assert out == "Added 7 second-tranche items to contest llusco-2027-1.\n"
    kinds = [e["kind"] for e in _events(db)[before:]]
    jurors = prepared["contest"]["jurors"]
    assert kinds == (["followup_phase.added"] * 2 + ["followup_rules.changed"]
                     + ["followup.added"] * 7 + ["juror.edited"] * len(jurors))

    exported = tmp_path / "exported.json"
    assert run(capsys, "export", TARGET, "--db", db, "-o", str(exported))[0] == 0
    code, out, err = run(capsys, "verify", str(exported))
    assert code == 0 and out.startswith("VERIFIED")
    contest = json.loads(exported.read_text("utf-8"))["contest"]
    # the contest's own proposals are untouched; its jurors score the follow-up phases too
    assert len(contest["proposals"]) == len(prepared["contest"]["proposals"])
    assert all(j["phases"][-2:] == ["campo2", "publico2"] for j in contest["jurors"])
    rules = contest["followups"]["rules"]
    assert (rules["pass_score"], rules["min_justified_percent"]) == ("70", "70")
    items = contest["followups"]["items"]
    assert all(i["award"]["contest"] == session["contest"]["id"] for i in items)

    code, out, err = run(capsys, "tally", str(exported), "--format", "table")
    assert code == 0
    section = out[out.index("Second tranche"):].splitlines()
    assert [line.split()[0] for line in section[2:9]] == [i["id"] for i in items]
    assert items[0]["organization"][:20] in section[2]
    due = sum(float(i["second_tranche"]) for i in items)
    assert section[9] == f"Released 0.00 of {due:.2f} due"
    code, out, err = run(capsys, "tally", str(exported), "--format", "json")
    assert [f["item"] for f in json.loads(out)["followups"]] == [i["id"] for i in items]


def _refused(capsys: pytest.CaptureFixture[str], db: str, source: Path, *argv: str,
             contest: str = TARGET) -> str:
    before = _events(db, contest)
    code, out, err = run(capsys, "followups", str(source), "--db", db, *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _events(db, contest) == before  # nothing written
    return err


def test_refused_a_second_time(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                               source: Path, prepared: dict[str, Any]) -> None:
    db = _db(capsys, tmp_path, prepared)
    assert run(capsys, "followups", str(source), "--into", TARGET, "--db", db)[0] == 0
    err = _refused(capsys, db, source, "--into", TARGET)
    assert "--into: contest llusco-2027-1 already has second-tranche items" in err


def test_refused_once_the_session_is_open(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          source: Path, prepared: dict[str, Any]) -> None:
    db = _db(capsys, tmp_path, prepared)
    ContestService(open_database(db)).open_session(TARGET)
    err = _refused(capsys, db, source, "--into", TARGET)
    assert "the session of contest llusco-2027-1 is already open" in err


def test_refused_into_a_closed_session(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                       source: Path, session: dict[str, Any]) -> None:
    db = _db(capsys, tmp_path, session)
    err = _refused(capsys, db, source, "--into", "llusco-2026-1", contest="llusco-2026-1")
    assert "the session of contest llusco-2026-1 is already closed" in err


def test_refused_when_an_item_id_is_a_proposal_id(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, source: Path,
        prepared: dict[str, Any]) -> None:
    clashing = copy.deepcopy(prepared)
    clashing["contest"]["proposals"][0]["id"] = "f03"
    db = _db(capsys, tmp_path, clashing)
    err = _refused(capsys, db, source, "--into", TARGET)
    assert "followups.items (f03): the follow-up item f03 has the id of a proposal" in err


def test_refused_options(capsys: pytest.CaptureFixture[str], tmp_path: Path, source: Path,
                         prepared: dict[str, Any]) -> None:
    db = _db(capsys, tmp_path, prepared)
    err = _refused(capsys, db, source, "--into", "nowhere")
    assert "--into: there is no contest nowhere in the database" in err
    err = _refused(capsys, db, source, "--into", TARGET, "--id", "x")
    assert "--id: not used with --into" in err
    err = _refused(capsys, db, source, "--id", "x", "--date", "2027-05-03")
    assert "-o: required, unless --into" in err


def test_refused_when_a_follow_up_phase_id_is_a_phase_id(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, source: Path,
        prepared: dict[str, Any]) -> None:
    clashing = copy.deepcopy(prepared)
    contest = clashing["contest"]
    contest["phases"][1]["id"] = "publico2"
    for juror in contest["jurors"]:
        juror["phases"] = [p + "2" if p == "publico" else p for p in juror["phases"]]
    db = _db(capsys, tmp_path, clashing)
    err = _refused(capsys, db, source, "--into", TARGET)
    assert "the follow-up phase publico2 has the id of a phase of contest" in err


def test_refused_into_a_contest_dated_before_the_source(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, source: Path,
        prepared: dict[str, Any]) -> None:
    earlier = copy.deepcopy(prepared)
    earlier["contest"]["date"] = "2025-11-20"
    db = _db(capsys, tmp_path, earlier)
    err = _refused(capsys, db, source, "--into", TARGET)
    assert "--into: contest llusco-2027-1 is dated 2025-11-20, before 2026-08-14" in err


def test_rules_options_and_the_refusal_in_spanish(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, source: Path,
        prepared: dict[str, Any]) -> None:
    db = _db(capsys, tmp_path, prepared)
    code, out, err = run(capsys, "followups", str(source), "--into", TARGET, "--db", db,
                         "--pass-score", "65", "--min-justified", "60")
    assert code == 0
    rules = ContestService(open_database(db)).load_state(TARGET).snapshot().followups
    assert rules is not None
    assert (str(rules.rules.pass_score), str(rules.rules.min_justified_percent)) == ("65", "60")
    code = main(["--lang", "es", "followups", str(source), "--into", TARGET, "--db", db])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.strip().endswith(
        "--into: el concurso llusco-2027-1 ya tiene iniciativas del segundo tramo")
