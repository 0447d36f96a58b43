"""The command line as a user meets it: outputs, exit codes, one-line errors."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from clar_desktop.cli import main
from tests.helpers import EXAMPLE, expected_tally, write_json


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_tally_json_is_exactly_the_spec_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "tally", str(EXAMPLE), "--format", "json")
    assert code == 0, err
    assert json.loads(out) == expected_tally()


def test_tally_json_has_one_line_per_result_as_the_spec_shows_it(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tally", str(EXAMPLE), "--format", "json")
    assert code == 0
    lines = out.splitlines()
    expected = expected_tally()
    for result in expected["results"]:
        line = next(x for x in lines if f'"proposal": "{result["proposal"]}"' in x)
        assert json.loads(line.strip().rstrip(",")) == result
    assert len(lines) == len(expected["results"]) + len(expected["categories"]) + 7


def test_a_tally_in_this_process_leaves_the_garbage_collector_on(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The tally command switches the cyclic collector off (its process ends with it); a
    caller in the same process gets it back."""
    import gc

    assert gc.isenabled()
    code, _out, _ = run(capsys, "tally", str(EXAMPLE), "--format", "json")
    assert code == 0 and gc.isenabled()
    code, _out, _ = run(capsys, "tally", str(EXAMPLE) + ".missing", "--format", "json")
    assert code == 2 and gc.isenabled()


def test_a_tally_process_writes_all_of_a_long_output_before_it_ends(tmp_path: Path) -> None:
    """The command ends its process without freeing the bundle (os._exit): what it wrote
    must be flushed first, also through a pipe much smaller than the output."""
    import subprocess
    import sys

    from tests.benchmarks.synthetic import synthetic_bundle

    path = tmp_path / "large.json"
    path.write_text(json.dumps(synthetic_bundle(400, n_jurors=5, criteria_per_phase=3,
                                                seed=4)), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "clar_desktop", "tally", str(path),
                           "--format", "json"], capture_output=True, text=True, check=False,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout) > 100_000  # a pipe holds 64 KiB
    assert len(json.loads(done.stdout)["results"]) == 400
    assert done.stderr == ""


def test_tally_table_shows_every_proposal_and_budget(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "en", "tally", str(EXAMPLE), "--format", "table")
    assert code == 0
    for pid in ("p01", "p05", "p10"):
        assert pid in out
    assert "79.75" in out and "11200.00" in out
    assert "Budget 50000.00; allocated 48600.00; remaining 1400.00" in out


def test_tally_table_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tally", str(EXAMPLE), "--format", "table", "--lang", "es")
    assert code == 0
    assert "Presupuesto" in out


def test_global_options_before_or_after_the_subcommand(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "a.sqlite3")
    assert run(capsys, "--db", db, "import", str(EXAMPLE))[0] == 0
    code, out, _ = run(capsys, "list", "--db", db)
    assert code == 0 and out.split() == ["colquemarca-2026-1"]


