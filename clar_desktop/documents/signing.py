"""Digital signatures (PAdES) on the acta and the certificates, with pyHanko.

Peruvian law (Ley 27269) recognizes digital signatures made with a certificate; the user
chooses their PKCS#12 file (``.p12``/``.pfx``) and its passphrase. The signature is
invisible (the handwritten signature blocks stay on the page) and uses the PAdES baseline
B-B profile: an incremental update, so the signed file still holds every byte of the
document as it was made, and a reader such as Adobe Reader or ``pyhanko sign validate`` shows
who signed it and that nothing changed since.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from ..i18n import _

LOG = logging.getLogger(__name__)


class SigningError(Exception):
    """The document cannot be signed; the message is one translated sentence."""


def sign_pdf(data: bytes, p12: Path, passphrase: bytes | None, reason: str,
             location: str | None = None) -> bytes:
    """``data`` (a PDF) signed with the certificate and key in ``p12``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    if not p12.is_file():
        raise SigningError(_("the certificate file {file} does not exist").format(file=p12))
    try:
        signer = signers.SimpleSigner.load_pkcs12(pfx_file=str(p12), passphrase=passphrase)
    except (OSError, ValueError, TypeError):
        LOG.info("cannot load %s", p12, exc_info=True)
        signer = None
    if signer is None:
        raise SigningError(_("the certificate {file} cannot be opened: check that it is a "
                             "PKCS#12 file (.p12 or .pfx) and that the passphrase is "
                             "right").format(file=p12))
    meta = signers.PdfSignatureMetadata(
        field_name="CLAR-Signature", reason=reason, location=location,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        out = signers.sign_pdf(writer, meta, signer=signer)
    except Exception as error:  # pyHanko raises several kinds for an unusable key or cert
        LOG.warning("signing failed", exc_info=True)
        raise SigningError(_("the document could not be signed with {file}: {reason}").format(
            file=p12, reason=error)) from None
    return bytes(out.getbuffer())
