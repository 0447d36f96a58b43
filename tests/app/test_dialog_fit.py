"""A dialog whose sentence is long (the fourteen values a recusal takes off, in Quechua)
grows to show it whole: nothing is cut at its top or bottom."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.session.dialogs import RecusalDialog
from clar_desktop.demo import demo_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import set_language
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database


@pytest.mark.parametrize("language", ["es", "qu"])
def test_the_recusal_dialog_shows_every_value_it_takes_off(tmp_path: Path, qtbot: QtBot,
                                                           language: str) -> None:
    set_language(language)
    try:
        service = ContestService(open_database(str(tmp_path / "fit.sqlite3"), create=True))
        parsed = parse_bundle(demo_bundle())
        service.import_bundle(parsed)
        service.open_session(parsed.contest.id)
        live = LiveContest(service, parsed.contest.id)
        dialog = RecusalDialog(None, live, "j2", "p02")
        qtbot.addWidget(dialog.dialog)
        dialog.dialog.show()
        qtbot.waitExposed(dialog.dialog)
        label = dialog.form.child("cellLabel")
        assert isinstance(label, QLabel) and label.text().count(":") >= 14
        assert label.height() >= label.heightForWidth(label.width())
        assert label.geometry().top() >= 0
        assert label.geometry().bottom() < dialog.form.child("reasonEdit").geometry().top()
    finally:
        set_language("es")
