"""The projector's live preview in the main window: a small copy of what the audience sees,
kept current a few times a second while it is visible, and not painted while it is not."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    service = ContestService(open_database(str(tmp_path / "p.sqlite3"), create=True))
    service.import_bundle(parse_bundle(example_bundle()))
    service.open_session(CONTEST)
    main = MainWindow(LiveContest(service, CONTEST))
    qtbot.addWidget(main)
    main.resize(1400, 800)
    main.show()
    qtbot.waitExposed(main)
    return main


def distinct_colours(image: QImage) -> int:
    step = max(1, image.width() // 60)
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


def test_the_preview_shows_what_the_audience_window_shows(window: MainWindow,
                                                          qtbot: QtBot) -> None:
    audience = window.audience.window
    audience.resize(1920, 1080)
    preview = window.preview
    assert preview.isVisible()
    target = preview.target()
    assert abs(target.width() / target.height() - 16 / 9) < 0.02  # the projector's shape
    window.view.show_proposal("p03")
    window.view.present_current_proposal()
    qtbot.waitUntil(lambda: preview.paints > 0, timeout=3000)
    copy = preview.grab().toImage().copy(target)
    assert distinct_colours(copy) > 3  # a scene, not an empty box
    # The same scene as the audience window, at the preview's scale.
    full = audience.grab().toImage().scaled(copy.size())
    sample = [(x, y) for x in range(5, copy.width() - 5, 23)
              for y in range(5, copy.height() - 5, 17)]
    close = sum(1 for x, y in sample
                if abs(QColor(copy.pixel(x, y)).lightness()
                       - QColor(full.pixel(x, y)).lightness()) < 40)
    assert close > 0.8 * len(sample)


def test_a_hidden_preview_does_not_paint(window: MainWindow, qtbot: QtBot) -> None:
    window.preview_dock.hide()
    qtbot.wait(50)
    before = window.preview.paints
    qtbot.wait(700)
    assert window.preview.paints == before
    window.preview_dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: window.preview.paints > before, timeout=3000)


@pytest.mark.parametrize("language", ["es", "qu", "en"])
def test_each_language_has_one_name_in_every_menu(window: MainWindow, language: str) -> None:
    """The Language menu, the projector's languages and the documents' languages name
    Quechua the same way ("Runasimi"), whatever the interface's language."""
    from PySide6.QtWidgets import QMenu

    from clar_desktop.app.documents.dialog import DocumentsDialog
    from clar_desktop.app.places import Places
    from clar_desktop.i18n import set_language

    set_language(language)
    texts = [action.text().replace("&", "") for menu in window.findChildren(QMenu)
             for action in menu.actions()]
    dialog = DocumentsDialog(window, window.live, Places(), "minutes")
    box = dialog.form.child("languageBox")
    texts += [box.itemText(i) for i in range(box.count())]
    named = [t for t in texts if "quechua" in t.lower() or "runasimi" in t.lower()]
    assert named and all("Runasimi" in t and "quechua" not in t.lower() for t in named), named
    assert "Español + Runasimi" in texts
    dialog.dialog.deleteLater()
    set_language("es")
