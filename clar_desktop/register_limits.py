"""The bounds of a register read from a spreadsheet (see spreadsheets.py), apart so that the
command line's help can name them without loading the readers."""

from __future__ import annotations

MAX_FILE_BYTES = 16 * 1024 * 1024
"""A CSV or .xlsx file may have at most 16 MB (20,000 rows of long names take about 4)."""
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
"""The parts of an .xlsx file (a zip archive) may unpack to at most 64 MB."""
MAX_ROWS = 20_000
"""Rows below the header (blank ones aside)."""
MAX_COLUMNS = 100
MAX_CELL = 2_000
"""Characters in one cell; a longer cell is reported as the row's problem."""
