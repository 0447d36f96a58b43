"""``clar-desktop central indicators --format pdf|xlsx -o FILE``: the report written, in the
language of --lang; a report without -o, or -o with json, is one sentence and exit 2; a
failed write leaves no file."""

from __future__ import annotations

import errno
import os
import zipfile
from pathlib import Path

import pytest

from tests.central.helpers import run
from tests.central.reports_data import central_db
from tests.pdf import text


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("central")
    central_db(folder, 6).dispose()
    return f"sqlite:///{folder / 'central.db'}"


def test_a_pdf_report_in_quechua(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path):
    out = tmp_path / "willay.pdf"
    status, printed, err = run(capsys, "central", "indicators", "--by", "region", "--format",
                               "pdf", "-o", str(out), "--db", db, "--lang", "qu")
    assert (status, printed, err) == (0, "", "")
    assert out.read_bytes().startswith(b"%PDF-")
    assert "Regiónman hina" in text(out.read_bytes())


def test_the_format_follows_the_files_name(capsys: pytest.CaptureFixture[str], db: str,
                                           tmp_path: Path):
    out = tmp_path / "report.xlsx"
    assert run(capsys, "central", "indicators", "-o", str(out), "--db", db)[0] == 0
    with zipfile.ZipFile(out) as archive:
        assert "xl/workbook.xml" in archive.namelist()


@pytest.mark.parametrize("argv", [["--format", "pdf"], ["--format", "xlsx", "--by", "year"],
                                  ["--format", "json", "-o", "x.pdf"], ["-o", "report.txt"]])
def test_a_report_asked_for_wrongly_is_one_sentence(capsys: pytest.CaptureFixture[str],
                                                    db: str, tmp_path: Path,
                                                    argv: list[str],
                                                    monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    status, printed, err = run(capsys, "central", "indicators", *argv, "--db", db,
                               "--lang", "en")
    assert status == 2 and printed == ""
    assert len(err.strip().splitlines()) == 1 and "-o" in err
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_no_file(capsys: pytest.CaptureFixture[str], db: str,
                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("clar_desktop.files.os.fsync", full)
    out = tmp_path / "report.pdf"
    status, printed, err = run(capsys, "central", "indicators", "-o", str(out), "--db", db,
                               "--lang", "en")
    assert status != 0 and printed == ""
    assert len(err.strip().splitlines()) == 1 and str(out) in err
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_one_sentence(capsys: pytest.CaptureFixture[str], db: str,
                                          tmp_path: Path):
    out = tmp_path / "no" / "report.xlsx"
    status, _printed, err = run(capsys, "central", "indicators", "-o", str(out), "--db", db,
                                "--lang", "en")
    assert status != 0 and "the folder does not exist" in err
    assert not (tmp_path / "no").exists()


def test_json_and_table_are_as_before(capsys: pytest.CaptureFixture[str], db: str):
    status, printed, _err = run(capsys, "central", "indicators", "--by", "region",
                                "--format", "json", "--db", db)
    assert status == 0 and printed.startswith('{\n "by": [\n  "region"\n ]')
