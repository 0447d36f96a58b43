"""``clar-desktop check-signature FILE.pdf [--trust CERT…]``: each digital signature of a
PDF in words — who signed, when, what it covers and whether it is valid and trusted.

Exit status 0 when every signature is intact, covers the document (only other signatures were
added after it) and chains to a certificate given with ``--trust`` (and its time stamp, if
any, is intact); 1 otherwise, also for a PDF without signatures; 2 when the file or a
``--trust`` certificate cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _, format_date
from .safe_text import printable

if TYPE_CHECKING:
    from ..documents.acta_signature import SignatureCheck


def check_signature(args: argparse.Namespace) -> int:
    from ..documents.acta_hashes import ActaError
    from ..documents.acta_signature import check_signatures, load_trust_root
    from ..times import contest_zone
    from . import InvalidInput
    from .signing import _read_pdf

    data = _read_pdf(args.file)
    trust = list(args.trust or [])
    try:
        roots = [load_trust_root(Path(name)) for name in trust]
        checks = check_signatures(data, args.file, trust_roots=roots if trust else None)
    except ActaError as error:
        raise InvalidInput(str(error)) from None
    if not checks:
        _say(_("{file} carries no digital signature").format(file=args.file))
        return 1
    zone = contest_zone(None)
    good = 0
    for number, check in enumerate(checks, start=1):
        ok = _report(number, len(checks), check, trust, zone)
        good += ok
    if good == len(checks):
        _say(_("every signature is valid, covers the document and is trusted"))
        return 0
    _say(_("not every signature is valid, covers the document and is trusted: see above"))
    return 1


def _say(line: str) -> None:
    print(printable(line))


def _when(moment: dt.datetime, zone: dt.tzinfo) -> str:
    local = moment.astimezone(zone)
    offset = local.utcoffset() or dt.timedelta(0)
    hours = int(offset.total_seconds() // 3600)
    return _("{date}, {time} (UTC{offset})").format(
        date=format_date(local.date()), time=f"{local:%H:%M:%S}",
        offset=f"{hours:+d}" if hours else "")


def _report(number: int, count: int, check: SignatureCheck, trust: list[str],
            zone: dt.tzinfo) -> bool:
    """Say one signature; whether it is all that is asked of it."""
    if not check.signer:
        _say(_("signature {number} of {count}: broken — its data cannot be read, so "
               "nothing shows who signed").format(number=number, count=count))
        return False
    who = check.signer + (", " + _("DNI {dni}").format(dni=check.dni) if check.dni else
                          ", " + _("certificate no. {serial}").format(serial=check.serial))
    _say(_("signature {number} of {count}: {signer}").format(number=number, count=count,
                                                            signer=who))
    if check.signed_at is not None:
        _say("  " + _("signed on {when}, by the clock of the signer's computer").format(
            when=_when(check.signed_at, zone)))
    stamp_ok = True
    if check.timestamp is not None:
        stamp_ok = bool(check.timestamp_valid)
        line = (_("time stamp (RFC 3161): {when}, intact") if stamp_ok else
                _("time stamp (RFC 3161): {when}, broken"))
        _say("  " + line.format(when=_when(check.timestamp, zone)))
    if check.whole_file:
        _say("  " + _("covers: the whole document"))
    elif check.signatures_after:
        _say("  " + _("covers: the document as it was signed; only other signatures were "
                      "added after it"))
    else:
        _say("  " + _("covers: only part of the file — it was changed after this signature"))
    if not check.intact:
        _say("  " + _("validity: broken — the signed bytes were changed after signing"))
    elif not trust:
        _say("  " + _("validity: intact; whether the signer can be trusted was not checked "
                      "(give the certificate of the authority with --trust)"))
    elif check.trusted:
        _say("  " + _("validity: intact, and the certificate chains to a trusted "
                      "certificate ({files})").format(files=", ".join(trust)))
    else:
        _say("  " + _("validity: intact, but the certificate does not chain to a trusted "
                      "certificate ({files}), or was not valid when it signed").format(
                          files=", ".join(trust)))
    return bool(check.intact and check.covers_document and check.trusted and stamp_ok)
