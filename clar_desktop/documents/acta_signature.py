"""Checking the digital signature (PAdES) of an acta, with pyHanko's validator.

What is checked: the signature is cryptographically valid, the signed bytes are unchanged
(intact) and it covers the whole file (nothing was added after signing, such as a second
revision with other hashes in its metadata) — or what was added after it is only further
signatures (the president's after the secretary's), as pyHanko's analysis of the later
revisions says. A signature's RFC 3161 time stamp, if it has one, is checked as well.
Whether the signer's certificate is to be trusted is checked only against a trust root the
user gives: without one the check says who signed and that the signature is intact, not that
the signer is who they claim to be.
Nothing is fetched from the network.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import _
from .acta_hashes import ActaError, quiet_pdf_libraries

_SIGNATURE_DICTIONARY = re.compile(rb"/ByteRange\s*\[")
"""What every PDF signature dictionary holds (the acta's own text is in compressed streams)."""


@dataclass(frozen=True, slots=True)
class SignatureCheck:
    """One embedded signature, as validated."""

    signer: str
    """The signing certificate's subject, as people read it."""
    intact: bool
    """The signature is valid and the bytes it signs are unchanged."""
    whole_file: bool
    """It covers the whole file: nothing was added after signing."""
    trusted: bool | None
    """Whether the certificate chains to the trust root given (None: none was given)."""
    signatures_after: bool = False
    """It covers the document as it was when signed, and what was added after is only
    further signatures (not a change of the document)."""
    field: str = ""
    dni: str | None = None
    serial: str = ""
    signed_at: dt.datetime | None = None
    """The signing time the signer's computer claims (the time stamp's, when there is one,
    is the one to rely on)."""
    timestamp: dt.datetime | None = None
    """The RFC 3161 time stamp's time, if the signature has one."""
    timestamp_valid: bool | None = None
    """The time stamp is intact and its signature valid (None: no time stamp)."""

    @property
    def covers_document(self) -> bool:
        """Nothing but other signatures was added after this one."""
        return self.whole_file or self.signatures_after


def load_trust_root(path: Path) -> object:
    """A certificate (PEM or DER) to trust. Raises `ActaError`."""
    from pyhanko.keys import load_cert_from_pemder

    try:
        certificate = load_cert_from_pemder(str(path))  # type: ignore[no-untyped-call]
        # asn1crypto parses lazily: bytes that are not a certificate fail only when read.
        certificate.subject.native, certificate.public_key.native  # noqa: B018
        return certificate
    except OSError as error:
        raise ActaError(_("cannot read {file}: {reason}").format(
            file=path, reason=error.strerror or error)) from None
    except (ValueError, TypeError, KeyError, IndexError):  # asn1crypto on bytes that are not
        raise ActaError(_("{file} is not a certificate (PEM or DER)").format(file=path)) from None


def check_signatures(data: bytes, name: str, trust_root: object | None = None,
                     trust_roots: list[object] | None = None) -> list[SignatureCheck]:
    """Every digital signature in the PDF ``data`` (none: an unsigned acta), checked
    against ``trust_root`` or ``trust_roots``. Raises `ActaError` when the file cannot be
    read as a PDF."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko_certvalidator import ValidationContext

    from .signing import quiet_libraries

    roots = list(trust_roots or ([] if trust_root is None else [trust_root]))
    checked = trust_root is not None or trust_roots is not None
    checks = []
    try:
        with quiet_pdf_libraries(), quiet_libraries():
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            for signature in reader.embedded_signatures:
                context = ValidationContext(trust_roots=roots, allow_fetching=False)
                status = validate_pdf_signature(signature, context,
                                                diff_policy=_signatures_only())
                checks.append(_check(signature, status, checked))
    except SignatureValidationError:
        # The signature's own structure is broken (its CMS cannot be parsed or checked).
        return [SignatureCheck("", False, False, None if trust_root is None
                               else False)]
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
            RecursionError):
        raise ActaError(_("{file} cannot be read as a PDF (it is damaged or not a "
                          "complete file)").format(file=name)) from None
    if not checks and _SIGNATURE_DICTIONARY.search(data):
        # A signature is there but cannot be found through the form (its field was damaged
        # or unlinked): that is a broken signature, not an unsigned acta.
        return [SignatureCheck("", False, False, None if trust_root is None else False)]
    return checks


_DATES = frozenset({"/ModDate", "/Producer"})
"""What a later signature may change in the document information: the rest (the acta's
hashes, its title, keywords…) must stay as signed."""


def _signatures_only() -> Any:
    """pyHanko's diff policy for what may come after a signature: further signatures (their
    fields, widgets and appearances), nothing else. Unlike pyHanko's default it refuses a
    new XMP packet and any change of the document information but its dates, since those
    carry the acta's hashes."""
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel
    from pyhanko.sign.diff_analysis.policies import StandardDiffPolicy
    from pyhanko.sign.diff_analysis.rules.file_structure_rules import (
        CatalogModificationRule,
        ObjectStreamRule,
        XrefStreamRule,
    )
    from pyhanko.sign.diff_analysis.rules.metadata_rules import DocInfoRule
    from pyhanko.sign.diff_analysis.rules_api import WhitelistRule

    class _DatesOnly(WhitelistRule):  # type: ignore[misc]  # pyHanko is partly typed
        def apply(self, old: Any, new: Any) -> Any:
            before, after = (_info(side) for side in (old, new))
            keys = (set(before) | set(after)) - _DATES
            if all(before.get(k) == after.get(k) for k in keys):
                yield from DocInfoRule().apply(old, new)

    lta = ModificationLevel.LTA_UPDATES
    return StandardDiffPolicy(
        global_rules=[CatalogModificationRule(), _DatesOnly().as_qualified(lta),
                      XrefStreamRule().as_qualified(lta), ObjectStreamRule().as_qualified(lta)],
        form_rule=DEFAULT_DIFF_POLICY.form_rule)


def _info(revision: Any) -> dict[str, str]:
    try:
        info = revision.trailer_view["/Info"]
        return {str(k): str(v) for k, v in info.items()}
    except Exception:  # no document information in this revision
        return {}


def _check(signature: Any, status: Any, checked: bool) -> SignatureCheck:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    from .signing_keys import signer_info

    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    # pyHanko compares each later revision with this one: LTA_UPDATES and FORM_FILLING are
    # what adding a signature (its field, widget and appearance) amounts to.
    later = (status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
             and status.docmdp_ok is not False
             and status.modification_level in (ModificationLevel.LTA_UPDATES,
                                               ModificationLevel.FORM_FILLING))
    info = signer_info(status.signing_cert)
    stamp = status.timestamp_validity
    return SignatureCheck(
        signer=_signer(status.signing_cert), intact=bool(status.intact and status.valid),
        whole_file=whole, trusted=bool(status.trusted) if checked else None,
        signatures_after=bool(later and not whole), field=str(signature.field_name),
        dni=info.dni, serial=info.serial, signed_at=status.signer_reported_dt,
        timestamp=None if stamp is None else stamp.timestamp,
        timestamp_valid=None if stamp is None else bool(stamp.intact and stamp.valid))


def _signer(certificate: Any) -> str:
    """The certificate's common name (the person or office), else its whole subject."""
    subject = certificate.subject
    name = subject.native.get("common_name")
    return str(name) if name else str(subject.human_friendly)
