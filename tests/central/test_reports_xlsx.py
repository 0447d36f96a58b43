"""The indicators report as XLSX, read back with openpyxl: a sheet per grouping whose cells
equal `indicators()` as numbers (exact decimals with number formats, not text), translated
bold frozen headers with a filter, the contests listed with their hashes, and text from the
bundles that looks like a formula stored as text, never as a formula."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from clar_desktop.central.indicators import INDICATORS, indicators
from clar_desktop.central.labels import INDICATOR_LABELS
from clar_desktop.central.records import contests
from clar_desktop.central.reports import write_report
from clar_desktop.central.reports.xlsx import sheet_name
from clar_desktop.i18n import gettext_in
from tests.central.reports_data import central_db

FORMULAS = ['=HYPERLINK("http://example.com/x","clic")', "+1", "-2", "@SUM(A1)"]
OFFICES = [(f"ol-{n}", text, text) for n, text in enumerate(FORMULAS)]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    engine = central_db(tmp_path_factory.mktemp("central"), 8, OFFICES)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def workbook(engine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.xlsx"
    write_report(engine, path, format="xlsx", keys=("region", "office", "year", "category"),
                 language="es")
    return path


def _expected(value):
    return None if value is None else Decimal(str(value))


def test_one_sheet_per_grouping_with_the_values_of_indicators(engine, workbook: Path):
    book = load_workbook(workbook)
    assert book.sheetnames == ["Informe", "Todos los concursos", "Por región", "Por oficina",
                               "Por año", "Por categoría", "Concursos"]
    labels = [gettext_in("es", INDICATOR_LABELS[i]) for i in INDICATORS]
    for sheet, key in zip(book.sheetnames[2:6], ("region", "office", "year", "category"),
                          strict=True):
        rows = list(book[sheet].iter_rows(values_only=True))
        first = 2 if key in ("office", "category") else 1  # the name beside its id
        assert list(rows[0][first:]) == labels
        groups = indicators(engine, (key,))
        assert len(rows) - 1 == len(groups)
        for row, group in zip(rows[1:], groups, strict=True):
            assert row[0] == group.key[key]
            if key == "category":  # as the latest contest names it
                assert row[1] in ("Planes de negocio", f"Categoría {row[0]}"), row
            got = [_expected(v) for v in row[first:]]
            assert got == [_expected(group.figures[i]) for i in INDICATORS], (key, row)
    whole = list(book["Todos los concursos"].iter_rows(values_only=True))
    assert [(label, _expected(v)) for label, v in whole[1:]] == [
        (label, _expected(indicators(engine, ())[0].figures[i]))
        for label, i in zip(labels, INDICATORS, strict=True)]


def test_figures_are_numbers_with_formats_and_null_is_an_empty_cell(workbook: Path):
    sheet = load_workbook(workbook)["Por región"]
    head = [c.value for c in sheet[1]]
    rate = head.index(gettext_in("es", "Approval rate (%)")) + 1
    awarded = head.index(gettext_in("es", "Awarded")) + 1
    families = head.index(gettext_in("es", "Families reached")) + 1
    cell = sheet.cell(2, rate)
    assert cell.data_type == "n" and cell.number_format == "0.00"
    assert sheet.cell(2, awarded).data_type == "n"
    assert "0.00" in sheet.cell(2, awarded).number_format
    assert isinstance(sheet.cell(2, families).value, int)
    completion = head.index(gettext_in("es", "Second-tranche completion (%)")) + 1
    values = [sheet.cell(r, completion).value for r in range(2, sheet.max_row + 1)]
    assert None in values  # a region without follow-ups: nothing to divide by


def test_text_that_looks_like_a_formula_is_text(workbook: Path):
    book = load_workbook(workbook)
    seen = set()
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value in FORMULAS:
                    assert cell.data_type == "s" and cell.quotePrefix
                    seen.add(cell.value)
    assert seen == set(FORMULAS)
    with zipfile.ZipFile(workbook) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_headers_are_bold_frozen_and_filtered(workbook: Path):
    book = load_workbook(workbook)
    for title in book.sheetnames[1:]:
        sheet = book[title]
        assert sheet["A1"].font.b, title
        assert sheet.freeze_panes in ("A2", "B2"), title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), title
        assert sheet.column_dimensions["A"].width > 10


def test_the_contests_are_listed_with_office_place_date_and_hashes(engine, workbook: Path):
    sheet = load_workbook(workbook)["Concursos"]
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    for msgid in ("Log hash", "Results hash", "Date", "Office", "Region"):
        assert gettext_in("es", msgid) in head
    stored = {c.id: c for c in contests(engine)}
    assert {r[0] for r in rows[1:]} == set(stored)
    for row in rows[1:]:
        record = stored[row[0]]
        assert record.log_hash in row and record.results_hash in row
        assert str(row[head.index(gettext_in("es", "Date"))])[:10] == record.date


def test_document_properties(workbook: Path):
    properties = load_workbook(workbook).properties
    assert properties.title == gettext_in("es", "Programme indicators")
    assert properties.creator == "CLAR Desktop"


def test_quechua_headers(engine, tmp_path: Path):
    write_report(engine, tmp_path / "r.xlsx", format="xlsx", keys=("region",), language="qu")
    book = load_workbook(tmp_path / "r.xlsx")
    assert gettext_in("qu", "By region") in book.sheetnames
    head = [c.value for c in book[gettext_in("qu", "By region")][1]]
    assert head[1] == gettext_in("qu", "Contests") != "Contests"


@pytest.mark.parametrize(("text", "expected"), [
    ("Por región", "Por región"), ("a/b\\c[d]e:f*g?h", "a b c d e f g h"),
    ("x" * 40, "x" * 31), ("'quoted'", "quoted"), ("", "-")])
def test_sheet_names_are_valid(text: str, expected: str):
    assert sheet_name(text, set()) == expected


def test_sheet_names_are_unique():
    taken: set[str] = set()
    assert [sheet_name("y" * 40, taken) for _ in range(3)] == [
        "y" * 31, "y" * 27 + " (2)", "y" * 27 + " (3)"]
