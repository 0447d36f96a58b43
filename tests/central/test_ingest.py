"""``central ingest``: every outcome of the spec's table, on SQLite and on PostgreSQL."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from clar_desktop.domain.bundle import load_bundle
from clar_desktop.domain.tally import tally
from tests.central.helpers import contents, cut, office_bundle, parted, run, url_of, write


@pytest.fixture(scope="module")
def session() -> dict[str, Any]:
    return office_bundle()


def ingest(capsys: pytest.CaptureFixture[str], db: str, *paths: Path) -> tuple[int, list[str]]:
    status, out, err = run(capsys, "central", "ingest", *map(str, paths), "--db", db)
    assert err == ""
    return status, out.splitlines()


def stored(db: str, contest: str) -> dict[str, Any]:
    engine = create_engine(url_of(db))
    try:
        with engine.connect() as connection:
            row = connection.execute(text(
                "SELECT log_hash, results_hash, events, session_closed, file_name, office_id,"
                " region, year FROM central_contests WHERE id = :id"), {"id": contest}
            ).mappings().one()
            statuses = dict(connection.execute(text(
                "SELECT proposal_id, status FROM central_proposals WHERE contest_id = :id"),
                {"id": contest}).all())
            return {**row, "statuses": statuses}
    finally:
        engine.dispose()


def test_new_then_same(capsys: pytest.CaptureFixture[str], tmp_path: Path, db_url: str,
                       session: dict[str, Any]) -> None:
    bundle = write(tmp_path / "a.json", session)
    status, lines = ingest(capsys, db_url, bundle)
    assert status == 0
    assert len(lines) == 1 and lines[0].startswith(f"new {bundle}: ")
    assert session["events"][-1]["hash"] in lines[0]
    row = stored(db_url, "ol-a-2026-1")
    contest = load_bundle(bundle.read_bytes()).contest
    expected = {r.proposal: r.status for r in tally(contest).results}
    assert row["statuses"] == expected and "withdrawn" in expected.values()
    assert (row["log_hash"], row["events"]) == (session["events"][-1]["hash"],
                                                len(session["events"]))
    assert (row["office_id"], row["region"], row["year"]) == ("ol-a", "Cusco", 2026)
    assert row["file_name"] == str(bundle)
    before = contents(db_url)
    status, lines = ingest(capsys, db_url, bundle)
    assert status == 0 and lines[0].startswith(f"same {bundle}: ")
    assert contents(db_url) == before


def test_a_longer_log_extends_and_an_older_copy_changes_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, db_url: str,
        session: dict[str, Any]) -> None:
    early = write(tmp_path / "early.json", cut(session, len(session["events"]) // 2))
    full = write(tmp_path / "full.json", session)
    assert ingest(capsys, db_url, early)[1][0].startswith("new ")
    assert stored(db_url, "ol-a-2026-1")["events"] == len(session["events"]) // 2
    status, lines = ingest(capsys, db_url, full)
    assert status == 0 and lines[0].startswith(f"extended {full}: ")
    row = stored(db_url, "ol-a-2026-1")
    assert (row["events"], row["log_hash"], row["file_name"]) == (
        len(session["events"]), session["events"][-1]["hash"], str(full))
    final = {r.proposal: r.status for r in tally(load_bundle(full.read_bytes()).contest).results}
    assert row["statuses"] == final
    before = contents(db_url)
    status, lines = ingest(capsys, db_url, early)
    assert status == 0 and lines[0].startswith(f"older {early}: ")
    assert contents(db_url) == before


def test_two_copies_that_part_are_a_conflict_kept_as_evidence(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, db_url: str,
        session: dict[str, Any]) -> None:
    seq = 40
    other = parted(session, seq)
    full = write(tmp_path / "full.json", session)
    copy_ = write(tmp_path / "otra laptop.json", other)
    ingest(capsys, db_url, full)
    before = stored(db_url, "ol-a-2026-1")
    status, lines = ingest(capsys, db_url, copy_)
    assert status == 1 and lines[0].startswith(f"conflict {copy_}: ")
    assert f" {seq} " in lines[0]
    assert stored(db_url, "ol-a-2026-1") == before  # the stored copy stays
    status, out, _err = run(capsys, "central", "conflicts", "--format", "json", "--db", db_url)
    found = json.loads(out)["conflicts"]
    assert status == 0 and len(found) == 1
    assert found[0] | {"recorded_at": None} == {
        "contest": "ol-a-2026-1", "seq": seq,
        "stored_hash": session["events"][seq - 1]["hash"],
        "incoming_hash": other["events"][seq - 1]["hash"],
        "stored_log_hash": session["events"][-1]["hash"],
        "incoming_log_hash": other["events"][-1]["hash"], "file": str(copy_),
        "recorded_at": None, "bundle_sha256": found[0]["bundle_sha256"]}
    from clar_desktop.central.database import open_central
    from clar_desktop.central.records import conflict_bundle

    engine = open_central(db_url)
    try:
        assert conflict_bundle(engine, "ol-a-2026-1", found[0]["bundle_sha256"]) == \
            copy_.read_bytes()
    finally:
        engine.dispose()
    # again: the same line, the conflict recorded once
    snapshot = contents(db_url)
    status, lines = ingest(capsys, db_url, copy_)
    assert status == 1 and lines[0].startswith("conflict ")
    assert contents(db_url) == snapshot
    status, out, _err = run(capsys, "central", "conflicts", "--format", "table", "--db", db_url)
    assert "ol-a-2026-1" in out and str(seq) in out and other["events"][seq - 1]["hash"] in out


def _tampered(session: dict[str, Any]) -> dict[str, Any]:
    """A value changed in the log and the snapshot, the event keeping its old hash."""
    bundle = copy.deepcopy(session)
    event = next(e for e in bundle["events"] if e["kind"] == "score.entered")
    data = event["data"]
    score = next(s for s in bundle["contest"]["scores"] if (s["juror"], s["proposal"],
                 s["criterion"]) == (data["juror"], data["proposal"], data["criterion"]))
    new = "0" if data["value"] != "0" else "1"
    data["value"] = score["value"] = new
    return bundle


def _broken_chain(session: dict[str, Any]) -> dict[str, Any]:
    bundle = copy.deepcopy(session)
    del bundle["events"][5]
    return bundle


def _no_events(session: dict[str, Any]) -> dict[str, Any]:
    bundle = copy.deepcopy(session)
    del bundle["events"]
    return bundle


def test_refused_bundles_store_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                       db_url: str, session: dict[str, Any]) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "bad.json").write_text('{"format": "clar-bundle", ', encoding="utf-8")
    write(inbox / "sub" / "chain.json", _broken_chain(session))
    write(inbox / "empty.json", _no_events(session))
    write(inbox / "tampered.json", _tampered(session))
    (inbox / "notes.txt").write_text("not a bundle", encoding="utf-8")
    status, lines = ingest(capsys, db_url, inbox)
    assert status == 1
    assert sorted(line.split(" ", 2)[:2][1] for line in lines) == sorted(
        f"{inbox / name}:" for name in ("bad.json", "sub/chain.json", "empty.json",
                                        "tampered.json"))
    assert all(line.startswith("refused ") for line in lines)
    said = {line.split(" ", 2)[1]: line for line in lines}
    # where the JSON breaks, in the user's language; not the parser's English detail
    assert said[f"{inbox / 'bad.json'}:"].endswith(
        "el archivo no es JSON válido: hay un error en la línea 1, columna 27")
    assert "event" in said[f"{inbox / 'sub' / 'chain.json'}:"] or "evento" in \
        said[f"{inbox / 'sub' / 'chain.json'}:"]
    assert "no tiene registro de eventos" in said[f"{inbox / 'empty.json'}:"]
    assert "alterado" in said[f"{inbox / 'tampered.json'}:"]
    assert all(rows == [] for rows in contents(db_url).values())


def test_a_folder_twice_changes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                        db_url: str, session: dict[str, Any]) -> None:
    inbox = tmp_path / "inbox"
    write(inbox / "a" / "early.json", cut(session, 100))
    write(inbox / "b" / "full.json", session)
    write(inbox / "c" / "other.json", parted(session, 150))
    write(inbox / "d.json", office_bundle("ol-b-2025-2", "ol-b", "Apurímac", "2025-10-01"))
    first = ingest(capsys, db_url, inbox)
    assert first[0] == 1
    assert [line.split(" ")[0] for line in first[1]] == ["new", "extended", "conflict", "new"]
    snapshot = contents(db_url)
    status, lines = ingest(capsys, db_url, inbox)
    assert [line.split(" ")[0] for line in lines] == ["older", "same", "conflict", "same"]
    assert contents(db_url) == snapshot


def test_arguments(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "central.sqlite3")
    status, out, err = run(capsys, "central", "ingest", str(tmp_path / "missing"), "--db", db)
    assert status == 2 and out == "" and "missing" in err
    assert not Path(db).exists()
    status, _out, err = run(capsys, "central", "indicators", "--db", db)
    assert status == 2 and "central ingest" in err and not Path(db).exists()
    status, _out, err = run(capsys, "central", "--db", db)
    assert status == 2 and err.count("\n") == 1
    status, _out, err = run(capsys, "central", "indicators", "--by", "comunidad", "--db", db)
    assert status == 2 and "comunidad" in err


def test_the_contests_as_the_window_lists_them(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path, db_url: str,
                                               session: dict[str, Any]) -> None:
    from clar_desktop.central.database import open_central
    from clar_desktop.central.records import contests

    other = office_bundle("ol-b-2025-1", "ol-b", "Puno", "2025-09-09")
    files = [write(tmp_path / "a.json", session), write(tmp_path / "b.json", other),
             write(tmp_path / "c.json", parted(session, 30))]
    ingest(capsys, db_url, *files)
    engine = open_central(db_url)
    try:
        found = contests(engine)
    finally:
        engine.dispose()
    assert [(c.id, c.office_id, c.office_name, c.region, c.date, c.conflicts) for c in found] \
        == [("ol-a-2026-1", "ol-a", "Oficina ol-a", "Cusco", "2026-05-04", 1),
            ("ol-b-2025-1", "ol-b", "Oficina ol-b", "Puno", "2025-09-09", 0)]
    first = found[0]
    assert (first.log_hash, first.events, first.version) == (
        session["events"][-1]["hash"], len(session["events"]), 2)
    assert first.session_closed is (session["events"][-1]["kind"] == "session.closed")
    from clar_desktop.domain.verify import verify

    assert first.results_hash == verify(load_bundle(files[0].read_bytes())).results_hash
