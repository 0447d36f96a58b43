"""The scene "read-back": one juror's sheet for one proposal, value by value, read aloud
before the juror says "conforme"."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

from ...domain.model import FollowupItem
from ...domain.numbers import decimal_text
from ...i18n import N_
from . import scenes
from .canvas import ACCENT, DIM, MUTED, PANEL, PANEL_LIGHT, TEXT, Align, Canvas, Line
from .feed import AudienceFeed
from .presenting import COLUMN_STATE
from .words import Words, lines

NO_SHEET = {scenes.RECUSED: N_("Recused on this proposal: the juror does not score it"),
            scenes.ABSENT: N_("Absent from this evaluation: the juror does not score it")}
ITEM_CAPTION = N_("Read-back of the sheet of a second-tranche evaluation")
ITEM_RECUSED = N_("Recused on this second-tranche item: the juror does not score it")


class ReadBackPainter:
    """The read-back scene of `AudienceWindow` (which holds the state read here)."""

    feed: AudienceFeed
    words: Words

    def _sheet_exists(self, sheet: tuple[str, str, str]) -> bool:
        contest, tally = self.feed.state.contest, self.feed.state.tally
        return bool(contest and tally and contest.juror(sheet[0])
                    and (sheet[1] in tally.proposals or sheet[1] in tally.items)
                    and contest.phase(sheet[2]))

    def _paint_read_back(self, canvas: Canvas, back: scenes.ReadBack) -> None:
        w, u = canvas.width, canvas.u
        words = self.words
        m = max(3 * u, 0.02 * w)
        caption = 7 * u if words.bilingual else 5 * u  # the caption in one or two lines
        item = isinstance(back.proposal, FollowupItem)
        canvas.block(QRectF(m, m, w - 2 * m, caption),
                     lines(words(ITEM_CAPTION if item else N_("Read-back of the sheet")),
                           ACCENT), 3.4 * u)
        head = m + caption
        canvas.text(QRectF(m, head, w * 0.55, 9 * u), back.juror_name, 7 * u, TEXT,
                    bold=True, wrap=True, floor=0.5)
        canvas.text(QRectF(m, head + 9 * u, w * 0.55, 5 * u), back.juror_role or "", 3.4 * u,
                    MUTED)
        right = QRectF(w * 0.58, head, w * 0.42 - m, 14 * u)
        canvas.block(right, [Line(f"{back.proposal.order}. {back.proposal.organization}", 1.0,
                                  TEXT, True),
                             *lines(words.name(back.phase_name), MUTED, second=0.85)],
                     3.8 * u, Align.AlignRight | Align.AlignVCenter, wrap=True, floor=0.5)
        rows = len(back.criteria) + 1
        top, bottom = head + 16 * u, 100 * u - m - 12 * u
        row_h = min(7.5 * u, (bottom - top) / rows)
        name_w, value_w = (w - 2 * m) * 0.62, (w - 2 * m) * 0.18
        scoring = back.state == scenes.SCORING
        canvas.fill(QRectF(m, top, w - 2 * m, row_h * rows), PANEL, u * 0.6)
        for i, (criterion, value) in enumerate(zip(back.criteria, back.values, strict=True)):
            y = top + i * row_h
            if i % 2:
                canvas.fill(QRectF(m, y, w - 2 * m, row_h), PANEL_LIGHT)
            canvas.block(QRectF(m + u, y, name_w - 2 * u, row_h),
                         lines(words.name(criterion.name), second=0.75), row_h * 0.5,
                         wrap=True, floor=0.5)
            if scoring:
                canvas.text(QRectF(m + name_w, y, value_w, row_h), words.value(value),
                            row_h * 0.68, TEXT, bold=True, align=Align.AlignCenter, floor=0.6)
            canvas.text(QRectF(m + name_w + value_w, y, (w - 2 * m) - name_w - value_w - u,
                               row_h), f"/ {decimal_text(criterion.max)}", row_h * 0.45, MUTED,
                        align=Align.AlignLeft | Align.AlignVCenter)
        y = top + (rows - 1) * row_h
        canvas.line(QPointF(m, y), QPointF(w - m, y), MUTED, max(u * 0.2, 1))
        canvas.block(QRectF(m + u, y, name_w - 2 * u, row_h),
                     lines(words(N_("Total")), ACCENT, bold=True), row_h * 0.55)
        if scoring:
            canvas.text(QRectF(m + name_w, y, value_w, row_h), words.value(back.total),
                        row_h * 0.7, ACCENT, bold=True, align=Align.AlignCenter, floor=0.6)
        else:  # no values: the column says why, in words
            canvas.block(QRectF(m + name_w, top, value_w, row_h * rows),
                         lines(words(COLUMN_STATE[back.state]), DIM), 4.4 * u,
                         Align.AlignCenter, wrap=True, floor=0.4)
        band = QRectF(m, 100 * u - m - 10 * u, w - 2 * m, 10 * u)
        canvas.fill(band, PANEL, u)
        side = 6 * u
        canvas.icon(QRectF(band.left() + 2 * u, band.center().y() - side / 2, side, side),
                    scenes.ROW_INCOMPLETE if not scoring
                    else "approved" if back.confirmed else scenes.PENDING)
        no_sheet = ITEM_RECUSED if item and back.state == scenes.RECUSED \
            else NO_SHEET.get(back.state, "")
        text = words(no_sheet if not scoring
                     else N_("“Conforme”: the juror confirmed this sheet") if back.confirmed
                     else N_("Is this your sheet? Say “conforme”"))
        canvas.block(band.adjusted(4 * u + side, 0.5 * u, -u, -0.5 * u),
                     lines(text, TEXT, bold=True), 4.4 * u, wrap=True, floor=0.45)
