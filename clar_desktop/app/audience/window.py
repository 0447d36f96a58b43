"""The audience window: what the community sees on the wall of the hall.

A top-level window that only reads (`AudienceFeed`) and paints. The secretary's side tells it
which scene to show (`show_scene`) and what display-only settings to use (language, message,
countdown, withholding the results); every number comes from the committed state and a
committed event repaints what it changed without anyone touching anything. The window never
takes the keyboard focus, so the secretary's next keystroke still goes to the score grid.

Scenes: now presenting (a proposal or a second-tranche item), read-back of one juror's sheet,
the ranking per category (paging at a readable pace, results withheld and revealed from the
last funded row to the first), the second-tranche results (withheld and revealed with the
ranking, row by row), and the interludes: welcome, agenda, a message, a countdown, a blank
screen.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEasingCurve, QRectF, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QPainter, QPaintEvent, QPixmap, QScreen
from PySide6.QtWidgets import QWidget

from ...domain.changes import MINUTES_DETAILS_SET
from ...domain.state import Applied
from . import scenes
from .canvas import BACKGROUND, Canvas, DrawnText
from .feed import AudienceFeed
from .followup_board import FollowupBoardPainter
from .followup_presenting import ItemPresentingPainter
from .followup_scenes import FollowupIndex, ItemPresenting
from .interludes import InterludesPainter
from .phone_code import paint_phone_code
from .ranking import RankingPainter
from .read_back import ReadBackPainter
from .words import Words

LOG = logging.getLogger(__name__)

PRESENTING = "presenting"
READ_BACK = "read_back"
RANKING = "ranking"
WELCOME = "welcome"
AGENDA = "agenda"
MESSAGE = "message"
COUNTDOWN = "countdown"
BLANK = "blank"
FOLLOWUPS = "followups"
"""The second-tranche results board."""
PHONES = "phones"
"""The phones' code: scan to follow (`phone_code`)."""
SCENES = (PRESENTING, READ_BACK, RANKING, WELCOME, AGENDA, MESSAGE, COUNTDOWN, BLANK,
          FOLLOWUPS, PHONES)

PAGE_SECONDS = 12
"""A page of the ranking stays up this long: time to find one's own row and read it."""
REVEAL_SECONDS = 2.0
"""Between two rows appearing when the results are revealed."""
TRANSITION_MS = 400



@dataclass(frozen=True, slots=True)
class Timing:
    """How long the last repaint took: recomputing the scene's data, then drawing it."""

    compute_ms: float
    paint_ms: float



