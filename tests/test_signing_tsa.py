"""An RFC 3161 time stamp on the signature when a time-stamping service is named (``--tsa``),
from a stamper the test runs on loopback; a service that does not answer is one sentence and
nothing signed."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import pytest

from clar_desktop.cli import main
from clar_desktop.demo import demo_session_bundle
from clar_desktop.i18n import gettext_in
from tests.signing_helpers import PASSPHRASE, Authority, clar, time_stamping_authority

WITH_PASSPHRASE = {"CLAR_P12_PASSPHRASE": PASSPHRASE}


def es(msgid: str, **params: str) -> str:
    return gettext_in("es", msgid).format(**params)


@pytest.fixture(scope="module")
def acta(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bundle")
    bundle = folder / "llusco.json"
    bundle.write_text(json.dumps(demo_session_bundle(), ensure_ascii=False), encoding="utf-8")
    target = folder / "acta.pdf"
    assert main(["minutes", str(bundle), "-o", str(target), "--lang", "es"]) == 0
    return target


def test_the_signature_carries_a_time_stamp(acta: Path, tmp_path: Path) -> None:
    ca = Authority(tmp_path)
    signer = ca.issue("Rosa Quispe Challco", "41234567")
    tsa = ca.issue("Sellado de tiempo de prueba", file="tsa", time_stamping=True)
    target = tmp_path / "sellada.pdf"
    with time_stamping_authority(tsa, ca) as url:
        done = clar("sign", str(acta), "-o", str(target), "--sign", str(signer.p12), "--tsa",
                    url, "--lang", "es", env=WITH_PASSPHRASE)
    assert (done.returncode, done.stderr) == (0, "")
    done = clar("check-signature", str(target), "--trust", str(ca.pem), "--lang", "es")
    assert done.returncode == 0, done.stdout
    prefix, suffix = gettext_in("es", "time stamp (RFC 3161): {when}, intact").split("{when}")
    [line] = [line.strip() for line in done.stdout.splitlines()
              if line.strip().startswith(prefix)]
    assert line.endswith(suffix) and str(dt.date.today().year) in line


def test_a_time_stamping_service_that_does_not_answer(acta: Path, tmp_path: Path) -> None:
    ca = Authority(tmp_path)
    signer = ca.issue("Rosa Quispe Challco", "41234567")
    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/tsa"
    target = tmp_path / "sellada.pdf"
    done = clar("sign", str(acta), "-o", str(target), "--sign", str(signer.p12), "--tsa",
                url, "--lang", "es", env=WITH_PASSPHRASE)
    assert done.returncode == 2
    assert done.stderr == es("clar-desktop: {message}", message=es(
        "the time-stamping service {url} did not give a time stamp: nothing was signed",
        url=url)) + "\n"
    assert not target.exists()
