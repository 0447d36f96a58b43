"""The hashes an acta carries, for a program to read: its PDF metadata, written and read back.

The acta prints the log hash and the results hash in its section "Integrity" and in a QR code,
for people. The same values are in the PDF's document information dictionary, for
``clar-desktop verify BUNDLE --acta ACTA.pdf``:

- ``/CLARContest``: the contest id;
- ``/CLARLogHash``: the final hash of the event log (left out when the acta was made from a
  bundle without a log);
- ``/CLARResultsHash``: the results hash.

A digital signature covers them like every other byte of the acta. An acta made before these
keys existed is read from its printed text instead (`read_acta_hashes`).
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..i18n import _
from .record import SessionRecord

CONTEST_KEY = "/CLARContest"
LOG_KEY = "/CLARLogHash"
RESULTS_KEY = "/CLARResultsHash"
HASH = re.compile(r"[0-9a-f]{64}")
_PRINTED_HASH = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
_PRINTED_PAGES = 6
"""How many pages from the end an acta without metadata is searched for its two hashes: the
integrity section comes just before the signature lines."""


class ActaError(Exception):
    """The file cannot be read as an acta; the message is one translated sentence."""


def acta_metadata(record: SessionRecord) -> dict[str, str]:
    """The acta's own entries of the PDF document information (the one place to extend)."""
    entries = {CONTEST_KEY: record.contest.id}
    if record.log_hash:
        entries[LOG_KEY] = record.log_hash
    entries[RESULTS_KEY] = record.results_hash
    return entries


def metadata_stamp(entries: dict[str, str]) -> Callable[[Any, Any], None]:
    """A reportlab page callback that puts ``entries`` into the document information of the
    PDF being written (reportlab has no call for keys of one's own)."""
    from reportlab.pdfbase.pdfdoc import PDFInfo, PDFString

    class _Info(PDFInfo):  # type: ignore[misc]  # reportlab is untyped
        def format(self, document: Any) -> bytes:
            standard: bytes = super().format(document).rstrip()
            if not standard.endswith(b">>"):  # pragma: no cover (reportlab changed its format)
                raise ValueError("unexpected document information dictionary")
            extra = b"".join(key.encode("ascii") + b" " + PDFString(value).format(document)
                             + b"\n" for key, value in entries.items())
            return standard[:-2] + extra + b">>"

    def stamp(canvas: Any, _document: Any) -> None:
        # The same object made an _Info: platypus keeps a reference to it and puts it back
        # at the end of the build.
        info = canvas._doc.info
        if not isinstance(info, _Info):
            info.__class__ = _Info

    return stamp


@dataclass(frozen=True, slots=True)
class ActaHashes:
    """What an acta says about the log it was made from."""

    contest: str | None
    log_hash: str | None
    results_hash: str
    from_text: bool
    """Read from the printed text (an acta made before the metadata), not the metadata."""


@contextlib.contextmanager
def quiet_pdf_libraries() -> Iterator[None]:
    """pypdf and pyHanko log what they repair in a damaged file; the command line says one
    sentence instead (Python would print their warnings on standard error)."""
    loggers = [logging.getLogger(name) for name in ("pypdf", "pyhanko", "pyhanko_certvalidator")]
    saved = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for logger, level in zip(loggers, saved, strict=True):
            logger.setLevel(level)


def read_acta_hashes(data: bytes, name: str) -> ActaHashes:
    """The contest and the hashes the acta in ``data`` carries. Raises `ActaError` when it
    is not a PDF, cannot be read, or carries no hashes."""
    import pypdf
    from pypdf.errors import PyPdfError

    if not data.lstrip()[:5] == b"%PDF-":
        raise ActaError(_("{file} is not a PDF file").format(file=name))
    try:
        with quiet_pdf_libraries():
            reader = pypdf.PdfReader(io.BytesIO(data))
            info: Any = reader.metadata or {}
            found = _from_metadata(info, name)
            if found is None:
                found = _from_text(reader.pages, name)
    except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
            RecursionError, ZeroDivisionError):
        # pypdf's own errors, and what its parsers raise on a damaged file.
        raise ActaError(_("{file} cannot be read as a PDF (it is damaged or not a "
                          "complete file)").format(file=name)) from None
    return found


def _from_metadata(info: Any, name: str) -> ActaHashes | None:
    results = info.get(RESULTS_KEY)
    if results is None:
        return None
    contest, log = info.get(CONTEST_KEY), info.get(LOG_KEY)
    if not (_is_hash(results) and (log is None or _is_hash(log))
            and (contest is None or isinstance(contest, str))):
        raise ActaError(_("the hashes in the metadata of {file} are malformed").format(
            file=name))
    return ActaHashes(None if contest is None else str(contest),
                      None if log is None else str(log), str(results), from_text=False)


def _is_hash(value: object) -> bool:
    return isinstance(value, str) and HASH.fullmatch(value) is not None


def _from_text(pages: Any, name: str) -> ActaHashes:
    """The two hashes printed in the integrity section: the log hash, then the results hash
    (an acta made without a log prints only the second, which proves nothing about a log)."""
    count = len(pages)
    for index in range(count - 1, max(count - 1 - _PRINTED_PAGES, -1), -1):
        found = list(dict.fromkeys(_PRINTED_HASH.findall(pages[index].extract_text() or "")))
        if len(found) == 2:
            return ActaHashes(None, found[0], found[1], from_text=True)
        if len(found) == 1:
            return ActaHashes(None, None, found[0], from_text=True)
    raise ActaError(_("{file} carries no hashes this program can read: it is not an acta "
                      "of CLAR Desktop").format(file=name))
