"""Alt+letter reaches one thing: on each tab no two of the menus, buttons and labelled
fields share an underlined letter, in any language (Alt+P once went to "Presentar esta
propuesta" and never opened the Proyección menu)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import set_language
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle


def _letter(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


@pytest.mark.parametrize("language", ["es", "qu", "en"])
def test_every_alt_letter_of_each_tab_is_taken_once(tmp_path: Path, qtbot: QtBot,
                                                        language: str) -> None:
    set_language(language)
    try:
        service = ContestService(open_database(str(tmp_path / "m.sqlite3"), create=True))
        service.import_bundle(parse_bundle(example_bundle()))
        service.open_session("colquemarca-2026-1")
        window = MainWindow(LiveContest(service, "colquemarca-2026-1"))
        qtbot.addWidget(window)
        window.show()
        clashes: dict[str, dict[str, list[str]]] = {}
        for tab in range(window.tabs.count()):
            window.tabs.setCurrentIndex(tab)
            page = window.tabs.currentWidget()
            taken: dict[str, list[str]] = {}
            texts = [action.text() for action in window.menuBar().actions()]
            texts += [b.text() for b in page.findChildren(QAbstractButton)
                      if b.isVisibleTo(window)]
            texts += [label.text() for label in page.findChildren(QLabel)
                      if label.buddy() is not None and label.isVisibleTo(window)]
            for text in texts:
                letter = _letter(text)
                if letter:
                    taken.setdefault(letter, []).append(text)
            found = {k: v for k, v in taken.items() if len(v) > 1}
            if found:
                clashes[window.tabs.tabText(tab)] = found
        assert not clashes, clashes
    finally:
        set_language("es")
