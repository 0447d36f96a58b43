"""``import-proposals`` and ``import-jurors``: registers kept in spreadsheets, all or nothing."""

from __future__ import annotations

import json
import time
from pathlib import Path

import openpyxl
import pytest

from clar_desktop.cli import main
from tests.helpers import EXAMPLE

CONTEST = "colquemarca-2026-1"
HEADER = "Organización;Título del plan;Categoría;Monto solicitado;Familias;Id\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "clar.sqlite3")
    assert run(capsys, "import", str(EXAMPLE), "--db", path)[0] == 0
    return path


def _export(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> str:
    target = tmp_path / "export.json"
    assert run(capsys, "export", CONTEST, "--db", db, "-o", str(target))[0] == 0
    return target.read_text(encoding="utf-8")


def test_a_csv_of_proposals_is_imported_and_the_export_verifies(
        capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    path = tmp_path / "propuestas.csv"
    path.write_text(HEADER + "Asociación Sumaq Away;Tejidos;Planes de negocio;S/ 12,500.00;24;"
                    "a1\nComunidad de Pallpata;Qochas;pgrn;16000;31;a2\n", encoding="utf-8")
    code, out, err = run(capsys, "--lang", "en", "import-proposals", CONTEST, str(path),
                         "--db", db)
    assert (code, err) == (0, "")
    assert out == f"Imported 2 proposals into contest {CONTEST}.\n"
    bundle = json.loads(_export(capsys, db, tmp_path))
    added = {p["id"]: p for p in bundle["contest"]["proposals"]}
    assert added["a1"]["requested"] == "12500.00" and added["a1"]["category"] == "pdn"
    assert [e["kind"] for e in bundle["events"][-2:]] == ["proposal.added"] * 2
    code, out, _ = run(capsys, "verify", str(tmp_path / "export.json"))
    assert code == 0 and "VERIFICADO" in out


def test_an_excel_file_of_jurors(capsys: pytest.CaptureFixture[str], db: str,
                                 tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nombre", "DNI", "Cargo", "Fases"])
    sheet.append(["Lucio Ccama Huarca", 40011223, "Miembro", "campo, Evaluación pública"])
    sheet.append([])
    sheet.append(["Irma Quispe Sullca", None, None, "campo"])
    # Saved without an extension: the content says it is a spreadsheet.
    path = tmp_path / "jurados"
    book.save(path)
    code, out, err = run(capsys, "import-jurors", CONTEST, str(path), "--db", db)
    assert code == 0, err
    assert "2" in out and CONTEST in out
    jurors = json.loads(_export(capsys, db, tmp_path))["contest"]["jurors"]
    assert [j["name"] for j in jurors[-2:]] == ["Lucio Ccama Huarca", "Irma Quispe Sullca"]
    assert jurors[-2]["phases"] == ["campo", "publico"]
    assert jurors[-2]["document"] == "40011223"


def test_three_bad_rows_are_all_reported_and_nothing_changes(
        capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    before = _export(capsys, db, tmp_path)
    path = tmp_path / "propuestas.csv"
    path.write_text(HEADER + "A;Cuyes;pdn;1000;3;x1\n"
                    "B;Quesos;lácteos;2000;3;x2\n"
                    "C;Maíz;pdn;mucho;3;x3\n"
                    "D;Papa;pdn;3000;3;x1\n", encoding="utf-8")
    code, out, err = run(capsys, "import-proposals", CONTEST, str(path), "--db", db)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[:3] == [
        "clar-desktop: propuestas.csv, línea 3, columna 3 (Categoría): categoría "
        "desconocida lácteos",
        "clar-desktop: propuestas.csv, línea 4, columna 4 (Monto solicitado): mucho no es "
        "un monto (escríbalo como 12500.00)",
        "clar-desktop: propuestas.csv, línea 5, columna 6 (Id): el id x1 se usa dos veces"]
    assert lines[3:] == ["clar-desktop: 3 filas tienen problemas; no se importó nada"]
    assert _export(capsys, db, tmp_path) == before


def test_in_a_spreadsheet_the_row_and_the_column_letter(
        capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Organización", "Plan", "Categoría", "Monto solicitado"])
    sheet.append(["A", "Cuyes", "pdn", 1000])
    sheet.append(["B", "Quesos", "pdn", -5])
    path = tmp_path / "propuestas.xlsx"
    book.save(path)
    code, _, err = run(capsys, "--lang", "en", "import-proposals", CONTEST, str(path),
                       "--db", db)
    assert code == 2
    assert err.splitlines()[0] == ("clar-desktop: propuestas.xlsx, row 3, column D (Monto "
                                   "solicitado): -5 is not an amount (write it like 12500.00)")


def test_a_huge_field_is_one_sentence(capsys: pytest.CaptureFixture[str], db: str,
                                      tmp_path: Path) -> None:
    before = _export(capsys, db, tmp_path)
    path = tmp_path / "propuestas.csv"
    path.write_text(HEADER + "A;" + "x" * 200_000 + ";pdn;1000;3;x1\n", encoding="utf-8")
    code, out, err = run(capsys, "--lang", "en", "import-proposals", CONTEST, str(path),
                         "--db", db)
    assert code == 2 and out == ""
    assert err.splitlines() == [
        "clar-desktop: propuestas.csv, line 2, column 2 (Título del plan): the cell holds "
        "200,000 characters; a cell may hold at most 2,000",
        "clar-desktop: 1 row has a problem; nothing was imported"]
    assert _export(capsys, db, tmp_path) == before


def test_a_file_that_is_no_register(capsys: pytest.CaptureFixture[str], db: str,
                                    tmp_path: Path) -> None:
    for name, content in (("viejo.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)),
                          ("roto.xlsx", b"PK\x03\x04 not really a zip"),
                          ("vacio.csv", b""),
                          ("otro.csv", "Nombre;Teléfono\nAna;999\n".encode())):
        path = tmp_path / name
        path.write_bytes(content)
        code, out, err = run(capsys, "import-proposals", CONTEST, str(path), "--db", db)
        assert code == 2 and out == "", name
        assert len(err.splitlines()) == 1 and name in err, err
        assert "Traceback" not in err


def test_an_unknown_contest(capsys: pytest.CaptureFixture[str], db: str,
                            tmp_path: Path) -> None:
    path = tmp_path / "propuestas.csv"
    path.write_text(HEADER + "A;Cuyes;pdn;1000;3;x1\n", encoding="utf-8")
    code, _, err = run(capsys, "import-proposals", "nada-2026", str(path), "--db", db)
    assert code == 2 and "nada-2026" in err and len(err.splitlines()) == 1


def test_control_characters_from_the_file_are_not_printed_raw(
        capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    path = tmp_path / "propuestas.csv"
    path.write_text(HEADER + "A;Cuyes;\x1b[2K\x1b[32mpdn\u202e;1000;3;x1\n", encoding="utf-8")
    code, _, err = run(capsys, "import-proposals", CONTEST, str(path), "--db", db)
    assert code == 2
    assert "\x1b" not in err and "\u202e" not in err and "\\u001b[2K" in err


def _csv_rows(path: Path, count: int, start: int) -> None:
    path.write_text(HEADER + "".join(f"Asociación {i};Plan {i};pdn;1000;3;r{i}\n"
                                     for i in range(start, start + count)), encoding="utf-8")


def test_two_thousand_rows_take_linear_time(capsys: pytest.CaptureFixture[str], db: str,
                                           tmp_path: Path) -> None:
    """Each size imported twice into contests of the same size, the best time kept (the
    machine is shared); adding each row once rewrote and re-checked the whole contest, so
    2,000 rows took about 13 times as long as 500."""
    best: dict[int, float] = {}
    for attempt in range(2):
        for count in (500, 2000):
            target = tmp_path / f"{count}-{attempt}.sqlite3"
            assert run(capsys, "import", str(EXAMPLE), "--db", str(target))[0] == 0
            path = tmp_path / f"{count}.csv"
            _csv_rows(path, count, 100)
            start = time.perf_counter()
            code, _, err = run(capsys, "import-proposals", CONTEST, str(path), "--db",
                               str(target))
            elapsed = time.perf_counter() - start
            assert code == 0, err
            best[count] = min(best.get(count, elapsed), elapsed)
    assert best[2000] < 4 * best[500], best
