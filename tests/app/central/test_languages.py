"""The central office window in Spanish and Quechua: no English left on it, a live switch of
language, and each Alt+letter reaching one thing."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from clar_desktop.app.central.window import CentralWindow
from clar_desktop.central.database import open_central
from clar_desktop.i18n import set_language


@pytest.fixture
def opened(programme_url: str, qtbot: QtBot) -> Iterator[CentralWindow]:
    window = CentralWindow(open_central(programme_url))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.inbox.wait()


def texts(window: CentralWindow) -> dict[str, str]:
    """Every text of the window's own (not the data's), by where it is."""
    found: dict[str, str] = {}
    for n, menu in enumerate(window.menuBar().actions()):
        found[f"menu{n}"] = menu.text()
    for n, (action, _source) in enumerate(window._actions):
        found[f"action{n}"] = action.text()
    for n, action in enumerate(window.contests_table.actions()):
        found[f"copy{n}"] = action.text()
    for label in window.findChildren(QLabel):
        if label.objectName() in ("tileValue", "") or not label.text():
            continue
        found[f"label:{label.objectName()}"] = label.text()
    for n, tile in enumerate(window.tiles.tiles.values()):
        found[f"caption{n}"] = tile.caption.text()
        found[f"detail{n}"] = tile.detail.text()
    for button in window.findChildren(QAbstractButton):
        if button.text():
            found[f"button:{button.objectName()}"] = button.text()
    for n in range(window.tabs.count()):
        found[f"tab{n}"] = window.tabs.tabText(n)
    for name, model in (("contests", window.contests_model),
                        ("conflicts", window.conflicts_model)):
        for column in range(model.columnCount()):
            found[f"{name}{column}"] = model.headerData(column, Qt.Orientation.Horizontal)
    for n in range(window.group_combo.count()):
        found[f"group{n}"] = window.group_combo.itemText(n)
    found["all"] = window.combos["region"].itemText(0)
    found["details"] = window.conflict_details.toPlainText().split(":")[0]
    found["title"] = window.windowTitle().split("—")[0]
    return found


@pytest.mark.parametrize("language", ["es", "qu"])
def test_no_english_is_left_on_the_window(opened: CentralWindow, language: str) -> None:
    set_language("en")
    english = texts(opened)
    set_language(language)
    shown = texts(opened)
    assert shown.keys() == english.keys()
    left = {where: text for where, text in shown.items()
            if text == english[where] and re.search("[A-Za-z]{3}", text)}
    assert not left, left


def test_switching_the_language_retranslates_everything_live(opened: CentralWindow) -> None:
    assert opened.tabs.tabText(0) == "Concursos"
    set_language("qu")
    assert opened.tabs.tabText(0) != "Concursos"
    assert opened.contests_model.headerData(0, Qt.Orientation.Horizontal) != "Concurso"
    set_language("es")
    assert opened.tabs.tabText(0) == "Concursos"
    assert opened.tiles.tiles["families"].caption.text() == "Familias alcanzadas"


def _letter(text: str) -> str | None:
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


@pytest.mark.parametrize("language", ["es", "qu", "en"])
def test_every_alt_letter_of_each_tab_is_taken_once(opened: CentralWindow,
                                                    language: str) -> None:
    set_language(language)
    clashes = {}
    for tab in range(opened.tabs.count()):
        opened.tabs.setCurrentIndex(tab)  # the other pages' widgets are then hidden
        found: list[str] = [a.text() for a in opened.menuBar().actions()]
        found += [b.text() for b in opened.findChildren(QAbstractButton)
                  if b.isVisibleTo(opened)]
        found += [label.text() for label in opened.findChildren(QLabel)
                  if label.buddy() is not None and label.isVisibleTo(opened)]
        taken: dict[str, set[str]] = {}
        for text in found:
            letter = _letter(text)
            if letter:
                taken.setdefault(letter, set()).add(text)
        double = {k: v for k, v in taken.items() if len(v) > 1}
        if double:
            clashes[opened.tabs.tabText(tab)] = double
    assert not clashes, clashes


def test_a_redraw_pending_when_the_window_closes_reads_nothing(
        opened: CentralWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    said = []
    monkeypatch.setattr(QMessageBox, "warning",
                        staticmethod(lambda *a: said.append(a)))
    opened.combos["region"].setCurrentIndex(1)  # a redraw is due in a moment
    opened.close()
    opened.engine.dispose()
    qtbot.wait(400)
    assert not said and not opened.refresh_timer.isActive()
