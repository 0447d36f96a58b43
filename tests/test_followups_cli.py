"""``clar-desktop followups``: the second-tranche evaluation bundle, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clar_desktop.cli import main
from clar_desktop.demo import demo_bundle, demo_session_bundle
from tests.helpers import write_json


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def session() -> dict[str, Any]:
    return demo_session_bundle()


@pytest.fixture
def source(tmp_path: Path, session: dict[str, Any]) -> Path:
    return write_json(tmp_path / "closed.json", session)


def test_writes_a_bundle_the_tally_reads_with_every_funded_award(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, source: Path) -> None:
    out_file = tmp_path / "s2.json"
    code, out, err = run(capsys, "followups", str(source), "--id", "llusco-2027-s2",
                         "--date", "2027-05-03", "-o", str(out_file))
    assert (code, out, err) == (0, "", "")
    data = json.loads(out_file.read_text(encoding="utf-8"))
    assert data["version"] == 2 and "events" not in data
    contest = data["contest"]
    assert (contest["id"], contest["date"]) == ("llusco-2027-s2", "2027-05-03")
    items = contest["followups"]["items"]

    code, out, err = run(capsys, "tally", str(source), "--format", "json")
    funded = [r for r in json.loads(out)["results"] if r["funded"]]
    assert [(i["award"]["proposal"], i["first_tranche"], i["second_tranche"])
            for i in items] == [(r["proposal"], r["first_tranche"], r["second_tranche"])
                                for r in funded]
    assert all(i["award"]["acta"] == "007-2026-CLAR-Chumbivilcas" for i in items)

    code, out, err = run(capsys, "tally", str(out_file), "--format", "json")
    assert code == 0, err
    tallied = json.loads(out)
    assert [f["item"] for f in tallied["followups"]] == [i["id"] for i in items]
    # justified percent 0, below the 70 required: not eligible until the office fills it in
    assert {f["status"] for f in tallied["followups"]} == {"ineligible"}
    for item in items:
        item["justified_percent"] = "75"
    justified = write_json(tmp_path / "justified.json", data)
    code, out, err = run(capsys, "tally", str(justified), "--format", "json")
    assert code == 0, err
    assert {f["status"] for f in json.loads(out)["followups"]} == {"incomplete"}


def test_rules_and_title_from_the_options(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path, source: Path) -> None:
    out_file = tmp_path / "s2.json"
    code, _, err = run(capsys, "followups", str(source), "--id", "s2", "--date", "2027-05-03",
                       "-o", str(out_file), "--pass-score", "65", "--min-justified", "80",
                       "--title", "Segundo desembolso 2027")
    assert code == 0, err
    contest = json.loads(out_file.read_text(encoding="utf-8"))["contest"]
    assert contest["title"] == "Segundo desembolso 2027"
    rules = contest["followups"]["rules"]
    assert (rules["pass_score"], rules["min_justified_percent"]) == ("65", "80")


def test_from_a_contest_in_the_database(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                        source: Path) -> None:
    db = str(tmp_path / "c.sqlite3")
    assert run(capsys, "import", str(source), "--db", db)[0] == 0
    out_file = tmp_path / "s2.json"
    code, _, err = run(capsys, "followups", "llusco-2026-1", "--db", db, "--id", "s2",
                       "--date", "2027-05-03", "-o", str(out_file))
    assert code == 0, err
    from_file = tmp_path / "from-file.json"
    assert run(capsys, "followups", str(source), "--id", "s2", "--date", "2027-05-03",
               "-o", str(from_file))[0] == 0
    assert json.loads(out_file.read_text()) == json.loads(from_file.read_text())
    # The evaluation session is then stored like any contest, to be run in the app.
    code, out, err = run(capsys, "import", str(out_file), "--db", db)
    assert code == 0, err
    code, out, _ = run(capsys, "list", "--db", db)
    assert "s2" in out.split()


def test_to_standard_output(capsys: pytest.CaptureFixture[str], source: Path) -> None:
    code, out, err = run(capsys, "followups", str(source), "--id", "s2", "--date",
                         "2027-05-03", "-o", "-")
    assert code == 0, err
    assert json.loads(out)["contest"]["followups"]["items"]


@pytest.mark.parametrize(("options", "words"), [
    (["--id", "no spaces", "--date", "2027-05-03"], "--id"),
    (["--id", "llusco-2026-1", "--date", "2027-05-03"], "--id"),
    (["--id", "s2", "--date", "2027-02-30"], "--date"),
    (["--id", "s2", "--date", "3.5.2027"], "--date"),
    (["--id", "s2", "--date", "2026-01-01"], "--date"),
    (["--id", "s2", "--date", "2027-05-03", "--pass-score", "120"], "--pass-score"),
    (["--id", "s2", "--date", "2027-05-03", "--min-justified", "setenta"],
     "--min-justified"),
])
def test_bad_options_are_refused_in_one_sentence_and_nothing_is_written(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, source: Path,
        options: list[str], words: str) -> None:
    out_file = tmp_path / "s2.json"
    code, out, err = run(capsys, "followups", str(source), *options, "-o", str(out_file))
    assert code == 2
    assert words in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not out_file.exists()


def test_a_session_not_closed_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         session: dict[str, Any]) -> None:
    events = session["events"]
    assert isinstance(events, list) and events[-1]["kind"] == "session.closed"
    open_session = write_json(tmp_path / "open.json", {**session, "events": events[:-1]})
    never_held = write_json(tmp_path / "prepared.json", demo_bundle())
    for name in (open_session, never_held):
        out_file = tmp_path / "s2.json"
        code, _, err = run(capsys, "followups", str(name), "--id", "s2", "--date",
                           "2027-05-03", "-o", str(out_file))
        assert code == 2
        assert "no está cerrada" in err and "llusco-2026-1" in err
        assert not out_file.exists()
    code, _, err = run(capsys, "--lang", "qu", "followups", str(open_session), "--id", "s2",
                       "--date", "2027-05-03", "-o", str(tmp_path / "s2.json"))
    assert code == 2 and "manaraqmi wisq'asqachu" in err


def test_a_source_that_is_neither_file_nor_contest_is_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "followups", str(tmp_path / "nothing.json"), "--db",
                       str(tmp_path / "none.sqlite3"), "--id", "s2", "--date", "2027-05-03",
                       "-o", str(tmp_path / "s2.json"))
    assert code == 2 and "nothing.json" in err
    assert not (tmp_path / "s2.json").exists()


def test_spanish_messages(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                          source: Path) -> None:
    code, _, err = run(capsys, "--lang", "es", "followups", str(source), "--id", "s2",
                       "--date", "2027-13-01", "-o", str(tmp_path / "s2.json"))
    assert code == 2 and "--date" in err and "AAAA-MM-DD" in err


def test_tally_table_lists_the_second_tranche_items_and_the_total_released(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--lang", "en", "tally", "tests/data/v2-followups.json",
                         "--format", "table")
    assert (code, err) == (0, "")
    section = out[out.index("Second tranche"):].splitlines()
    assert section[1].split() == ["Item", "Organization", "Status", "Final", "Released",
                                  "Note"]
    rows = {line.split()[0]: line for line in section[2:7]}
    assert list(rows) == ["f1", "f2", "f3", "f4", "f5"]
    assert "Organización ganadora 1" in rows["f1"] and "approved" in rows["f1"]
    assert "58.33" in rows["f1"] and "3524.40" in rows["f1"]
    assert "ineligible" in rows["f2"] and "too little of the first tranche justified" in rows["f2"]
    assert "rejected" in rows["f5"] and "50.20" in rows["f5"]
    assert section[7] == "Released 3524.40 of 24330.40 due"
    # the categories still come first, and the JSON output is unchanged
    assert out.index("Budget") < out.index("Second tranche")
    code, out, err = run(capsys, "tally", "tests/data/v2-followups.json", "--format", "json")
    expected = json.loads(Path("tests/data/v2-followups.expected.json").read_text("utf-8"))
    assert json.loads(out)["followups_total"] == expected["followups_total"]


def test_tally_table_of_a_contest_without_followups_has_no_second_tranche(
        capsys: pytest.CaptureFixture[str], source: Path) -> None:
    code, out, err = run(capsys, "--lang", "en", "tally", str(source), "--format", "table")
    assert code == 0 and "Second tranche" not in out and "Budget" in out
