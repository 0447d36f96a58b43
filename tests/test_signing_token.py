"""Signing with a key that never leaves its token (RENIEC's DNIe, a USB token), through
PKCS#11: a SoftHSM2 token the test makes (Debian's ``softhsm2``), holding a key and its
certificate issued by a throwaway authority. Without SoftHSM2 the tests are skipped on a
developer's machine and fail in CI, which installs it (.ci/run)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clar_desktop.cli import main
from clar_desktop.demo import demo_session_bundle
from clar_desktop.i18n import gettext_in
from tests.signing_helpers import Authority, clar, stamp_texts

MODULES = ("/usr/lib/softhsm/libsofthsm2.so",
           "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
           "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
           "/usr/local/lib/softhsm/libsofthsm2.so")
TOKEN, KEY, PIN = "CLAR prueba", "firma-dnie", "123456"


def _module() -> str | None:
    found = next((m for m in MODULES if Path(m).is_file()), None)
    if found is None or shutil.which("softhsm2-util") is None:
        if os.environ.get("CI"):
            pytest.fail("softhsm2 is not installed: .ci/run installs it from Debian")
        return None
    return found


class Token:
    def __init__(self, folder: Path, module: str) -> None:
        self.module = module
        (folder / "tokens").mkdir()
        self.conf = folder / "softhsm2.conf"
        self.conf.write_text(f"directories.tokendir = {folder / 'tokens'}\n"
                             "objectstore.backend = file\nlog.level = ERROR\n")
        self.env = {"SOFTHSM2_CONF": str(self.conf)}
        self.ca = Authority(folder)
        self.issued = self.ca.issue("Rosa Quispe Challco", "41234567", file="dnie")
        key_file = folder / "key.pem"
        key_file.write_bytes(self.issued.key_pem())
        env = {**os.environ, **self.env}
        subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", TOKEN,
                        "--pin", PIN, "--so-pin", "65432100"], env=env, check=True,
                       capture_output=True)
        subprocess.run(["softhsm2-util", "--import", str(key_file), "--token", TOKEN,
                        "--label", KEY, "--id", "a1", "--pin", PIN], env=env, check=True,
                       capture_output=True)
        key_file.unlink()
        # softhsm2-util imports keys only; the certificate goes in through PKCS#11 (in a
        # process of its own: a PKCS#11 library is initialised once per process).
        cert = folder / "dnie.der"
        cert.write_bytes(self.issued.der())
        script = (
            "import sys, pkcs11\n"
            "from pkcs11 import Attribute, ObjectClass, CertificateType\n"
            "lib = pkcs11.lib(sys.argv[1])\n"
            "token = lib.get_token(token_label=sys.argv[2])\n"
            "with token.open(user_pin=sys.argv[3], rw=True) as s:\n"
            "    s.create_object({Attribute.CLASS: ObjectClass.CERTIFICATE,\n"
            "        Attribute.CERTIFICATE_TYPE: CertificateType.X_509, Attribute.TOKEN: True,\n"
            "        Attribute.LABEL: sys.argv[4], Attribute.ID: bytes.fromhex('a1'),\n"
            "        Attribute.SUBJECT: bytes.fromhex(sys.argv[6]),\n"
            "        Attribute.VALUE: open(sys.argv[5], 'rb').read()})\n")
        subject = self.issued.cert.subject.public_bytes().hex()
        subprocess.run([sys.executable, "-c", script, module, TOKEN, PIN, KEY, str(cert),
                        subject],
                       env=env, check=True, capture_output=True)

    def options(self, token: str = TOKEN, key: str = KEY) -> list[str]:
        return ["--pkcs11-module", self.module, "--pkcs11-token", token, "--pkcs11-key", key]


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> Token:
    module = _module()
    if module is None:
        pytest.skip("softhsm2 is not installed (Debian: apt-get install softhsm2)")
    return Token(tmp_path_factory.mktemp("softhsm"), module)


@pytest.fixture(scope="module")
def acta(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bundle")
    bundle = folder / "llusco.json"
    bundle.write_text(json.dumps(demo_session_bundle(), ensure_ascii=False), encoding="utf-8")
    target = folder / "acta.pdf"
    assert main(["minutes", str(bundle), "-o", str(target), "--lang", "es"]) == 0
    return target


def es(msgid: str, **params: str) -> str:
    return gettext_in("es", msgid).format(**params)


def test_a_key_on_a_token_signs_the_acta(token: Token, acta: Path, tmp_path: Path) -> None:
    target = tmp_path / "firmada.pdf"
    done = clar("sign", str(acta), "-o", str(target), *token.options(), "--lang", "es",
                env={**token.env, "CLAR_PKCS11_PIN": PIN})
    assert (done.returncode, done.stderr) == (0, "")
    assert "Rosa Quispe Challco" in stamp_texts(target.read_bytes())
    done = clar("check-signature", str(target), "--trust", str(token.ca.pem), "--lang", "es")
    assert done.returncode == 0, done.stdout + done.stderr
    assert es("DNI {dni}", dni="41234567") in done.stdout


def test_token_failures_are_one_sentence(token: Token, acta: Path, tmp_path: Path) -> None:
    target = tmp_path / "firmada.pdf"
    cases = [
        (token.options(), {"CLAR_PKCS11_PIN": "000000"},
         es("the PIN of the token {label} is wrong", label=TOKEN)),
        (token.options(token="Otro token"), {"CLAR_PKCS11_PIN": PIN},
         es("no token labelled {label} is connected (connected: {labels})",
            label="Otro token", labels=TOKEN)),
        (token.options(key="otra-llave"), {"CLAR_PKCS11_PIN": PIN},
         es("the token {label} holds no key labelled {key} (its keys: {keys})", label=TOKEN,
            key="otra-llave", keys=KEY)),
        (token.options(), {},
         es("{problem}: set CLAR_PKCS11_PIN, or run the command on a terminal to type it",
            problem=es("the token {label} needs its PIN, and none was given", label=TOKEN))),
    ]
    for options, env, expected in cases:
        done = clar("sign", str(acta), "-o", str(target), *options, "--lang", "es",
                    env={**token.env, **env})
        assert done.returncode == 2
        assert done.stderr == es("clar-desktop: {message}", message=expected) + "\n"
        assert not target.exists()
