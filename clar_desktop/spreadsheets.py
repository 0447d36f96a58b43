"""The rows of a register kept in a spreadsheet: a CSV or Excel (.xlsx) file, within bounds.

`read_table` reads the first sheet (or the CSV), keys each cell by its folded header and
remembers where each row starts and which column each header is, so that every problem can
be reported at its line and column. Files are bounded (documented in README, "Registers
from spreadsheets"): a larger file is refused with one sentence, before it can fill the
memory.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .i18n import _, format_number
from .register_limits import (  # re-exported: the readers' bounds
    MAX_CELL,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
)

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and .doc) format


class TableError(Exception):
    """The file cannot be read as a table (one translated sentence)."""


@dataclass(frozen=True, slots=True)
class Column:
    number: int
    """1 for the first column."""
    header: str
    """The header as it is written in the file."""
    key: str
    """The header folded (`fold`): what the cells are keyed by."""


@dataclass(slots=True)
class Row:
    line: int
    """Where the row starts: its line in a CSV file (the header is line 1), its row number
    in a spreadsheet."""
    cells: dict[str, str]
    """Each cell's text (trimmed), by its folded header."""
    too_long: list[tuple[Column, int]] = field(default_factory=list)
    """Cells over `MAX_CELL` characters (left out of ``cells``) and their length."""


@dataclass(slots=True)
class Table:
    file: str
    """The file's name, for messages."""
    excel: bool
    columns: dict[str, Column]
    """The first column of each folded header."""
    rows: list[Row]
    """The rows below the header that are not blank."""

    def column_name(self, column: Column) -> str:
        """How the user finds the column: its letter in a spreadsheet, its number in CSV."""
        return _column_letter(column.number) if self.excel else str(column.number)


def fold(text: str) -> str:
    """A header or name without case, accents, underscores or extra spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace("_", " ").split())


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_table(path: Path) -> Table:
    """The rows of a CSV (comma, semicolon or tab; UTF-8, or Windows-1252 as Excel writes
    it) or .xlsx file, told apart by their content. Raises `TableError` (one sentence)."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TableError(_("{file} is {size} MB; a register may have at most {limit} MB: "
                               "import it in parts").format(
                file=name, size=format_number(round(size / 2**20, 1)),
                limit=MAX_FILE_BYTES // 2**20))
        data = path.read_bytes()
    except OSError as error:
        raise TableError(_("{file} cannot be read: {reason}").format(
            file=name, reason=error.strerror or error)) from None
    if data.startswith(_OLE) or path.suffix.lower() == ".xls":
        raise TableError(_("{file} is an old Excel file (.xls): save it as .xlsx or as CSV "
                           "and import that").format(file=name))
    if data.startswith(_ZIP) or path.suffix.lower() in (".xlsx", ".xlsm"):
        return _table(name, True, _xlsx_rows(name, data))
    return _table(name, False, _csv_rows(name, data))


def _table(name: str, excel: bool, lines: Iterable[tuple[int, list[str]]]) -> Table:
    columns: dict[str, Column] = {}
    header: list[str] = []
    rows: list[Row] = []
    seen_header = False
    below = 0
    for line, cells in lines:
        if len(cells) > MAX_COLUMNS and any(c.strip() for c in cells[MAX_COLUMNS:]):
            raise TableError(_("{file}, line {line}: a register may have at most {count} "
                               "columns").format(file=name, line=line, count=MAX_COLUMNS))
        if not seen_header:
            seen_header = True
            header = [fold(c[:MAX_CELL]) for c in cells]
            for number, (key, text) in enumerate(zip(header, cells, strict=True), start=1):
                if key and key not in columns:
                    columns[key] = Column(number, text.strip()[:MAX_CELL], key)
            continue
        if not any(c.strip() for c in cells):
            continue
        below += 1
        if below > MAX_ROWS:
            raise TableError(_("{file} has more than {count} rows: import it in parts")
                             .format(file=name, count=format_number(MAX_ROWS)))
        row = Row(line, {})
        for key, text in zip(header, cells, strict=False):
            if not key or key in row.cells:
                continue
            if len(text) > MAX_CELL:
                row.too_long.append((columns[key], len(text)))
                row.cells[key] = ""
            else:
                row.cells[key] = text.strip()
        rows.append(row)
    if not seen_header:
        raise TableError(_("{file} is empty").format(file=name))
    return Table(name, excel, columns, rows)


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """csv refuses a field over 131,072 characters with an exception; the file's own bound
    is what counts, and `MAX_CELL` is checked cell by cell with its line and column."""
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _csv_rows(name: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")  # what Excel writes as "CSV" on Windows
        except UnicodeDecodeError:
            raise TableError(_("{file} is neither UTF-8 nor Windows-1252 text: save it "
                               "again as CSV (UTF-8)").format(file=name)) from None
    sample = text[:4096]
    if "\n" in sample:
        sample = sample[:sample.rindex("\n")]  # whole lines only: the sniffer counts them
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    start = 1
    with _field_limit(len(text) + 1):
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except csv.Error as error:
            raise TableError(_("{file}, line {line}: the CSV cannot be read: {reason}").format(
                file=name, line=reader.line_num, reason=error)) from None


def _xlsx_rows(name: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    unreadable = TableError(_("{file} is not an Excel (.xlsx) file that can be read: save it "
                              "again as .xlsx or as CSV").format(file=name))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise unreadable from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise TableError(_("{file} unpacks to {size} MB; a register may unpack to at most "
                           "{limit} MB: import it in parts").format(
            file=name, size=format_number(round(unpacked / 2**20)),
            limit=MAX_UNPACKED_BYTES // 2**20))
    import openpyxl  # imported here: only Excel files need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise unreadable from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # the size a file declares may be wrong; read what is there
        # One column past the bound, to notice a row that goes beyond it.
        for line, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1,
                                                      values_only=True), start=1):
            yield line, [_cell_text(v) for v in values]
    except TableError:
        raise
    except Exception:
        raise unreadable from None
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
