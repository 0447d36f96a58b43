"""The secretary's main window: menus, the live session screen, messages in the status bar."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from ..domain.bundle import load_bundle
from ..domain.errors import DomainError
from ..files import reason, write_file
from ..i18n import (
    N_,
    _,
    available_languages,
    current_language,
    language_name,
    ngettext,
    set_language,
)
from . import quitting
from .backups import AutoBackup
from .forms import follow_language
from .live import LiveContest
from .places import Places
from .prepare.view import PrepareView
from .session.audience_control import AudienceControl
from .session.double_entry import DoubleEntryActions
from .session.event_log import EventLogView
from .session.live_view import LiveSessionView
from .session.preview import ProjectorPreview, retranslate_dock_buttons
from .session.results import ResultsView


class MainWindow(QMainWindow):
    """One contest open; every action goes through the live contest (the service layer)."""

    def __init__(self, live: LiveContest, parent: QWidget | None = None,
                 opener: Callable[[str], object] | None = None,
                 places: Places | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.opener = opener
        self.places = places
        self.ask_before_quitting = True
        """False: closing does not ask even while the session is open (a smoke run, or this
        window giving way to another contest's)."""
        self.view = LiveSessionView(live, self)
        self.log_view = EventLogView(live, self)
        self.results_view = ResultsView(live, self)
        self.prepare_view = PrepareView(live, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.prepare_view, "")
        self.tabs.addTab(self.view, "")
        self.tabs.addTab(self.results_view, "")
        self.tabs.addTab(self.log_view, "")
        preparing = live.state.session == "preparing"
        self.tabs.setCurrentWidget(self.prepare_view if preparing else self.view)
        self.setCentralWidget(self.tabs)
        self._actions: list[tuple[QAction, str]] = []
        self._menus: list[tuple[object, str]] = []
        self._build_menus()
        self.double_entry = DoubleEntryActions(self, self.view, self.session_menu)
        self.audience = AudienceControl(self, self.view, places)
        # A small copy of the projector, beside the session (essential with one screen).
        self.preview_dock = QDockWidget(self)
        self.preview_dock.setObjectName("previewDock")
        self.preview = ProjectorPreview(self.audience.window, self.preview_dock)
        self.preview_dock.setWidget(self.preview)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.preview_dock)
        # Shown at first with one screen (the audience window then covers or replaces the
        # secretary's); with a projector connected, the room shows the real one.
        screens = QGuiApplication.screens()
        self.preview_dock.setVisible(len(screens) <= 1)
        preview_action = self.preview_dock.toggleViewAction()
        preview_action.setShortcut(QKeySequence("Ctrl+Shift+W"))
        self.session_menu.addSeparator()
        self.session_menu.addAction(preview_action)
        self._build_language_menu()
        self.backups = AutoBackup(live)
        # Owned by the window, and answered by its own methods: a backup that ends after the
        # window closed (the session's last one) finds no deleted window to write to.
        self.backups.setParent(self)
        self.backups.done.connect(self._backup_done)
        self.backups.failed.connect(self._backup_failed)
        live.refused.connect(self.show_refusal)
        live.applied.connect(lambda *_args: self._update_title())
        follow_language(self, self.retranslate)
        self.retranslate()
        self.resize(1280, 720)

    def _action(self, text: str, slot: object, shortcut: str | None = None) -> QAction:
        action = QAction(self)
        action.triggered.connect(slot)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        self._actions.append((action, text))
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("")
        self._menus.append((file_menu, N_("&File")))
        file_menu.addAction(self._action(N_("&New contest…"), self.new_contest, "Ctrl+N"))
        file_menu.addAction(self._action(N_("&Import bundle…"), self.import_bundle, "Ctrl+I"))
        file_menu.addAction(self._action(N_("&Export bundle…"), self.export_bundle, "Ctrl+E"))
        file_menu.addSeparator()
        file_menu.addAction(self._action(N_("Import &proposals from CSV or Excel…"),
                                         lambda: self.import_table("proposal")))
        file_menu.addAction(self._action(N_("Import &jurors from CSV or Excel…"),
                                         lambda: self.import_table("juror")))
        file_menu.addSeparator()
        file_menu.addAction(self._action(N_("&Back up now"), self.backups_now, "Ctrl+B"))
        file_menu.addAction(self._action(N_("Backup &folder…"), self.choose_backup_folder))
        file_menu.addSeparator()
        file_menu.addAction(self._action(N_("Cen&tral office…"), self.central_office))
        file_menu.addSeparator()
        file_menu.addAction(self._action(N_("&Quit"), self.close, "Ctrl+Q"))
        session_menu = self.session_menu = bar.addMenu("")
        self._menus.append((session_menu, N_("&Session")))
        session_menu.addAction(self._action(N_("&Open the session"), self.open_session))
        session_menu.addAction(self._action(N_("&Close the session"), self.close_session))
        session_menu.addAction(self._action(N_("&Reopen the session…"), self.reopen_session))
        session_menu.addSeparator()
        session_menu.addAction(self._action(N_("Add an o&bservation…"), self.add_observation,
                                            "Ctrl+Shift+O"))
        session_menu.addAction(self._action(N_("&Withdraw this proposal or item…"),
                                            lambda: self.view.withdraw_current_proposal(),
                                            "Ctrl+Shift+X"))
        documents_menu = bar.addMenu("")
        self._menus.append((documents_menu, N_("&Documents")))
        for kind, text, shortcut in (
                ("minutes", N_("The &minutes (acta)…"), "Ctrl+Shift+P"),
                ("certificates", N_("Award &certificates…"), None),
                ("sheets", N_("Scoring &sheets…"), None),
                ("poster", N_("Results &poster…"), None),
                ("constancias", N_("Second-disbursement c&onstancias…"), None)):
            documents_menu.addAction(self._action(
                text, lambda _checked=False, k=kind: self.documents(k), shortcut))
        documents_menu.addSeparator()
        documents_menu.addAction(self._action(N_("Minutes &details…"), self.minutes_details))
        documents_menu.addAction(self._action(N_("Add a si&gnature to a signed PDF…"),
                                              lambda: self.documents("minutes", cosign=True)))
        second_menu = bar.addMenu("")
        self._menus.append((second_menu, N_("Second tra&nche")))
        second_menu.addAction(self._action(N_("New &evaluation from this contest…"),
                                           self.new_evaluation))
        second_menu.addAction(self._action(N_("&Add the second-tranche items of contest…"),
                                           self.add_second_tranche_items))

    def _build_language_menu(self) -> None:
        """The last menu: the secretary's language, switched live and remembered."""
        self.language_menu = self.menuBar().addMenu("")
        self._menus.append((self.language_menu, N_("&Language")))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for language in available_languages():
            # Each language is named in itself, so whoever reads it can find their own.
            action = self.language_menu.addAction(language_name(language))
            action.setCheckable(True)
            action.setChecked(language == current_language())
            action.triggered.connect(
                lambda _checked=False, lang=language: self.choose_language(lang))
            group.addAction(action)
            self.language_actions[language] = action

    def retranslate(self) -> None:
        # Ctrl+Tab moves between the tabs; no accelerators, which would clash with menus.
        self.tabs.setTabText(0, _("Preparation"))
        self.tabs.setTabText(1, _("Live session"))
        self.tabs.setTabText(2, _("Results"))
        self.tabs.setTabText(3, _("Log"))
        self.preview_dock.setWindowTitle(_("Projector preview"))
        retranslate_dock_buttons(self.preview_dock)
        for action, text in self._actions:
            action.setText(_(text))
        for menu, text in self._menus:
            menu.setTitle(_(text))  # type: ignore[attr-defined]
        self.language_actions[current_language()].setChecked(True)
        self._update_title()

    def choose_language(self, language: str) -> None:
        """Switch the whole program (every open window and dialog) to ``language`` and
        remember it for the next start. The audience window and the documents keep their own
        language."""
        set_language(language)
        if self.places is not None:
            self.places.set_ui_language(language)

    def _update_title(self) -> None:
        contest = self.live.state.contest
        states = {"preparing": _("preparing"), "open": _("session open"),
                  "closed": _("session closed")}
        title = contest.title if contest else ""
        state = states.get(self.live.state.session, "")
        if self.live.contest_id in self.live.service.read_only:
            state = _("{state}, read-only").format(state=state)
        self.setWindowTitle(_("{title} — {state} — CLAR Desktop").format(
            title=title, state=state))

    def _backup_done(self, path: str) -> None:
        self.statusBar().showMessage(_("Backup written: {file}").format(file=path), 8000)

    def _backup_failed(self, reason: str) -> None:
        QMessageBox.warning(self, _("Backup"), _(
            "The backup could not be written: {reason}. Choose another backup folder in the "
            "File menu.").format(reason=reason))

    def show_refusal(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Ctrl+Q, File ▸ Quit and the window's X: while the session is open, quitting takes
        the projector away, so the secretary confirms first. The projector goes dark with
        this window, at once (not when the window is deleted later)."""
        if (self.ask_before_quitting and self.live.state.session == "open"
                and not quitting.confirm_quit(self)):
            event.ignore()
            return
        self.audience.set_visible(False)
        self.audience.phones.stop()  # the phones' server goes with the session window
        super().closeEvent(event)

    def close_without_asking(self) -> bool:
        """Close this window (and its projector) without the open session's question."""
        self.ask_before_quitting = False
        return self.close()

    # -- actions -------------------------------------------------------------------------------
    def open_session(self) -> None:
        """Open the public session; first, when second-tranche items still have nothing of
        their first tranche justified (the office's review not filled in), ask."""
        from .second_tranche import unjustified_items

        count = unjustified_items(self.live.state)
        if count and QMessageBox.question(self, _("Open the session"), ngettext(
                "{count} second-tranche item still has none of its first tranche justified: "
                "it cannot be approved. The office's review is filled in at Preparation ▸ "
                "Second tranche. Open the session anyway?",
                "{count} second-tranche items still have none of their first tranche "
                "justified: they cannot be approved. The office's review is filled in at "
                "Preparation ▸ Second tranche. Open the session anyway?", count).format(
                    count=count)) != QMessageBox.StandardButton.Yes:
            return
        self.live.apply("session.opened", {})

    def close_session(self) -> None:
        """Close, once the checklist is empty; else say what is open and show the list."""
        checklist = self.view.checklist
        lines = checklist.lines
        if lines:
            QMessageBox.information(self, _("Close the session"), ngettext(
                "The session cannot be closed yet: {count} point of the checklist is open. "
                "The first: {first}.",
                "The session cannot be closed yet: {count} points of the checklist are open. "
                "The first: {first}.", len(lines)).format(
                    count=len(lines), first=checklist.describe_line(lines[0])))
            self.view.checklist_view.setFocus()
            self.view.checklist_view.setCurrentIndex(self.view.checklist.index(0))
            return
        answer = QMessageBox.question(
            self, _("Close the session"),
            _("Close the session? The results are then frozen; reopening needs a reason."))
        if answer == QMessageBox.StandardButton.Yes:
            self.live.apply("session.closed", {})

    def reopen_session(self) -> None:
        reason, ok = QInputDialog.getText(self, _("Reopen the session"),
                                          _("Why is the session reopened?"))
        if ok:
            self.live.apply("session.reopened", {"reason": reason})

    def add_observation(self) -> None:
        text, ok = QInputDialog.getMultiLineText(self, _("Observation for the minutes"),
                                                 _("Observation:"))
        if ok and text.strip():
            self.live.apply("observation.added", {"text": text.strip()})

    def documents(self, kind: str = "minutes", cosign: bool = False) -> None:
        """Make, preview, save and print a document of this contest (``cosign``: open it
        on "Add a signature to a signed PDF…")."""
        from .documents.dialog import DocumentsDialog

        dialog = DocumentsDialog(self, self.live, self.places, kind)
        if cosign:
            dialog.form.child("addSignatureButton").setFocus()
        dialog.exec()
        dialog.wait()
        dialog.dialog.deleteLater()  # its preview pixmaps go with it

    def minutes_details(self) -> None:
        from .documents.minutes_details import MinutesDetailsDialog

        details = MinutesDetailsDialog(self, self.live)
        if details.exec():
            self.statusBar().showMessage(_("The details of the minutes were recorded."),
                                         8000)
        details.dialog.deleteLater()

    def central_office(self) -> None:
        """The central office window, on a database the officer names (remembered)."""
        from .central.opening import from_main_window

        from_main_window(self, self.places)

    def backups_now(self) -> None:
        self.backups.backup_now()

    def choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Backup folder"),
                                                  str(self.backups.settings.folder))
        if folder:
            self.backups.settings.folder = Path(folder)
            self.statusBar().showMessage(_("Backups go to {folder}").format(folder=folder),
                                         8000)

    def new_contest(self) -> None:
        """The wizard for a new contest: blank, from a template or a copy of an earlier one;
        the contest it creates opens in its own window."""
        from .prepare.wizard import NewContestWizard

        wizard = NewContestWizard(self, self.live.service, self.live.contest_id)
        wizard.exec()
        wizard.deleteLater()  # and its language listeners
        if wizard.created is not None and self.opener is not None:
            self.opener(wizard.created)

    def new_evaluation(self) -> None:
        """The second-tranche evaluation session of this closed contest, opened in its own
        window once made."""
        from .second_tranche import new_evaluation

        created = new_evaluation(self, self.live)
        if created is not None and self.opener is not None:
            self.opener(created)

    def add_second_tranche_items(self) -> None:
        """The items of an earlier closed contest added to this one (a mixed session)."""
        from .second_tranche import add_items_of

        count = add_items_of(self, self.live)
        if count:
            self.statusBar().showMessage(ngettext(
                "Added {count} second-tranche item.", "Added {count} second-tranche items.",
                count).format(count=count), 10000)

    def import_table(self, kind: str) -> None:
        """Proposals or jurors from a spreadsheet, through a preview."""
        from ..importing import TableError, preview_jurors, preview_proposals, read_table
        from .prepare.import_preview import ImportPreviewDialog

        name, _filter = QFileDialog.getOpenFileName(
            self, _("Import from a spreadsheet"), "",
            _("Spreadsheets (*.csv *.xlsx)"))
        if not name:
            return
        try:
            rows = read_table(Path(name))
        except TableError as error:
            QMessageBox.warning(self, _("Import from a spreadsheet"), str(error))
            return
        build = preview_proposals if kind == "proposal" else preview_jurors
        preview = build(rows, self.live.service, self.live.contest_id)
        ImportPreviewDialog(self, self.live, preview).exec()

    def import_bundle(self) -> None:
        """Import a bundle into this database and open it in a new window."""
        from .main import import_bundle_file

        name, _filter = QFileDialog.getOpenFileName(self, _("Import a bundle"), "",
                                                    _("Contest bundles (*.json)"))
        if not name:
            return
        contest_id = import_bundle_file(self, self.live.service, name)
        if contest_id is None:
            return
        if self.opener is not None:
            self.opener(contest_id)
            if contest_id != self.live.contest_id:
                self.close_without_asking()  # the secretary chose the other contest
        self.statusBar().showMessage(_("Imported {id}").format(id=contest_id), 10000)

    def export_bundle(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export bundle"), f"{self.live.contest_id}.json",
            _("Contest bundles (*.json)"))
        if not name:
            return
        data = json.dumps(self.live.service.export_bundle(self.live.contest_id),
                          ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
        try:
            load_bundle(data)  # what is written must read back as this contest
            write_file(Path(name), data)
        except (OSError, DomainError) as error:
            why = reason(error) if isinstance(error, OSError) else error.render(_)
            QMessageBox.warning(self, _("Export bundle"),
                                _("The bundle could not be written: {reason}").format(
                                    reason=why))
            return
        self.statusBar().showMessage(_("Exported to {file}").format(file=name), 10000)
