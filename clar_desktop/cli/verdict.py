"""``clar-desktop verify``: the verdict on a bundle, and what anchors its log to an acta.

A bundle verifies by itself when its chain, replay and snapshot agree (domain/verify.py); a
log re-sealed from scratch or cut short does too. Only a hash from outside the bundle tells
whether it is the log the acta was made from: ``--expect HASH`` (the log hash printed on the
acta and in its QR code) or ``--acta ACTA.pdf`` (the hashes the acta carries in its
metadata, and its digital signature when signed). See docs/verifying.md.

The output is one verdict line, VERIFIED or NOT VERIFIED (a failed anchor is NOT VERIFIED,
exit 1), then the lines that say what anchored it, the certificate codes (``--codes``) and a
warning when the log does not end with the session closed.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.bundle import Bundle, load_bundle
from ..domain.changes import SESSION_CLOSED, SESSION_OPENED, SESSION_REOPENED
from ..domain.errors import DomainError
from ..domain.numbers import format_2dp
from ..domain.tally import tally as compute_tally
from ..domain.verify import Verdict, certificate_code
from ..domain.verify import verify as verify_bundle
from ..i18n import _
from . import InvalidInput
from .commands import read_input
from .safe_text import printable

if TYPE_CHECKING:
    from ..documents.acta_hashes import ActaHashes
    from ..documents.acta_signature import SignatureCheck

SESSION_KINDS = (SESSION_OPENED, SESSION_CLOSED, SESSION_REOPENED)
LOG_HASH = re.compile(r"[0-9a-f]{64}")


def log_hash_argument(text: str) -> str:
    """``--expect``'s value: 64 hexadecimal digits, in either case (argparse type)."""
    value = text.strip().lower()
    if not LOG_HASH.fullmatch(value):
        raise argparse.ArgumentTypeError(_("expected the 64 hexadecimal digits of a log hash, "
                                           "as the acta prints it"))
    return value


@dataclass
class _Anchors:
    """What the bundle's log is compared with, read before the bundle is judged."""

    expect: str | None = None
    acta_name: str | None = None
    acta: ActaHashes | None = None
    signatures: list[SignatureCheck] = field(default_factory=list)
    trust_name: str | None = None


def run_verify(args: argparse.Namespace) -> int:
    text = read_input(args.bundle)
    anchors = _read_anchors(args)
    try:
        bundle = load_bundle(text)
    except DomainError as error:
        if error.path in (None, "$", "format", "version"):
            raise InvalidInput(_("{file}: {problem}").format(
                file=args.bundle, problem=error.render(_))) from None
        # Readable, but the snapshot breaks the rules: an exported bundle never does.
        _say(_("NOT VERIFIED: {problem}").format(problem=error.render(_)))
        return 1
    verdict = verify_bundle(bundle)
    closed = _ends_closed(bundle)
    if not verdict.ok:
        assert verdict.problem is not None
        _say(_("NOT VERIFIED: {problem}").format(problem=verdict.problem.render(_)))
        _warn_if_open(verdict, closed)
        return 1
    failure = _anchor_failure(verdict, bundle, anchors)
    if failure is not None:
        _say(_("NOT VERIFIED: {problem}").format(problem=failure))
        _warn_if_open(verdict, closed)
        return 1
    _say(_("VERIFIED: {events} events; log hash {log}; results hash {results}").format(
        events=verdict.events, log=verdict.final_hash, results=verdict.results_hash))
    for line in _anchor_lines(verdict, anchors):
        _say(line)
    if getattr(args, "codes", False):
        assert verdict.results_hash is not None
        results = compute_tally(bundle.contest)
        for result in results.results:
            if result.funded:
                _say(_("certificate {code}: proposal {proposal}, award {award}").format(
                    code=certificate_code(verdict.results_hash, result.proposal),
                    proposal=result.proposal, award=format_2dp(result.award)))
        for item in results.followups or []:
            if item.status == "approved":
                _say(_("constancia {code}: item {item}, second tranche released {released}"
                       ).format(code=certificate_code(verdict.results_hash, item.item),
                                item=item.item, released=format_2dp(item.released)))
    _warn_if_open(verdict, closed)
    return 0


def _say(line: str) -> None:
    """One line of the verdict: whatever the data holds, it stays one line."""
    print(printable(line))


