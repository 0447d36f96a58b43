"""`clar-desktop minutes|certificates|sheets|poster`, from a bundle or the database, and the
digital signature (PAdES) checked with pyHanko's validator against a throwaway certificate."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from clar_desktop.cli import main
from clar_desktop.demo import demo_bundle, demo_session_bundle
from clar_desktop.documents.record import record_from_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.verify import results_hash
from clar_desktop.i18n import gettext_in
from tests.pdf import page_texts, text

PASSPHRASE = "una clave de prueba"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def session_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "llusco.json"
    path.write_text(json.dumps(demo_session_bundle(), ensure_ascii=False), encoding="utf-8")
    return path


def _certificate(tmp_path: Path) -> tuple[Path, bytes]:
    """A throwaway self-signed certificate and key in a PKCS#12 file; its DER bytes."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Secretaría del CLAR (prueba)"),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "PE")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    target = tmp_path / "firma.p12"
    target.write_bytes(pkcs12.serialize_key_and_certificates(
        b"clar", key, cert, None,
        serialization.BestAvailableEncryption(PASSPHRASE.encode())))
    return target, cert.public_bytes(serialization.Encoding.DER)


def _validate(data: bytes, trusted_der: bytes) -> object:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data))
    signatures = reader.embedded_signatures
    assert len(signatures) == 1
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(trusted_der)])
    return validate_pdf_signature(signatures[0], context)


@pytest.mark.parametrize("kind", ["minutes", "certificates", "sheets", "poster"])
@pytest.mark.parametrize("language", ["es", "qu", "es+qu"])
def test_every_document_from_a_bundle(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                      session_file: Path, kind: str, language: str) -> None:
    target = tmp_path / f"{kind}.pdf"
    code, out, err = run(capsys, kind, str(session_file), "-o", str(target), "--lang",
                         language)
    assert (code, out, err) == (0, "", "")
    assert target.read_bytes().startswith(b"%PDF-")
    assert page_texts(target.read_bytes())


def test_the_acta_from_the_database_matches_the_bundle(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, session_file: Path,
        sqlite_url: str) -> None:
    assert run(capsys, "import", str(session_file), "--db", sqlite_url)[0] == 0
    from_db = tmp_path / "db.pdf"
    from_file = tmp_path / "file.pdf"
    assert run(capsys, "minutes", "llusco-2026-1", "--db", sqlite_url, "-o",
               str(from_db))[0] == 0
    assert run(capsys, "minutes", str(session_file), "-o", str(from_file))[0] == 0
    assert page_texts(from_db.read_bytes()) == page_texts(from_file.read_bytes())
    # The hashes printed are those verify prints for the same bundle.
    code, out, _err = run(capsys, "verify", str(session_file))
    assert code == 0
    record = record_from_bundle(parse_bundle(json.loads(session_file.read_text())))
    assert record.log_hash is not None and record.log_hash in out
    assert record.results_hash == results_hash(record.contest) and record.results_hash in out
    assert record.log_hash in text(from_db.read_bytes())


def test_verify_lists_the_codes_printed_on_the_certificates(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, session_file: Path) -> None:
    target = tmp_path / "certificates.pdf"
    assert run(capsys, "certificates", str(session_file), "-o", str(target))[0] == 0
    code, out, _err = run(capsys, "verify", str(session_file), "--codes", "--lang", "en")
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("certificate ")]
    pages = page_texts(target.read_bytes())
    assert len(lines) == len(pages) > 0
    for line, page in zip(lines, pages, strict=True):
        assert line.split()[1].rstrip(":") in page


