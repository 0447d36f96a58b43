"""``import-proposals`` and ``import-jurors``: a register kept in a spreadsheet, added to a
contest all or nothing.

The file goes through the same reader and preview as the app's File ▸ Import (importing.py):
every bad row is reported on standard error, one line each, with the file, the line (or
row) and the column, and nothing is written (exit status 2); otherwise every row is added in
one transaction and one summary line is printed.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

from ..i18n import _, format_number, ngettext
from . import InvalidInput


def import_proposals(args: argparse.Namespace) -> int:
    return _import(args, "proposal")


def import_jurors(args: argparse.Namespace) -> int:
    return _import(args, "juror")


def printable(text: str) -> str:
    """``text`` with control, format and bidirectional characters written as escapes, so a
    cell cannot move the cursor or redraw the terminal."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf") else ch
                   for ch in text)


def _import(args: argparse.Namespace, kind: str) -> int:
    from ..importing import TableError, commit, preview_jurors, preview_proposals, read_table
    from .commands import _service

    try:
        table = read_table(Path(args.file))  # before the database: a bad file touches nothing
    except TableError as error:
        raise InvalidInput(printable(str(error))) from None
    service = _service(args)
    service.require(args.contest)
    preview = (preview_proposals if kind == "proposal" else preview_jurors)(
        table, service, args.contest)
    if preview.missing_columns:
        missing = preview.missing_columns
        raise InvalidInput(ngettext("{file} has no column {columns}; nothing was imported",
                                    "{file} has no columns {columns}; nothing was imported",
                                    len(missing)).format(file=printable(table.file),
                                                         columns=", ".join(missing)))
    if not preview.rows:
        raise InvalidInput(_("{file} has no rows below its header; nothing was imported")
                           .format(file=printable(table.file)))
    problems = preview.problem_lines()
    if problems:
        for line in problems:
            print(_("clar-desktop: {message}").format(message=printable(line)),
                  file=sys.stderr)
        raise InvalidInput(ngettext("{count} row has a problem; nothing was imported",
                                    "{count} rows have problems; nothing was imported",
                                    len(problems)).format(count=format_number(len(problems))))
    done = commit(preview, service, args.contest)
    count = len(done)
    if kind == "proposal":
        text = ngettext("Imported {count} proposal into contest {id}.",
                        "Imported {count} proposals into contest {id}.", count)
    else:
        text = ngettext("Imported {count} juror into contest {id}.",
                        "Imported {count} jurors into contest {id}.", count)
    print(text.format(count=format_number(count), id=args.contest))
    return 0
