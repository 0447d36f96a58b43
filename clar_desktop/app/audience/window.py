"""The audience window: what the community sees on the wall of the hall.

A top-level window that only reads (`AudienceFeed`) and paints. The secretary's side tells it
which scene to show (`show_scene`) and what display-only settings to use (language, message,
countdown, withholding the results); every number comes from the committed state and a
committed event repaints what it changed without anyone touching anything. The window never
takes the keyboard focus, so the secretary's next keystroke still goes to the score grid.

Scenes: now presenting, read-back of one juror's sheet, the ranking per category (paging at a
readable pace, results withheld and revealed from the last funded row to the first), and the
interludes: welcome, agenda, a message, a countdown, a blank screen.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from PySide6.QtCore import QEasingCurve, QPointF, QRectF, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QPainter, QPaintEvent, QPixmap, QScreen
from PySide6.QtWidgets import QWidget

from ...domain.model import LocalizedText, text_in
from ...domain.numbers import decimal_text
from ...domain.state import Applied
from ...i18n import N_, Nn_, format_date, format_decimal, format_money, gettext_in, ngettext_in
from ..session.presentation import clock_text
from . import scenes
from .canvas import (
    ACCENT,
    BACKGROUND,
    DIM,
    LINE,
    MUTED,
    PANEL,
    PANEL_LIGHT,
    STATUS_COLOURS,
    TEXT,
    Align,
    Canvas,
    DrawnText,
    Line,
)
from .feed import AudienceFeed

LOG = logging.getLogger(__name__)

PRESENTING = "presenting"
READ_BACK = "read_back"
RANKING = "ranking"
WELCOME = "welcome"
AGENDA = "agenda"
MESSAGE = "message"
COUNTDOWN = "countdown"
BLANK = "blank"
SCENES = (PRESENTING, READ_BACK, RANKING, WELCOME, AGENDA, MESSAGE, COUNTDOWN, BLANK)

LANGUAGE_MODES = ("es", "qu", "es+qu")
PAGE_SECONDS = 12
"""A page of the ranking stays up this long: time to find one's own row and read it."""
REVEAL_SECONDS = 2.0
"""Between two rows appearing when the results are revealed."""
TRANSITION_MS = 400

STATUS_WORDS = {
    scenes.FUNDED: N_("funded"),
    scenes.PARTLY_FUNDED: N_("partly funded"),
    scenes.PENDING: N_("pending"),
    scenes.TIE_DRAW: N_("tie — draw needed"),
    scenes.EXCEEDS: N_("does not fit the remaining budget"),
    scenes.EXHAUSTED: N_("budget exhausted"),
    scenes.ROW_REJECTED: N_("rejected"),
    scenes.ROW_INCOMPLETE: N_("sheets incomplete"),
    scenes.ROW_WITHDRAWN: N_("withdrawn"),
}
PROPOSAL_STATUS = {
    scenes.PENDING: N_("Pending: {done} of {total} sheets confirmed"),
    "approved": N_("Approved: reaches the pass mark"),
    "rejected": N_("Not approved: below the pass mark"),
    "incomplete": N_("Sheets incomplete: no result yet"),
    "withdrawn": N_("Withdrawn: not scored"),
}
PROVISIONAL = Nn_("Provisional: {count} proposal of this category still has sheets to confirm",
                  "Provisional: {count} proposals of this category still have sheets to "
                  "confirm")
MORE_CORRECTIONS = Nn_("and {count} more", "and {count} more")
SHOWN_CORRECTIONS = 3
DEFAULT_AGENDA = (
    N_("Welcome and roll call of the jury"),
    N_("Rules of the contest"),
    N_("Presentation of each proposal"),
    N_("Scoring and public read-back of every sheet"),
    N_("Results and award of the budget"),
    N_("Reading and signing of the minutes"),
)


@dataclass(frozen=True, slots=True)
class Timing:
    """How long the last repaint took: recomputing the scene's data, then drawing it."""

    compute_ms: float
    paint_ms: float


class Words:
    """Captions in the audience's language: Spanish, Quechua, or both."""

    def __init__(self, mode: str) -> None:
        if mode not in LANGUAGE_MODES:
            raise ValueError(mode)
        self.mode = mode
        self.languages = ("es", "qu") if mode == "es+qu" else (mode,)
        self.number_language = self.languages[0]

    @property
    def bilingual(self) -> bool:
        return len(self.languages) > 1

    def _each(self, text_in_language: Callable[[str], str]) -> list[str]:
        """A text in each language shown, once where the languages agree."""
        out: list[str] = []
        for language in self.languages:
            text = text_in_language(language)
            if text not in out:
                out.append(text)
        return out

    def __call__(self, msgid: str) -> list[str]:
        """``msgid`` in each language shown (once where they agree)."""
        return self._each(lambda language: gettext_in(language, msgid))

    def one(self, msgid: str, separator: str = " / ") -> str:
        return separator.join(self(msgid))

    def fmt(self, msgid: str, **values: Any) -> list[str]:
        return [text.format(**values) for text in self(msgid)]

    def plural(self, pair: tuple[str, str], n: int, **values: Any) -> list[str]:
        """The form of ``pair`` (marked with ``Nn_``) that fits ``n``, in each language."""
        return self._each(lambda language: ngettext_in(language, pair[0], pair[1], n)
                          .format(count=n, **values))

    def name(self, text: LocalizedText) -> list[str]:
        return self._each(lambda language: text_in(text, language))

    def money(self, value: Decimal | Fraction, currency: str) -> str:
        return format_money(value, currency, self.number_language)

    def score(self, value: Fraction | Decimal | None) -> str:
        return "—" if value is None else format_decimal(value, 2, self.number_language)

    def value(self, value: Decimal | None) -> str:
        return "·" if value is None else decimal_text(value)

    def date(self, iso: str) -> str:
        try:
            return format_date(date.fromisoformat(iso), "long", self.number_language)
        except ValueError:
            return iso


