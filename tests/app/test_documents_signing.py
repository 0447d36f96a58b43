"""Signing from the documents dialog, as the secretary and the president use it: the
certificates one file per winner (each signed alone), one more signature on a signed PDF,
and each failure one sentence in the dialog with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from clar_desktop.app.documents.dialog import DocumentsDialog
from clar_desktop.app.live import LiveContest
from clar_desktop.app.places import Places
from clar_desktop.demo import demo_session_bundle
from clar_desktop.documents.acta_signature import check_signatures, load_trust_root
from clar_desktop.documents.certificates import certificate_file_names
from clar_desktop.documents.record import record_from_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import gettext_in, ngettext_in
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.signing_helpers import PASSPHRASE, Authority


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> Authority:
    return Authority(tmp_path_factory.mktemp("keys"))


def _dialog(tmp_path: Path, qtbot: QtBot, kind: str) -> DocumentsDialog:
    service = ContestService(open_database(str(tmp_path / "d.sqlite3"), create=True))
    parsed = parse_bundle(demo_session_bundle())
    service.import_bundle(parsed)
    dialog = DocumentsDialog(None, LiveContest(service, parsed.contest.id), Places(), kind)
    qtbot.addWidget(dialog.dialog)
    dialog.choose(language="es")
    return dialog


def _sign_with_p12(dialog: DocumentsDialog, p12: Path, passphrase: str) -> None:
    c = dialog.form.child
    c("signCheck").setChecked(True)
    c("p12Edit").setText(str(p12))
    c("passEdit").setText(passphrase)


def _said(dialog: DocumentsDialog) -> str:
    return str(dialog.form.child("problemLabel").text())


def test_one_file_per_winner_each_signed_alone(tmp_path: Path, qtbot: QtBot,
                                               ca: Authority) -> None:
    secretary = ca.issue("Rosa Quispe Challco", "41234567", file="secretaria")
    dialog = _dialog(tmp_path, qtbot, "certificates")
    split = dialog.form.child("splitCheck")
    assert split.isEnabled()
    split.setChecked(True)
    _sign_with_p12(dialog, secretary.p12, PASSPHRASE)
    folder = tmp_path / "certificados"
    assert dialog.split.save_to(folder)
    assert dialog.wait()
    qtbot.waitUntil(lambda: dialog.split.job is None)
    record = record_from_bundle(parse_bundle(demo_session_bundle()))
    names = [name for _pid, name in certificate_file_names(record)]
    assert len(names) >= 2
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    assert _said(dialog) == ngettext_in(
        "es", "{count} certificate written to {folder}.",
        "{count} certificates written to {folder}.", len(names)).format(
            count=len(names), folder=folder)
    root = load_trust_root(ca.pem)
    for name in names:
        checks = check_signatures((folder / name).read_bytes(), name, root)
        assert len(checks) == 1
        assert checks[0].intact and checks[0].whole_file and checks[0].trusted
        assert "Rosa Quispe Challco" in checks[0].signer
    # Not for the other documents.
    dialog.choose(kind="minutes")
    assert not split.isEnabled()


def test_a_wrong_passphrase_writes_no_certificate(tmp_path: Path, qtbot: QtBot,
                                                  ca: Authority) -> None:
    secretary = ca.issue("Rosa Quispe Challco", "41234567", file="secretaria2")
    dialog = _dialog(tmp_path, qtbot, "certificates")
    dialog.form.child("splitCheck").setChecked(True)
    _sign_with_p12(dialog, secretary.p12, "otra clave")
    folder = tmp_path / "certificados"
    assert dialog.split.save_to(folder)
    assert dialog.wait()
    qtbot.waitUntil(lambda: dialog.split.job is None)
    assert not folder.exists()
    assert _said(dialog) == gettext_in(
        "es", "the passphrase of the certificate {file} is wrong").format(
            file=secretary.p12)


def _made(dialog: DocumentsDialog, qtbot: QtBot) -> None:
    dialog.make()
    assert dialog.wait()
    qtbot.waitUntil(lambda: dialog.maker is None and (
        dialog.data is not None or _said(dialog) != ""))


def _cosigned(dialog: DocumentsDialog, qtbot: QtBot, source: Path, target: Path) -> None:
    assert dialog.cosign.sign(source, target)
    assert dialog.wait()
    qtbot.waitUntil(lambda: dialog.cosign.job is None)


def test_the_president_adds_his_signature_and_both_validate(tmp_path: Path, qtbot: QtBot,
                                                            ca: Authority) -> None:
    secretary = ca.issue("Rosa Quispe Challco", "41234567", file="secretaria3")
    president = ca.issue("Edilberto Huamán Quispe", "24813576", file="presidente")
    dialog = _dialog(tmp_path, qtbot, "minutes")
    _sign_with_p12(dialog, secretary.p12, PASSPHRASE)
    _made(dialog, qtbot)
    assert dialog.data is not None, _said(dialog)
    first = tmp_path / "acta.pdf"
    assert dialog.save_to(first)
    # The president, at the same computer: his key, then the button.
    _sign_with_p12(dialog, president.p12, PASSPHRASE)
    second = tmp_path / "acta-firmada.pdf"
    _cosigned(dialog, qtbot, first, second)
    assert _said(dialog) == gettext_in("es", "Signed: {file}").format(file=second)
    checks = check_signatures(second.read_bytes(), second.name, load_trust_root(ca.pem))
    assert [("Rosa" in c.signer, "Edilberto" in c.signer) for c in checks] == [
        (True, False), (False, True)]
    assert all(c.intact and c.trusted and c.covers_document for c in checks)
    assert checks[1].whole_file
    # The secretary's file is left as she signed it.
    assert len(check_signatures(first.read_bytes(), first.name)) == 1
    # Writing over the file being signed is refused.
    assert not dialog.cosign.sign(second, second)
    assert _said(dialog) == gettext_in("es", "Save the signed copy under a new name: the "
                                       "signed PDF stays as it is.")


def test_each_cosigning_failure_is_one_sentence_and_nothing_is_written(
        tmp_path: Path, qtbot: QtBot, ca: Authority) -> None:
    import datetime as dt

    secretary = ca.issue("Rosa Quispe Challco", "41234567", file="secretaria4")
    expired = ca.issue("Firma Vencida", "40000001", file="vencida",
                       not_before=dt.datetime(2018, 7, 1, tzinfo=dt.UTC),
                       not_after=dt.datetime(2020, 6, 30, tzinfo=dt.UTC))
    dialog = _dialog(tmp_path, qtbot, "minutes")
    _made(dialog, qtbot)
    acta = tmp_path / "acta.pdf"
    assert dialog.save_to(acta)
    target = tmp_path / "firmada.pdf"
    _sign_with_p12(dialog, secretary.p12, "otra clave")
    _cosigned(dialog, qtbot, acta, target)
    assert _said(dialog) == gettext_in(
        "es", "the passphrase of the certificate {file} is wrong").format(file=secretary.p12)
    assert not target.exists()
    _sign_with_p12(dialog, expired.p12, PASSPHRASE)
    _cosigned(dialog, qtbot, acta, target)
    said = _said(dialog)
    assert "Firma Vencida" in said and "2020" in said and "\n" not in said
    assert not target.exists()
    not_pdf = tmp_path / "nota.pdf"
    not_pdf.write_text("no es un PDF")
    _sign_with_p12(dialog, secretary.p12, PASSPHRASE)
    _cosigned(dialog, qtbot, not_pdf, target)
    assert _said(dialog) == gettext_in("es", "{file} is not a PDF file.").format(
        file="nota.pdf")
    assert not target.exists()
    # No key chosen: said before anything starts.
    dialog.form.child("p12Edit").setText("")
    assert not dialog.cosign.sign(acta, target)
    assert _said(dialog) == gettext_in("es", "Choose the certificate to sign with.")


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory) -> object:
    import os

    from tests.test_signing_token import Token, _module

    module = _module()
    if module is None:
        pytest.skip("softhsm2 is not installed (Debian: apt-get install softhsm2)")
    made = Token(tmp_path_factory.mktemp("softhsm"), module)
    # The module reads its configuration when first loaded in this process.
    os.environ.update(made.env)
    return made


def _sign_with_token(dialog: DocumentsDialog, token: object, pin: str,
                     label: str | None = None) -> None:
    from tests.test_signing_token import KEY, TOKEN

    c = dialog.form.child
    c("signCheck").setChecked(True)
    c("keyKindBox").setCurrentIndex(c("keyKindBox").findData("token"))
    c("moduleEdit").setText(token.module)  # type: ignore[attr-defined]
    c("tokenBox").setEditText(label or TOKEN)
    c("keyEdit").setText(KEY)
    c("pinEdit").setText(pin)


def test_the_acta_is_signed_with_a_key_on_a_token(tmp_path: Path, qtbot: QtBot,
                                                  token: object) -> None:
    from tests.test_signing_token import PIN, TOKEN

    dialog = _dialog(tmp_path, qtbot, "minutes")
    c = dialog.form.child
    _sign_with_token(dialog, token, PIN, label="")
    assert c("moduleEdit").isVisible() or not dialog.dialog.isVisible()
    assert c("p12Edit").isHidden() and not c("moduleEdit").isHidden()
    # The tokens the module sees, read off the window's thread.
    dialog.key_fields.read_tokens()
    qtbot.waitUntil(lambda: dialog.key_fields.lister is None, timeout=30_000)
    assert [c("tokenBox").itemText(i) for i in range(c("tokenBox").count())] == [TOKEN]
    assert c("tokenBox").currentText() == TOKEN
    _made(dialog, qtbot)
    assert dialog.data is not None, _said(dialog)
    issued = token.issued  # type: ignore[attr-defined]
    checks = check_signatures(dialog.data, "acta.pdf",
                              load_trust_root(token.ca.pem))  # type: ignore[attr-defined]
    assert len(checks) == 1 and checks[0].intact and checks[0].trusted
    assert "Rosa Quispe Challco" in checks[0].signer
    assert issued.p12.exists()
    # Paths and labels are remembered, the PIN never.
    again = _dialog(tmp_path / "again", qtbot, "minutes")
    assert again.form.child("keyKindBox").currentData() == "token"
    assert again.form.child("moduleEdit").text() == token.module  # type: ignore[attr-defined]
    assert again.form.child("tokenBox").currentText() == TOKEN
    assert again.form.child("pinEdit").text() == ""


def test_a_wrong_pin_or_token_or_time_stamp_address_is_one_sentence(
        tmp_path: Path, qtbot: QtBot, token: object) -> None:
    from tests.test_signing_token import TOKEN

    dialog = _dialog(tmp_path, qtbot, "minutes")
    _made(dialog, qtbot)
    acta = tmp_path / "acta.pdf"
    assert dialog.save_to(acta)
    target = tmp_path / "firmada.pdf"
    _sign_with_token(dialog, token, "000000")
    _cosigned(dialog, qtbot, acta, target)
    assert _said(dialog) == gettext_in("es", "the PIN of the token {label} is wrong").format(
        label=TOKEN)
    assert not target.exists()
    _sign_with_token(dialog, token, "000000", label="Otro")
    _cosigned(dialog, qtbot, acta, target)
    assert _said(dialog) == gettext_in(
        "es", "no token labelled {label} is connected (connected: {labels})").format(
            label="Otro", labels=TOKEN)
    assert not target.exists()
    dialog.form.child("moduleEdit").setText(str(tmp_path / "falta.so"))
    dialog.key_fields.read_tokens()
    qtbot.waitUntil(lambda: dialog.key_fields.lister is None)
    assert _said(dialog) == gettext_in(
        "es", "The PKCS#11 module {file} does not exist (it comes with the card reader or "
        "the token).").format(file=tmp_path / "falta.so")
    dialog.form.child("tsaEdit").setText("ftp://127.0.0.1/")
    assert not dialog.cosign.sign(acta, target)
    assert _said(dialog) == gettext_in(
        "es", "The time-stamping service must be an http:// or https:// address.")


def test_a_time_stamping_service_stamps_the_signature(tmp_path: Path, qtbot: QtBot,
                                                      ca: Authority) -> None:
    from tests.signing_helpers import time_stamping_authority

    secretary = ca.issue("Rosa Quispe Challco", "41234567", file="secretaria5")
    stamper = ca.issue("Sellado de tiempo", file="tsa", time_stamping=True)
    dialog = _dialog(tmp_path, qtbot, "minutes")
    _sign_with_p12(dialog, secretary.p12, PASSPHRASE)
    with time_stamping_authority(stamper, ca) as url:
        dialog.form.child("tsaEdit").setText(url)
        _made(dialog, qtbot)
    assert dialog.data is not None, _said(dialog)
    checks = check_signatures(dialog.data, "acta.pdf", load_trust_root(ca.pem))
    assert len(checks) == 1 and checks[0].intact
    assert checks[0].timestamp is not None and checks[0].timestamp_valid
    # The service is remembered for the next time.
    again = _dialog(tmp_path / "again", qtbot, "minutes")
    assert again.form.child("tsaEdit").text() == url


def test_a_signer_with_no_room_left_for_a_stamp_is_told(tmp_path: Path, qtbot: QtBot,
                                                        ca: Authority) -> None:
    president = ca.issue("Edilberto Huamán Quispe", "24813576", file="presidente6")
    dialog = _dialog(tmp_path, qtbot, "minutes")
    _sign_with_p12(dialog, president.p12, PASSPHRASE)
    _made(dialog, qtbot)
    source = tmp_path / "acta.pdf"
    assert dialog.save_to(source)
    plain = gettext_in("es", "Signed: {file}")
    note = gettext_in("es", "The last page has no room left for another signature stamp: "
                      "this signature is in the file but not drawn on the page.")
    told = None
    for turn in range(2, 20):
        target = tmp_path / f"acta-{turn}.pdf"
        _cosigned(dialog, qtbot, source, target)
        if _said(dialog) == plain.format(file=target) + " " + note:
            told = turn
            break
        assert _said(dialog) == plain.format(file=target)
        source = target
    assert told is not None and told > 2  # the president's stamp always has its room
    checks = check_signatures(target.read_bytes(), target.name, load_trust_root(ca.pem))
    assert len(checks) == told
    assert all(c.intact and c.trusted and c.covers_document for c in checks)
