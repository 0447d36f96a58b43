"""``central export``: the stored bytes exactly as ingested, written by the rules of
clar_desktop.files, and the exported file verifies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.central.helpers import office_bundle, run, url_of, write


def test_export_gives_the_same_bytes_and_they_verify(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, db_url: str) -> None:
    session = office_bundle()
    source = write(tmp_path / "oficina.json", session)
    # as an office's laptop wrote it: indented, with a newline at the end
    source.write_bytes(json.dumps(session, ensure_ascii=False, indent=2).encode() + b"\n")
    assert run(capsys, "central", "ingest", str(source), "--db", db_url)[0] == 0
    target = tmp_path / "out" / "exported.json"
    target.parent.mkdir()
    status, out, err = run(capsys, "central", "export", "ol-a-2026-1", "-o", str(target),
                           "--db", db_url)
    assert (status, out, err) == (0, "", "")
    assert target.read_bytes() == source.read_bytes()
    assert [p.name for p in target.parent.iterdir()] == ["exported.json"]  # no temporary
    status, out, _err = run(capsys, "verify", str(target))
    assert status == 0 and session["events"][-1]["hash"] in out
    status, _out, err = run(capsys, "central", "export", "otro", "-o", str(target),
                            "--db", db_url)
    assert status == 2 and "otro" in err


def test_a_stored_bundle_changed_behind_our_back_is_not_exported(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, db_url: str) -> None:
    source = write(tmp_path / "oficina.json", office_bundle())
    run(capsys, "central", "ingest", str(source), "--db", db_url)
    engine = create_engine(url_of(db_url))
    with engine.begin() as connection:
        connection.execute(text("UPDATE central_contests SET bundle_sha256 = :x"),
                           {"x": "0" * 64})
    engine.dispose()
    target = tmp_path / "exported.json"
    status, _out, err = run(capsys, "central", "export", "ol-a-2026-1", "-o", str(target),
                            "--db", db_url)
    assert status == 1 and "SHA-256" in err and not target.exists()


def test_a_damaged_stored_bundle_is_one_sentence(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path, db_url: str) -> None:
    source = write(tmp_path / "oficina.json", office_bundle())
    run(capsys, "central", "ingest", str(source), "--db", db_url)
    engine = create_engine(url_of(db_url))
    with engine.begin() as connection:
        connection.execute(text("UPDATE central_contests SET bundle = :x"), {"x": b"damaged"})
    engine.dispose()
    status, _out, err = run(capsys, "central", "export", "ol-a-2026-1", "-o",
                            str(tmp_path / "x.json"), "--db", db_url)
    assert status == 1 and err.count("\n") == 1 and "ol-a-2026-1" in err
    # a copy that is neither the same nor longer needs the stored hashes: the same sentence
    from tests.central.helpers import cut

    shorter = write(tmp_path / "corta.json", cut(office_bundle(), 50))
    status, _out, err = run(capsys, "central", "ingest", str(shorter), "--db", db_url)
    assert status == 1 and err.count("\n") == 1 and "ol-a-2026-1" in err
