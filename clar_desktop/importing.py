"""Importing proposals and jurors from CSV or Excel files, all or nothing.

`read_table` reads the rows of a ``.csv`` or ``.xlsx`` file; `preview_proposals` and
`preview_jurors` map each row to the item it adds (column names in Spanish or English) and
say, row by row, what is wrong. `commit` adds every item in one transaction through the
service layer, or none: a bad row means nothing is imported.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .domain.errors import N_, DomainError
from .domain.model import Category, Phase
from .i18n import _
from .services import ContestService

PROPOSAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "codigo", "code"),
    "organization": ("organizacion", "organization", "asociacion"),
    "title": ("titulo", "plan", "title", "titulo del plan"),
    "category": ("categoria", "category"),
    "requested": ("monto solicitado", "solicitado", "requested", "monto"),
    "own_contribution": ("aporte propio", "contrapartida", "own contribution",
                         "own_contribution"),
    "families": ("familias", "families"),
    "women": ("mujeres", "women"),
    "youth": ("jovenes", "youth"),
    "order": ("orden", "order", "orden de presentacion"),
}
JUROR_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "codigo", "code"),
    "name": ("nombre", "nombres y apellidos", "name"),
    "document": ("dni", "documento", "document"),
    "role": ("cargo", "role"),
    "phases": ("fases", "phases", "califica"),
}
REQUIRED = {"proposal": ("organization", "title", "category", "requested"),
            "juror": ("name", "phases")}
FIELD_LABELS = {
    "id": N_("Id"), "organization": N_("Organization"), "title": N_("Plan"),
    "category": N_("Category"), "requested": N_("Requested"),
    "own_contribution": N_("Own contribution"), "families": N_("Families"),
    "women": N_("Women"), "youth": N_("Youth"), "order": N_("Order"), "name": N_("Name"),
    "document": N_("DNI"), "role": N_("Cargo"), "phases": N_("Phases"),
}


class TableError(Exception):
    """The file cannot be read as a table (one translated sentence)."""


@dataclass(slots=True)
class PreviewRow:
    number: int
    """The row's number in the file (the header is row 1)."""
    item: dict[str, Any]
    problem: str | None = None


@dataclass(slots=True)
class Preview:
    kind: str
    """"proposal" or "juror"."""
    rows: list[PreviewRow] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.missing_columns and all(
            r.problem is None for r in self.rows)


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace("_", " ").split())