def test_bad_sources_and_options_get_one_sentence_and_no_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, session_file: Path,
        sqlite_url: str) -> None:
    target = tmp_path / "out.pdf"
    code, _out, err = run(capsys, "minutes", "no-such-contest", "--db", sqlite_url, "-o",
                          str(target), "--lang", "es")
    assert code == 2 and "no-such-contest" in err and len(err.strip().splitlines()) == 1
    code, _out, err = run(capsys, "certificates", str(session_file), "-o", str(target),
                          "--logo", str(tmp_path / "missing.png"))
    assert code == 2 and "missing.png" in err
    code, _out, err = run(capsys, "sheets", str(session_file), "-o", str(target), "--sign",
                          "x.p12")
    assert code == 2
    code, _out, err = run(capsys, "poster", str(session_file), "-o", str(target), "--lang",
                          "en")
    assert code == 2
    broken = tmp_path / "broken.json"
    bundle = demo_session_bundle()
    bundle["events"][5]["data"]["proposal"] = "p99"  # type: ignore[index]
    broken.write_text(json.dumps(bundle), encoding="utf-8")
    code, _out, err = run(capsys, "minutes", str(broken), "-o", str(target))
    assert code == 2 and "events[5]" in err and "Traceback" not in err
    code, _out, err = run(capsys, "minutes", str(session_file), "-o",
                          str(tmp_path / "no" / "such" / "folder.pdf"))
    assert code == 1 and "folder.pdf" in err
    assert not target.exists()
    assert not list(tmp_path.glob(".*.part"))


def test_messages_follow_the_first_language_of_a_bilingual_document(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bundle = tmp_path / "plain.json"
    plain = demo_bundle()
    plain["contest"]["rules"]["pass_score"] = "1000"  # type: ignore[index]
    bundle.write_text(json.dumps(plain), encoding="utf-8")
    code, _out, err = run(capsys, "certificates", str(bundle), "-o", str(tmp_path / "c.pdf"),
                          "--lang", "es+qu")
    assert code == 2
    assert gettext_in("es", "no proposal is funded, so there is no certificate to "
                            "print") in err


@pytest.mark.parametrize("kind", ["minutes", "certificates"])
def test_a_digitally_signed_document_validates(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, session_file: Path,
        monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    p12, der = _certificate(tmp_path)
    monkeypatch.setenv("CLAR_P12_PASSPHRASE", PASSPHRASE)
    target = tmp_path / f"{kind}-signed.pdf"
    code, _out, err = run(capsys, kind, str(session_file), "-o", str(target), "--sign",
                          str(p12))
    assert code == 0, err
    data = target.read_bytes()
    status = _validate(data, der)
    assert status.intact and status.valid and status.trusted  # type: ignore[attr-defined]
    assert status.bottom_line  # type: ignore[attr-defined]
    # The signed file still reads as the document it signs.
    unsigned = tmp_path / "unsigned.pdf"
    assert run(capsys, kind, str(session_file), "-o", str(unsigned))[0] == 0
    assert page_texts(data) == page_texts(unsigned.read_bytes())
    # A byte changed in the document breaks the signature.
    tampered = bytearray(data)
    index = tampered.find(b"/Producer")
    tampered[index + 1] = ord("p")
    assert not _validate(bytes(tampered), der).intact  # type: ignore[attr-defined]


def test_a_wrong_passphrase_is_one_sentence_and_no_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, session_file: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    p12, _der = _certificate(tmp_path)
    monkeypatch.setenv("CLAR_P12_PASSPHRASE", "not it")
    target = tmp_path / "acta.pdf"
    code, _out, err = run(capsys, "minutes", str(session_file), "-o", str(target), "--sign",
                          str(p12), "--lang", "es")
    assert code == 2
    assert "firma.p12" in err and len(err.strip().splitlines()) == 1
    assert not target.exists()


@pytest.mark.parametrize(("before", "after", "expected"), [
    (["--lang", "qu"], [], "qu"),            # the secretary's language, given first
    (["--lang", "qu"], ["--lang", "es"], "es"),  # the document's own --lang wins
    (["--lang", "en"], [], "es"),            # English messages: the documents are Spanish
    ([], [], "es")])
def test_the_language_given_before_the_command_reaches_the_document(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, session_file: Path,
        before: list[str], after: list[str], expected: str) -> None:
    """`clar-desktop --lang qu minutes …` printed the acta in Spanish: the command's own
    --lang (default none) overwrote the one given before it."""
    out_file = tmp_path / "acta.pdf"
    code, _out, err = run(capsys, *before, "minutes", str(session_file), "-o", str(out_file),
                          *after)
    assert code == 0, err
    first = page_texts(out_file.read_bytes())[0]
    assert ("sesión pública" in first) == (expected == "es")