def test_version_before_and_after(capsys: pytest.CaptureFixture[str]) -> None:
    from clar_desktop import __version__

    for argv in (["--version"], ["tally", "--version"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 0
        assert __version__ in capsys.readouterr().out


@pytest.mark.parametrize("command", ["tally", "import", "export", "verify", "record",
                                     "demo-data", "demo", "list"])
def test_every_subcommand_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help", "--lang", "en"])
    assert exit_info.value.code == 0
    assert "usage" in capsys.readouterr().out.lower()


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "en", "--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0 and "tally" in out and "record" in out


def test_bad_usage_is_one_line_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "tally")
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_missing_file_is_one_line_with_status_2(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    code, _, err = run(capsys, "--lang", "en", "tally", str(tmp_path / "nope.json"))
    assert code == 2
    assert err.count("\n") == 1 and "nope.json" in err


def test_import_export_verify_round_trip(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    db = str(tmp_path / "c.sqlite3")
    assert run(capsys, "import", str(EXAMPLE), "--db", db)[0] == 0
    out_file = tmp_path / "out.json"
    assert run(capsys, "export", "colquemarca-2026-1", "--db", db, "-o", str(out_file))[0] == 0
    exported = json.loads(out_file.read_text(encoding="utf-8"))
    assert exported["events"][0]["kind"] == "contest.imported"
    code, out, _ = run(capsys, "--lang", "en", "verify", str(out_file))
    assert code == 0 and out.startswith("VERIFIED")
    code, out, _ = run(capsys, "tally", str(out_file), "--format", "json")
    assert json.loads(out) == expected_tally()


def test_import_refuses_an_existing_contest_unless_replace(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "r.sqlite3")
    assert run(capsys, "import", str(EXAMPLE), "--db", db)[0] == 0
    code, _, err = run(capsys, "--lang", "en", "import", str(EXAMPLE), "--db", db)
    assert code == 2 and "--replace" in err
    assert run(capsys, "import", str(EXAMPLE), "--db", db, "--replace")[0] == 0


def test_export_of_an_unknown_contest(capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    db = str(tmp_path / "e.sqlite3")
    assert run(capsys, "import", str(EXAMPLE), "--db", db)[0] == 0
    code, _, err = run(capsys, "--lang", "en", "export", "nope", "--db", db, "-o",
                       str(tmp_path / "x.json"))
    assert code == 2 and "nope" in err
    assert not (tmp_path / "x.json").exists()


def test_verify_without_events_is_unverifiable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "en", "verify", str(EXAMPLE))
    assert code == 1 and "NOT VERIFIED" in out


def test_verify_unreadable_is_status_2(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert run(capsys, "verify", str(bad))[0] == 2


def _exported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> dict[str, Any]:
    db = str(tmp_path / "t.sqlite3")
    run(capsys, "import", str(EXAMPLE), "--db", db)
    import io

    from clar_desktop.cli.record import run_record
    from clar_desktop.services import ContestService
    from clar_desktop.store.database import open_database
    from tests.helpers import confirmations

    # Every sheet read back and confirmed: a session closes only then.
    state = ContestService(open_database(db)).load_state("colquemarca-2026-1")
    lines = [
        {"action": "open"},
        {"action": "correct", "juror": "j1", "proposal": "p01", "criterion": "participacion",
         "value": "4", "reason": "misread sheet"},
        *({"action": "confirm", **data} for _kind, data in confirmations(state)),
        {"action": "close"},
    ]

    out = io.StringIO()
    code = run_record(ContestService(open_database(db)), "colquemarca-2026-1",
                      io.StringIO("\n".join(json.dumps(x) for x in lines)), out)
    assert code == 0, out.getvalue()
    target = tmp_path / "exported.json"
    assert run(capsys, "export", "colquemarca-2026-1", "--db", db, "-o", str(target))[0] == 0
    return json.loads(target.read_text(encoding="utf-8"))


def _tamper_cases(bundle: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    cases = []
    t = copy.deepcopy(bundle)
    t["contest"]["scores"][5]["value"] = "2" if t["contest"]["scores"][5]["value"] != "2" else "1"
    cases.append(("a score in the snapshot", t))
    t = copy.deepcopy(bundle)
    t["events"][2]["data"]["reason"] = "nothing happened"
    cases.append(("an event's field", t))
    t = copy.deepcopy(bundle)
    t["events"][2]["at"] = "2020-01-01T00:00:00.000000Z"
    cases.append(("an event's time", t))
    t = copy.deepcopy(bundle)
    del t["events"][1]
    cases.append(("a removed event", t))
    t = copy.deepcopy(bundle)
    t["contest"]["proposals"][0]["requested"] = "99999.00"
    cases.append(("an amount in the snapshot", t))
    t = copy.deepcopy(bundle)
    t["contest"]["recusals"] = []
    cases.append(("a recusal dropped", t))
    return cases


def test_any_tampering_makes_verify_fail(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    bundle = _exported(capsys, tmp_path)
    path = write_json(tmp_path / "ok.json", bundle)
    assert run(capsys, "verify", str(path))[0] == 0
    for name, tampered in _tamper_cases(bundle):
        path = write_json(tmp_path / "tampered.json", tampered)
        code, out, err = run(capsys, "--lang", "en", "verify", str(path))
        assert code == 1, f"{name}: {out}{err}"
        assert out.startswith("NOT VERIFIED") and out.count("\n") == 1, name


def test_a_cut_log_shows_a_different_log_hash(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    """Dropping the last events (here: the session's closing) leaves a consistent bundle;
    what gives it away is the log hash, which no longer matches the one the acta prints."""
    bundle = _exported(capsys, tmp_path)
    code, whole, _ = run(capsys, "verify", str(write_json(tmp_path / "a.json", bundle)))
    cut = copy.deepcopy(bundle)
    del cut["events"][-1]
    code_cut, shorter, _ = run(capsys, "verify", str(write_json(tmp_path / "b.json", cut)))
    assert code == code_cut == 0
    assert bundle["events"][-1]["hash"] in whole
    assert bundle["events"][-1]["hash"] not in shorter


def test_tampered_bundle_is_not_imported(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    bundle = _exported(capsys, tmp_path)
    tampered = copy.deepcopy(bundle)
    tampered["events"][2]["data"]["reason"] = "x"
    path = write_json(tmp_path / "t.json", tampered)
    db = str(tmp_path / "fresh.sqlite3")
    code, _, err = run(capsys, "--lang", "en", "import", str(path), "--db", db)
    assert code == 2 and "does not verify" in err
    assert run(capsys, "list", "--db", db)[1] == ""


def test_import_of_a_verified_bundle_keeps_its_log(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    bundle = _exported(capsys, tmp_path)
    path = write_json(tmp_path / "v.json", bundle)
    db = str(tmp_path / "second.sqlite3")
    assert run(capsys, "import", str(path), "--db", db)[0] == 0
    again = tmp_path / "again.json"
    assert run(capsys, "export", "colquemarca-2026-1", "--db", db, "-o", str(again))[0] == 0
    assert json.loads(again.read_text(encoding="utf-8"))["events"] == bundle["events"]


def test_demo_data_is_a_valid_bundle(capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    target = tmp_path / "demo.json"
    assert run(capsys, "demo-data", "-o", str(target))[0] == 0
    code, out, err = run(capsys, "tally", str(target), "--format", "json")
    assert code == 0, err
    statuses = {r["status"] for r in json.loads(out)["results"]}
    assert statuses >= {"approved", "rejected"}


def test_demo_command_prints_results(capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    code, out, err = run(capsys, "--lang", "en", "demo", "--print", "--db",
                         str(tmp_path / "d.sqlite3"))
    assert code == 0, err
    assert "Budget" in out


def test_the_closed_demo_session_gives_a_second_tranche_evaluation(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`demo --closed` is the demo contest after its public session: a new secretary can make
    the second-tranche evaluation from it at once (the fresh demo is refused: not closed)."""
    db = str(tmp_path / "d.sqlite3")
    code, out, err = run(capsys, "--lang", "en", "demo", "--closed", "--print", "--db", db)
    assert code == 0, err
    evaluation = tmp_path / "eval.json"
    code, _out, err = run(capsys, "followups", "llusco-2026-1", "--db", db, "--id", "ev",
                          "--date", "2027-03-01", "-o", str(evaluation))
    assert code == 0, err
    assert len(json.loads(evaluation.read_text("utf-8"))["contest"]["followups"]["items"]) == 7
    fresh = str(tmp_path / "f.sqlite3")
    assert run(capsys, "--lang", "en", "demo", "--print", "--db", fresh)[0] == 0
    code, _out, err = run(capsys, "--lang", "en", "followups", "llusco-2026-1", "--db", fresh,
                          "--id", "ev", "--date", "2027-03-01", "-o", str(tmp_path / "x.json"))
    assert code == 2 and "not closed" in err


def test_clar_db_names_the_database_when_db_is_not_given(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAR_DB", f"sqlite:///{tmp_path / 'env.sqlite3'}")
    assert run(capsys, "import", str(EXAMPLE))[0] == 0
    assert (tmp_path / "env.sqlite3").exists()
    assert run(capsys, "list")[1].split() == ["colquemarca-2026-1"]


def test_default_database_lives_in_the_user_data_folder(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAR_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(tmp_path))
    assert run(capsys, "import", str(EXAMPLE))[0] == 0
    assert list((tmp_path / "data").rglob("clar.sqlite3"))


@pytest.mark.parametrize("change", ["extra field", "empty actor", "numeric actor"])
def test_events_with_fields_the_log_does_not_define_are_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, change: str) -> None:
    """Such an event would verify here but not once stored and exported again."""
    from clar_desktop.domain.canonical import event_hash

    bundle = _exported(capsys, tmp_path)
    event = bundle["events"][-1]
    if change == "extra field":
        event["note"] = "x"
    else:
        event["actor"] = "" if change == "empty actor" else 7
    event["hash"] = event_hash(event)
    path = write_json(tmp_path / "odd.json", bundle)
    code, out, _err = run(capsys, "--lang", "en", "verify", str(path))
    assert code == 1 and "NOT VERIFIED" in out
    assert run(capsys, "import", str(path), "--db", str(tmp_path / "o.sqlite3"))[0] == 2


ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "the following arguments",
                    "invalid choice", "choose from", "BUNDLE", "COMMAND")


@pytest.mark.parametrize("language", ["qu", "es"])
def test_help_and_usage_errors_speak_the_chosen_language(capsys: pytest.CaptureFixture[str],
                                                         language: str) -> None:
    """argparse's own words (usage, headings, its error sentences) and our argument names go
    through the catalogs too; a usage error is one line with exit status 2."""
    with pytest.raises(SystemExit) as done:
        main(["--lang", language, "--help"])
    assert done.value.code == 0
    help_text = capsys.readouterr().out
    code, _out, missing = run(capsys, "--lang", language, "verify")
    code2, _out, unknown = run(capsys, "--lang", language, "bogus")
    assert code == code2 == 2
    assert len(missing.strip().splitlines()) == len(unknown.strip().splitlines()) == 1
    for text in (help_text, missing, unknown):
        leaked = [word for word in ARGPARSE_ENGLISH if word in text]
        assert not leaked, f"{leaked} in {text!r}"
    first = {"qu": "imayna llamk'achina: ", "es": "uso: "}[language]
    assert help_text.startswith(first)
