"""Starting the desktop app: the QApplication, Qt's own translations, the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from ..i18n import current_language
from ..services import ContestService
from .live import LiveContest
from .main_window import MainWindow


def application() -> QApplication:
    """The one QApplication, with Qt's own dialogs (file, message boxes) in our language."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
        app.setApplicationName("CLAR Desktop")
        app.setOrganizationName("clar-desktop")
    language = current_language()
    QLocale.setDefault(QLocale({"es": "es_PE", "qu": "es_PE"}.get(language, "en_US")))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # Qt has no Quechua catalog; its few built-in words fall back to Spanish, which
    # Quechua-speaking users of these programmes read.
    if language in ("es", "qu") and translator.load("qtbase_es", folder):
        app.installTranslator(translator)
    return app


def run_window(service: ContestService, contest_id: str, smoke: bool = False) -> int:
    """Open the main window on a contest. ``smoke``: exit 0 once it has painted."""
    app = application()
    live = LiveContest(service, contest_id)
    live.watch(1000)
    window = MainWindow(live)
    window.show()
    if smoke:
        QTimer.singleShot(0, lambda: (window.repaint(), app.quit()))
    return int(app.exec())
