"""Checking the digital signature (PAdES) of an acta, with pyHanko's validator.

What is checked: the signature is cryptographically valid, the signed bytes are unchanged
(intact) and it covers the whole file (nothing was added after signing, such as a second
revision with other hashes in its metadata). Whether the signer's certificate is to be
trusted is checked only against a trust root the user gives: without one the check says who
signed and that the signature is intact, not that the signer is who they claim to be.
Nothing is fetched from the network.
"""

from __future__ import annotations

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


def load_trust_root(path: Path) -> object:
    """A certificate (PEM or DER) to trust. Raises `ActaError`."""
    from pyhanko.keys import load_cert_from_pemder

    try:
        return load_cert_from_pemder(str(path))  # type: ignore[no-untyped-call]
    except OSError as error:
        raise ActaError(_("cannot read {file}: {reason}").format(
            file=path, reason=error.strerror or error)) from None
    except (ValueError, TypeError, KeyError, IndexError):  # asn1crypto on bytes that are not
        raise ActaError(_("{file} is not a certificate (PEM or DER)").format(file=path)) from None


def check_signatures(data: bytes, name: str, trust_root: object | None = None
                     ) -> list[SignatureCheck]:
    """Every digital signature in the PDF ``data`` (none: an unsigned acta). Raises
    `ActaError` when the file cannot be read as a PDF."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    checks = []
    try:
        with quiet_pdf_libraries():
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            for signature in reader.embedded_signatures:
                context = ValidationContext(
                    trust_roots=[] if trust_root is None else [trust_root],
                    allow_fetching=False)
                status = validate_pdf_signature(signature, context)
                checks.append(SignatureCheck(
                    signer=_signer(status.signing_cert),
                    intact=bool(status.intact and status.valid),
                    whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                    trusted=None if trust_root is None else bool(status.trusted)))
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


def _signer(certificate: Any) -> str:
    """The certificate's common name (the person or office), else its whole subject."""
    subject = certificate.subject
    name = subject.native.get("common_name")
    return str(name) if name else str(subject.human_friendly)