class AudienceWindow(ItemPresentingPainter, ReadBackPainter, RankingPainter,
                     FollowupBoardPainter, InterludesPainter, QWidget):
    """The projector's window. Read-only: it shows committed state and nothing else."""

    scene_changed = Signal(str)
    visibility_changed = Signal(bool)

    def __init__(self, feed: AudienceFeed, language: str = "es",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.feed = feed
        self.words = Words(language)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.setMinimumSize(320, 240)
        self.scene = PRESENTING
        self.followed: tuple[str | None, str | None] = (None, None)
        """(proposal, phase) the secretary has on screen; shown when none is presenting."""
        self.phones_url: str | None = None
        """The address the phones' server listens on (None: not running)."""
        self.read_back_sheet: tuple[str, str, str] | None = None
        """(juror, proposal, phase) sent for read-back."""
        self.message = ""
        self.countdown_end: float | None = None
        self.withheld = False
        """The secretary holds the ranking back: only the categories in `revealed` show."""
        self.revealed: set[str] = set()
        """Categories revealed while the results are withheld (each final when revealed, and
        shown only while it stays final)."""
        self.drawn: list[DrawnText] = []
        """What the last repaint drew (text, box, size, fitted): read by the tests."""
        self.timing = Timing(0.0, 0.0)
        self.chosen_screen: str | None = None
        """The name of the screen the secretary picked, or None to place it by itself."""
        self.ranking = scenes.RankingIndex()
        self.followups = FollowupIndex()
        self.followups_revealed = False
        self._board_reveal: int | None = None
        self._page = 0
        self._reveal: tuple[str, int] | None = None
        """While revealing: (category, step: 0 shows no row, 1 the rows below the funding
        line, each next one funded row more, from the last funded up)."""
        self._reveal_queue: list[str] = []
        """The categories to reveal after the one being revealed."""
        self._presenting: scenes.ShownSheets | None = None
        self._criteria_of: tuple[str, str] | None = None
        self._image: tuple[str, QPixmap | None] | None = None
        self._scaled: tuple[tuple[int, int], QPixmap] | None = None
        self._ranking_categories_shown: set[str] = set()
        self._from: QPixmap | None = None
        self._fade = QVariantAnimation(self)
        self._fade.setStartValue(0.0)
        self._fade.setEndValue(1.0)
        self._fade.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self._fade.valueChanged.connect(lambda _v: self.update())
        self._fade.finished.connect(self._end_fade)
        self.transition_ms = TRANSITION_MS
        self._second = QTimer(self)
        self._second.setInterval(1000)
        self._second.timeout.connect(self._tick)
        self._second.start()
        self._pager = QTimer(self)
        self._pager.setInterval(PAGE_SECONDS * 1000)
        self._pager.timeout.connect(self.next_page)
        self._revealer = QTimer(self)
        self._revealer.setInterval(int(REVEAL_SECONDS * 1000))
        self._revealer.timeout.connect(self._reveal_step)
        feed.changed.connect(self._on_changed)
        screens = QGuiApplication.instance()
        if isinstance(screens, QGuiApplication):
            # Bound methods: disconnected when this window is deleted.
            screens.screenAdded.connect(self._screens_changed)
            screens.screenRemoved.connect(self._screens_changed)
        self.resize(1024, 576)

    # -- what the secretary chooses (display only) -------------------------------------------
    def show_scene(self, scene: str) -> None:
        if scene not in SCENES:
            raise ValueError(scene)
        if scene == self.scene:
            self.update()
            return
        if self.isVisible() and self.transition_ms > 0 and self.width() and self.height():
            self._from = self.grab()
            self._fade.stop()
            self._fade.setDuration(self.transition_ms)
            self._fade.start()
        self.scene = scene
        self._page = 0
        if scene == PRESENTING:
            self._presenting = None
        self._run_timers()
        self.scene_changed.emit(scene)
        self.update()

    def _run_timers(self) -> None:
        """Pages turn, and a reveal goes on, only while the ranking (or the second-tranche
        results) is on the wall (the pages of criteria of the now-presenting scene too, when
        they do not all fit)."""
        visible = self.isVisible()
        on_wall = self.scene == RANKING and visible
        board = self.scene == FOLLOWUPS and visible
        if (on_wall and self._reveal is not None) or (board and self._board_reveal is not None):
            self._revealer.start()
        else:
            self._revealer.stop()
        paging = (on_wall and self._reveal is None and (not self.withheld or self.revealed)) \
            or (board and self._board_reveal is None and self.shows_board()) \
            or (self.scene == PRESENTING and visible)
        if paging:
            if not self._pager.isActive():
                self._pager.start()
        else:
            self._pager.stop()

    def showEvent(self, event: Any) -> None:  # noqa: N802
        super().showEvent(event)
        self._run_timers()
        self.visibility_changed.emit(True)

    def hideEvent(self, event: Any) -> None:  # noqa: N802
        super().hideEvent(event)
        self._run_timers()
        self.visibility_changed.emit(False)

    def set_language(self, mode: str) -> None:
        self.words = Words(mode)
        self.update()

    def follow(self, proposal: str | None, phase: str | None) -> None:
        """The sheet the secretary has open (shown while nobody is presenting)."""
        if (proposal, phase) != self.followed:
            self.followed = (proposal, phase)
            self._presenting = None
            if self.scene == PRESENTING:
                self.update()

    def set_phones_url(self, url: str | None) -> None:
        """The phones' server started (its address) or stopped (None)."""
        self.phones_url = url
        if self.scene in (PHONES, WELCOME):
            self.update()

    def send_read_back(self, juror: str, proposal: str, phase: str) -> None:
        self.read_back_sheet = (juror, proposal, phase)
        self.show_scene(READ_BACK)

    def set_message(self, text: str) -> None:
        self.message = text.strip()
        self.show_scene(MESSAGE)

    def start_countdown(self, seconds: int) -> None:
        self.countdown_end = time.monotonic() + max(seconds, 0)
        self.show_scene(COUNTDOWN)

    def withhold(self, withheld: bool) -> None:
        """Hide the whole ranking until the announcement (or show it again at once, the rows
        still waiting for sheets marked provisional)."""
        self.withheld = withheld
        self.revealed = set()
        self._reveal = None
        self._reveal_queue = []
        self.followups_revealed = False
        self._board_reveal = None
        self._run_timers()
        self.update()

    def reveal(self) -> list[str]:
        """Announce the categories whose results are final (every sheet confirmed), their
        rows appearing from the last funded to the first, on the ranking scene; the others
        are withheld until they are final and revealed in turn. Returns the categories
        revealed now (the scene stays as it was when there is none)."""
        state = self.feed.state
        contest = state.contest
        if contest is None or state.tally is None:
            return []
        final = [c.id for c in contest.categories if self.ranking.is_final(state, c.id)]
        shown = self.revealed if self.withheld else set()
        new = [c for c in final if c not in shown]
        if not self.withheld:  # final second-tranche results stay on the wall
            self.followups_revealed = self.followups.is_final(state)
        self.withheld = True
        self.revealed = set(final)
        if new:
            self._reveal = (new[0], 0)
            self._reveal_queue = new[1:]
            self._page = 0
            self.show_scene(RANKING)
        self._run_timers()
        self.update()
        return new

    def reveal_followups(self) -> bool:
        """Announce the second-tranche results when every item's result is final, row by
        row on their own scene; returns whether there was something to reveal now (the
        scene stays as it was otherwise)."""
        new = self.reveal_board()
        if new:
            self.show_scene(FOLLOWUPS)
        self._run_timers()
        self.update()
        return new

    def withheld_categories(self) -> list[str]:
        """The categories whose ranking is not on the wall (in the contest's order)."""
        contest = self.feed.state.contest
        if contest is None or self.feed.state.tally is None:
            return []
        return [c.id for c in contest.categories if not self.shows_category(c.id)]

    @property
    def revealing(self) -> bool:
        return self._reveal is not None

    def being_revealed(self) -> set[str]:
        """The categories whose rows are appearing on the wall now, or waiting their turn."""
        return ({self._reveal[0]} if self._reveal is not None else set()) | set(
            self._reveal_queue)

    @property
    def revealing_board(self) -> bool:
        return self._board_reveal is not None

    # -- placement on a screen -----------------------------------------------------------------
    def target_screen(self) -> QScreen | None:
        """The screen picked by the secretary, else the first that is not the primary."""
        app = QGuiApplication.instance()
        if not isinstance(app, QGuiApplication):
            return None
        screens = app.screens()
        primary = app.primaryScreen()
        for screen in screens:
            if self.chosen_screen and screen.name() == self.chosen_screen:
                return screen
        others = [s for s in screens if s is not primary]
        return others[0] if others else primary

    def place(self) -> None:
        """Full screen on the projector; a movable window when the laptop's is the only one
        (full screen there would hide the secretary's work)."""
        if not self.isVisible():
            return
        screen = self.target_screen()
        if screen is None:
            return
        app = QGuiApplication.instance()
        alone = isinstance(app, QGuiApplication) and screen is app.primaryScreen()
        chosen = self.chosen_screen is not None and screen.name() == self.chosen_screen
        if self.isFullScreen() and self.screen() is not screen:
            self.showNormal()  # some platforms ignore a new geometry while full screen
        if self.windowHandle() is not None:
            self.windowHandle().setScreen(screen)
        if alone and not chosen:  # the chosen projector was unplugged, or there is none
            if self.isFullScreen():
                self.showNormal()
            geometry = screen.availableGeometry()
            self.resize(min(self.width(), geometry.width()), min(self.height(),
                                                               geometry.height()))
            return
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def _screens_changed(self, _screen: QScreen) -> None:
        QTimer.singleShot(0, self.place)

    def choose_screen(self, name: str | None) -> None:
        self.chosen_screen = name
        self.place()

    # -- events ----------------------------------------------------------------------------
    def _on_changed(self, kind: str, applied: Applied) -> None:
        everything = applied.everything
        self.ranking.touched(self.feed.state, None if everything else applied.proposals)
        self.followups.touched(self.feed.state, None if everything else applied.proposals)
        shown = self._shown_proposal()
        if self._image is not None and (everything or self._image[0] in applied.proposals):
            self._image = None
        if everything or shown in applied.proposals or not applied.proposals \
                or self._presenting is None or shown != self._presenting.entry:
            self._presenting = None  # whatever the scene: it may be shown again later
            if self.scene == PRESENTING:
                self.update()
        if self.scene == READ_BACK:
            sheet = self.read_back_sheet
            if everything or sheet is None or sheet[1] in applied.proposals:
                self.update()
        elif self.scene == RANKING:
            tally = self.feed.state.tally
            if everything or tally is None or any(
                    tally.proposals[p].category in self._ranking_categories_shown
                    for p in applied.proposals if p in tally.proposals):
                self.update()
        elif self.scene == FOLLOWUPS:
            tally = self.feed.state.tally
            if everything or tally is None or any(p in tally.items for p in applied.proposals):
                self.update()
        elif everything or (kind == MINUTES_DETAILS_SET and self.scene == AGENDA):
            self.update()  # the agenda is the minutes' details' agenda

    def _tick(self) -> None:
        if self.scene == COUNTDOWN or (self.scene == PRESENTING and self.feed.clock
                                       and self.feed.clock.running):
            self.update()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Closing the projector's window only hides it: the secretary reopens it from a menu.
        event.ignore()
        self.hide()

    # Nothing typed or clicked on this window does anything.
    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        event.ignore()

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802
        event.ignore()

    # -- painting --------------------------------------------------------------------------
    def _end_fade(self) -> None:
        self._from = None
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            self.drawn = []
            try:
                self.paint_scene(painter, self.width(), self.height(), self.drawn)
            except Exception:  # a projector must never show a traceback, nor crash
                LOG.exception("the audience scene %s could not be drawn", self.scene)
                painter.fillRect(self.rect(), BACKGROUND)
            if self._from is not None and self._fade.state() == QVariantAnimation.State.Running:
                painter.setOpacity(1.0 - float(self._fade.currentValue() or 0.0))
                painter.drawPixmap(self.rect(), self._from)
        finally:
            painter.end()

    def paint_scene(self, painter: QPainter, width: int, height: int,
                    record: list[DrawnText] | None = None) -> None:
        """Draw the current scene on ``painter`` as for a screen of ``width`` × ``height``."""
        started = time.perf_counter()
        canvas = Canvas(painter, width, height, record)
        canvas.fill(QRectF(0, 0, width, height), BACKGROUND if self.scene != BLANK
                    else Qt.GlobalColor.black)  # type: ignore[arg-type]
        state = self.feed.state
        compute = 0.0
        if state.contest is None or state.tally is None or self.scene == BLANK:
            self.timing = Timing(0.0, (time.perf_counter() - started) * 1000)
            return
        if self.scene == PRESENTING:
            t0 = time.perf_counter()
            data = self._presenting_data()
            compute = time.perf_counter() - t0
            if isinstance(data, ItemPresenting):
                self._paint_item_presenting(canvas, data)
            elif isinstance(data, scenes.Presenting):
                self._paint_presenting(canvas, data)
        elif self.scene == READ_BACK:
            t0 = time.perf_counter()
            sheet = self.read_back_sheet
            back = scenes.read_back(state, *sheet) if sheet and self._sheet_exists(sheet) \
                else None
            compute = time.perf_counter() - t0
            if back is not None:
                self._paint_read_back(canvas, back)
        elif self.scene == RANKING:
            compute = self._paint_ranking(canvas)
        elif self.scene == FOLLOWUPS:
            compute = self._paint_board(canvas)
        elif self.scene == WELCOME:
            self._paint_welcome(canvas, scenes.welcome(state))
        elif self.scene == AGENDA:
            self._paint_agenda(canvas)
        elif self.scene == MESSAGE:
            self._paint_message(canvas)
        elif self.scene == COUNTDOWN:
            self._paint_countdown(canvas)
        elif self.scene == PHONES:
            paint_phone_code(canvas, self.words, self.phones_url)
        total = time.perf_counter() - started
        self.timing = Timing(compute * 1000, (total - compute) * 1000)

    # -- the ranking's pages and its reveal ------------------------------------------------
    def next_page(self) -> None:
        self._page += 1
        self.update()

    def previous_page(self) -> None:
        self._page -= 1
        self.update()

    def _reveal_step(self) -> None:
        if self.scene == FOLLOWUPS and self._board_reveal is not None:
            if not self._board_reveal_step():
                self._page = 0
                self._run_timers()
            self.update()
            return
        if self._reveal is None:
            self._revealer.stop()
            return
        category, step = self._reveal
        line = self.ranking.funding_line(self.feed.state, category) \
            if self.shows_category(category) else -1
        if step <= line:
            self._reveal = (category, step + 1)
        elif self._reveal_queue:
            self._reveal = (self._reveal_queue.pop(0), 0)
        else:
            self._reveal = None
            self._page = 0
            self._run_timers()
        self.update()
