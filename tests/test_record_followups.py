"""``record`` on second-tranche items as on proposals, and ``tally`` printing them exactly as
the spec's version 2 example expects (issue 15)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from clar_desktop.cli import main
from clar_desktop.cli.record import run_record
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import V2_EXAMPLE, v2_bundle, v2_expected, write_json

CONTEST = "ejemplo-v2"


def test_tally_prints_the_followups_and_their_total_exactly_as_the_spec(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tally", str(V2_EXAMPLE), "--format", "json"]) == 0
    out = capsys.readouterr().out
    printed = json.loads(out)
    assert printed == v2_expected()
    # the two keys after the categories, in the spec's order
    assert list(printed) == ["contest", "results", "categories", "followups",
                             "followups_total"]
    assert [f["item"] for f in printed["followups"]] == ["f1", "f2", "f3", "f4", "f5"]


def _feed(db: str, lines: list[dict[str, object]]) -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()
    text = "\n".join(json.dumps(x) for x in lines)
    code = run_record(ContestService(open_database(db)), CONTEST, io.StringIO(text), out)
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def _sheet(juror: str, item: str, values: dict[str, str]) -> list[dict[str, object]]:
    return [{"action": "score", "juror": juror, "proposal": item, "criterion": c, "value": v}
            for c, v in values.items()]


def test_record_scores_confirms_recuses_and_withdraws_items_and_tally_follows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = v2_bundle()
    contest = bundle["contest"]
    contest["scores"] = [s for s in contest["scores"] if s["proposal"] != "f3"]
    db = str(tmp_path / "r.sqlite3")
    assert main(["import", str(write_json(tmp_path / "b.json", bundle)), "--db", db]) == 0
    field = {"s1": "12", "s2": "12", "s3": "8"}  # 12 + 2 × 12 + 8 = 44
    public = {"s4": "4", "s5": "8", "s6": "4"}  # 16
    lines: list[dict[str, object]] = [{"action": "open"},
                                      {"action": "present", "proposal": "f3"},
                                      # j7 came back for the field phase of f3
                                      {"action": "back", "juror": "j7", "proposal": "f3",
                                       "phase": "campo2"},
                                      {"action": "recuse", "juror": "j3", "proposal": "f3",
                                       "reason": "Es socio de la organización"}]
    for juror in ("j1", "j6", "j7"):
        lines += [*_sheet(juror, "f3", field),
                  {"action": "confirm", "juror": juror, "proposal": "f3", "phase": "campo2"}]
    for juror in ("j1", "j5", "j6", "j7"):
        lines += [*_sheet(juror, "f3", public),
                  {"action": "confirm", "juror": juror, "proposal": "f3", "phase": "publico2"}]
    lines += [{"action": "correct", "juror": "j1", "proposal": "f3", "criterion": "s4",
               "value": "5", "reason": "Leído de nuevo"},
              {"action": "withdraw", "proposal": "f5", "reason": "No se presentó"},
              # a proposal's criterion on an item is refused, and changes nothing
              {"action": "score", "juror": "j1", "proposal": "f1", "criterion": "c1",
               "value": "1"}]
    code, acks = _feed(db, lines)
    assert code == 1
    assert [a for a in acks[:-1] if "ok" not in a] == []
    assert "c1" in str(acks[-1]["error"]) and "f1" in str(acks[-1]["error"])
    exported = tmp_path / "exported.json"
    assert main(["export", CONTEST, "--db", db, "-o", str(exported)]) == 0
    capsys.readouterr()
    assert main(["tally", str(exported), "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    items = {f["item"]: f for f in printed["followups"]}
    assert items["f3"] == {"item": "f3", "status": "approved", "final_score": "60.25",
                           "phase_scores": {"campo2": "44.00", "publico2": "16.25"},
                           "released": "3964.50", "reason": None}
    assert items["f5"]["status"] == "withdrawn" and items["f5"]["released"] == "0.00"
    assert printed["followups_total"] == {"due": "24330.40", "released": "7488.90"}
    # the proposals' results are those of the spec's example still
    assert printed["results"] == v2_expected()["results"]
    code, out = main(["--lang", "en", "verify", str(exported)]), capsys.readouterr().out
    assert code == 0 and out.startswith("VERIFIED")


def test_from_the_demo_session_to_the_acta_and_constancias_on_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 15's path: the demo's closed session → its evaluation bundle → the office's
    justified shares → the public session recorded item by item → the documents."""
    from decimal import Decimal

    from tests.pdf import page_texts, text

    demo, evaluation = tmp_path / "demo.json", tmp_path / "eval.json"
    db = str(tmp_path / "clar.sqlite3")
    assert main(["demo-data", "-o", str(demo)]) == 0
    assert main(["followups", str(demo), "--id", "llusco-2027-2", "--date", "2027-05-03",
                 "-o", str(evaluation)]) == 0
    bundle = json.loads(evaluation.read_text("utf-8"))
    followups = bundle["contest"]["followups"]
    items = followups["items"]
    for item in items:
        item["justified_percent"] = "85"
    write_json(evaluation, bundle)
    assert main(["import", str(evaluation), "--db", db]) == 0
    lines: list[dict[str, object]] = [{"action": "open"}]
    for n, item in enumerate(items):
        share = Decimal("0.5") if n == len(items) - 1 else Decimal("0.9")  # the last fails
        lines.append({"action": "present", "proposal": item["id"]})
        for juror in bundle["contest"]["jurors"]:
            for phase in followups["phases"]:
                lines += _sheet(juror["id"], item["id"], {
                    c["id"]: str(int(Decimal(c["max"]) * share)) for c in phase["criteria"]})
                lines.append({"action": "confirm", "juror": juror["id"],
                              "proposal": item["id"], "phase": phase["id"]})
    lines.append({"action": "close"})
    out = io.StringIO()
    code = run_record(ContestService(open_database(db)), "llusco-2027-2",
                      io.StringIO("\n".join(json.dumps(x) for x in lines)), out)
    assert code == 0, out.getvalue()[-500:]
    capsys.readouterr()
    acta, constancias = tmp_path / "acta.pdf", tmp_path / "constancias.pdf"
    assert main(["minutes", "llusco-2027-2", "--db", db, "-o", str(acta)]) == 0
    assert main(["constancias", "llusco-2027-2", "--db", db, "-o", str(constancias)]) == 0
    assert capsys.readouterr().err == ""
    pdf = " ".join(text(acta.read_bytes()).replace("\xa0", " ").split())
    table = pdf[pdf.index("Iniciativas que acceden a un segundo desembolso"):]
    assert len(re.findall(r"(?<!DES)APROBADO", table)) == len(items) - 1
    assert table.count("DESAPROBADO") == 1 and "BORRADOR" not in pdf
    pages = page_texts(constancias.read_bytes())
    assert len(pages) == len(items) - 1
    for page, item in zip(pages, items, strict=False):
        assert item["organization"] in " ".join(page.split())
