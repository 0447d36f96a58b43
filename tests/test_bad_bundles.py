"""Every kind of bad bundle in the spec's list: exit 2, one line naming where, nothing written."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clar_desktop.cli import main
from tests.helpers import EXAMPLE, example_bundle, write_json

Bundle = dict[str, Any]


def _set(path: list[Any], value: Any) -> Callable[[Bundle], None]:
    def change(b: Bundle) -> None:
        target = b
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _delete(path: list[Any]) -> Callable[[Bundle], None]:
    def change(b: Bundle) -> None:
        target = b
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


def _append(path: list[Any], item_from: Callable[[Bundle], Any]) -> Callable[[Bundle], None]:
    def change(b: Bundle) -> None:
        target = b
        for key in path:
            target = target[key]
        target.append(item_from(b))
    return change


C = "contest"
CASES: dict[str, tuple[Callable[[Bundle], None], str]] = {
    "unknown format": (_set(["format"], "other"), "format"),
    "unknown version": (_set(["version"], 3), "version"),
    "version as a fraction": (_set(["version"], 1.0), "version"),
    "missing contest id": (_delete([C, "id"]), "contest"),
    "missing requested": (_delete([C, "proposals", 2, "requested"]), "proposals[2]"),
    "missing criterion max": (_delete([C, "phases", 0, "criteria", 1, "max"]), "criteria[1]"),
    "duplicate proposal id": (_set([C, "proposals", 1, "id"], "p01"), "proposals[1].id"),
    "duplicate juror id": (_set([C, "jurors", 1, "id"], "j1"), "jurors[1].id"),
    "criterion id across phases": (_set([C, "phases", 1, "criteria", 0, "id"], "participacion"),
                                   "phases[1].criteria[0].id"),
    "unknown category": (_set([C, "proposals", 0, "category"], "zzz"), "proposals[0].category"),
    "unknown juror phase": (_set([C, "jurors", 0, "phases"], ["campo", "zzz"]),
                            "jurors[0].phases[1]"),
    "unknown score juror": (_set([C, "scores", 3, "juror"], "j9"), "scores[3]"),
    "unknown score criterion": (_set([C, "scores", 3, "criterion"], "zzz"), "scores[3]"),
    "unknown recusal proposal": (_set([C, "recusals", 0, "proposal"], "p99"), "recusals[0]"),
    "score above max": (_set([C, "scores", 0, "value"], "11"), "scores[0]"),
    "score below min": (_set([C, "scores", 0, "value"], "-1"), "scores[0]"),
    "score off step": (_set([C, "scores", 0, "value"], "2.5"), "scores[0]"),
    "score for a phase the juror does not score": (
        _append([C, "scores"], lambda b: {"juror": "j4", "proposal": "p01",
                                          "criterion": "participacion", "value": "3"}),
        "scores["),
    "score on a recused pair": (
        _append([C, "scores"], lambda b: {"juror": "j3", "proposal": "p05",
                                          "criterion": "participacion", "value": "3"}),
        "scores["),
    "second score for the same key": (
        _append([C, "scores"], lambda b: dict(b[C]["scores"][0])), "scores["),
    "negative requested": (_set([C, "proposals", 0, "requested"], "-5.00"),
                           "proposals[0].requested"),
    "negative budget": (_set([C, "categories", 0, "budget"], "-1"), "categories[0].budget"),
    "draw not a permutation": (_set([C, "draws"], [{"proposals": ["p01", "p02"],
                                                    "order": ["p01", "p03"]}]), "draws[0]"),
    "unknown aggregation": (_set([C, "rules", "aggregation"], "mode"), "rules.aggregation"),
    "unknown allocation": (_set([C, "rules", "allocation"], "all"), "rules.allocation"),
    "misspelt rule": (_set([C, "rules", "alocation"], "stop"), "rules.alocation"),
    "tie-break unknown criterion": (_set([C, "rules", "tie_break"], ["criterion:zzz"]),
                                    "rules.tie_break[0]"),
    "max not above min": (_set([C, "phases", 0, "criteria", 0, "min"], "10"), "criteria[0]"),
    "step not positive": (_set([C, "phases", 0, "criteria", 0, "step"], "0"), "criteria[0]"),
    "decimal as a JSON number": (_set([C, "proposals", 0, "requested"], 14500),
                                 "proposals[0].requested"),
}


def _db_digest(path: Path) -> str:
    if not path.exists():
        return "absent"
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_bundle_is_refused_whole(case: str, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    change, where = CASES[case]
    bundle = copy.deepcopy(example_bundle())
    change(bundle)
    path = write_json(tmp_path / "bad.json", bundle)
    db = tmp_path / "db.sqlite3"
    assert main(["import", str(EXAMPLE), "--db", str(db)]) == 0
    capsys.readouterr()
    before = _export(db, tmp_path, capsys)
    for argv in (["tally", str(path), "--format", "json"],
                 ["import", str(path), "--db", str(db), "--replace"]):
        code = main(["--lang", "en", *argv])
        out, err = capsys.readouterr()
        assert code == 2, (case, argv)
        assert out == ""
        assert len(err.splitlines()) == 1 and "Traceback" not in err
        assert where in err, (case, err)
    assert _export(db, tmp_path, capsys) == before


def _export(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    target = tmp_path / "snapshot.json"
    assert main(["export", "colquemarca-2026-1", "--db", str(db), "-o", str(target)]) == 0
    capsys.readouterr()
    return target.read_text(encoding="utf-8")


def test_malformed_json_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "clar-bundle", ', encoding="utf-8")
    db = tmp_path / "db.sqlite3"
    for argv in (["tally", str(path)], ["import", str(path), "--db", str(db)]):
        assert main(["--lang", "en", *argv]) == 2
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and "JSON" in err
    assert not db.exists()  # the refused import wrote nothing, not even an empty database
    assert main(["list", "--db", str(db)]) == 2  # nor does list make one
    assert capsys.readouterr().out == "" and not db.exists()
