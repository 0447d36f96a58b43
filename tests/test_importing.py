"""Proposals and jurors from CSV and Excel: a preview that marks each bad row, then all or
nothing."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.errors import DomainError
from clar_desktop.importing import (
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
    assert commit(preview, service, CONTEST) == 2
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
