"""Proposals and jurors from CSV and Excel: a preview that marks each bad row, then all or
nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from clar_desktop import spreadsheets
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.errors import DomainError
from clar_desktop.importing import (
    Preview,
    TableError,
    commit,
    preview_jurors,
    preview_proposals,
    read_table,
)
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"


@pytest.fixture
def service(tmp_path: Path) -> ContestService:
    bundle = example_bundle()
    contest = bundle["contest"]
    contest["proposals"] = contest["proposals"][:2]
    contest["scores"] = [s for s in contest["scores"] if s["proposal"] in ("p01", "p02")]
    contest["recusals"] = []
    service = ContestService(open_database(str(tmp_path / "imp.sqlite3"), create=True))
    service.import_bundle(parse_bundle(bundle))
    return service


def test_a_csv_of_proposals_is_imported_whole(service: ContestService, tmp_path: Path) -> None:
    path = tmp_path / "propuestas.csv"
    path.write_text(
        "Organización;Título del plan;Categoría;Monto solicitado;Aporte propio;Familias\n"
        "Asociación Sumaq Away;Tejidos de alpaca;Planes de negocio;S/ 12,500.00;3125;24\n"
        "Comunidad de Pallpata;Qochas;pgrn;16000;4000;31\n", encoding="utf-8")
    preview = preview_proposals(read_table(path), service, CONTEST)
    assert preview.ok, [r.problem for r in preview.rows]
    assert [r.item["category"] for r in preview.rows] == ["pdn", "pgrn"]
    assert preview.rows[0].item["requested"] == "12500.00"
    assert [r.item["order"] for r in preview.rows] == [3, 4]
    assert len(commit(preview, service, CONTEST)) == 2
    state = service.load_state(CONTEST)
    assert state.contest is not None
    assert [p.organization for p in state.contest.proposals][-2:] == [
        "Asociación Sumaq Away", "Comunidad de Pallpata"]
    assert [e["kind"] for e in service.events(CONTEST)[-2:]] == ["proposal.added"] * 2


def test_an_excel_file_with_a_bad_row_is_marked_and_nothing_imported(
        service: ContestService, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Organización", "Plan", "Categoría", "Monto solicitado", "Mujeres"])
    sheet.append(["Asociación Warmi Kusi", "Panadería", "pdn", 9800, 14])
    sheet.append(["Asociación Inti Raymi", "Quesos", "lácteos", 11000, 9])
    sheet.append(["Asociación Qori Sara", "Maíz", "pdn", "mucho", 5])
    path = tmp_path / "propuestas.xlsx"
    book.save(path)
    before = service.export_bundle(CONTEST)
    preview = preview_proposals(read_table(path), service, CONTEST)
    assert not preview.ok
    assert [r.number for r in preview.rows if r.problem] == [3, 4]
    assert "lácteos" in str(preview.rows[1].problem)
    assert "mucho" in str(preview.rows[2].problem)
    with pytest.raises(DomainError):
        commit(preview, service, CONTEST)
    assert service.export_bundle(CONTEST) == before


def test_jurors_with_their_phases(service: ContestService, tmp_path: Path) -> None:
    path = tmp_path / "jurados.csv"
    path.write_text("Nombre,DNI,Cargo,Fases\n"
                    "Lucio Ccama Huarca,40011223,Miembro,\"campo, publico\"\n"
                    "Irma Quispe Sullca,4001122,Miembro,Evaluación pública\n", encoding="utf-8")
    preview = preview_jurors(read_table(path), service, CONTEST)
    assert preview.rows[0].problem is None
    assert preview.rows[0].item["phases"] == ["campo", "publico"]
    assert "8" in str(preview.rows[1].problem)  # a DNI has 8 digits


def test_a_file_without_the_needed_columns(service: ContestService, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("Nombre,Teléfono\nAna,999\n", encoding="utf-8")
    preview = preview_proposals(read_table(path), service, CONTEST)
    assert not preview.ok and "organizacion" in preview.missing_columns


def test_an_unreadable_file_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip at all")
    with pytest.raises(TableError):
        read_table(path)


def test_apply_many_is_all_or_nothing(service: ContestService) -> None:
    good = {"id": "p50", "category": "pdn", "organization": "A", "title": "B",
            "requested": "10.00", "order": 50}
    bad = dict(good, id="p51", order=50)  # the same presentation order
    before = service.export_bundle(CONTEST)
    with pytest.raises(DomainError):
        service.apply_many(CONTEST, [("proposal.added", {"proposal": good}),
                                     ("proposal.added", {"proposal": bad})])
    assert service.export_bundle(CONTEST) == before


# --- reading within bounds, and saying where ---------------------------------------------------

def _lines(preview: Preview) -> list[str]:
    return [f"{r.number}:{r.column.header if r.column else '-'}:{r.problem}"
            for r in preview.rows if r.problem]


def test_a_huge_field_is_the_row_s_problem_at_its_line_and_column(
        service: ContestService, tmp_path: Path) -> None:
    path = tmp_path / "propuestas.csv"
    path.write_text("Organización,Plan,Categoría,Monto solicitado\n"
                    "A,Cuyes,pdn,1000\n"
                    f"B,\"{'x' * 200_000}\",pdn,1000\n", encoding="utf-8")
    preview = preview_proposals(read_table(path), service, CONTEST)
    assert _lines(preview) == ["3:Plan:la celda tiene 200,000 caracteres; una celda puede "
                               "tener como máximo 2,000"]
    assert preview.rows[0].problem is None


def test_lines_are_counted_as_a_text_editor_counts_them(service: ContestService,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "propuestas.csv"
    path.write_text("Organización,Plan,Categoría,Monto solicitado\n"
                    "A,\"Cuyes\nmejorados\",pdn,1000\n"
                    "\n"
                    "B,Truchas,zzz,2000\n", encoding="utf-8")
    preview = preview_proposals(read_table(path), service, CONTEST)
    assert [r.number for r in preview.rows] == [2, 5]
    assert preview.problem_lines() == [
        "propuestas.csv, línea 5, columna 3 (Categoría): categoría desconocida zzz"]


def test_what_the_domain_refuses_is_found_in_the_preview(service: ContestService,
                                                        tmp_path: Path) -> None:
    """The importer's own checks let these through; the contest's rules do not."""
    path = tmp_path / "propuestas.csv"
    path.write_text("Id,Organización,Plan,Categoría,Monto solicitado,Familias\n"
                    f"{'q' * 201},A,Cuyes,pdn,1000,3\n"
                    "q2,B,Tru\x00chas,pdn,2000,3\n"
                    "q3,C,Papa,pdn,1234567890123456,3\n"
                    "q4,D,Quinua,pdn,1000,3000000000\n", encoding="utf-8")
    preview = preview_proposals(read_table(path), service, CONTEST)
    assert [(r.number, r.column and r.column.header) for r in preview.rows if r.problem] == [
        (2, "Id"), (3, "Plan"), (4, "Monto solicitado"), (5, "Familias")]
    assert commit is not None and not preview.ok


def test_a_csv_saved_by_excel_on_windows(service: ContestService, tmp_path: Path) -> None:
    path = tmp_path / "propuestas.csv"
    path.write_bytes("Organización;Título;Categoría;Monto solicitado\n"
                     "Asociación Ñawpa;Crianza de cuyes;pdn;1000\n".encode("cp1252"))
    preview = preview_proposals(read_table(path), service, CONTEST)
    assert preview.ok and preview.rows[0].item["organization"] == "Asociación Ñawpa"


def test_rows_and_columns_of_a_spreadsheet(service: ContestService, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Organización", "Plan", "Categoría", "Monto solicitado"])
    sheet.append(["A", "Cuyes", "pdn", 1000])
    sheet["C5"] = "zzz"
    sheet["A5"], sheet["B5"], sheet["D5"] = "B", "Truchas", 2000
    path = tmp_path / "p.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.excel and [r.line for r in table.rows] == [2, 5]
    preview = preview_proposals(table, service, CONTEST)
    assert preview.problem_lines() == [
        "p.xlsx, fila 5, columna C (Categoría): categoría desconocida zzz"]


@pytest.mark.parametrize("limit", ["rows", "columns", "bytes", "unpacked"])
def test_files_beyond_the_bounds_are_one_sentence(tmp_path: Path, limit: str,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    monkeypatch.setattr(spreadsheets, "MAX_COLUMNS", 5)
    if limit == "bytes":
        monkeypatch.setattr(spreadsheets, "MAX_FILE_BYTES", 30)
    if limit == "unpacked":
        monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 1000)
    width = 7 if limit == "columns" else 3
    rows = 5 if limit == "rows" else 2
    if limit == "unpacked":
        book = openpyxl.Workbook()
        for r in range(rows):
            book.active.append([f"c{r}{c}" for c in range(width)])
        path = tmp_path / "x.xlsx"
        book.save(path)
    else:
        path = tmp_path / "x.csv"
        path.write_text("".join(",".join(f"c{r}{c}" * 3 for c in range(width)) + "\n"
                                for r in range(rows)) + "\n" * 20, encoding="utf-8")
    with pytest.raises(TableError) as refused:
        read_table(path)
    assert "x." in str(refused.value) and "\n" not in str(refused.value)


def test_blank_rows_past_the_bound_do_not_count(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    path = tmp_path / "x.csv"
    path.write_text("Nombre,Fases\nAna,campo\n" + ",\n" * 50, encoding="utf-8")
    assert len(read_table(path).rows) == 1


def test_an_old_excel_file_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "registro.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000))
    with pytest.raises(TableError, match=".xlsx"):
        read_table(path)


def test_a_long_cell_in_a_column_not_read_does_not_matter(service: ContestService,
                                                         tmp_path: Path) -> None:
    path = tmp_path / "propuestas.csv"
    path.write_text("Organización,Plan,Categoría,Monto solicitado,Observaciones\n"
                    f"A,Cuyes,pdn,1000,{'nota ' * 1000}\n", encoding="utf-8")
    assert preview_proposals(read_table(path), service, CONTEST).ok
