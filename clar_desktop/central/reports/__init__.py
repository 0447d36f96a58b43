"""The central office's indicators report, as PDF or XLSX (issue 16): the same figures as
``central indicators`` (`indicators.indicators`), for the window's "Report" button and for
``clar-desktop central indicators --format pdf|xlsx -o FILE``.

`write_report` reads everything first (`content.gather`), lays it out in memory and only
then writes the file, to a temporary name, synced and renamed (clar_desktop/files.py): a
failure at any step leaves no file, or the old one as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from ...files import write_file
from ...i18n import _, current_language, gettext_in
from .content import DEFAULT_KEYS, Report, UnknownKey, gather

FORMATS = ("pdf", "xlsx")


def render_report(report: Report, format: str, translate: Callable[[str], str],
                  language: str) -> bytes:
    """The bytes of ``report`` as a ``format`` file."""
    if format == "pdf":
        from .pdf import report_pdf

        return report_pdf(report, translate, language)
    if format == "xlsx":
        from .xlsx import report_xlsx

        return report_xlsx(report, translate, language)
    raise ValueError(f"no such report format: {format!r}")


def write_report(engine: Engine, path: Path | str, *, format: str, keys: tuple[str, ...],
                 filters: Mapping[str, Any] | None = None,
                 translate: Callable[[str], str] = _, language: str | None = None) -> None:
    """Write the indicators report of the contests under ``filters`` (key → value, None for
    a missing value, as `indicators.indicators` takes them), one grouping per key of
    ``keys`` (none: `DEFAULT_KEYS`), to ``path`` as ``format`` ("pdf" or "xlsx"; ``"-"``:
    the standard output).

    Its words come from ``translate`` (the active language's by default); ``language``
    writes its numbers and dates (the active language by default) and, given alone, its
    words too. Raises `UnknownKey`, `ValueError` for another format, `OSError` if the file
    cannot be written (nothing is then left at ``path``)."""
    if format not in FORMATS:
        raise ValueError(f"no such report format: {format!r}")
    words = translate
    if language is not None and translate is _:
        words = partial(gettext_in, language)
    report = gather(engine, tuple(keys), filters)
    data = render_report(report, format, words, language or current_language())
    write_file(path, data)


__all__ = ["DEFAULT_KEYS", "FORMATS", "Report", "UnknownKey", "gather", "render_report",
           "write_report"]
