"""The signer's key: a PKCS#12 file, or a PKCS#11 token or smart card (RENIEC's DNIe, a USB
token) that keeps the key on its chip. Each failure is one `SigningError` sentence naming what
is wrong; the libraries' own messages and tracebacks stay out of the user's terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..i18n import _, format_date


class SigningError(Exception):
    """The document cannot be signed; the message is one translated sentence."""


class SecretNeeded(SigningError):
    """The key needs a passphrase or PIN and none was given (the command line then says
    where it can come from)."""


@dataclass(frozen=True)
class TokenKey:
    """A key on a PKCS#11 token or smart card: the module (the reader's or token's library),
    the token's label, the key's label (its certificate has the same label or the same id),
    and the PIN."""

    module: Path
    token: str
    key: str
    pin: str | None = None


@dataclass(frozen=True)
class SignerInfo:
    """Who signs, as the visible signature and the messages say it."""

    name: str
    dni: str | None
    serial: str


_DNI_IN_SERIAL = re.compile(r"^(?:PNOPE-|DNI\s*:?\s*)?(\d{8})$", re.IGNORECASE)
"""The subject's serialNumber of a Peruvian certificate: ``PNOPE-12345678`` (the ETSI
semantic identifier of a Peruvian national identity number) or the bare DNI."""
_DNI_IN_NAME = re.compile(r"\s+FIR\s*(\d{8})\b.*$")
"""RENIEC's and ReFirma's common names end with "FIR 12345678 hard" (firma, DNI, device)."""


def signer_info(certificate: Any) -> SignerInfo:
    """The name (common name, else the whole subject), DNI and serial of a certificate."""
    subject = certificate.subject.native
    name = str(subject.get("common_name") or certificate.subject.human_friendly)
    dni = None
    match = _DNI_IN_SERIAL.match(str(subject.get("serial_number") or "").strip())
    if match:
        dni = match.group(1)
    found = _DNI_IN_NAME.search(name)
    if found:
        dni = dni or found.group(1)
        name = name[:found.start()]
    serial = format(certificate.serial_number, "X")
    return SignerInfo(name=name.strip(), dni=dni, serial=serial)


def check_dates(certificate: Any, now: dt.datetime | None = None) -> None:
    """Refuse a certificate that has expired or is not valid yet, with its dates in words."""
    now = now or dt.datetime.now(dt.UTC)
    start, end = certificate.not_valid_before, certificate.not_valid_after
    who = signer_info(certificate).name
    if now > end:
        raise SigningError(_(
            "the certificate of {signer} expired on {end} (it was valid from {start}): a "
            "signature made with it would not be valid; renew it and sign again").format(
                signer=who, start=format_date(start.date()), end=format_date(end.date())))
    if now < start:
        raise SigningError(_(
            "the certificate of {signer} is valid only from {start} to {end}: it cannot sign "
            "before then; check the computer's date").format(
                signer=who, start=format_date(start.date()), end=format_date(end.date())))


# -- PKCS#12 ------------------------------------------------------------------------------------

def load_p12(path: Path, passphrase: bytes | None) -> Any:
    """A pyHanko signer from a PKCS#12 file (``.p12``/``.pfx``)."""
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.signers import SimpleSigner

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SigningError(_("the certificate file {file} does not exist").format(
            file=path)) from None
    except OSError as error:
        raise SigningError(_("cannot read {file}: {reason}").format(
            file=path, reason=error.strerror or error)) from None
    if not _is_pkcs12(data):
        raise SigningError(_("{file} is not a PKCS#12 certificate file (.p12 or .pfx)")
                           .format(file=path))
    try:
        key, certificate, _others = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError:
        if not passphrase:
            raise SecretNeeded(_("the certificate {file} is protected by a passphrase, and "
                                 "none was given").format(file=path)) from None
        raise SigningError(_("the passphrase of the certificate {file} is wrong").format(
            file=path)) from None
    except Exception:  # an algorithm this build of OpenSSL does not offer, and the like
        raise SigningError(_("the certificate {file} uses a kind of encryption this "
                             "program cannot read").format(file=path)) from None
    if key is None or certificate is None:
        raise SigningError(_("{file} holds no private key with its certificate: it cannot "
                             "sign").format(file=path))
    signer = SimpleSigner.load_pkcs12_data(data, other_certs=None, passphrase=passphrase)
    check_dates(signer.signing_cert)
    return signer


