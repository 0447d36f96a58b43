"""Importing proposals and jurors from CSV or Excel files, all or nothing.

`read_table` (spreadsheets.py) reads the file; `preview_proposals` and `preview_jurors` map
each row to the item it adds (column names in Spanish or English) and say, row by row, what
is wrong and in which column. The app's import preview and the ``import-proposals`` /
``import-jurors`` commands show the same preview. `commit` adds every item in one
transaction through the service layer, or none: a bad row means nothing is imported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .domain.bundle import parse_contest
from .domain.errors import N_, BundleError, DomainError
from .domain.model import Category, Contest, Phase
from .i18n import _, format_number
from .services import Committed, ContestService
from .spreadsheets import MAX_CELL, Column, Table, TableError, fold, read_table

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


@dataclass(slots=True)
class PreviewRow:
    number: int
    """Where the row starts: its line in a CSV file (the header is line 1), its row number
    in a spreadsheet."""
    item: dict[str, Any]
    problem: str | None = None
    """What is wrong with the row (one translated sentence), None when it is good."""
    column: Column | None = None
    """The column the problem is in, when it is in one."""
    field: str | None = None
    """What that column holds ("requested", "phases", …), when it is one the importer reads."""


@dataclass(slots=True)
class Preview:
    kind: str
    """"proposal" or "juror"."""
    table: Table
    rows: list[PreviewRow] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.missing_columns and all(
            r.problem is None for r in self.rows)

    def problem_text(self, row: PreviewRow) -> str:
        """The row's problem, naming its column by its letter or number and by what it holds,
        in the reader's language, as the preview's own headings do."""
        if row.problem is None:
            return ""
        if row.column is None:
            return row.problem
        header = _(FIELD_LABELS[row.field]) if row.field else row.column.header
        return _("column {column} ({header}): {problem}").format(
            column=self.table.column_name(row.column), header=header, problem=row.problem)

    def problem_lines(self) -> list[str]:
        """One line per bad row, naming the file, the line (or row) and the column."""
        table, lines = self.table, []
        for row in self.rows:
            if row.problem is None:
                continue
            values = {"file": table.file, "line": row.number, "problem": row.problem}
            if row.column is None:
                template = (_("{file}, row {line}: {problem}") if table.excel
                            else _("{file}, line {line}: {problem}"))
            else:
                values.update(column=table.column_name(row.column), header=row.column.header)
                template = (_("{file}, row {line}, column {column} ({header}): {problem}")
                            if table.excel else
                            _("{file}, line {line}, column {column} ({header}): {problem}"))
            lines.append(template.format(**values))
        return lines


class _Refused(Exception):
    """A row's problem and the field (the column) it is in."""

    def __init__(self, problem: str, key: str | None = None,
                 column: Column | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.key = key
        self.column = column


class _Reader:
    """One row's cells under the importer's keys, remembering which column gave each."""

    def __init__(self, table: Table, columns: dict[str, tuple[str, ...]]) -> None:
        self.table = table
        self.columns = columns

    def header(self, key: str) -> str | None:
        """The first of the key's column names that the file has."""
        return next((n for n in self.columns.get(key, ()) if n in self.table.columns), None)

    def column(self, key: str | None, cells: dict[str, str]) -> Column | None:
        """The column the key's value came from in this row (else the first the file has)."""
        if key is None:
            return None
        header = next((n for n in self.columns.get(key, ()) if cells.get(n)), None)
        header = header or self.header(key)
        return None if header is None else self.table.columns[header]

    def build(self, cells: dict[str, str], converters: dict[str, Callable[[str], Any]],
              kind: str) -> dict[str, Any]:
        item: dict[str, Any] = {}
        for key, names in self.columns.items():
            text = _first(cells, names)
            if not text:
                if key in REQUIRED[kind]:
                    raise _Refused(_("the cell is empty, and this column is required"), key)
                continue
            try:
                item[key] = converters.get(key, str)(text)
            except ValueError as error:
                raise _Refused(str(error), key) from None
        return item


def _first(cells: dict[str, str], names: tuple[str, ...]) -> str:
    for name in names:
        if cells.get(name):
            return cells[name]
    return ""


def _amount(text: str) -> str:
    cleaned = text.replace("S/", "").replace(" ", "").replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise ValueError(_("{value} is not an amount (write it like 12500.00)").format(
            value=text))
    return f"{value:.2f}"


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise ValueError(_("{value} is not a whole number of 0 or more").format(value=text))
    return value


def _missing(table: Table, columns: dict[str, tuple[str, ...]], kind: str) -> list[str]:
    return [columns[key][0] for key in REQUIRED[kind]
            if not set(table.columns).intersection(columns[key])]


def _by_id_or_name(items: Iterable[Category | Phase]) -> dict[str, str]:
    """Id of each item by its id or by any of its names (folded: case and accents aside)."""
    found: dict[str, str] = {}
    for item in items:
        names = [item.name] if isinstance(item.name, str) else list(item.name.values())
        found.update({fold(n): item.id for n in names})
        found[item.id] = item.id
    return found


def _free_id(template: str, number: int, ids: set[str]) -> str:
    """An id for a row that gives none, from ``number`` on, not used yet."""
    while template.format(number) in ids:
        number += 1
    return template.format(number)


class _DomainCheck:
    """One row's item checked by the domain's own rules (the lengths, digits and characters
    a contest may hold), in a contest holding only that item: the same refusals the service
    would give on commit, found while previewing and named by their column."""

    def __init__(self, contest: Contest, kind: str) -> None:
        self.key = "proposals" if kind == "proposal" else "jurors"
        self.base = {"id": contest.id, "title": contest.title, "date": contest.date,
                     "jurors": [], "proposals": [],
                     "categories": [{"id": c.id, "name": "-", "budget": "0"}
                                    for c in contest.categories],
                     "phases": [{"id": p.id, "name": "-", "criteria": []}
                                for p in contest.phases]}

    def __call__(self, item: dict[str, Any]) -> None:
        try:
            parse_contest({**self.base, self.key: [item]}, require_phases=False)
        except BundleError as error:
            found = re.match(rf"contest\.{self.key}\[0\]\.(\w+)", error.path or "")
            key = found.group(1) if found else error.params.get("field")
            problem = DomainError(error.template, None, None, **error.params).render(_)
            raise _Refused(problem, key if isinstance(key, str) else None) from None


def _preview(kind: str, table: Table, contest: Contest, columns: dict[str, tuple[str, ...]],
             build: Callable[[_Reader, dict[str, str], _DomainCheck], dict[str, Any]]
             ) -> Preview:
    """Each row through ``build``: the item it adds (checked by the domain's rules before its
    id is taken), or `_Refused`."""
    preview = Preview(kind, table, missing_columns=_missing(table, columns, kind))
    reader = _Reader(table, columns)
    check = _DomainCheck(contest, kind)
    fields = {name: key for key, names in columns.items() for name in names}
    for row in table.rows:
        try:
            # A long cell in a column the importer does not read does not matter.
            long = [(column, length) for column, length in row.too_long
                    if column.key in fields]
            if long:
                column, length = long[0]
                raise _Refused(_("the cell holds {length} characters; a cell may hold at "
                                 "most {count}").format(length=format_number(length),
                                                        count=format_number(MAX_CELL)),
                               fields[column.key], column)
            item = build(reader, row.cells, check)
            preview.rows.append(PreviewRow(row.line, item))
        except _Refused as error:
            shown = {key: _first(row.cells, names) for key, names in columns.items()
                     if _first(row.cells, names)}
            preview.rows.append(PreviewRow(
                row.line, shown, error.problem,
                error.column or reader.column(error.key, row.cells),
                error.key if error.key in columns else None))
    return preview


def preview_proposals(table: Table, service: ContestService, contest_id: str) -> Preview:
    """Each row as the proposal it would add, with what is wrong with it."""
    state = service.load_state(contest_id)
    assert state.contest is not None
    categories = _by_id_or_name(state.contest.categories)
    ids = {p.id for p in state.contest.proposals}
    orders = {p.order for p in state.contest.proposals}
    next_order = max(orders, default=0) + 1
    converters: dict[str, Callable[[str], Any]] = {
        "requested": _amount, "own_contribution": _amount, "families": _count,
        "women": _count, "youth": _count, "order": _count}

    def build(reader: _Reader, cells: dict[str, str], check: _DomainCheck) -> dict[str, Any]:
        nonlocal next_order
        item = reader.build(cells, converters, "proposal")
        category = categories.get(item["category"]) or categories.get(fold(item["category"]))
        if category is None:
            raise _Refused(_("unknown category {category}").format(
                category=item["category"]), "category")
        item["category"] = category
        item.setdefault("id", _free_id("p{:02d}", next_order, ids))
        item.setdefault("order", next_order)
        if item["id"] in ids:
            raise _Refused(_("the id {id} is used twice").format(id=item["id"]), "id")
        if item["order"] in orders:
            raise _Refused(_("presentation order {order} is used twice").format(
                order=item["order"]), "order")
        check(item)
        ids.add(item["id"])
        orders.add(item["order"])
        next_order = max(next_order, item["order"]) + 1
        return item

    return _preview("proposal", table, state.contest, PROPOSAL_COLUMNS, build)


def preview_jurors(table: Table, service: ContestService, contest_id: str) -> Preview:
    """Each row as the juror it would add, with what is wrong with it."""
    state = service.load_state(contest_id)
    assert state.contest is not None
    phases = _by_id_or_name(state.contest.phases)
    ids = {j.id for j in state.contest.jurors}

    def build(reader: _Reader, cells: dict[str, str], check: _DomainCheck) -> dict[str, Any]:
        item = reader.build(cells, {}, "juror")
        wanted = [w.strip() for w in item["phases"].replace(";", ",").split(",") if w.strip()]
        chosen = [phases.get(w) or phases.get(fold(w)) for w in wanted]
        if not chosen or None in chosen:
            raise _Refused(_("{value} names an unknown phase").format(value=item["phases"]),
                           "phases")
        item["phases"] = chosen
        if "document" in item and not (item["document"].isdigit()
                                       and len(item["document"]) == 8):
            raise _Refused(_("{value} is not 8 digits").format(value=item["document"]),
                           "document")
        item.setdefault("id", _free_id("j{}", len(ids) + 1, ids))
        if item["id"] in ids:
            raise _Refused(_("the id {id} is used twice").format(id=item["id"]), "id")
        check(item)
        ids.add(item["id"])
        return item

    return _preview("juror", table, state.contest, JUROR_COLUMNS, build)


def commit(preview: Preview, service: ContestService, contest_id: str) -> list[Committed]:
    """Add every previewed item in one transaction; nothing if any row is refused. Returns
    the committed events, one per row."""
    if not preview.ok:
        raise DomainError(N_("the file has rows with problems; nothing was imported"))
    return service.add_items(contest_id, preview.kind, [row.item for row in preview.rows])


__all__ = ["FIELD_LABELS", "Preview", "PreviewRow", "TableError", "commit", "preview_jurors",
           "preview_proposals", "read_table"]
