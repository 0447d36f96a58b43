"""Printed documents (issue 5): the acta, award certificates, scoring sheets, the poster, and
the constancias de segundo desembolso of the second-tranche items approved (issue 15).

Everything here writes PDFs with reportlab and never imports Qt, so documents can be made
from the command line on a machine without a screen. `make_document` builds one kind from a
`SessionRecord` (see record.py); `save_document` writes it atomically, signed if asked.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from ..domain.model import Contest
from ..files import write_file
from ..i18n import N_, _, gettext_in
from .layout import DocumentError, DocumentOptions
from .record import SessionRecord
from .signing import SignWith

KINDS = ("minutes", "certificates", "sheets", "poster")
FOLLOWUP_KINDS = ("constancias",)
"""The documents of a session with second-tranche items (`available_kinds`)."""
ALL_KINDS = (*KINDS, *FOLLOWUP_KINDS)
SIGNABLE = ("minutes", "certificates", "constancias")
"""The documents that can carry a digital signature (the acta, certificates, constancias)."""
TITLES = {"minutes": N_("Minutes (acta)"), "certificates": N_("Award certificates"),
          "sheets": N_("Scoring sheets"), "poster": N_("Results poster"),
          "constancias": N_("Second-disbursement certificates")}
SIGNING_REASONS = {"minutes": N_("Minutes of the public session of the CLAR"),
                   "certificates": N_("Award certificates of the CLAR"),
                   "constancias": N_("Second-disbursement certificates of the CLAR")}


def available_kinds(record: SessionRecord) -> tuple[str, ...]:
    """The documents that apply to ``record``'s contest, in the order to offer them
    (`kinds_for`). Whether one can be made now (anything funded or approved) is
    `make_document`'s to say, in its one sentence."""
    return kinds_for(record.contest)


def kinds_for(contest: Contest) -> tuple[str, ...]:
    """The documents that apply to ``contest``: the award certificates only when it has
    proposals, the constancias only when it has second-tranche items (a contest of items
    only has no certificates, one without items no constancias)."""
    kinds = [k for k in KINDS if k != "certificates" or contest.proposals]
    if contest.followup_items:
        kinds.append("constancias")
    return tuple(kinds)


def writer_of(kind: str) -> Callable[[SessionRecord, DocumentOptions], bytes]:
    if kind == "minutes":
        from .minutes import write_minutes
        return write_minutes
    if kind == "certificates":
        from .certificates import write_certificates
        return write_certificates
    if kind == "sheets":
        from .sheets import write_sheets
        return write_sheets
    if kind == "poster":
        from .poster import write_poster
        return write_poster
    if kind == "constancias":
        from .constancias import write_constancias
        return write_constancias
    raise ValueError(kind)


def make_document(kind: str, record: SessionRecord, options: DocumentOptions,
                  sign: SignWith | None = None) -> bytes:
    """One document as PDF bytes, digitally signed when ``sign`` is given."""
    if sign is not None and kind not in SIGNABLE:
        raise DocumentError(_("only the minutes, the certificates and the constancias can "
                              "be signed digitally"))
    from reportlab.platypus.doctemplate import LayoutError

    try:
        data = writer_of(kind)(record, options)
    except LayoutError:
        raise DocumentError(_("a part of the document is too large for a page; choose a "
                              "larger paper size")) from None
    if sign is not None:
        from ..times import contest_zone
        from .signing import sign_pdf
        from .signing_stamp import StampText
        from .words import Words

        reason = SIGNING_REASONS[kind]
        # The acta shows its signatures under its signature lines; a certificate's page
        # is the winner's, and carries its signature in the file only.
        stamp = StampText(Words(options.language), lambda lang: gettext_in(lang, reason),
                          contest_zone(record.contest.time_zone)) if kind == "minutes" else None
        data = sign_pdf(data, sign, _(reason), record.place_text() or None, stamp)
    return data


def save_document(data: bytes, target: str | os.PathLike[str]) -> None:
    """Write ``data`` to ``target`` so that no reader ever sees half a file and a failure
    leaves the old file (or none) in place; a device, a FIFO or ``"-"`` is written through
    (see clar_desktop.files). Raises `OSError`."""
    write_file(target, data)


__all__ = ["ALL_KINDS", "FOLLOWUP_KINDS", "KINDS", "SIGNABLE", "TITLES", "DocumentError",
           "DocumentOptions", "SessionRecord", "SignWith", "available_kinds", "kinds_for",
           "make_document", "save_document"]
