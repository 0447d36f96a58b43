"""Starting the desktop app: the QApplication, Qt's own translations, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget

from ..domain.bundle import load_bundle
from ..domain.errors import DomainError
from ..i18n import _, set_language
from ..services import ContestService
from .live import LiveContest
from .main_window import MainWindow
from .places import Places
from .qt_language import QtLanguage


def application() -> QApplication:
    """The one QApplication, with Qt's own words (buttons, file and print dialogs) following
    our language (see qt_language)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
        app.setApplicationName("CLAR Desktop")
        app.setOrganizationName("clar-desktop")
    if app.findChild(QtLanguage) is None:
        QtLanguage(app)
    return app


def run_window(service: ContestService, contest_id: str | None = None,
               smoke: bool = False, audience: bool = False,
               language_given: bool = False) -> int:
    """Open the main window on a contest — the one named, else the one last used in this
    database, at the proposal and phase last shown; ``audience``: with the audience window
    open too. ``smoke``: exit 0 once every open window has painted. The language is the one
    last chosen from the Language menu unless ``--lang`` or ``CLAR_LANG`` named one
    (``language_given``)."""
    places = Places()
    follow_remembered_language(language_given, places)
    app = application()
    database = str(service.engine.url)
    chosen = contest_id or choose_contest(service, places.last_contest(database))
    if chosen is None:
        if smoke:
            return 0
        chosen = import_first_bundle(service)
        if chosen is None:
            return 0
    window = open_window(service, chosen, places)
    if window is None:
        return 1
    if audience:
        window.audience.set_visible(True)
    if smoke:
        def painted() -> None:
            window.repaint()
            if window.audience.window.isVisible():
                window.audience.window.repaint()
            # Not app.quit() alone: Qt 6 then asks every visible window to close, in no set
            # order, and the audience window refuses (it only hides) — when it was asked
            # first, the quit was called off and the main window stayed up for ever. The
            # main window closes first, taking its projector with it, as Ctrl+Q does.
            window.close_without_asking()
            app.quit()

        QTimer.singleShot(0, painted)
    return int(app.exec())


def follow_remembered_language(language_given: bool, places: Places | None = None) -> None:
    """The language last chosen from the Language menu, unless ``--lang`` or ``CLAR_LANG``
    named one."""
    if not language_given and not os.environ.get("CLAR_LANG"):
        remembered = (places or Places()).ui_language()
        if remembered:
            set_language(remembered)


def open_window(service: ContestService, contest_id: str,
                places: Places) -> MainWindow | None:
    """A main window on the contest, back at its last place, remembering every move.

    A contest whose rows fail the check against their digests (changed behind the program's
    back) opens read-only, saying so; one whose rows cannot even be read does not open."""
    database = str(service.engine.url)
    problem = service.problem(contest_id)
    if problem is not None:
        service.read_only[contest_id] = problem
        said = problem.render(_)
        QMessageBox.warning(None, _("Opened read-only"), _(
            "This contest is opened read-only: nothing can be changed in it. {problem}"
        ).format(problem=said[:1].upper() + said[1:]))
    try:
        live = LiveContest(service, contest_id)
    except DomainError as error:
        QMessageBox.critical(None, _("Cannot open the contest"), error.render(_))
        return None
    live.watch(1000)
    window = MainWindow(live, opener=lambda cid: open_window(service, cid, places),
                        places=places)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    places.remember(database, contest_id)
    window.view.sheet_shown.connect(
        lambda proposal, phase: places.remember(database, contest_id, proposal, phase))
    last = places.last_sheet(database, contest_id)
    contest = live.state.contest
    if last and contest and contest.phase(last[1]) and (
            contest.proposal(last[0]) or contest.followup_item(last[0])):
        window.view.show_proposal(*last)
    window.showMaximized()  # a laptop screen: all of it
    return window


def choose_contest(service: ContestService, last: str | None) -> str | None:
    """The last contest used if it is still there, the only one, or the secretary's pick."""
    ids = service.contest_ids()
    if last in ids:
        return last
    if len(ids) <= 1:
        return ids[0] if ids else None
    choice, ok = QInputDialog.getItem(None, _("Open a contest"),
                                      _("Contests in this database:"), ids, 0, False)
    return str(choice) if ok else None


def import_first_bundle(service: ContestService) -> str | None:
    """An empty database: prepare a new contest (the wizard) or import a bundle; None when
    the secretary chose neither (then the program ends, having said nothing is lost)."""
    while True:
        box = QMessageBox(QMessageBox.Icon.Information, _("No contest yet"), _(
            "This database holds no contest yet. Prepare a new one, or import a contest "
            "bundle (a .json file made by CLAR Desktop on another laptop or at the office)."))
        new = box.addButton(_("&New contest…"), QMessageBox.ButtonRole.AcceptRole)
        bundle = box.addButton(_("&Import a bundle…"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(new)
        box.exec()
        clicked = box.clickedButton()
        if clicked is new:
            from .prepare.wizard import NewContestWizard

            wizard = NewContestWizard(None, service)
            wizard.exec()
            wizard.deleteLater()
            if wizard.created is not None:
                return wizard.created
        elif clicked is bundle:
            name, _filter = QFileDialog.getOpenFileName(None, _("Import a bundle"), "",
                                                        _("Contest bundles (*.json)"))
            if name:
                imported = import_bundle_file(None, service, name)
                if imported is not None:
                    return imported
        else:
            return None


def import_bundle_file(parent: QWidget | None, service: ContestService,
                       name: str) -> str | None:
    """Import one bundle file, asking before replacing a contest; None if not imported."""
    try:
        bundle = load_bundle(Path(name).read_bytes())
        replace = False
        if bundle.contest.id in service.contest_ids():
            answer = QMessageBox.question(parent, _("Import a bundle"), _(
                "A contest with the id {id} is already here. Replace it, with its whole log?"
            ).format(id=bundle.contest.id))
            if answer != QMessageBox.StandardButton.Yes:
                return None
            replace = True
        service.import_bundle(bundle, replace=replace)
    except OSError as error:
        QMessageBox.warning(parent, _("Import a bundle"), _("Cannot read {file}: {reason}")
                            .format(file=name, reason=error.strerror or error))
        return None
    except DomainError as error:
        QMessageBox.warning(parent, _("Import a bundle"), _("{file}: {problem}").format(
            file=Path(name).name, problem=error.render(_)))
        return None
    return bundle.contest.id