def _is_pkcs12(data: bytes) -> bool:
    """Whether ``data`` has the structure of a PKCS#12 file (whatever its passphrase)."""
    from asn1crypto import pkcs12

    try:
        pfx = pkcs12.Pfx.load(data, strict=True)
        return bool(pfx["version"].native == "v3"
                    and pfx["auth_safe"]["content_type"].native in ("data", "signed_data"))
    except Exception:  # asn1crypto raises what it meets in bytes that are not DER
        return False


# -- PKCS#11 ------------------------------------------------------------------------------------

@contextlib.contextmanager
def token_signer(token: TokenKey) -> Iterator[Any]:
    """A pyHanko signer for the key on a token, its session open for the block."""
    import pkcs11
    from pkcs11 import Attribute, ObjectClass
    from pyhanko.sign.pkcs11 import PKCS11Signer

    module = token.module
    if not module.is_file():
        raise SigningError(_("the PKCS#11 module {file} does not exist (it is the library "
                             "that comes with the card reader or the token)").format(
                                 file=module))
    try:
        library = pkcs11.lib(str(module))
        found = [slot.get_token() for slot in library.get_slots(token_present=True)]
    except Exception:  # not a shared library, or not a PKCS#11 one
        raise SigningError(_("{file} cannot be loaded as a PKCS#11 module").format(
            file=module)) from None
    matching = [t for t in found if t.label.strip() == token.token.strip()]
    if not matching:
        labels = ", ".join(sorted(t.label.strip() for t in found if t.label.strip()))
        if labels:
            raise SigningError(_("no token labelled {label} is connected (connected: "
                                 "{labels})").format(label=token.token, labels=labels))
        raise SigningError(_("no token is connected: insert the card or token, then try "
                             "again"))
    if token.pin is None:
        raise SecretNeeded(_("the token {label} needs its PIN, and none was given").format(
            label=token.token))
    try:
        session = matching[0].open(user_pin=token.pin)
    except (pkcs11.PinIncorrect, pkcs11.PinInvalid, pkcs11.PinLenRange):
        raise SigningError(_("the PIN of the token {label} is wrong").format(
            label=token.token)) from None
    except pkcs11.PinLocked:
        raise SigningError(_("the token {label} is locked after too many wrong PINs")
                           .format(label=token.token)) from None
    except pkcs11.PKCS11Error as error:
        raise SigningError(_("the token {label} cannot be opened ({reason})").format(
            label=token.token, reason=type(error).__name__)) from None
    try:
        keys = [k[Attribute.LABEL] for k in session.get_objects(
            {Attribute.CLASS: ObjectClass.PRIVATE_KEY})]
        if token.key not in keys:
            raise SigningError(_("the token {label} holds no key labelled {key} (its keys: "
                                 "{keys})").format(label=token.token, key=token.key,
                                                   keys=", ".join(sorted(keys)) or "—"))
        signer = PKCS11Signer(session, key_label=token.key,
                              signing_cert=_token_certificate(session, token))
        asyncio.run(signer.ensure_objects_loaded())
        check_dates(signer.signing_cert)
        yield signer
    finally:
        with contextlib.suppress(Exception):
            session.close()


def _token_certificate(session: Any, token: TokenKey) -> Any:
    """The key's certificate: the one with its label, else the one with its id."""
    from asn1crypto import x509
    from pkcs11 import Attribute, ObjectClass

    def certificates(attribute: Any, value: Any) -> list[Any]:
        return list(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE,
                                         attribute: value}))

    found = certificates(Attribute.LABEL, token.key)
    if not found:
        key = next(iter(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY,
                                              Attribute.LABEL: token.key})))
        found = certificates(Attribute.ID, key[Attribute.ID])
    if not found:
        raise SigningError(_("the token {label} holds no certificate for the key {key}")
                           .format(label=token.token, key=token.key))
    return x509.Certificate.load(found[0][Attribute.VALUE])
