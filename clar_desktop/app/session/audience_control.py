"""The secretary's hand on the audience window: the Audience menu and its shortcuts.

The control builds the audience window over a read-only feed of the live contest, and tells
it what to show: the scene (Ctrl+1 to Ctrl+8; F2 stays the grid's edit key), the sheet to
read back (F3: the sheet at the grid's cursor), a message, a countdown,
whether the results are withheld, the language of the projection and the screen.
None of these is a change to the contest; they are not logged. (The agenda is the
minutes' details' agenda, logged: Edit the agenda opens that dialog.)
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence, QScreen
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu

from ...domain.model import text_in
from ...i18n import N_, _, current_language, languages_name, ngettext
from ..audience.feed import AudienceFeed
from ..audience.window import (
    AGENDA,
    BLANK,
    FOLLOWUPS,
    PHONES,
    PRESENTING,
    RANKING,
    WELCOME,
    AudienceWindow,
)
from ..forms import follow_language
from ..phones.control import PhonesControl
from ..places import Places
from .live_view import LiveSessionView

AUDIENCE_LANGUAGES = ("es", "qu", "es+qu")
"""The projection's languages, named as the Language menu names them (`languages_name`)."""


class AudienceControl(QObject):
    """The Audience menu of a main window, and the audience window it drives."""

    def __init__(self, window: QMainWindow, view: LiveSessionView,
                 places: Places | None = None) -> None:
        super().__init__(window)
        self.main = window
        self.view = view
        self.places = places or Places()
        live = view.live
        self.feed = AudienceFeed(live.state, live.applied, clock=view.timer,
                                 image=self._image, parent=self)
        self.window = AudienceWindow(self.feed, self.places.audience_language())
        self.window.setWindowTitle(_("CLAR Desktop — audience"))
        window.destroyed.connect(self.window.deleteLater)
        view.sheet_shown.connect(self.window.follow)
        if view.proposal is not None:
            self.window.follow(view.proposal, view.current_phase())
        view.form.child("readBackButton").clicked.connect(self.read_back)
        self.phones = PhonesControl(window, live, self.window, self.places)
        self._texts: list[tuple[QAction | QMenu, str]] = []
        self.menu = window.menuBar().addMenu("")
        self._texts.append((self.menu, N_("&Audience")))
        self._build_menu()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            # Bound methods: disconnected when this control is deleted with its window.
            app.screenAdded.connect(self._screens_changed)
            app.screenRemoved.connect(self._screens_changed)
        self.window.visibility_changed.connect(self.show_action.setChecked)
        follow_language(self.menu, self.retranslate)
        self.retranslate()

    def _image(self, proposal: str) -> bytes | None:
        live = self.view.live
        found = live.service.proposal_image(live.contest_id, proposal)
        return found[0] if found else None

    # -- the menu ----------------------------------------------------------------------------
    def _action(self, menu: QMenu, text: str, slot: Callable[..., object],
                shortcut: str | None = None, checkable: bool = False) -> QAction:
        action = QAction(self.main)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        menu.addAction(action)
        self._texts.append((action, text))
        return action

    def _build_menu(self) -> None:
        menu = self.menu
        self.show_action = self._action(menu, N_("Sh&ow the audience window"),
                                        self.set_visible, "Ctrl+Shift+A", checkable=True)
        menu.addSeparator()
        self._action(menu, N_("&Now presenting"), lambda: self.show(PRESENTING), "Ctrl+1")
        self._action(menu, N_("&Read back the selected sheet"), self.read_back, "F3")
        self._action(menu, N_("Ran&king"), lambda: self.show(RANKING), "Ctrl+2")
        self._action(menu, N_("&Welcome"), lambda: self.show(WELCOME), "Ctrl+3")
        self._action(menu, N_("A&genda"), lambda: self.show(AGENDA), "Ctrl+4")
        self._action(menu, N_("&Message…"), self.ask_message, "Ctrl+5")
        self._action(menu, N_("&Countdown…"), self.ask_countdown, "Ctrl+6")
        self._action(menu, N_("&Blank screen"), lambda: self.show(BLANK), "Ctrl+7")
        self._action(menu, N_("Second-&tranche results"), lambda: self.show(FOLLOWUPS),
                     "Ctrl+8")
        menu.addSeparator()
        self.withhold_action = self._action(menu, N_("Wit&hhold the results"), self.withhold,
                                            "Ctrl+Shift+H", checkable=True)
        self._action(menu, N_("Re&veal the results"), self.reveal, "Ctrl+Shift+V")
        self._action(menu, N_("Next page of the ranking"), self.window.next_page,
                     "Alt+PgDown")
        self._action(menu, N_("Previous page of the ranking"), self.window.previous_page,
                     "Alt+PgUp")
        self._action(menu, N_("&Edit the agenda…"), self.edit_agenda)
        self._action(menu, N_("&Phones…"), self.phones.show_dialog)
        self._action(menu, N_("Show the phones' &QR code"), lambda: self.show(PHONES), "Ctrl+9")
        menu.addSeparator()
        languages = menu.addMenu("")
        self._texts.append((languages, N_("&Language of the projection")))
        group = QActionGroup(self)
        for mode in AUDIENCE_LANGUAGES:
            action = self._action(languages, languages_name(mode),
                                  lambda _checked=False, m=mode: self.set_language(m),
                                  checkable=True)
            action.setData(mode)
            action.setChecked(mode == self.window.words.mode)
            group.addAction(action)
        self.screens_menu = menu.addMenu("")
        self._texts.append((self.screens_menu, N_("&Screen")))
        self._fill_screens()

    def _screens_changed(self, _screen: QScreen) -> None:
        QTimer.singleShot(0, self._fill_screens)

    def _fill_screens(self) -> None:
        """One entry per connected screen, plus "automatic" (the projector if any)."""
        menu = self.screens_menu
        menu.clear()
        group = QActionGroup(menu)
        automatic = QAction(_("Automatic (the projector when there is one)"), menu)
        automatic.setCheckable(True)
        automatic.setChecked(self.window.chosen_screen is None)
        automatic.triggered.connect(lambda: self.window.choose_screen(None))
        group.addAction(automatic)
        menu.addAction(automatic)
        app = QGuiApplication.instance()
        screens = app.screens() if isinstance(app, QGuiApplication) else []
        for screen in screens:
            size, name = screen.geometry(), screen.name()
            action = QAction(_("{name} ({width} × {height})").format(
                name=screen.name(), width=size.width(), height=size.height()), menu)
            action.setCheckable(True)
            action.setChecked(screen.name() == self.window.chosen_screen)
            action.triggered.connect(
                lambda _checked=False, n=name: self.window.choose_screen(n))
            group.addAction(action)
            menu.addAction(action)

    def retranslate(self) -> None:
        for widget, text in self._texts:
            if isinstance(widget, QMenu):
                widget.setTitle(_(text))
            else:
                widget.setText(_(text))
        self.window.setWindowTitle(_("CLAR Desktop — audience"))
        self._fill_screens()

    # -- actions -----------------------------------------------------------------------------
    def set_visible(self, visible: bool = True) -> None:
        self.show_action.setChecked(visible)
        if visible:
            self.window.show()
            self.window.place()
        else:
            self.window.hide()

    def show(self, scene: str) -> None:
        if not self.window.isVisible():
            self.set_visible(True)
        self.window.show_scene(scene)

    def read_back(self) -> None:
        """Send the sheet at the grid's cursor to the projector, for the juror's "conforme"."""
        view = self.view
        index = view.grid_view.currentIndex()
        phase = view.current_phase()
        if not index.isValid() or view.proposal is None or phase is None:
            return
        juror = view.grid.jurors[index.row()].id
        if not self.window.isVisible():
            self.set_visible(True)
        self.window.send_read_back(juror, view.proposal, phase)
        view.grid_view.setFocus()

    def ask_message(self) -> None:
        text, ok = QInputDialog.getMultiLineText(
            self.main, _("Message on the projector"), _("Message:"), self.window.message)
        if ok and text.strip():
            self.show_message(text)

    def show_message(self, text: str) -> None:
        if not self.window.isVisible():
            self.set_visible(True)
        self.window.set_message(text)

    def ask_countdown(self) -> None:
        minutes, ok = QInputDialog.getInt(self.main, _("Countdown on the projector"),
                                          _("Minutes:"), 10, 1, 240)
        if ok:
            self.start_countdown(minutes * 60)

    def start_countdown(self, seconds: int) -> None:
        if not self.window.isVisible():
            self.set_visible(True)
        self.window.start_countdown(seconds)

    def withhold(self, withheld: bool) -> None:
        self.withhold_action.setChecked(withheld)
        self.window.withhold(withheld)

    def reveal(self) -> None:
        """Reveal the categories whose results are final (the second-tranche results, when
        they are on the wall or are all the session has); tell the secretary, in one
        sentence, which stay withheld and why."""
        contest = self.view.live.state.contest
        if contest is not None and contest.followup_items and (
                self.window.scene == FOLLOWUPS or not contest.proposals):
            self.reveal_followups()
            return
        if self.window.reveal() and not self.window.isVisible():
            self.set_visible(True)  # something to announce
        withheld = self.window.withheld_categories()
        self.withhold_action.setChecked(bool(withheld) or self.window.followups_withheld)
        if contest is None:
            return
        if withheld:
            names = [text_in(c.name, current_language()) for c in contest.categories
                     if c.id in withheld]
            message = ngettext(
                "The category {categories} stays withheld: its results are revealed once "
                "every sheet of its proposals is read back and confirmed.",
                "The categories {categories} stay withheld: their results are revealed once "
                "every sheet of their proposals is read back and confirmed.",
                len(names)).format(categories=", ".join(names))
        else:
            message = _("The results of every category are revealed.")
        self.main.statusBar().showMessage(message, 20000)

    def reveal_followups(self) -> None:
        """Reveal the second-tranche results once every item's result is final; else say
        why they stay withheld."""
        if self.window.reveal_followups() and not self.window.isVisible():
            self.set_visible(True)
        withheld = self.window.followups_withheld
        self.withhold_action.setChecked(withheld or bool(self.window.withheld_categories()))
        if withheld:
            message = _("The second-tranche results stay withheld: they are revealed once "
                        "every sheet of the items is read back and confirmed.")
        else:
            message = _("The second-tranche results are revealed.")
        self.main.statusBar().showMessage(message, 20000)

    def set_language(self, mode: str) -> None:
        self.window.set_language(mode)
        self.places.set_audience_language(mode)

    def edit_agenda(self) -> None:
        """The agenda is the minutes' details' agenda: one list, logged, that the projector
        shows and the acta prints; edit it there."""
        from ..documents.minutes_details import MinutesDetailsDialog

        details = MinutesDetailsDialog(self.main, self.view.live, focus="agenda")
        if details.exec():
            self.main.statusBar().showMessage(
                _("The agenda was recorded: the projector shows it and the minutes print "
                  "it."), 8000)
        details.dialog.deleteLater()
