"""Signing on the command line: the key options of ``minutes``, ``certificates`` and
``sign``, the ``sign`` command (one more signature on a PDF, e.g. the president's after the
secretary's) and ``check-signature`` (each signature in words).

The passphrase of a PKCS#12 file comes from CLAR_P12_PASSPHRASE, the PIN of a token from
CLAR_PKCS11_PIN; without them they are asked for on a terminal (never echoed), and without a
terminal the command says where they can come from.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import _

if TYPE_CHECKING:
    from ..documents.signing import SignWith

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def add_key_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sign", metavar="P12",
                        help=_("sign digitally (PAdES) with this PKCS#12 certificate; the "
                               "passphrase comes from CLAR_P12_PASSPHRASE or is asked for"))
    parser.add_argument("--pkcs11-module", metavar=_("LIBRARY"),
                        help=_("sign with a key on a smart card or token (RENIEC's DNIe, a USB "
                               "token): the PKCS#11 library of its reader or driver; the PIN "
                               "comes from CLAR_PKCS11_PIN or is asked for"))
    parser.add_argument("--pkcs11-token", metavar=_("LABEL"),
                        help=_("with --pkcs11-module: the label of the token or card"))
    parser.add_argument("--pkcs11-key", metavar=_("LABEL"),
                        help=_("with --pkcs11-module: the label of the key (and of its "
                               "certificate) on the token"))
    parser.add_argument("--tsa", metavar="URL",
                        help=_("add an RFC 3161 time stamp from this time-stamping service "
                               "(its URL) to the signature"))


def sign_with(args: argparse.Namespace) -> SignWith | None:
    """The key the options name, or None; raises `InvalidInput` on options that do not go
    together."""
    from ..documents.signing import SignWith, TokenKey
    from . import InvalidInput

    p12 = getattr(args, "sign", None)
    module = getattr(args, "pkcs11_module", None)
    token = getattr(args, "pkcs11_token", None)
    key = getattr(args, "pkcs11_key", None)
    tsa = getattr(args, "tsa", None)
    if p12 and (module or token or key):
        raise InvalidInput(_("sign either with a PKCS#12 file (--sign) or with a token "
                             "(--pkcs11-module), not both"))
    if (token or key) and not module:
        raise InvalidInput(_("--pkcs11-token and --pkcs11-key need --pkcs11-module: the "
                             "library of the card reader or token"))
    if module and not (token and key):
        raise InvalidInput(_("--pkcs11-module needs --pkcs11-token and --pkcs11-key: the "
                             "labels of the token and of the key on it"))
    if tsa and not (p12 or module):
        raise InvalidInput(_("--tsa time-stamps a signature: give the key with --sign or "
                             "--pkcs11-module"))
    if tsa and not tsa.lower().startswith(("http://", "https://")):
        raise InvalidInput(_("--tsa {url}: the time-stamping service must be an http:// or "
                             "https:// URL").format(url=tsa))
    if module:
        return SignWith(token=TokenKey(Path(module), token, key,
                                       _secret("CLAR_PKCS11_PIN",
                                               _("PIN of the token {label}: ").format(
                                                   label=token))), tsa=tsa)
    if p12:
        secret = _secret("CLAR_P12_PASSPHRASE", _("Passphrase of the certificate: "))
        return SignWith(Path(p12), None if secret is None else secret.encode(), tsa=tsa)
    return None


def _secret(variable: str, prompt: str) -> str | None:
    """The variable's value, else typed on a terminal (not echoed), else None."""
    value = os.environ.get(variable)
    if value is not None:
        return value
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt) or None
    return None


def signing_failure(error: Exception, sign: SignWith) -> str:
    """The sentence for a `SigningError`: a missing secret says where it comes from."""
    from ..documents.signing import SecretNeeded

    if isinstance(error, SecretNeeded):
        if sign.token is not None:
            return _("{problem}: set CLAR_PKCS11_PIN, or run the command on a terminal to "
                     "type it").format(problem=error)
        return _("{problem}: set CLAR_P12_PASSPHRASE, or run the command on a terminal to "
                 "type it").format(problem=error)
    return str(error)


def sign(args: argparse.Namespace) -> int:
    """clar-desktop sign FILE.pdf -o SIGNED.pdf (--sign P12 | --pkcs11-…): one more
    signature, as an incremental update; the earlier ones stay valid."""
    from ..documents.signing import SigningError, sign_pdf
    from ..documents.signing_stamp import StampText
    from ..documents.words import Words
    from ..times import contest_zone
    from . import InvalidInput
    from .commands import _write, document_language

    key = sign_with(args)
    if key is None:
        raise InvalidInput(_("give the key to sign with: --sign P12, or --pkcs11-module with "
                             "--pkcs11-token and --pkcs11-key"))
    data = _read_pdf(args.file)
    reason = args.reason or _title(data) or ""
    stamp = None if args.invisible else StampText(
        Words(document_language(args)), lambda _lang: reason, contest_zone(None))
    hidden: list[int] = []
    try:
        signed = sign_pdf(data, key, reason, args.location, stamp,
                          on_hidden=lambda: hidden.append(1))
    except SigningError as error:
        raise InvalidInput(signing_failure(error, key)) from None
    _write(args.output, signed)
    if hidden:
        print(_("note: the last page has no room left for another signature stamp; this "
                "signature is in the file (check-signature shows it) but not drawn on the "
                "page"), file=sys.stderr)
    return EXIT_OK


def _read_pdf(name: str) -> bytes:
    from . import InvalidInput

    try:
        data = Path(name).read_bytes()
    except OSError as error:
        raise InvalidInput(_("cannot read {file}: {reason}").format(
            file=name, reason=error.strerror or error)) from None
    if not data.lstrip()[:5] == b"%PDF-":
        raise InvalidInput(_("{file} is not a PDF file").format(file=name))
    return data


def _title(data: bytes) -> str | None:
    """The reason of a signature given none: the first signature's, else the document's
    title (its metadata)."""
    import io

    import pypdf
    from pyhanko.pdf_utils.reader import PdfFileReader

    from ..documents.signing import quiet_libraries

    try:
        with quiet_libraries():
            for signature in PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures:
                reason = signature.sig_object.get("/Reason")
                if reason:
                    return str(reason)
            title = (pypdf.PdfReader(io.BytesIO(data)).metadata or {}).get("/Title")
    except Exception:  # a damaged file: signing says so in its own words
        return None
    return str(title) if title else None