def lines(texts: list[str], colour: Any = TEXT, bold: bool = False,
          second: float = 0.8) -> list[Line]:
    """The first language at full size, the second (bilingual) smaller and muted."""
    out = [Line(texts[0], 1.0, colour, bold)] if texts else []
    out.extend(Line(t, second, MUTED if colour == TEXT else colour, False) for t in texts[1:])
    return out


class AudienceWindow(QWidget):
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
        self.read_back_sheet: tuple[str, str, str] | None = None
        """(juror, proposal, phase) sent for read-back."""
        self.message = ""
        self.agenda: list[str] | None = None
        """The secretary's own agenda, or None for the usual one (translated)."""
        self.countdown_end: float | None = None
        self.withheld = False
        self.drawn: list[DrawnText] = []
        """What the last repaint drew (text, box, size, fitted): read by the tests."""
        self.timing = Timing(0.0, 0.0)
        self.chosen_screen: str | None = None
        """The name of the screen the secretary picked, or None to place it by itself."""
        self.ranking = scenes.RankingIndex()
        self._page = 0
        self._reveal: tuple[int, int] | None = None
        """While revealing: (category index, rows of its funded block shown)."""
        self._presenting: scenes.Presenting | None = None
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
        """Pages turn, and a reveal goes on, only while the ranking is on the wall."""
        on_wall = self.scene == RANKING and self.isVisible()
        if on_wall and self._reveal is not None:
            self._revealer.start()
        else:
            self._revealer.stop()
        if on_wall and self._reveal is None and not self.withheld:
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

    def send_read_back(self, juror: str, proposal: str, phase: str) -> None:
        self.read_back_sheet = (juror, proposal, phase)
        self.show_scene(READ_BACK)

    def set_message(self, text: str) -> None:
        self.message = text.strip()
        self.show_scene(MESSAGE)

    def set_agenda(self, items: list[str] | None) -> None:
        self.agenda = [i for i in items if i.strip()] if items else None
        self.update()

    def start_countdown(self, seconds: int) -> None:
        self.countdown_end = time.monotonic() + max(seconds, 0)
        self.show_scene(COUNTDOWN)

    def withhold(self, withheld: bool) -> None:
        """Hide the ranking until the announcement (or show it again at once)."""
        self.withheld = withheld
        self._reveal = None
        self._run_timers()
        self.update()

    def reveal(self) -> None:
        """Announce: show the ranking, rows appearing from the last funded to the first."""
        self.withheld = False
        self._reveal = (0, 0)
        self._page = 0
        self.show_scene(RANKING)
        self._run_timers()
        self.update()

    @property
    def revealing(self) -> bool:
        return self._reveal is not None

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
    def _on_changed(self, _kind: str, applied: Applied) -> None:
        everything = applied.everything
        self.ranking.touched(self.feed.state, None if everything else applied.proposals)
        shown = self._shown_proposal()
        if self._image is not None and (everything or self._image[0] in applied.proposals):
            self._image = None
        if everything or shown in applied.proposals or not applied.proposals \
                or self._presenting is None or shown != self._presenting.proposal.id:
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
        elif everything:
            self.update()

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
            if data is not None:
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
        elif self.scene == WELCOME:
            self._paint_welcome(canvas, scenes.welcome(state))
        elif self.scene == AGENDA:
            self._paint_agenda(canvas)
        elif self.scene == MESSAGE:
            self._paint_message(canvas)
        elif self.scene == COUNTDOWN:
            self._paint_countdown(canvas)
        total = time.perf_counter() - started
        self.timing = Timing(compute * 1000, (total - compute) * 1000)

    # -- now presenting --------------------------------------------------------------------
    def _shown_proposal(self) -> str | None:
        state = self.feed.state
        tally = state.tally
        if tally is None:
            return None
        for candidate in (state.presenting, self.followed[0]):
            if candidate and candidate in tally.proposals:
                return candidate
        contest = state.contest
        if contest and contest.proposals:
            return min(contest.proposals, key=lambda p: p.order).id
        return None

    def _presenting_data(self) -> scenes.Presenting | None:
        proposal = self._shown_proposal()
        contest = self.feed.state.contest
        if proposal is None or contest is None or not contest.phases:
            return None  # a contest still being prepared: nothing to show yet
        phase = self.followed[1] if self.followed[0] == proposal else None
        cached = self._presenting
        if cached is None or cached.proposal.id != proposal or (phase and cached.phase != phase):
            if phase and contest.phase(phase) is None:
                phase = None
            self._presenting = scenes.presenting(self.feed.state, proposal, phase)
        return self._presenting

    def _sheet_exists(self, sheet: tuple[str, str, str]) -> bool:
        contest, tally = self.feed.state.contest, self.feed.state.tally
        return bool(contest and tally and contest.juror(sheet[0]) and sheet[1] in tally.proposals
                    and contest.phase(sheet[2]))

    def _proposal_pixmap(self, proposal: str) -> QPixmap | None:
        if self._image is None or self._image[0] != proposal:
            raw = self.feed.image(proposal)
            pixmap = QPixmap()
            self._image = (proposal, pixmap if raw and pixmap.loadFromData(raw) else None)
            self._scaled = None
        return self._image[1]

    def _scaled_pixmap(self, picture: QPixmap, width: int, height: int) -> QPixmap:
        """The picture scaled to the box once per size, not on every paint."""
        if self._scaled is None or self._scaled[0] != (width, height):
            self._scaled = ((width, height), picture.scaled(
                width, height, Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        return self._scaled[1]

    def _paint_presenting(self, canvas: Canvas, data: scenes.Presenting) -> None:
        w, u = canvas.width, canvas.u
        words = self.words
        m = max(3 * u, 0.02 * w)
        proposal = data.proposal
        timer_w = w * 0.2
        picture = self._proposal_pixmap(proposal.id)
        picture_w = w * 0.16 if picture is not None else 0.0
        head_w = w - 2 * m - timer_w - picture_w - (2 * m if picture_w else m)
        canvas.text(QRectF(m, m, head_w, 10 * u), f"{proposal.order}. {proposal.organization}",
                    6.5 * u, TEXT, bold=True, wrap=True, floor=0.55)
        canvas.text(QRectF(m, m + 10 * u, head_w, 6 * u), proposal.title, 3.8 * u, MUTED,
                    wrap=True, floor=0.6)
        requested = words.money(proposal.requested, data.currency)
        facts = [" · ".join(words.name(data.category)),
                 words.one(N_("Requested")) + f": {requested}"]
        for label, value in ((N_("Families"), proposal.families),
                             (N_("Women"), proposal.women), (N_("Youth"), proposal.youth)):
            if value is not None:
                facts.append(f"{words.one(label)}: {value}")
        canvas.text(QRectF(m, m + 16 * u, head_w, 7 * u), "   ·   ".join(facts), 3.3 * u, TEXT,
                    wrap=True, floor=0.6)
        if picture is not None:
            box = QRectF(m + head_w + m, m, picture_w, 22 * u)
            scaled = self._scaled_pixmap(picture, int(box.width()), int(box.height()))
            canvas.painter.drawPixmap(int(box.right() - scaled.width()), int(box.top()), scaled)
        timer_box = QRectF(w - m - timer_w, m, timer_w, 22 * u)
        canvas.fill(timer_box, PANEL, u)
        canvas.block(timer_box.adjusted(u, u, -u, -12 * u),
                     lines(words(N_("Presentation time")), MUTED), 2.8 * u,
                     Align.AlignHCenter | Align.AlignVCenter, wrap=True)
        seconds = self.feed.clock.seconds if self.feed.clock else 0
        canvas.text(timer_box.adjusted(u, 10 * u, -u, -u), clock_text(seconds), 10 * u,
                    TEXT if not self.feed.clock or self.feed.clock.running else MUTED,
                    bold=True, align=Align.AlignCenter)
        band_top = 100 * u - m - 15 * u
        matrix_h = band_top - u - (m + 24 * u) - (6 * u if data.corrections else 0)
        self._paint_matrix(canvas, data, QRectF(m, m + 24 * u, w - 2 * m, matrix_h))
        if data.corrections:
            notes = [f"{c.juror_name} · {' / '.join(words.name(c.criterion))}: "
                     f"{c.old} → {c.new} ({c.reason})"
                     for c in data.corrections[-SHOWN_CORRECTIONS:]]
            hidden = len(data.corrections) - SHOWN_CORRECTIONS
            if hidden > 0:
                notes.append(" / ".join(words.plural(MORE_CORRECTIONS, hidden)))
            top = m + 24 * u + matrix_h + 0.5 * u
            canvas.block(QRectF(m, top, w - 2 * m, band_top - top - 0.5 * u),
                         [Line(words.one(N_("Corrected after the read-back")) + ": "
                               + " · ".join(notes), 1.0, ACCENT)],
                         2.8 * u, wrap=True, floor=0.4)
        self._paint_result_band(canvas, data, QRectF(m, 100 * u - m - 15 * u, w - 2 * m,
                                                     15 * u))

    def _paint_matrix(self, canvas: Canvas, data: scenes.Presenting, box: QRectF) -> None:
        u = canvas.u
        words = self.words
        columns = data.columns
        label_w = box.width() * (0.3 if columns else 1.0)
        column_w = (box.width() - label_w) / max(len(columns), 1)
        rows = len(data.criteria) + 1
        head_h = min(11 * u, box.height() * 0.22)
        # Two languages stack two names per criterion: taller rows, where the room is there.
        row_h = min((8 if words.bilingual else 6) * u, (box.height() - head_h) / rows)
        canvas.fill(QRectF(box.left(), box.top(), box.width(), head_h + row_h * rows), PANEL,
                    u * 0.6)
        canvas.block(QRectF(box.left() + u, box.top(), label_w - 2 * u, head_h),
                     lines(words.name(data.phase_name), ACCENT, bold=True), 3.6 * u,
                     wrap=True, floor=0.5)
        value_px = min(row_h * 0.62, 4.6 * u)
        icon_side = min(3 * u, column_w * 0.3)
        headers = []
        for j, column in enumerate(columns):
            x = box.left() + label_w + j * column_w
            header = QRectF(x + 0.3 * u, box.top() + 0.4 * u, column_w - 0.6 * u,
                            head_h - 0.8 * u - icon_side)
            colour = DIM if column.state != scenes.SCORING else TEXT
            headers.append((header, [Line(column.name, 1.0, colour)]))
        header_px = canvas.fit(headers, 2.8 * u, wrap=True, floor=0.45)
        for j, (column, (header, item)) in enumerate(zip(columns, headers, strict=True)):
            x = box.left() + label_w + j * column_w
            if j % 2 == 0:
                canvas.fill(QRectF(x, box.top() + head_h, column_w, row_h * rows), PANEL_LIGHT)
            canvas.block(header, item, header_px, Align.AlignHCenter | Align.AlignBottom,
                         wrap=True, floor=1.0)
            if column.state == scenes.SCORING:
                icon = QRectF(header.center().x() - icon_side / 2, header.bottom(), icon_side,
                              icon_side)
                canvas.icon(icon, "approved" if column.confirmed else scenes.PENDING)
        labels = [(QRectF(box.left() + u, box.top() + head_h + i * row_h, label_w - 2 * u,
                          row_h), lines(words.name(criterion.name), TEXT, second=0.75))
                  for i, criterion in enumerate(data.criteria)]
        label_px = canvas.fit(labels, row_h * 0.5, wrap=True, floor=0.55)
        for i, (label, item) in enumerate(labels):
            y = label.top()
            canvas.block(label, item, label_px, wrap=True, floor=1.0)
            for j, column in enumerate(columns):
                x = box.left() + label_w + j * column_w
                cell = QRectF(x, y, column_w, row_h)
                if column.state == scenes.SCORING:
                    value = column.values[i]
                    canvas.text(cell, words.value(value), value_px,
                                TEXT if column.confirmed else MUTED, bold=column.confirmed,
                                align=Align.AlignCenter, floor=0.6)
                    if column.corrected and column.corrected[i]:
                        canvas.corner(cell, ACCENT, min(row_h, column_w) * 0.3)
                else:
                    canvas.text(cell, "—", value_px, DIM, align=Align.AlignCenter)
        y = box.top() + head_h + (rows - 1) * row_h
        canvas.line(QPointF(box.left(), y), QPointF(box.right(), y), MUTED, max(u * 0.2, 1))
        canvas.block(QRectF(box.left() + u, y, label_w - 2 * u, row_h),
                     lines(words(N_("Juror's total")), ACCENT, bold=True), row_h * 0.55,
                     floor=0.5)
        for j, column in enumerate(columns):
            cell = QRectF(box.left() + label_w + j * column_w + 0.2 * u, y, column_w - 0.4 * u,
                          row_h)
            if column.state == scenes.RECUSED:
                canvas.block(cell, lines(words(N_("abstains")), DIM), value_px * 0.7,
                             Align.AlignCenter, wrap=True, floor=0.4)
            elif column.state == scenes.ABSENT:
                canvas.block(cell, lines(words(N_("absent")), DIM), value_px * 0.7,
                             Align.AlignCenter, wrap=True, floor=0.4)
            else:
                canvas.text(cell, words.value(column.total), value_px, ACCENT, bold=True,
                            align=Align.AlignCenter, floor=0.5)

    def _paint_result_band(self, canvas: Canvas, data: scenes.Presenting, box: QRectF) -> None:
        u = canvas.u
        words = self.words
        left_w = box.width() * 0.55
        parts = [f"{' / '.join(words.name(line.name))}: {words.score(line.score)}"
                 for line in data.phases]
        canvas.text(QRectF(box.left(), box.top(), left_w, 5 * u), "   ·   ".join(parts),
                    3.2 * u, MUTED, wrap=True, floor=0.5)
        label = N_("Running score") if data.status == scenes.PENDING else N_("Final score")
        canvas.block(QRectF(box.left(), box.top() + 5 * u, left_w, 10 * u),
                     [Line(f"{words.one(label)}: {words.score(data.final)}", 1.0, TEXT, True),
                      Line(words.one(N_("pass mark")) + f": {words.score(data.pass_score)}",
                           0.6, MUTED)], 5.5 * u, wrap=True, floor=0.45)
        badge = QRectF(box.left() + left_w + 2 * u, box.top() + u, box.width() - left_w - 2 * u,
                       box.height() - u)
        status = data.status  # pending, approved, rejected or incomplete: each has its icon
        colour = STATUS_COLOURS.get(status, DIM)
        canvas.fill(badge, PANEL, u)
        canvas.fill(QRectF(badge.left(), badge.top(), 0.8 * u, badge.height()), colour)
        side = min(7 * u, badge.height() * 0.6)
        canvas.icon(QRectF(badge.left() + 2 * u, badge.center().y() - side / 2, side, side),
                    status)
        canvas.block(badge.adjusted(3 * u + side, 0.5 * u, -u, -0.5 * u),
                     lines(words.fmt(PROPOSAL_STATUS[status], done=data.confirmed,
                                     total=data.sheets), TEXT, bold=True),
                     3.6 * u, wrap=True, floor=0.45)

    # -- read-back -------------------------------------------------------------------------
    def _paint_read_back(self, canvas: Canvas, back: scenes.ReadBack) -> None:
        w, u = canvas.width, canvas.u
        words = self.words
        m = max(3 * u, 0.02 * w)
        canvas.block(QRectF(m, m, w - 2 * m, 5 * u), lines(words(N_("Read-back of the sheet")),
                                                            ACCENT), 3.4 * u)
        canvas.text(QRectF(m, m + 5 * u, w * 0.55, 9 * u), back.juror_name, 7 * u, TEXT,
                    bold=True, wrap=True, floor=0.5)
        canvas.text(QRectF(m, m + 14 * u, w * 0.55, 5 * u), back.juror_role or "", 3.4 * u,
                    MUTED)
        right = QRectF(w * 0.58, m + 5 * u, w * 0.42 - m, 14 * u)
        canvas.block(right, [Line(f"{back.proposal.order}. {back.proposal.organization}", 1.0,
                                  TEXT, True),
                             *lines(words.name(back.phase_name), MUTED, second=0.85)],
                     3.8 * u, Align.AlignRight | Align.AlignVCenter, wrap=True, floor=0.5)
        rows = len(back.criteria) + 1
        top, bottom = m + 21 * u, 100 * u - m - 12 * u
        row_h = min(7.5 * u, (bottom - top) / rows)
        name_w, value_w = (w - 2 * m) * 0.62, (w - 2 * m) * 0.18
        canvas.fill(QRectF(m, top, w - 2 * m, row_h * rows), PANEL, u * 0.6)
        for i, (criterion, value) in enumerate(zip(back.criteria, back.values, strict=True)):
            y = top + i * row_h
            if i % 2:
                canvas.fill(QRectF(m, y, w - 2 * m, row_h), PANEL_LIGHT)
            canvas.block(QRectF(m + u, y, name_w - 2 * u, row_h),
                         lines(words.name(criterion.name), second=0.75), row_h * 0.5,
                         wrap=True, floor=0.5)
            canvas.text(QRectF(m + name_w, y, value_w, row_h), words.value(value),
                        row_h * 0.68, TEXT, bold=True, align=Align.AlignCenter, floor=0.6)
            canvas.text(QRectF(m + name_w + value_w, y, (w - 2 * m) - name_w - value_w - u,
                               row_h), f"/ {decimal_text(criterion.max)}", row_h * 0.45, MUTED,
                        align=Align.AlignLeft | Align.AlignVCenter)
        y = top + (rows - 1) * row_h
        canvas.line(QPointF(m, y), QPointF(w - m, y), MUTED, max(u * 0.2, 1))
        canvas.block(QRectF(m + u, y, name_w - 2 * u, row_h),
                     lines(words(N_("Total")), ACCENT, bold=True), row_h * 0.55)
        canvas.text(QRectF(m + name_w, y, value_w, row_h), words.value(back.total),
                    row_h * 0.7, ACCENT, bold=True, align=Align.AlignCenter, floor=0.6)
        band = QRectF(m, 100 * u - m - 10 * u, w - 2 * m, 10 * u)
        canvas.fill(band, PANEL, u)
        side = 6 * u
        canvas.icon(QRectF(band.left() + 2 * u, band.center().y() - side / 2, side, side),
                    "approved" if back.confirmed else scenes.PENDING)
        text = words(N_("“Conforme”: the juror confirmed this sheet") if back.confirmed
                     else N_("Is this your sheet? Say “conforme”"))
        canvas.block(band.adjusted(4 * u + side, 0.5 * u, -u, -0.5 * u),
                     lines(text, TEXT, bold=True), 4.4 * u, wrap=True, floor=0.45)

    # -- ranking ---------------------------------------------------------------------------
    def _ranking_geometry_for(self, _width: int,
                              height: int) -> tuple[float, float, float, int]:
        """(table top, row height, gap for the funding line, rows per page)."""
        u = height / 100.0
        top = 30 * u if not self.words.bilingual else 35 * u
        row_h = 8 * u if not self.words.bilingual else 10 * u
        gap = 4 * u
        available = 100 * u - top - 6 * u - gap
        return top, row_h, gap, max(int(available // row_h), 1)

    def pages(self, per_page: int) -> list[tuple[str, int]]:
        """(category, first row) of every page, category by category."""
        state = self.feed.state
        contest = state.contest
        assert contest is not None
        out = []
        for category in contest.categories:
            total = len(self.ranking.order(state, category.id))
            out.extend((category.id, first) for first in range(0, max(total, 1), per_page))
        return out

    def next_page(self) -> None:
        self._page += 1
        self.update()

    def previous_page(self) -> None:
        self._page -= 1
        self.update()

    def _reveal_step(self) -> None:
        if self._reveal is None:
            self._revealer.stop()
            return
        contest = self.feed.state.contest
        assert contest is not None
        index, shown = self._reveal
        if index >= len(contest.categories):
            self._reveal = None
            self._page = 0
            self._run_timers()
        else:
            category = contest.categories[index].id
            line = self.ranking.funding_line(self.feed.state, category)
            self._reveal = (index, shown + 1) if shown < line else (index + 1, 0)
        self.update()

    def _paint_ranking(self, canvas: Canvas) -> float:
        t0 = time.perf_counter()
        state = self.feed.state
        contest = state.contest
        assert contest is not None
        words = self.words
        w, u = canvas.width, canvas.u
        m = max(3 * u, 0.02 * w)
        if self.withheld:
            self._ranking_categories_shown = set()
            canvas.block(QRectF(m, 20 * u, w - 2 * m, 30 * u),
                         lines(words(N_("The results will be announced shortly")), TEXT, True),
                         8 * u, Align.AlignCenter, wrap=True, floor=0.4)
            canvas.text(QRectF(m, 55 * u, w - 2 * m, 10 * u), contest.title, 4 * u, MUTED,
                        align=Align.AlignCenter, wrap=True, floor=0.5)
            return time.perf_counter() - t0
        top, row_h, gap, per_page = self._ranking_geometry_for(canvas.width, canvas.height)
        hidden_above = 0
        if self._reveal is not None and self._reveal[0] < len(contest.categories):
            category = contest.categories[self._reveal[0]].id
            line = self.ranking.funding_line(state, category)
            hidden_above = line - self._reveal[1]
            focus = max(hidden_above, 0) if hidden_above < line else max(line - 1, 0)
            first = (focus // per_page) * per_page
            pages = [(category, first)]
            page_index = 0
        else:
            pages = self.pages(per_page)
            if not pages:
                return time.perf_counter() - t0  # no category yet
            page_index = self._page % len(pages)
            category, first = pages[page_index]
        page = self.ranking.page(state, category, first, per_page)
        self._ranking_categories_shown = {category}
        compute = time.perf_counter() - t0
        # Header: the category, the page, the budget bar.
        canvas.block(QRectF(m, m, w * 0.7 - m, 10 * u),
                     lines(words.name(page.name), TEXT, bold=True), 6 * u, wrap=True,
                     floor=0.5)
        same = [p for p in pages if p[0] == category]
        if len(same) > 1 or self._reveal is None:
            number = same.index((category, first)) + 1 if (category, first) in same else 1
            canvas.block(QRectF(w * 0.7, m, w * 0.3 - m, 10 * u),
                         lines(words.fmt(N_("page {page} of {pages}"), page=number,
                                         pages=max(len(same), 1)), MUTED),
                         3 * u, Align.AlignRight | Align.AlignVCenter)
        bar = QRectF(m, m + 11 * u, w - 2 * m, 4.5 * u)
        canvas.fill(bar, PANEL_LIGHT, u * 0.5)
        if page.budget > 0:
            # While rows are still hidden, so is what they were awarded.
            share = 0.0 if hidden_above > 0 else float(min(page.allocated / page.budget,
                                                           Fraction(1)))
            if share > 0:
                canvas.fill(QRectF(bar.left(), bar.top(), bar.width() * share, bar.height()),
                            STATUS_COLOURS[scenes.FUNDED], u * 0.5)
        money = words.money
        summary = words.fmt(N_("Budget {budget} · awarded {allocated} · left {remaining}"),
                            budget=money(page.budget, page.currency),
                            allocated=money(page.allocated, page.currency),
                            remaining=money(page.remaining, page.currency))
        if hidden_above > 0:
            summary = words.fmt(N_("Budget {budget}"), budget=money(page.budget, page.currency))
        head_top = top - 6 * u if not words.bilingual else top - 8.5 * u
        # The budget line ends where the column headings begin: they must not overlap.
        canvas.block(QRectF(m, bar.bottom() + 0.5 * u, w - 2 * m,
                            head_top - 0.5 * u - (bar.bottom() + 0.5 * u)),
                     lines(summary, MUTED), 3.2 * u, wrap=True, floor=0.5)
        # Column headings.
        columns = self._ranking_columns(w - 2 * m)
        heads = (N_("Rank"), N_("Organization"), N_("Score"), N_("Requested"), N_("Award"),
                 N_("Status"))
        x = m
        headings = []
        for (width, _align), head in zip(columns, heads, strict=True):
            # The status heading stands over the status words, after the icon: right after a
            # right-aligned figure it would read as one phrase ("Premio Imayna").
            indent = min(row_h * 0.6, 4 * u) + u if head == heads[-1] else 0.0
            headings.append((QRectF(x + 0.4 * u + indent, head_top, width - 0.8 * u - indent,
                                    top - head_top - u), lines(words(head), ACCENT,
                                                               second=0.85)))
            x += width
        head_px = canvas.fit(headings, 2.8 * u, wrap=True, floor=0.45)
        for (box, item), (_width, align) in zip(headings, columns, strict=True):
            canvas.block(box, item, head_px, align | Align.AlignBottom, wrap=True, floor=1.0)
        y = top
        cells = [self._cells(row, page.currency) for row in page.rows]
        cell_px = self._row_size(canvas, page, cells, columns, row_h)
        for k, (row, texts) in enumerate(zip(page.rows, cells, strict=True)):
            position = page.first + k
            hidden = position < hidden_above
            if k % 2 == 0:
                canvas.fill(QRectF(m, y, w - 2 * m, row_h), PANEL)
            self._paint_row(canvas, row, texts, QRectF(m, y, w - 2 * m, row_h), columns,
                            hidden, cell_px)
            y += row_h
            if position + 1 == page.funding_line and position + 1 < page.total_rows:
                label = QRectF(w - m - w * 0.36, y, w * 0.36, gap)
                canvas.line(QPointF(m, y + gap / 2), QPointF(label.left() - u, y + gap / 2),
                            LINE, max(0.5 * u, 2), dashed=True)
                canvas.text(label, words.one(N_("funding line")), gap * 0.7, LINE,
                            align=Align.AlignRight | Align.AlignVCenter, floor=0.5)
                y += gap
        if page.pending:
            canvas.block(QRectF(m, 100 * u - m - 3 * u, w - 2 * m, m + 2.5 * u),
                         lines(words.plural(PROVISIONAL, page.pending),
                               STATUS_COLOURS[scenes.PENDING]),
                         2.8 * u, wrap=True, floor=0.5)
        return compute

    @staticmethod
    def _ranking_columns(width: float) -> list[tuple[float, Qt.AlignmentFlag]]:
        shares = ((0.07, Align.AlignHCenter), (0.33, Align.AlignLeft),
                  (0.09, Align.AlignRight), (0.14, Align.AlignRight),
                  (0.14, Align.AlignRight), (0.23, Align.AlignLeft))
        return [(width * share, align) for share, align in shares]

    def _cells(self, row: scenes.RankingRow, currency: str) -> list[str]:
        words = self.words
        rank = "" if row.rank is None else f"{row.rank}{'=' if row.tie else ''}"
        if row.provisional and rank:
            rank = f"({rank})"
        return [rank, row.organization, words.score(row.final),
                words.money(row.requested, currency),
                words.money(row.award, currency) if row.award else "—", ""]

    def _row_size(self, canvas: Canvas, page: scenes.RankingPage, cells: list[list[str]],
                  columns: list[tuple[float, Qt.AlignmentFlag]],
                  row_h: float) -> tuple[float, float, float]:
        """Type sizes for the page's figures, organizations and status words: each kind the
        same on every row, and none larger than the figures."""
        u = canvas.u
        px = min(row_h * (0.5 if not self.words.bilingual else 0.4), 4.2 * u)
        side = min(row_h * 0.6, 4 * u)
        figures, names, statuses = [], [], []
        for row, texts in zip(page.rows, cells, strict=True):
            for k, ((width, _align), text) in enumerate(zip(columns, texts, strict=True)):
                if text and k != 1:
                    figures.append((QRectF(0, 0, width - 0.8 * u, row_h),
                                    [Line(text, 1.0, None, k == 0)]))
            names.append((QRectF(0, 0, columns[1][0] - 0.8 * u, row_h),
                          [Line(texts[1], 1.0, None, False)]))
            statuses.append((QRectF(0, 0, columns[5][0] - 0.8 * u - side - u, row_h),
                             lines(self.words(STATUS_WORDS[row.status]), second=0.85)))
        figure_px = canvas.fit(figures, px, floor=0.5)
        return (figure_px, canvas.fit(names, figure_px, wrap=True, floor=0.6),
                canvas.fit(statuses, figure_px, wrap=True, floor=0.6))

    def _paint_row(self, canvas: Canvas, row: scenes.RankingRow, texts: list[str],
                   box: QRectF, columns: list[tuple[float, Qt.AlignmentFlag]], hidden: bool,
                   sizes: tuple[float, float, float]) -> None:
        u = canvas.u
        words = self.words
        figure_px, name_px, status_px = sizes
        x = box.left()
        cells = ["?", "", "", "", "", ""] if hidden else texts
        colour = TEXT if not row.provisional else MUTED
        for k, ((width, align), text) in enumerate(zip(columns, cells, strict=True)):
            cell = QRectF(x + 0.4 * u, box.top(), width - 0.8 * u, box.height())
            if k == 5 and not hidden:
                side = min(box.height() * 0.6, 4 * u)
                canvas.icon(QRectF(cell.left(), cell.center().y() - side / 2, side, side),
                            row.status)
                canvas.block(cell.adjusted(side + u, 0, 0, 0),
                             lines(words(STATUS_WORDS[row.status]),
                                   STATUS_COLOURS.get(row.status, TEXT), second=0.85),
                             status_px, wrap=True, floor=1.0)
            elif k == 1 and hidden:
                canvas.fill(cell.adjusted(0, box.height() * 0.3, 0, -box.height() * 0.3),
                            PANEL_LIGHT, u * 0.4)
            elif k == 1:
                canvas.text(cell, text, name_px, colour, align=align | Align.AlignVCenter,
                            wrap=True, floor=1.0)
            elif text:
                canvas.text(cell, text, figure_px, colour, bold=k == 0,
                            align=align | Align.AlignVCenter, floor=1.0)
            x += width

    # -- interludes ------------------------------------------------------------------------
    def _paint_welcome(self, canvas: Canvas, data: scenes.Welcome) -> None:
        w, u = canvas.width, canvas.u
        words = self.words
        m = max(4 * u, 0.03 * w)
        canvas.block(QRectF(m, m, w - 2 * m, 6 * u), lines(words(N_("Welcome")), ACCENT),
                     4.5 * u)
        canvas.text(QRectF(m, m + 6 * u, w - 2 * m, 18 * u), data.title, 7.5 * u, TEXT,
                    bold=True, wrap=True, floor=0.45)
        canvas.text(QRectF(m, m + 24 * u, w - 2 * m, 5 * u),
                    " · ".join((*data.place, words.date(data.date))), 3.6 * u, MUTED,
                    wrap=True, floor=0.5)
        top = m + 31 * u
        canvas.block(QRectF(m, top, w - 2 * m, 5 * u),
                     lines(words(N_("The jury (CLAR members)")), ACCENT, bold=True), 3.6 * u)
        members = data.jury
        per_column = max((len(members) + 1) // 2, 1) if len(members) > 7 else max(len(members), 1)
        columns = 1 if len(members) <= 7 else 2
        column_w = (w - 2 * m) / columns
        row_h = min(9 * u, (100 * u - m - top - 6 * u) / per_column)
        items = []
        for k, member in enumerate(members):
            x = m + (k // per_column) * column_w
            y = top + 6 * u + (k % per_column) * row_h
            item = [Line(member.name, 1.0, TEXT, True)]
            if member.role:
                item.append(Line(member.role, 0.75, MUTED))
            items.append((QRectF(x, y, column_w - 2 * u, row_h), item))
        px = canvas.fit(items, min(3.6 * u, row_h * 0.5), wrap=True, floor=0.45)
        for box, item in items:
            canvas.block(box, item, px, wrap=True, floor=1.0)

    def agenda_items(self) -> list[list[str]]:
        if self.agenda:
            return [[item] for item in self.agenda]
        return [self.words(item) for item in DEFAULT_AGENDA]

    def _paint_agenda(self, canvas: Canvas) -> None:
        w, u = canvas.width, canvas.u
        words = self.words
        m = max(4 * u, 0.03 * w)
        canvas.block(QRectF(m, m, w - 2 * m, 12 * u), lines(words(N_("Agenda")), ACCENT, True),
                     7 * u)
        items = self.agenda_items()
        top = m + 14 * u
        row_h = min(11 * u if words.bilingual else 9 * u,
                    (100 * u - m - top) / max(len(items), 1))
        for k, item in enumerate(items):
            y = top + k * row_h
            canvas.text(QRectF(m, y, 6 * u, row_h), f"{k + 1}.", 4.2 * u, ACCENT, bold=True,
                        align=Align.AlignLeft | Align.AlignVCenter)
            canvas.block(QRectF(m + 7 * u, y, w - 2 * m - 7 * u, row_h), lines(item),
                         4.2 * u, wrap=True, floor=0.45)

    def _paint_message(self, canvas: Canvas) -> None:
        w, u = canvas.width, canvas.u
        m = max(5 * u, 0.04 * w)
        canvas.text(QRectF(m, m, w - 2 * m, 100 * u - 2 * m), self.message, 9 * u, TEXT,
                    bold=True, align=Align.AlignCenter, wrap=True, floor=0.3)

    def countdown_seconds(self) -> int:
        if self.countdown_end is None:
            return 0
        return max(int(self.countdown_end - time.monotonic() + 0.999), 0)

    def _paint_countdown(self, canvas: Canvas) -> None:
        w, u = canvas.width, canvas.u
        words = self.words
        m = max(5 * u, 0.04 * w)
        left = self.countdown_seconds()
        caption = words(N_("Time left") if left else N_("Time is up"))
        canvas.block(QRectF(m, 8 * u, w - 2 * m, 16 * u), lines(caption, ACCENT, True), 7 * u,
                     Align.AlignCenter, wrap=True, floor=0.45)
        canvas.text(QRectF(m, 26 * u, w - 2 * m, 50 * u), clock_text(left), 36 * u,
                    TEXT if left else STATUS_COLOURS[scenes.PENDING], bold=True,
                    align=Align.AlignCenter, floor=0.3)
        if self.message:
            canvas.text(QRectF(m, 78 * u, w - 2 * m, 16 * u), self.message, 5 * u, MUTED,
                        align=Align.AlignCenter, wrap=True, floor=0.4)
