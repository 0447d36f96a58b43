"""The documents dialog's logo choice: a picture that cannot be one is refused with a
sentence when chosen, and again when a remembered one has gone bad."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from clar_desktop import i18n
from clar_desktop.app.documents import dialog as documents_module
from clar_desktop.app.documents.dialog import DocumentsDialog
from clar_desktop.app.live import LiveContest
from clar_desktop.app.places import Places
from clar_desktop.demo import demo_session_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import gettext_in
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.test_images import LOGO, huge_png, jpeg


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def dialog(tmp_path: Path, qtbot: QtBot) -> DocumentsDialog:
    service = ContestService(open_database(str(tmp_path / "d.sqlite3"), create=True))
    bundle = parse_bundle(demo_session_bundle())
    service.import_bundle(bundle)
    made = DocumentsDialog(None, LiveContest(service, bundle.contest.id), Places(),
                           "certificates")
    qtbot.addWidget(made.dialog)
    return made


def _choose(dialog: DocumentsDialog, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Click the first logo's button and pick ``path`` in the file dialog."""
    monkeypatch.setattr(documents_module.QFileDialog, "getOpenFileName",
                        lambda *_args: (str(path), ""))
    dialog.form.child("logoButton1").click()


def _sentence(language: str, path: Path, problem: str) -> str:
    return gettext_in(language, "The logo {file} cannot be used: {problem}.").format(
        file=path.name, problem=gettext_in(language, problem))


DAMAGED = "the image is cut short or damaged, so it cannot be shown or printed"


def test_a_truncated_logo_is_refused_when_chosen(dialog: DocumentsDialog,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    before = dialog.form.child("logoEdit1").text()
    broken = tmp_path / "escudo.png"
    broken.write_bytes(LOGO.read_bytes()[:-400])
    _choose(dialog, monkeypatch, broken)
    label = dialog.form.child("problemLabel")
    assert label.text() == _sentence("es", broken, DAMAGED)
    assert dialog.form.child("logoEdit1").text() == before
    i18n.set_language("qu")  # the sentence follows a change of language
    assert label.text() == _sentence("qu", broken, DAMAGED)
    assert label.text() != _sentence("es", broken, DAMAGED)


def test_a_huge_logo_is_refused_and_a_good_one_taken(dialog: DocumentsDialog,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    huge = tmp_path / "enorme.png"
    huge.write_bytes(huge_png())
    _choose(dialog, monkeypatch, huge)
    assert "12000 × 12000" in dialog.form.child("problemLabel").text()
    photo = tmp_path / "municipio.jpg"
    photo.write_bytes(jpeg())
    _choose(dialog, monkeypatch, photo)
    assert dialog.form.child("problemLabel").text() == ""
    assert dialog.form.child("logoEdit1").text() == str(photo)


def test_a_remembered_logo_gone_bad_is_said_before_making(dialog: DocumentsDialog,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO.read_bytes())
    _choose(dialog, monkeypatch, logo)
    logo.write_bytes(LOGO.read_bytes()[:100])  # the file changed after it was chosen
    dialog.make()
    assert dialog.maker is None
    assert dialog.form.child("problemLabel").text() == _sentence("es", logo, DAMAGED)
