"""Benchmark of the languages: what our Qt translator costs, and a live switch with all open.

Run on purpose (not part of the default test run):

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.bench_languages

1. Qt asks its translators for every word it shows (menus ask for key names at each repaint).
   `CatalogTranslator` answers in Python before Qt's own catalog; the same 200,000 requests
   (a string it knows and one it passes on) are timed with Qt's Spanish alone and with ours
   in front, in turns, and compared as a ratio (``translate_ratio``, per-call ``*_us``).
2. The demo contest mid-session in the main window (every tab built, a correction dialog and
   the documents dialog open, the audience window showing the ranking): one switch of the
   secretary's language — every window and dialog retranslated, Qt's events delivered — is
   timed over alternating es → qu → es switches (``switch_p50_ms``, ``switch_p95_ms``), next
   to one repaint of the whole main window for scale (``repaint_p50_ms``,
   ``switch_repaint_ratio``).

Prints one JSON object.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from clar_desktop.app.audience.window import RANKING
from clar_desktop.app.documents.dialog import DocumentsDialog
from clar_desktop.app.live import LiveContest
from clar_desktop.app.main import application
from clar_desktop.app.main_window import MainWindow
from clar_desktop.app.places import Places
from clar_desktop.app.qt_language import CatalogTranslator
from clar_desktop.app.session.dialogs import CorrectionDialog
from clar_desktop.demo import demo_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import set_language
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database

CALLS = 200_000
ROUNDS = 10
SWITCHES = 40


def _translate_calls(n: int) -> float:
    start = time.perf_counter()
    for i in range(n):
        if i % 2:
            QCoreApplication.translate("QPlatformTheme", "Cancel")
        else:
            QCoreApplication.translate("QShortcut", "Ctrl")
    return time.perf_counter() - start


def translator_cost() -> dict[str, float]:
    app = application()
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
    spanish = QTranslator()
    spanish.load("qtbase_es", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    app.installTranslator(spanish)
    ours = CatalogTranslator()
    alone, with_ours = [], []
    per_round = CALLS // ROUNDS
    for _ in range(ROUNDS):
        alone.append(_translate_calls(per_round))
        app.installTranslator(ours)
        with_ours.append(_translate_calls(per_round))
        app.removeTranslator(ours)
    qt_only, ours_too = sum(alone), sum(with_ours)
    return {"qt_only_us": round(qt_only / CALLS * 1e6, 3),
            "with_catalog_translator_us": round(ours_too / CALLS * 1e6, 3),
            "translate_ratio": round(ours_too / qt_only, 2)}


def switch_cost() -> dict[str, float]:
    set_language("es")
    app = application()
    folder = Path(tempfile.mkdtemp(prefix="clar-bench-languages-"))
    service = ContestService(open_database(str(folder / "languages.sqlite3"), create=True))
    parsed = parse_bundle(demo_bundle())
    service.import_bundle(parsed)
    service.open_session(parsed.contest.id)
    live = LiveContest(service, parsed.contest.id)
    contest = live.state.contest
    assert contest is not None
    window = MainWindow(live, places=Places())
    window.resize(1366, 740)
    window.show()
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        app.processEvents()
    window.tabs.setCurrentWidget(window.view)
    window.audience.set_visible(True)
    window.audience.window.show_scene(RANKING)
    correction = CorrectionDialog(window, live, contest.jurors[1].id, contest.proposals[0].id,
                                  window.view.grid.criteria[0])
    correction.dialog.show()
    documents = DocumentsDialog(window, live, Places(), "minutes")
    documents.dialog.show()
    app.processEvents()
    switches, repaints = [], []
    for k in range(SWITCHES):
        start = time.perf_counter()
        window.language_actions["qu" if k % 2 == 0 else "es"].trigger()
        app.processEvents()  # Qt's LanguageChange events, and the repaints they ask for
        switches.append(time.perf_counter() - start)
        start = time.perf_counter()
        window.repaint()
        repaints.append(time.perf_counter() - start)
    correction.dialog.close()
    documents.dialog.close()
    window.audience.set_visible(False)
    window.close_without_asking()
    switches_ms = sorted(s * 1000 for s in switches)
    repaint_ms = statistics.median(repaints) * 1000
    return {"switch_p50_ms": round(statistics.median(switches_ms), 1),
            "switch_p95_ms": round(switches_ms[int(len(switches_ms) * 0.95) - 1], 1),
            "repaint_p50_ms": round(repaint_ms, 1),
            "switch_repaint_ratio": round(statistics.median(switches_ms) / repaint_ms, 1)}


def main() -> None:
    figures = {**switch_cost(), **translator_cost()}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
