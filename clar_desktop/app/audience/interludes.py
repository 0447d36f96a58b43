"""The interludes: welcome (the contest and its jury), the agenda, a message, a countdown.
(The blank screen needs no painter.)"""

from __future__ import annotations

import time

from PySide6.QtCore import QRectF

from ...i18n import N_
from ...labels import DEFAULT_AGENDA
from ..session.presentation import clock_text
from . import scenes
from .canvas import ACCENT, MUTED, STATUS_COLOURS, TEXT, Align, Canvas, Line
from .feed import AudienceFeed
from .phone_code import paint_phone_badge
from .words import Words, lines


class InterludesPainter:
    """The interludes of `AudienceWindow` (which holds the state read here)."""

    words: Words
    feed: AudienceFeed
    message: str
    countdown_end: float | None
    phones_url: str | None

    def _paint_welcome(self, canvas: Canvas, data: scenes.Welcome) -> None:
        """From the top down, each text as tall as it needs at its size: the greeting, the
        contest, where and when, then the jury in as many columns as keep it readable."""
        w, u = canvas.width, canvas.u
        words = self.words
        m = max(4 * u, 0.03 * w)
        width = w - 2 * m
        if self.phones_url is not None:  # the phones' code in the corner, the jury beside it
            badge = paint_phone_badge(canvas, words, self.phones_url, 26 * u)
        y = m
        for item, pixels, room, gap in (
                (lines(words(N_("Welcome")), ACCENT), 4.5 * u, 12 * u, 0.5 * u),
                ([Line(data.title, 1.0, TEXT, True)], 7.5 * u, 18 * u, 0.5 * u),
                ([Line(" · ".join((*data.place, words.date(data.date))), 1.0, MUTED)],
                 3.6 * u, 9 * u, 1.5 * u),
                (lines(words(N_("The jury (CLAR members)")), ACCENT, bold=True), 3.6 * u,
                 9 * u, 0.5 * u)):
            height = min(canvas.height_of(width, item, pixels), room)
            canvas.block(QRectF(m, y, width, height), item, pixels, wrap=True, floor=0.45)
            y += height + gap
        members = data.jury
        if self.phones_url is not None:
            width = badge.left() - m - 2 * u
        columns = max(-(-len(members) // 7), 1)
        per_column = max(-(-len(members) // columns), 1)
        column_w = width / columns
        row_h = min(9 * u, (100 * u - m - y) / per_column)
        items = []
        for k, member in enumerate(members):
            x = m + (k // per_column) * column_w
            item = [Line(member.name, 1.0, TEXT, True)]
            if member.role:
                item.append(Line(member.role, 0.75, MUTED))
            items.append((QRectF(x, y + (k % per_column) * row_h, column_w - 2 * u, row_h),
                          item))
        px = canvas.fit(items, min(3.6 * u, row_h * 0.5), wrap=True, floor=0.45)
        for box, item in items:
            canvas.block(box, item, px, wrap=True, floor=1.0)

    def agenda_items(self) -> list[list[str]]:
        """The agenda recorded in the minutes' details (as typed), else the usual one in
        the projection's languages: the same agenda the acta prints."""
        agenda = self.feed.state.minutes.agenda
        if agenda:
            return [[item] for item in agenda]
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