def _read_anchors(args: argparse.Namespace) -> _Anchors:
    anchors = _Anchors(expect=getattr(args, "expect", None))
    acta = getattr(args, "acta", None)
    trust = getattr(args, "trust", None)
    if trust and not acta:
        raise InvalidInput(_("--trust checks the signature of an acta: give the acta with "
                             "--acta"))
    if not acta:
        return anchors
    from ..documents.acta_hashes import ActaError, read_acta_hashes
    from ..documents.acta_signature import check_signatures, load_trust_root

    data = read_input(acta)
    try:
        roots = [load_trust_root(Path(name)) for name in trust or ()]
        anchors.acta = read_acta_hashes(data, acta)
        anchors.signatures = check_signatures(data, acta, trust_roots=roots or None)
    except ActaError as error:
        raise InvalidInput(str(error)) from None
    anchors.acta_name = acta
    anchors.trust_name = ", ".join(trust) if trust else None
    return anchors


def _anchor_failure(verdict: Verdict, bundle: Bundle, anchors: _Anchors) -> str | None:
    """Why the verified log is not the one the acta was made from, or None."""
    log = verdict.final_hash
    if anchors.expect is not None and anchors.expect != log:
        return _("the log is not the one the acta was made from (acta: {acta}, log: "
                 "{log})").format(acta=anchors.expect, log=log)
    acta = anchors.acta
    if acta is None:
        return None
    for signature in anchors.signatures:
        if not signature.intact:
            return _("the digital signature of the acta {file} is broken: the acta was "
                     "changed after it was signed").format(file=anchors.acta_name)
        if not signature.covers_document:
            return _("the acta {file} was changed after it was signed by {signer}: something "
                     "was added after the signature").format(file=anchors.acta_name,
                                                             signer=signature.signer)
        if signature.trusted is False:
            return _("the signature of {signer} on the acta does not chain to the trust root "
                     "{file}").format(signer=signature.signer, file=anchors.trust_name)
    if acta.contest is not None and acta.contest != bundle.contest.id:
        return _("the acta {file} is of the contest {acta}, not of {contest}").format(
            file=anchors.acta_name, acta=acta.contest, contest=bundle.contest.id)
    if acta.log_hash is None:
        return _("the acta {file} was made without an event log, so it cannot vouch for "
                 "this log (log: {log})").format(file=anchors.acta_name, log=log)
    if acta.log_hash != log:
        return _("the log is not the one the acta was made from (acta: {acta}, log: "
                 "{log})").format(acta=acta.log_hash, log=log)
    if acta.results_hash != verdict.results_hash:
        return _("the results are not those the acta was made from (acta: {acta}, "
                 "results: {results})").format(acta=acta.results_hash,
                                               results=verdict.results_hash)
    return None


def _anchor_lines(verdict: Verdict, anchors: _Anchors) -> list[str]:
    lines = []
    if anchors.expect is not None:
        lines.append(_("the log hash matches the acta's: this is the log the acta was made "
                       "from"))
    if anchors.acta is not None:
        if anchors.acta.from_text:
            lines.append(_("the log hash and the results hash match those printed in the acta "
                           "{file} (read from its text: it has no metadata)").format(
                               file=anchors.acta_name))
        else:
            lines.append(_("the log hash and the results hash match those the acta {file} "
                           "carries").format(file=anchors.acta_name))
        if not anchors.signatures:
            lines.append(_("the acta is not digitally signed: nothing shows who made it or "
                           "that it was not changed"))
        for signature in anchors.signatures:
            if signature.trusted:
                lines.append(_("signed by {signer}, signature intact; the certificate chains "
                               "to the trust root {file}").format(signer=signature.signer,
                                                                  file=anchors.trust_name))
            else:
                lines.append(_("signed by {signer}, signature intact; trust in the signer's "
                               "certificate is not checked (give --trust CERT.pem to check "
                               "it)").format(signer=signature.signer))
    return lines


def _ends_closed(bundle: Bundle) -> bool:
    """Whether the last session event of the log closes the session."""
    kinds = (event.get("kind") for event in reversed(bundle.events or []))
    return next((kind for kind in kinds if kind in SESSION_KINDS), None) == SESSION_CLOSED


def _warn_if_open(verdict: Verdict, closed: bool) -> None:
    # Only for a log whose chain is sound (a final hash): otherwise nothing in it is known.
    if verdict.final_hash is not None and not closed:
        _say(_("warning: the session was not closed in this log; its results are "
               "provisional"))