def read_table(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV (comma or semicolon, UTF-8) or XLSX file, keyed by folded header."""
    try:
        if path.suffix.lower() == ".xlsx":
            return _read_xlsx(path)
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise TableError(_("{file} cannot be read: {reason}").format(
            file=path.name, reason=getattr(error, "strerror", None) or error)) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text), dialect)
    rows = list(reader)
    if not rows:
        raise TableError(_("{file} is empty").format(file=path.name))
    header = [_fold(h) for h in rows[0]]
    return [dict(zip(header, (c.strip() for c in row), strict=False))
            for row in rows[1:] if any(c.strip() for c in row)]


def _read_xlsx(path: Path) -> list[dict[str, str]]:
    import openpyxl  # imported here: only Excel files need it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TableError(_("{file} is not a readable Excel file: {reason}").format(
            file=path.name, reason=error)) from None
    sheet = book.worksheets[0]
    values = [["" if v is None else _cell_text(v) for v in row]
              for row in sheet.iter_rows(values_only=True)]
    book.close()
    if not values:
        raise TableError(_("{file} is empty").format(file=path.name))
    header = [_fold(h) for h in values[0]]
    return [dict(zip(header, row, strict=False)) for row in values[1:]
            if any(c.strip() for c in row)]


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _column(row: dict[str, str], names: tuple[str, ...]) -> str:
    for name in names:
        if row.get(name):
            return row[name]
    return ""


def _amount(text: str) -> str:
    cleaned = text.replace("S/", "").replace(" ", "").replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or value < 0:
        raise ValueError(text)
    return f"{value:.2f}"


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


def _build(row: dict[str, str], columns: dict[str, tuple[str, ...]],
           converters: dict[str, Callable[[str], Any]], kind: str) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for key, names in columns.items():
        text = _column(row, names)
        if not text:
            if key in REQUIRED[kind]:
                raise ValueError(_("the column {column} is empty").format(column=names[0]))
            continue
        try:
            item[key] = converters.get(key, str)(text)
        except ValueError:
            raise ValueError(_("{column}: {value} is not valid").format(
                column=names[0], value=text)) from None
    return item


def _missing(rows: list[dict[str, str]], columns: dict[str, tuple[str, ...]],
             kind: str) -> list[str]:
    present = set(rows[0]) if rows else set()
    return [columns[key][0] for key in REQUIRED[kind]
            if not present.intersection(columns[key])]


def _by_id_or_name(items: Iterable[Category | Phase]) -> dict[str, str]:
    """Id of each item by its id or by any of its names (folded: case and accents aside)."""
    found: dict[str, str] = {}
    for item in items:
        names = [item.name] if isinstance(item.name, str) else list(item.name.values())
        found.update({_fold(n): item.id for n in names})
        found[item.id] = item.id
    return found


def preview_proposals(rows: list[dict[str, str]], service: ContestService,
                      contest_id: str) -> Preview:
    """Each row as the proposal it would add, with what is wrong with it."""
    state = service.load_state(contest_id)
    assert state.contest is not None
    categories = _by_id_or_name(state.contest.categories)
    ids = {p.id for p in state.contest.proposals}
    orders = {p.order for p in state.contest.proposals}
    next_order = max(orders, default=0) + 1
    preview = Preview("proposal", missing_columns=_missing(rows, PROPOSAL_COLUMNS, "proposal"))
    converters: dict[str, Callable[[str], Any]] = {
        "requested": _amount, "own_contribution": _amount, "families": _count,
        "women": _count, "youth": _count, "order": _count}
    for number, row in enumerate(rows, start=2):
        try:
            item = _build(row, PROPOSAL_COLUMNS, converters, "proposal")
            category = categories.get(item["category"]) or categories.get(
                _fold(item["category"]))
            if category is None:
                raise ValueError(_("unknown category {category}").format(
                    category=item["category"]))
            item["category"] = category
            item.setdefault("id", f"p{next_order:02d}")
            item.setdefault("order", next_order)
            if item["id"] in ids:
                raise ValueError(_("the id {id} is used twice").format(id=item["id"]))
            if item["order"] in orders:
                raise ValueError(_("presentation order {order} is used twice").format(
                    order=item["order"]))
            ids.add(item["id"])
            orders.add(item["order"])
            next_order = max(next_order, item["order"]) + 1
            preview.rows.append(PreviewRow(number, item))
        except ValueError as error:
            preview.rows.append(PreviewRow(number, _as_read(row, PROPOSAL_COLUMNS), str(error)))
    return preview


def _as_read(row: dict[str, str], columns: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """A refused row's cells under the same keys as a good row's, as they were written."""
    return {key: _column(row, names) for key, names in columns.items() if _column(row, names)}


def preview_jurors(rows: list[dict[str, str]], service: ContestService,
                   contest_id: str) -> Preview:
    """Each row as the juror it would add, with what is wrong with it."""
    state = service.load_state(contest_id)
    assert state.contest is not None
    phases = _by_id_or_name(state.contest.phases)
    ids = {j.id for j in state.contest.jurors}
    preview = Preview("juror", missing_columns=_missing(rows, JUROR_COLUMNS, "juror"))
    for number, row in enumerate(rows, start=2):
        try:
            item = _build(row, JUROR_COLUMNS, {}, "juror")
            wanted = [w.strip() for w in item["phases"].replace(";", ",").split(",")
                      if w.strip()]
            chosen = [phases.get(w) or phases.get(_fold(w)) for w in wanted]
            if not chosen or None in chosen:
                raise ValueError(_("phases: {value} names an unknown phase").format(
                    value=item["phases"]))
            item["phases"] = chosen
            if "document" in item and not (item["document"].isdigit()
                                           and len(item["document"]) == 8):
                raise ValueError(_("DNI: {value} is not 8 digits").format(
                    value=item["document"]))
            item.setdefault("id", f"j{len(ids) + 1}")
            if item["id"] in ids:
                raise ValueError(_("the id {id} is used twice").format(id=item["id"]))
            ids.add(item["id"])
            preview.rows.append(PreviewRow(number, item))
        except ValueError as error:
            preview.rows.append(PreviewRow(number, _as_read(row, JUROR_COLUMNS), str(error)))
    return preview


def commit(preview: Preview, service: ContestService, contest_id: str) -> int:
    """Add every previewed item in one transaction; nothing if any row is refused."""
    if not preview.ok:
        raise DomainError(N_("the file has rows with problems; nothing was imported"))
    kind = f"{preview.kind}.added"
    changes = [(kind, {preview.kind: row.item}) for row in preview.rows]
    service.apply_many(contest_id, changes)
    return len(changes)
