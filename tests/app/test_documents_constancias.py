"""The documents dialog and the Documents menu offer what the contest has: the constancias
de segundo desembolso for a session with second-tranche items (made, previewed, one file per
approved item), no award certificates for a session of items only — asked for from the menu,
it says so in a sentence and offers the acta."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from clar_desktop.app.documents.dialog import DocumentsDialog
from clar_desktop.app.live import LiveContest
from clar_desktop.app.places import Places
from clar_desktop.documents.constancias import constancia_file_names
from clar_desktop.documents.record import record_from_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import gettext_in, ngettext_in, set_language
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.followup_session import followup_session_bundle, mixed_session_bundle


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


def _dialog(tmp_path: Path, qtbot: QtBot, bundle: dict[str, object],
            kind: str) -> DocumentsDialog:
    service = ContestService(open_database(str(tmp_path / "d.sqlite3"), create=True))
    parsed = parse_bundle(bundle)
    service.import_bundle(parsed)
    dialog = DocumentsDialog(None, LiveContest(service, parsed.contest.id), Places(), kind)
    qtbot.addWidget(dialog.dialog)
    dialog.choose(language="es")
    return dialog


def _offered(dialog: DocumentsDialog) -> list[str]:
    box = dialog.kind_box
    return [str(box.itemData(i)) for i in range(box.count())]


def test_a_mixed_session_offers_the_constancias_and_makes_them(tmp_path: Path,
                                                               qtbot: QtBot) -> None:
    dialog = _dialog(tmp_path, qtbot, mixed_session_bundle(), "constancias")
    assert _offered(dialog) == ["minutes", "certificates", "sheets", "poster", "constancias"]
    assert dialog.kind == "constancias"
    assert dialog.form.child("signCheck").isEnabled()
    assert dialog.form.child("logoEdit1").isEnabled()
    dialog.make()
    assert dialog.wait()
    qtbot.waitUntil(lambda: dialog.maker is None)
    assert dialog.data is not None and dialog.data.startswith(b"%PDF")
    record = record_from_bundle(parse_bundle(mixed_session_bundle()))
    assert dialog.page_count == len(record.approved_items()) > 0
    assert dialog.suggested_name().endswith("-constancias-es.pdf")


def test_one_file_per_approved_item(tmp_path: Path, qtbot: QtBot) -> None:
    dialog = _dialog(tmp_path, qtbot, followup_session_bundle(), "constancias")
    split = dialog.form.child("splitCheck")
    assert split.isEnabled()
    split.setChecked(True)
    folder = tmp_path / "constancias"
    assert dialog.split.save_to(folder)
    assert dialog.wait()
    qtbot.waitUntil(lambda: dialog.split.job is None)
    record = record_from_bundle(parse_bundle(followup_session_bundle()))
    names = [name for _item, name in constancia_file_names(record)]
    assert names and sorted(p.name for p in folder.iterdir()) == sorted(names)
    assert all((folder / n).read_bytes().startswith(b"%PDF") for n in names)
    assert dialog.form.child("problemLabel").text() == ngettext_in(
        "es", "{count} constancia written to {folder}.",
        "{count} constancias written to {folder}.", len(names)).format(
            count=len(names), folder=folder)


@pytest.mark.parametrize("language", ["es", "qu"])
def test_a_session_of_items_only_has_no_certificates(tmp_path: Path, qtbot: QtBot,
                                                     language: str) -> None:
    set_language(language)
    try:
        dialog = _dialog(tmp_path, qtbot, followup_session_bundle(), "certificates")
        assert "certificates" not in _offered(dialog)
        assert "constancias" in _offered(dialog)
        assert dialog.kind == "minutes"
        assert dialog.form.child("problemLabel").text() == gettext_in(
            language, "This contest has no proposals, so it has no award certificates: its "
                      "documents are these.")
    finally:
        set_language(None)


def test_a_contest_without_items_offers_no_constancias(tmp_path: Path, qtbot: QtBot) -> None:
    from clar_desktop.demo import demo_session_bundle

    dialog = _dialog(tmp_path, qtbot, demo_session_bundle(), "constancias")
    assert _offered(dialog) == ["minutes", "certificates", "sheets", "poster"]
    assert "constancias" in dialog.form.child("problemLabel").text()
