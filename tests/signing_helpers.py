"""Throwaway keys for the signing tests: a certification authority, the people's certificates
it issues (PKCS#12 files), a time-stamping authority on loopback, and the command line run
as a user runs it (a process of its own: its real standard error, no terminal)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "clave de prueba"
NOW = dt.datetime.now(dt.UTC)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _usage(sign_certs: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=True, content_commitment=not sign_certs,
                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                         key_cert_sign=sign_certs, crl_sign=sign_certs, encipher_only=False,
                         decipher_only=False)


@dataclass
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    p12: Path
    pem: Path

    def key_pem(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())

    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)


class Authority:
    """A certification authority (like RENIEC's) that issues the test certificates."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.key = _key()
        self.name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "ECEP de prueba"),
                               x509.NameAttribute(NameOID.COUNTRY_NAME, "PE")])
        self.cert = (x509.CertificateBuilder().subject_name(self.name).issuer_name(self.name)
                     .public_key(self.key.public_key())
                     .serial_number(x509.random_serial_number())
                     .not_valid_before(NOW - dt.timedelta(days=3650))
                     .not_valid_after(NOW + dt.timedelta(days=3650))
                     .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
                     .add_extension(_usage(True), True)
                     .sign(self.key, hashes.SHA256()))
        self.pem = folder / "ecep.pem"
        self.pem.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))

    def issue(self, name: str, dni: str | None = None, *, file: str = "firma",
              not_before: dt.datetime | None = None, not_after: dt.datetime | None = None,
              time_stamping: bool = False) -> Issued:
        key = _key()
        attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "PE")]
        if dni:
            attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"PNOPE-{dni}"))
        builder = (x509.CertificateBuilder().subject_name(x509.Name(attributes))
                   .issuer_name(self.name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(not_before or NOW - dt.timedelta(days=1))
                   .not_valid_after(not_after or NOW + dt.timedelta(days=365))
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), True))
        if time_stamping:
            builder = (builder.add_extension(_usage(False), True).add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True))
        else:
            builder = builder.add_extension(_usage(False), True)
        cert = builder.sign(self.key, hashes.SHA256())
        p12 = self.folder / f"{file}.p12"
        p12.write_bytes(pkcs12.serialize_key_and_certificates(
            b"firma", key, cert, [self.cert],
            serialization.BestAvailableEncryption(PASSPHRASE.encode())))
        pem = self.folder / f"{file}.pem"
        pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return Issued(key, cert, p12, pem)


def clar(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``clar-desktop ARGS`` in a process of its own, without a terminal."""
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("CLAR_P12_PASSPHRASE", "CLAR_PKCS11_PIN")}
    environment.update(env or {})
    return subprocess.run([sys.executable, "-m", "clar_desktop", *args], cwd=ROOT,
                          env=environment, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=120, check=False)


@contextmanager
def time_stamping_authority(issued: Issued, authority: Authority) -> Iterator[str]:
    """An RFC 3161 time-stamping service on loopback (pyHanko's dummy stamper behind a tiny
    HTTP server); yields its URL."""
    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(issued.der()),
        tsa_key=keys.PrivateKeyInfo.load(issued.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())),
        certs_to_embed=SimpleCertificateStore.from_certs([asn1_x509.Certificate.load(
            authority.cert.public_bytes(serialization.Encoding.DER))]))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers["Content-Length"]))
            answer: Any = asyncio.run(stamper.async_request_tsa_response(
                tsp.TimeStampReq.load(body)))
            data = answer.dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def stamp_texts(data: bytes) -> str:
    """The text of the last page with its annotations (the visible signatures) flattened
    into it, as a reader sees the page."""
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    document.init_forms()
    page = document[len(document) - 1]
    page.flatten()
    page.close()
    out = io.BytesIO()
    document.save(out)
    flat = pypdfium2.PdfDocument(out.getvalue())
    text: str = flat[len(flat) - 1].get_textpage().get_text_bounded()
    return text


def signature_boxes(data: bytes) -> list[tuple[float, float, float, float]]:
    """The rectangles of the signature widgets on the last page."""
    import io

    import pypdf

    page = pypdf.PdfReader(io.BytesIO(data)).pages[-1]
    boxes = []
    for annotation in page.get("/Annots") or []:
        annotation = annotation.get_object()
        if annotation.get("/FT") == "/Sig" or annotation.get("/Subtype") == "/Widget":
            x1, y1, x2, y2 = (float(v) for v in annotation["/Rect"])
            boxes.append((x1, y1, x2, y2))
    return boxes
