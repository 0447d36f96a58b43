"""Signing the acta as Peru signs it: each failure one sentence (no library traceback), the
certificate's dates checked, a visible signature on the last page, the secretary's and then
the president's signature each validating, and ``check-signature`` saying so in words.
The commands run in a process of their own, without a terminal, as a user runs them."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from clar_desktop.cli import main
from clar_desktop.demo import demo_session_bundle
from clar_desktop.i18n import format_date, gettext_in, set_language
from tests.pdf import page_texts
from tests.signing_helpers import (
    PASSPHRASE,
    Authority,
    clar,
    signature_boxes,
    stamp_texts,
)

WITH_PASSPHRASE = {"CLAR_P12_PASSPHRASE": PASSPHRASE}


class Keys:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ca = Authority(folder)
        self.secretary = self.ca.issue("Rosa Quispe Challco", "41234567", file="secretaria")
        self.president = self.ca.issue("Edilberto Huamán Quispe", "24813576",
                                       file="presidente")


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return Keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "llusco.json"
    path.write_text(json.dumps(demo_session_bundle(), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def acta(session: Path) -> Path:
    target = session.parent / "acta.pdf"
    assert main(["minutes", str(session), "-o", str(target), "--lang", "es"]) == 0
    return target


@pytest.fixture(scope="module")
def signed_twice(keys: Keys, session: Path) -> tuple[Path, Path]:
    """The acta signed by the secretary as it is made, then by the president."""
    first = session.parent / "acta-secretaria.pdf"
    second = session.parent / "acta-firmada.pdf"
    done = clar("minutes", str(session), "-o", str(first), "--sign",
                str(keys.secretary.p12), "--lang", "es", env=WITH_PASSPHRASE)
    assert (done.returncode, done.stderr) == (0, "")
    done = clar("sign", str(first), "-o", str(second), "--sign", str(keys.president.p12),
                "--lang", "es", env=WITH_PASSPHRASE)
    assert (done.returncode, done.stderr) == (0, "")
    return first, second


def es(msgid: str, **params: str) -> str:
    return gettext_in("es", msgid).format(**params)


def one_sentence(done: object, expected: str) -> None:
    """Exit status 2 and exactly the sentence, alone on standard error."""
    assert done.returncode == 2, done.stderr  # type: ignore[attr-defined]
    assert done.stderr == es("clar-desktop: {message}", message=expected) + "\n"  # type: ignore[attr-defined]


def test_each_signing_failure_is_one_sentence_and_nothing_is_written(
        keys: Keys, acta: Path, tmp_path: Path) -> None:
    target = tmp_path / "firmada.pdf"
    p12 = str(keys.secretary.p12)
    garbage = tmp_path / "no-es.p12"
    garbage.write_bytes(b"esto no es un certificado\n" * 20)
    not_a_library = tmp_path / "libfalsa.so"
    not_a_library.write_bytes(b"\x7fELF no es una biblioteca")
    cases = [
        (["--sign", p12], {"CLAR_P12_PASSPHRASE": "otra clave"},
         es("the passphrase of the certificate {file} is wrong", file=p12)),
        (["--sign", str(garbage)], WITH_PASSPHRASE,
         es("{file} is not a PKCS#12 certificate file (.p12 or .pfx)", file=str(garbage))),
        (["--sign", str(tmp_path / "falta.p12")], WITH_PASSPHRASE,
         es("the certificate file {file} does not exist", file=str(tmp_path / "falta.p12"))),
        (["--sign", p12], {},
         es("{problem}: set CLAR_P12_PASSPHRASE, or run the command on a terminal to type it",
            problem=es("the certificate {file} is protected by a passphrase, and none was "
                       "given", file=p12))),
        (["--pkcs11-module", str(tmp_path / "falta.so"), "--pkcs11-token", "DNIe",
          "--pkcs11-key", "firma"], {"CLAR_PKCS11_PIN": "1234"},
         es("the PKCS#11 module {file} does not exist (it is the library that comes with the "
            "card reader or the token)", file=str(tmp_path / "falta.so"))),
        (["--pkcs11-module", str(not_a_library), "--pkcs11-token", "DNIe", "--pkcs11-key",
          "firma"], {"CLAR_PKCS11_PIN": "1234"},
         es("{file} cannot be loaded as a PKCS#11 module", file=str(not_a_library))),
        (["--pkcs11-module", str(not_a_library)], {},
         es("--pkcs11-module needs --pkcs11-token and --pkcs11-key: the labels of the token "
            "and of the key on it")),
        (["--sign", p12, "--tsa", "ftp://127.0.0.1/"], WITH_PASSPHRASE,
         es("--tsa {url}: the time-stamping service must be an http:// or https:// URL",
            url="ftp://127.0.0.1/")),
    ]
    for options, env, expected in cases:
        one_sentence(clar("sign", str(acta), "-o", str(target), *options, "--lang", "es",
                          env=env), expected)
        assert not target.exists()
    # Making the acta and signing it in one go says the same, and leaves no acta behind.
    one_sentence(clar("minutes", str(acta.parent / "llusco.json"), "-o", str(target),
                      "--sign", p12, "--lang", "es", env={"CLAR_P12_PASSPHRASE": "x"}),
                 es("the passphrase of the certificate {file} is wrong", file=p12))
    assert not target.exists() and not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize("language", ["es", "qu"])
def test_an_expired_or_not_yet_valid_certificate_is_refused_with_its_dates(
        keys: Keys, acta: Path, tmp_path: Path, language: str) -> None:
    start, end = dt.datetime(2018, 7, 1, tzinfo=dt.UTC), dt.datetime(2020, 6, 30, tzinfo=dt.UTC)
    expired = keys.ca.issue("Firma Vencida", "40000001", file=f"vencida-{language}",
                            not_before=start, not_after=end)
    later = dt.datetime(2099, 1, 15, tzinfo=dt.UTC)
    future = keys.ca.issue("Firma Futura", "40000002", file=f"futura-{language}",
                           not_before=later, not_after=later + dt.timedelta(days=700))
    target = tmp_path / "firmada.pdf"
    set_language(language)
    try:
        days = [format_date(d.date()) for d in (start, end, later,
                                                later + dt.timedelta(days=700))]
    finally:
        set_language(None)
    assert "2020" in days[1] and "30" in days[1]
    done = clar("sign", str(acta), "-o", str(target), "--sign", str(expired.p12), "--lang",
                language, env=WITH_PASSPHRASE)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert days[0] in done.stderr and days[1] in done.stderr and "Firma Vencida" in done.stderr
    done = clar("sign", str(acta), "-o", str(target), "--sign", str(future.p12), "--lang",
                language, env=WITH_PASSPHRASE)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert days[2] in done.stderr and days[3] in done.stderr
    assert "Traceback" not in done.stderr and not target.exists()


def test_the_acta_shows_who_signed_under_its_signature_lines(
        signed_twice: tuple[Path, Path], acta: Path) -> None:
    first, second = (p.read_bytes() for p in signed_twice)
    text = stamp_texts(first)
    assert es("Digitally signed by") in text
    assert "Rosa Quispe Challco" in text and es("DNI {dni}", dni="41234567") in text
    assert es("Reason: {reason}", reason=es("Minutes of the public session of the CLAR")) \
        in text
    assert dt.datetime.now().strftime("%Y") in text
    # Under the last signature line, inside the page, above its foot line and the box for
    # the initials (14 to 26 mm) that every page of the acta carries.
    import pypdf

    page = pypdf.PdfReader(io.BytesIO(first)).pages[-1]
    width = float(page.mediabox.width)
    [box] = signature_boxes(first)
    assert 0 < box[0] < box[2] < width and 26 * 72 / 25.4 < box[1] < box[3]
    lowest_text = min(y for y in _text_heights(page) if y > 27 * 72 / 25.4)
    assert box[3] < lowest_text
    # The page itself is unchanged: the stamp is the signature field's appearance.
    assert page_texts(first) == page_texts(acta.read_bytes())
    # The president's stamp beside the secretary's, not over it.
    boxes = signature_boxes(second)
    assert len(boxes) == 2
    (a, b) = boxes
    assert a[2] <= b[0] or b[2] <= a[0] or a[1] >= b[3] or b[1] >= a[3]
    assert "Edilberto Huamán Quispe" in stamp_texts(second)


def _text_heights(page: object) -> list[float]:
    heights: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object,
              _size: object) -> None:
        if text.strip():  # the text's height on the page: its matrix times the page's
            heights.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return heights


def test_two_signatures_on_one_acta_each_validate(
        keys: Keys, signed_twice: tuple[Path, Path], session: Path) -> None:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    data = signed_twice[1].read_bytes()
    assert data.startswith(signed_twice[0].read_bytes())  # an incremental update
    reader = PdfFileReader(io.BytesIO(data))
    root = asn1_x509.Certificate.load(keys.ca.cert.public_bytes(
        __import__("cryptography.hazmat.primitives.serialization",
                   fromlist=["Encoding"]).Encoding.DER))
    statuses = [validate_pdf_signature(s, ValidationContext(trust_roots=[root]))
                for s in reader.embedded_signatures]
    assert [s.signing_cert.subject.native["common_name"] for s in statuses] == [
        "Rosa Quispe Challco", "Edilberto Huamán Quispe"]
    assert all(s.intact and s.valid and s.trusted for s in statuses)
    assert statuses[0].docmdp_ok is not False
    # check-signature says so in words, and exits 0 only with the trust root.
    done = clar("check-signature", str(signed_twice[1]), "--trust", str(keys.ca.pem),
                "--lang", "es")
    assert (done.returncode, done.stderr) == (0, ""), done.stdout
    out = done.stdout
    assert es("signature {number} of {count}: {signer}", number="1", count="2",
              signer="Rosa Quispe Challco, " + es("DNI {dni}", dni="41234567")) in out
    assert es("covers: the document as it was signed; only other signatures were added "
              "after it") in out
    assert es("covers: the whole document") in out
    assert es("every signature is valid, covers the document and is trusted") in out
    # verify --acta accepts the acta with both signatures.
    done = clar("verify", str(session), "--acta", str(signed_twice[1]), "--trust",
                str(keys.ca.pem), "--lang", "es")
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_signature_says_what_is_wrong(keys: Keys, signed_twice: tuple[Path, Path],
                                            acta: Path, tmp_path: Path) -> None:
    signed = signed_twice[1]
    done = clar("check-signature", str(signed), "--lang", "es")
    assert done.returncode == 1 and es(
        "validity: intact; whether the signer can be trusted was not checked (give the "
        "certificate of the authority with --trust)") in done.stdout
    other = Authority(tmp_path)
    done = clar("check-signature", str(signed), "--trust", str(other.pem), "--lang", "es")
    assert done.returncode == 1
    # A byte of the document changed after signing.
    tampered = bytearray(signed.read_bytes())
    index = tampered.find(b"/Producer")
    tampered[index + 1] = ord("p")
    changed = tmp_path / "cambiada.pdf"
    changed.write_bytes(bytes(tampered))
    done = clar("check-signature", str(changed), "--trust", str(keys.ca.pem), "--lang", "es")
    assert done.returncode == 1
    assert es("validity: broken — the signed bytes were changed after signing") in done.stdout
    # A revision after the secretary's signature that changes the hashes in the metadata,
    # then signed by the president: the secretary's signature no longer covers the acta.
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_twice[0].read_bytes()))
    writer.trailer["/Info"]["/CLARResultsHash"] = generic.TextStringObject("0" * 64)
    writer.mark_update(writer.trailer.raw_get("/Info"))
    out = io.BytesIO()
    writer.write(out)
    forged = tmp_path / "metadatos.pdf"
    forged.write_bytes(out.getvalue())
    resigned = tmp_path / "refirmada.pdf"
    assert clar("sign", str(forged), "-o", str(resigned), "--sign", str(keys.president.p12),
                env=WITH_PASSPHRASE).returncode == 0
    done = clar("check-signature", str(resigned), "--trust", str(keys.ca.pem), "--lang", "es")
    assert done.returncode == 1
    assert es("covers: only part of the file — it was changed after this signature") \
        in done.stdout
    # Unsigned, not a PDF, a --trust that is not a certificate.
    done = clar("check-signature", str(acta), "--lang", "es")
    assert done.returncode == 1 and es("{file} carries no digital signature",
                                       file=str(acta)) in done.stdout
    done = clar("check-signature", str(keys.secretary.p12), "--lang", "es")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    done = clar("check-signature", str(signed), "--trust", str(keys.secretary.p12),
                "--lang", "es")
    assert done.returncode == 2 and done.stderr == es("clar-desktop: {message}", message=es(
        "{file} is not a certificate (PEM or DER)", file=str(keys.secretary.p12))) + "\n"


@pytest.mark.parametrize("lines", range(0, 16))
def test_the_signature_page_of_the_acta_always_has_room_for_two_stamps(lines: int) -> None:
    """However far down the page the closing text ends (a longer custody statement pushes it
    down line by line), the secretary's and the president's visible signatures fit under the
    last signature lines of the page that carries them."""
    from clar_desktop.documents import DocumentOptions, make_document
    from clar_desktop.documents.record import record_from_bundle
    from clar_desktop.documents.signing_stamp import free_band, slot
    from clar_desktop.domain.bundle import parse_bundle
    from tests.test_documents_acta_contents import with_details

    custody = " ".join(["Las fichas originales quedan en el archivo de la Municipalidad "
                        "Distrital de Llusco, en el armario de la secretaría."] * lines)
    bundle = with_details(demo_session_bundle(), custody=custody or None)
    data = make_document("minutes", record_from_bundle(parse_bundle(bundle)),
                         DocumentOptions())
    band = free_band(data)
    assert band is not None and slot(band, 0) and slot(band, 1)


def test_a_signature_with_no_room_left_for_its_stamp_is_signed_and_the_signer_told(
        keys: Keys, signed_twice: tuple[Path, Path]) -> None:
    """Signers after the secretary and the president fill the free band row by row; when
    no room is left, the signature is still made (and validates), and the signer reads one
    sentence saying that it is not drawn on the page."""
    note = es("note: the last page has no room left for another signature stamp; this "
              "signature is in the file (check-signature shows it) but not drawn on the page")
    source, told = signed_twice[1], None
    for turn in range(18):
        target = source.parent / f"acta-{turn + 3}.pdf"
        done = clar("sign", str(source), "-o", str(target), "--sign",
                    str(keys.president.p12), "--lang", "es", env=WITH_PASSPHRASE)
        assert done.returncode == 0 and "Traceback" not in done.stderr
        if done.stderr:
            told = turn + 3
            assert done.stderr == note + "\n"
            assert len(signature_boxes(target.read_bytes())) == told - 1
            break
        assert len(signature_boxes(target.read_bytes())) == turn + 3
        source = target
    assert told is not None, "twenty signatures and each had room for its stamp"
    checked = clar("check-signature", str(target), "--trust", str(keys.ca.pem), "--lang", "es")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_verify_trusts_any_of_several_authorities(
        keys: Keys, signed_twice: tuple[Path, Path], session: Path, tmp_path: Path) -> None:
    """An office may trust both the national authority and its own: ``--trust`` repeats,
    and the acta passes when its signers chain to any of them, not when they chain to none."""
    other = Authority(tmp_path)
    done = clar("verify", str(session), "--acta", str(signed_twice[1]), "--trust",
                str(keys.ca.pem), "--trust", str(other.pem), "--lang", "es")
    assert done.returncode == 0, done.stdout + done.stderr
    done = clar("verify", str(session), "--acta", str(signed_twice[1]), "--trust",
                str(other.pem), "--lang", "es")
    assert done.returncode == 1 and str(other.pem) in done.stdout, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
