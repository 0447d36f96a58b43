"""Digital signatures (PAdES) on the acta and the certificates, with pyHanko.

Peruvian law (Ley 27269) recognizes digital signatures made with a certificate: the signer's
PKCS#12 file (``.p12``/``.pfx``) and its passphrase, or a PKCS#11 token or smart card (RENIEC's
DNIe, a USB token) that keeps the key on its chip and its PIN (signing_keys.py). The
signature uses the PAdES baseline B-B profile (B-T with an RFC 3161 time stamp when a
time-stamping service is named): an incremental update, so the signed file still holds every
byte of the document as it was made, and a second signer (the president after the secretary)
adds a signature of their own the same way, each one validating. On the acta each signature is
also visible: a stamp under the signature lines of the last page (signing_stamp.py).

A certificate that has expired or is not valid yet is refused before anything is signed. No
failure prints a library's message or traceback: each is one `SigningError` sentence.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import _
from .signing_keys import SecretNeeded, SigningError, TokenKey

LOG = logging.getLogger(__name__)
FIELD = "CLAR-Signature"
"""The first signature field's name; the next ones are CLAR-Signature-2, -3…"""
_NOISY = ("pyhanko", "pyhanko_certvalidator", "pypdf", "aiohttp", "asyncio", "pkcs11",
          "fontTools", "PIL", "pypdfium2")


@dataclass(frozen=True)
class SignWith:
    """How to sign: a PKCS#12 file and its passphrase, or a key on a token; and the URL of
    an RFC 3161 time-stamping service, if one is to stamp the signature."""

    p12: Path | None = None
    passphrase: bytes | None = None
    token: TokenKey | None = None
    tsa: str | None = None


@contextlib.contextmanager
def quiet_libraries() -> Iterator[None]:
    """pyHanko and the libraries under it log what fails (with tracebacks) and warn; the
    user is told one sentence instead, so none of it reaches the terminal."""
    loggers = [logging.getLogger(name) for name in _NOISY]
    saved = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, saved, strict=True):
            logger.setLevel(level)


@contextlib.contextmanager
def _signer(sign: SignWith) -> Iterator[Any]:
    from .signing_keys import load_p12, token_signer

    if sign.token is not None:
        with token_signer(sign.token) as signer:
            yield signer
    elif sign.p12 is not None:
        yield load_p12(sign.p12, sign.passphrase)
    else:  # pragma: no cover (the callers give one or the other)
        raise SigningError(_("no certificate or token was given to sign with"))


def sign_pdf(data: bytes, sign: SignWith, reason: str, location: str | None = None,
             stamp: Any = None, on_hidden: Callable[[], None] | None = None) -> bytes:
    """``data`` (a PDF, signed already or not) with one more signature; ``stamp`` (a
    `signing_stamp.StampText`): make it visible on the last page — when that page has no
    room left for another stamp, the signature is in the file only and ``on_hidden`` is
    called, so that the signer is told."""
    if not data.lstrip()[:5] == b"%PDF-":
        raise SigningError(_("the file to sign is not a PDF"))
    with quiet_libraries(), _signer(sign) as signer:
        return _sign(data, signer, sign.tsa, reason, location, stamp, on_hidden)


def _sign(data: bytes, signer: Any, tsa: str | None, reason: str, location: str | None,
          stamp: Any, on_hidden: Callable[[], None] | None = None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        # pyHanko would rewrite the document information and the XMP packet (dates,
        # producer) with each signature: the acta's metadata carries its hashes, and a
        # signature adds only itself, so that each earlier one still covers all but
        # signatures (acta_signature.py).
        writer._update_meta = _leave_metadata
        existing = list(fields.enumerate_sig_fields(writer.prev, filled_status=None))
        pages = int(writer.root["/Pages"]["/Count"])
    except Exception:
        LOG.debug("cannot read the PDF to sign", exc_info=True)
        raise SigningError(_("the file to sign cannot be read as a PDF (it is damaged or "
                             "not a complete file)")) from None
    names = {str(name) for name, _value, _ref in existing}
    name = FIELD
    number = 1
    while name in names:
        number += 1
        name = f"{FIELD}-{number}"
    timestamper = None
    if tsa:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(tsa, timeout=15)
    style, box = None, None
    if stamp is not None:
        style, box = _visible(data, stamp, signer, existing, writer, timestamper is not None)
        if box is None and on_hidden is not None:
            on_hidden()
    meta = signers.PdfSignatureMetadata(
        field_name=name, reason=reason or None, location=location,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        use_pades_lta=False)
    spec = fields.SigFieldSpec(name, on_page=pages - 1, box=box) if box else None
    try:
        pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper,
                                       stamp_style=style, new_field_spec=spec)
        out = pdf_signer.sign_pdf(writer)
    except Exception as error:
        LOG.debug("signing failed", exc_info=True)
        if tsa and _is_timestamp_failure(error):
            raise SigningError(_("the time-stamping service {url} did not give a time "
                                 "stamp: nothing was signed").format(url=tsa)) from None
        raise SigningError(_("the document could not be signed with this key "
                             "({reason})").format(reason=type(error).__name__)) from None
    return bytes(out.getbuffer())


def _leave_metadata() -> None:
    return None


def _visible(data: bytes, stamp: Any, signer: Any, existing: list[Any], writer: Any,
             timestamped: bool) -> tuple[Any, Any]:
    """The stamp style and box of a visible signature; (None, None) if the page has no
    room left for one (the signature is then in the file only)."""
    from .signing_keys import signer_info
    from .signing_stamp import free_band, slot, stamp_lines, stamp_style

    shown = sum(1 for _name, _value, ref in existing if _has_area(ref))
    band = free_band(data)
    box = slot(band, shown) if band is not None else None
    if box is None:
        return None, None
    lines = stamp_lines(stamp, signer_info(signer.signing_cert), dt.datetime.now(dt.UTC),
                        timestamped)
    return stamp_style(lines, box), box


def _has_area(field: Any) -> bool:
    """Whether a signature field's widget is drawn (a visible signature)."""
    try:
        x1, y1, x2, y2 = (float(v) for v in field.get_object()["/Rect"])
    except Exception:  # a field whose widget is a kid, or has no /Rect: not one of ours
        return False
    return abs(x2 - x1) > 1 and abs(y2 - y1) > 1


def _is_timestamp_failure(error: BaseException) -> bool:
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, (TimestampRequestError, OSError, TimeoutError)):
            return True
        if type(seen).__module__.startswith("aiohttp"):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


__all__ = ["FIELD", "SecretNeeded", "SignWith", "SigningError", "TokenKey", "sign_pdf"]
