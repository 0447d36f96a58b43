"""The indicators report as an XLSX workbook (openpyxl).

Sheets: what the report covers, the whole (every contest under the filters), one sheet per
grouping (one row per group, one column per indicator), and the contests counted (office,
place, date, log hash, results hash). Each table has a translated bold header row, frozen,
with an autofilter and column widths to read it by.

Figures are numbers, not text: counts as integers, rates, ratios and amounts as exact
decimals (`Decimal`, written as the spec gives them: "62.50") with a number format; a null
figure is an empty cell. Text — above all text from the bundles, which anyone may write — is
always a text cell: a value beginning with ``=``, ``+``, ``-`` or ``@`` is written as text
with a quote prefix, never as a formula a spreadsheet would run.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ...i18n import N_
from ..indicators import INDICATORS
from ..labels import AMOUNTS, EVERYTHING, RATES, clean
from .content import Report
from .text import (
    NULL_NOTE,
    TITLE,
    Translate,
    covers,
    full_name,
    grouping_title,
    indicator_label,
    key_label,
    value_text,
)

AMOUNT_FORMAT = '#,##0.00 "S/"'
RATE_FORMAT = "0.00"
COUNT_FORMAT = "#,##0"
FORMULA_START = ("=", "+", "-", "@")
SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
LONGEST_SHEET_NAME = 31
NAME_HEADINGS = {"office": N_("Office name"), "category": N_("Category name")}
"""The groupings whose ids get a column of the names the bundles give them."""
BOLD = Font(bold=True)


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid sheet name from ``text``: at most 31 characters, none of ``[]:*?/\\``, not
    blank, not taken (case-insensitively, as spreadsheets compare them)."""
    base = SHEET_NAME.sub(" ", clean(text)).strip().strip("'")[:LONGEST_SHEET_NAME] or "-"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[:LONGEST_SHEET_NAME - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def put_text(cell: Cell, text: Any) -> None:
    """``text`` as a text cell, whatever it begins with."""
    value = clean(text)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True


def put_date(cell: Cell, text: str) -> None:
    """A contest's date as a date cell (as text if it is not one)."""
    try:
        cell.value, cell.number_format = date.fromisoformat(text), "yyyy-mm-dd"
    except (TypeError, ValueError):
        put_text(cell, text)


def put_figure(cell: Cell, indicator: str, value: Any) -> None:
    """An indicator's value as a number cell (empty for null)."""
    if value is None:
        return
    if indicator in AMOUNTS:
        cell.value, cell.number_format = Decimal(str(value)), AMOUNT_FORMAT
    elif indicator in RATES or indicator == "leverage":
        cell.value, cell.number_format = Decimal(str(value)), RATE_FORMAT
    else:
        cell.value, cell.number_format = int(value), COUNT_FORMAT


def _table(sheet: Worksheet, head: Sequence[str], rows: list[list[tuple[str, Any]]],
           widths: Sequence[float]) -> None:
    """A header row (bold, frozen, filtered) and ``rows`` of (kind, value) cells: kind
    "text", "date", "year", or the indicator the value is a figure of."""
    for column, text in enumerate(head, start=1):
        cell = sheet.cell(1, column)
        put_text(cell, text)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, row in enumerate(rows, start=2):
        for column, (kind, value) in enumerate(row, start=1):
            cell = sheet.cell(r, column)
            if kind == "text":
                put_text(cell, value)
            elif kind == "year":
                cell.value, cell.number_format = value, "0"
            elif kind == "date":
                put_date(cell, value)
            else:
                put_figure(cell, kind, value)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(head))}{max(len(rows) + 1, 1)}"
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _key_cell(key: str, value: Any, translate: Translate) -> tuple[str, Any]:
    """A group's key value: a year as a number, anything else as text."""
    if key == "year" and value is not None:
        return "year", int(value)
    return "text", value_text(key, value, translate)


def _indicator_widths(translate: Translate) -> list[float]:
    return [min(max(len(indicator_label(i, translate)) * 0.6, 12), 24) for i in INDICATORS]


def report_xlsx(report: Report, translate: Translate, language: str) -> bytes:
    """The workbook's bytes, its words in ``language`` through ``translate``."""
    book = Workbook()
    taken: set[str] = set()
    about = book.active
    assert about is not None
    about.title = sheet_name(translate(N_("Report")), taken)
    put_text(about.cell(1, 1), translate(TITLE))
    about.cell(1, 1).font = Font(bold=True, size=14)
    for r, (label, value) in enumerate(covers(report, translate, language), start=3):
        put_text(about.cell(r, 1), label)
        about.cell(r, 1).font = BOLD
        put_text(about.cell(r, 2), value)
    put_text(about.cell(r + 2, 1), translate(NULL_NOTE))
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 70

    labels = [indicator_label(i, translate) for i in INDICATORS]
    whole = book.create_sheet(sheet_name(translate(EVERYTHING), taken))
    _table(whole, [translate(N_("Indicator")), translate(N_("Value"))],
           [[("text", label), (name, report.whole.figures.get(name))]
            for name, label in zip(INDICATORS, labels, strict=True)], [44, 18])
    whole.freeze_panes = "A2"

    for grouping in report.groupings:
        sheet = book.create_sheet(sheet_name(grouping_title(grouping, translate), taken))
        named = grouping.key in NAME_HEADINGS
        rows = [[_key_cell(grouping.key, g.key[grouping.key], translate),
                 *([("text", full_name(report, g, grouping.key, language) or "")]
                   if named else []),
                 *((name, g.figures.get(name)) for name in INDICATORS)]
                for g in grouping.groups]
        head = [key_label(grouping.key, translate),
                *([translate(NAME_HEADINGS[grouping.key])] if named else []), *labels]
        _table(sheet, head, rows, [28, *([28] if named else []),
                                   *_indicator_widths(translate)])

    listed = book.create_sheet(sheet_name(translate(N_("Contests")), taken))
    yes, no = translate(N_("yes")), translate(N_("no"))
    head = [translate(N_("Contest")), translate(N_("Title")),
            *(key_label(k, translate) for k in ("programme", "office")),
            translate(N_("Office name")),
            *(key_label(k, translate) for k in ("region", "province", "district")),
            translate(N_("Date")), translate(N_("Session closed")),
            translate(N_("Log hash")), translate(N_("Results hash")),
            translate(N_("Conflicts"))]
    rows = [[("text", c.id), ("text", c.title),
             *(("text", value_text("", v, translate))
               for v in (c.programme, c.office_id, c.office_name, c.region, c.province,
                         c.district)),
             ("date", c.date), ("text", yes if c.session_closed else no),
             ("text", c.log_hash), ("text", c.results_hash), ("conflicts", c.conflicts)]
            for c in report.contests]
    _table(listed, head, rows, [22, 34, 16, 18, 22, 16, 16, 16, 12, 10, 66, 66, 10])

    book.properties.title = translate(TITLE)
    book.properties.subject = "; ".join(f"{label}: {value}" for label, value in
                                        covers(report, translate, language)[:2])
    book.properties.creator = "CLAR Desktop"
    book.properties.language = language
    book.properties.created = report.generated_at.replace(tzinfo=None)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
