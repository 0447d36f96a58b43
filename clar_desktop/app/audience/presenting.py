"""The scene "now presenting": the proposal, its presentation time, the scores of every juror
criterion by criterion, the corrections made after the read-back and the running result."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPixmap

from ...i18n import N_, Nn_
from ..session.presentation import clock_text
from . import followup_scenes, scenes
from .canvas import (
    ACCENT,
    DIM,
    MUTED,
    PANEL,
    PANEL_LIGHT,
    STATUS_COLOURS,
    TEXT,
    Align,
    Canvas,
    Line,
)
from .feed import AudienceFeed
from .words import Words, lines

PROPOSAL_STATUS = {
    scenes.PENDING: N_("Pending: {done} of {total} sheets confirmed"),
    "approved": N_("Approved: reaches the pass mark"),
    "rejected": N_("Not approved: below the pass mark"),
    "incomplete": N_("Sheets incomplete: no result yet"),
    "withdrawn": N_("Withdrawn: not scored"),
}
MORE_CORRECTIONS = Nn_("and {count} more", "and {count} more")
SHOWN_CORRECTIONS = 3
COLUMN_STATE = {scenes.RECUSED: N_("recused"), scenes.ABSENT: N_("absent")}
"""What the column of a juror who does not score the item says instead of values."""

class PresentingPainter:
    """The now-presenting scene of `AudienceWindow` (which holds the state read here)."""

    feed: AudienceFeed
    words: Words
    followed: tuple[str | None, str | None]
    _page: int
    """Which page of criteria is shown when they do not all fit (turned with the ranking's)."""
    _criteria_of: tuple[str, str] | None
    """(proposal, phase) whose criteria `_page` counts: another starts at the first page."""
    _presenting: scenes.ShownSheets | None
    """The scene's data, computed again only after an event that touches what it shows."""
    _image: tuple[str, QPixmap | None] | None
    _scaled: tuple[tuple[int, int], QPixmap] | None

    def _shown_proposal(self) -> str | None:
        """The entry on the wall: the one presenting, else the one the secretary has open,
        else the first in the running order — a proposal or a follow-up item alike."""
        state = self.feed.state
        tally = state.tally
        if tally is None:
            return None
        for candidate in (state.presenting, self.followed[0]):
            if candidate and (candidate in tally.proposals or candidate in tally.items):
                return candidate
        contest = state.contest
        if contest and contest.proposals:
            return min(contest.proposals, key=lambda p: p.order).id
        if contest and contest.followup_items:
            return min(contest.followup_items, key=lambda i: i.order).id
        return None

    def _presenting_data(self) -> scenes.ShownSheets | None:
        entry = self._shown_proposal()
        state = self.feed.state
        contest = state.contest
        if entry is None or contest is None:
            return None
        item = followup_scenes.is_item(state, entry)
        phases = contest.followups.phases if item and contest.followups else contest.phases
        if not phases:
            return None  # a contest still being prepared: nothing to show yet
        phase = self.followed[1] if self.followed[0] == entry else None
        cached = self._presenting
        if cached is None or cached.entry != entry or (phase and cached.phase != phase):
            if phase and all(p.id != phase for p in phases):
                phase = None
            self._presenting = (followup_scenes.item_presenting(state, entry, phase) if item
                                else scenes.presenting(state, entry, phase))
        return self._presenting

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
        """The proposal at the top, the result band at the bottom, the jurors' sheets in
        between: the header and the band take what their texts need at a readable size, the
        sheets the rest (in pages of criteria when they do not all fit)."""
        w, u = canvas.width, canvas.u
        words = self.words
        if self._criteria_of != (data.proposal.id, data.phase):
            self._criteria_of = (data.proposal.id, data.phase)
            self._page = 0
        m = max(3 * u, 0.02 * w)
        top = 2.5 * u  # and as much below: the rows need the height more than a margin does
        proposal = data.proposal
        timer_w = w * 0.2
        picture = self._proposal_pixmap(proposal.id)
        picture_w = w * 0.16 if picture is not None else 0.0
        head_w = w - 2 * m - timer_w - picture_w - (2 * m if picture_w else m)
        requested = words.money(proposal.requested, data.currency)
        facts = [" · ".join(words.name(data.category)),
                 words.one(N_("Requested")) + f": {requested}"]
        for label, value in ((N_("Families"), proposal.families),
                             (N_("Women"), proposal.women), (N_("Youth"), proposal.youth)):
            if value is not None:
                facts.append(f"{words.one(label)}: {value}")
        facts_line = [Line("   ·   ".join(facts), 1.0, TEXT)]
        facts_h = max(canvas.height_of(head_w, facts_line, 2.6 * u), 3.5 * u)
        canvas.text(QRectF(m, top, head_w, 7.5 * u),
                    f"{proposal.order}. {proposal.organization}", 5.8 * u, TEXT, bold=True,
                    wrap=True, floor=0.55)
        canvas.text(QRectF(m, top + 7.5 * u, head_w, 4 * u), proposal.title, 3.2 * u, MUTED,
                    wrap=True, floor=0.6)
        canvas.block(QRectF(m, top + 11.5 * u, head_w, facts_h), facts_line, 2.6 * u,
                     wrap=True, floor=0.6)
        head_h = 11.5 * u + facts_h
        if picture is not None:
            box = QRectF(m + head_w + m, top, picture_w, head_h)
            scaled = self._scaled_pixmap(picture, int(box.width()), int(box.height()))
            canvas.painter.drawPixmap(int(box.right() - scaled.width()), int(box.top()), scaled)
        self._paint_timer(canvas, QRectF(w - m - timer_w, top, timer_w, head_h))
        band_h = 13 * u
        band_top = 100 * u - top - band_h
        matrix_top = top + head_h + u
        notes_h = self._paint_corrections(canvas, data, QRectF(m, 0, w - 2 * m, band_top))
        self._paint_matrix(canvas, data, QRectF(m, matrix_top, w - 2 * m,
                                                band_top - u - notes_h - matrix_top))
        self._paint_result_band(canvas, data, QRectF(m, band_top, w - 2 * m, band_h))

    def _paint_timer(self, canvas: Canvas, box: QRectF) -> None:
        u = canvas.u
        canvas.fill(box, PANEL, u)
        caption = lines(self.words(N_("Presentation time")), MUTED)
        inner = box.adjusted(u, 0.5 * u, -u, -0.5 * u)
        caption_h = min(canvas.height_of(inner.width(), caption, 2.6 * u), inner.height() / 2)
        canvas.block(QRectF(inner.left(), inner.top(), inner.width(), caption_h), caption,
                     2.6 * u, Align.AlignHCenter | Align.AlignVCenter, wrap=True)
        clock = QRectF(inner.left(), inner.top() + caption_h, inner.width(),
                       inner.height() - caption_h)
        seconds = self.feed.clock.seconds if self.feed.clock else 0
        canvas.text(clock, clock_text(seconds), min(10 * u, clock.height() * 0.8),
                    TEXT if not self.feed.clock or self.feed.clock.running else MUTED,
                    bold=True, align=Align.AlignCenter, floor=0.5)

    def _paint_corrections(self, canvas: Canvas, data: scenes.ShownSheets,
                           above: QRectF) -> float:
        """The latest corrections, as many as two lines hold, just above ``above``'s bottom;
        returns the height they took."""
        if not data.corrections:
            return 0.0
        u = canvas.u
        words = self.words
        height = 2 * canvas.height_of(above.width(), [Line("0", 1.0)], 0.0, wrap=False) \
            + 0.5 * u
        box = QRectF(above.left(), above.bottom() - u - height, above.width(), height)
        for shown in range(min(SHOWN_CORRECTIONS, len(data.corrections)), 0, -1):
            notes = [f"{c.juror_name} · {' / '.join(words.name(c.criterion))}: "
                     f"{c.old} → {c.new} ({c.reason})" for c in data.corrections[-shown:]]
            hidden = len(data.corrections) - shown
            if hidden > 0:
                notes.append(" / ".join(words.plural(MORE_CORRECTIONS, hidden)))
            text = [Line(words.one(N_("Corrected after the read-back")) + ": "
                         + " · ".join(notes), 1.0, ACCENT)]
            if shown == 1 or canvas.fits(box, text, 2.8 * u, wrap=True, floor=0.4):
                break
        canvas.block(box, text, 2.8 * u, wrap=True, floor=0.4)
        return height + 0.5 * u

    def _paint_matrix(self, canvas: Canvas, data: scenes.ShownSheets, box: QRectF) -> None:
        u = canvas.u
        words = self.words
        columns = data.columns
        label_w = box.width() * ((0.34 if words.bilingual else 0.3) if columns else 1.0)
        column_w = (box.width() - label_w) / max(len(columns), 1)
        icon_side = min(2.6 * u, column_w * 0.3)
        name_w = column_w - 0.6 * u
        names = [[Line(column.name, 1.0, DIM if column.state != scenes.SCORING else TEXT)]
                 for column in columns]
        name_h = max((canvas.height_of(name_w, item, 2.3 * u) for item in names), default=0.0)
        labels = [lines(words.name(criterion.name), TEXT, second=0.75)
                  for criterion in data.criteria]
        total_label = lines(words(N_("Juror's total")), ACCENT, bold=True)
        needed = max((canvas.height_of(label_w - 2 * u, item, 0.0)
                      for item in (*labels, total_label)), default=0.0) + 0.3 * u
        criteria = len(data.criteria)

        def layout(heading: list[Line]) -> tuple[float, float, int, int]:
            """(heading's height, room for the rows, pages, criteria per page)."""
            head_h = max(name_h + icon_side + 0.8 * u,
                         canvas.height_of(label_w - 2 * u, heading, 2.6 * u) + 0.8 * u)
            room = box.height() - head_h
            fit = max(int(room // max(needed, 3.5 * u)) - 1, 1)  # criteria, and the total
            pages = max(-(-criteria // fit), 1)
            return head_h, room, pages, max(-(-criteria // pages), 1)  # 5 and 4, not 8 and 1

        def page_label(first: int, last: int) -> list[Line]:
            return lines(words.fmt(N_("criteria {first} to {last} of {count}"), first=first,
                                   last=last, count=criteria), MUTED)

        heading = lines(words.name(data.phase_name), ACCENT, bold=True)
        head_h, room, pages, per_page = layout(heading)
        if pages > 1:  # the heading says which criteria are shown: room for it too
            head_h, room, pages, per_page = layout([*heading, *page_label(criteria, criteria)])
        first = (self._page % pages) * per_page
        shown = range(first, min(first + per_page, criteria))
        if pages > 1:
            heading = [*heading, *page_label(first + 1, shown[-1] + 1)]
        rows = len(shown) + 1
        row_h = max(min(8 * u, room / rows), needed, 3.5 * u)
        canvas.fill(QRectF(box.left(), box.top(), box.width(), head_h + row_h * rows), PANEL,
                    u * 0.6)
        canvas.block(QRectF(box.left() + u, box.top(), label_w - 2 * u, head_h), heading,
                     3.6 * u, wrap=True, floor=0.5)
        value_px = min(row_h * 0.62, 4.6 * u)
        headers = []
        for j, item in enumerate(names):
            x = box.left() + label_w + j * column_w
            headers.append((QRectF(x + 0.3 * u, box.top() + 0.4 * u, name_w,
                                   head_h - 0.8 * u - icon_side), item))
        header_px = canvas.fit(headers, 2.3 * u, wrap=True, floor=0.45)
        body_top = box.top() + head_h
        for j, (column, (header, item)) in enumerate(zip(columns, headers, strict=True)):
            x = box.left() + label_w + j * column_w
            if j % 2 == 0:
                canvas.fill(QRectF(x, body_top, column_w, row_h * rows), PANEL_LIGHT)
            canvas.block(header, item, header_px, Align.AlignHCenter | Align.AlignBottom,
                         wrap=True, floor=1.0)
            if column.state == scenes.SCORING:
                icon = QRectF(header.center().x() - icon_side / 2, header.bottom(), icon_side,
                              icon_side)
                if column.confirmed or column.awaited:
                    canvas.icon(icon, "approved" if column.confirmed else scenes.PENDING)
            else:  # no values: the column says why, in words, with the recorded reason
                said = lines(words(COLUMN_STATE[column.state]), DIM)
                if column.reason:
                    said.append(Line(column.reason, 0.75, DIM))
                canvas.block(QRectF(x + 0.3 * u, body_top, name_w, row_h * rows), said,
                             value_px, Align.AlignCenter, wrap=True, floor=0.4)
        items = [(QRectF(box.left() + u, body_top + k * row_h, label_w - 2 * u, row_h),
                  labels[i]) for k, i in enumerate(shown)]
        label_px = canvas.fit(items, min(row_h * 0.5, 3.2 * u), wrap=True, floor=0.55)
        for (label, item), i in zip(items, shown, strict=True):
            canvas.block(label, item, label_px, wrap=True, floor=1.0)
            for j, column in enumerate(columns):
                if column.state != scenes.SCORING:
                    continue
                cell = QRectF(box.left() + label_w + j * column_w, label.top(), column_w,
                              row_h)
                canvas.text(cell, words.value(column.values[i]), value_px,
                            TEXT if column.confirmed else MUTED, bold=column.confirmed,
                            align=Align.AlignCenter, floor=0.6)
                if column.corrected and column.corrected[i]:
                    canvas.corner(cell, ACCENT, min(row_h, column_w) * 0.3)
        y = body_top + (rows - 1) * row_h
        canvas.line(QPointF(box.left(), y), QPointF(box.right(), y), MUTED, max(u * 0.2, 1))
        canvas.block(QRectF(box.left() + u, y, label_w - 2 * u, row_h), total_label,
                     min(row_h * 0.55, 3.2 * u), floor=0.5)
        for j, column in enumerate(columns):
            if column.state == scenes.SCORING:
                cell = QRectF(box.left() + label_w + j * column_w + 0.2 * u, y,
                              column_w - 0.4 * u, row_h)
                canvas.text(cell, words.value(column.total), value_px, ACCENT, bold=True,
                            align=Align.AlignCenter, floor=0.5)

    def _paint_result_band(self, canvas: Canvas, data: scenes.ShownSheets, box: QRectF,
                           said: list[str] | None = None, icon: str | None = None,
                           left_share: float = 0.55) -> None:
        """The phase scores, the running or final score against the pass mark (on the left
        ``left_share`` of the band), and the status in words (``said``; default: a
        proposal's) beside its icon (``icon``; default: the status's own)."""
        u = canvas.u
        words = self.words
        left_w = box.width() * left_share
        parts = [f"{' / '.join(words.name(line.name))}: {words.score(line.score)}"
                 for line in data.phases]
        phases = [Line("   ·   ".join(parts), 1.0, MUTED)]
        phases_h = min(canvas.height_of(left_w, phases, 3 * u), box.height() * 0.4)
        canvas.block(QRectF(box.left(), box.top(), left_w, phases_h), phases, 3 * u,
                     wrap=True, floor=0.5)
        label = N_("Running score") if data.status == scenes.PENDING else N_("Final score")
        canvas.block(QRectF(box.left(), box.top() + phases_h, left_w, box.height() - phases_h),
                     [Line(f"{words.one(label)}: {words.score(data.final)}", 1.0, TEXT, True),
                      Line(words.one(N_("pass mark")) + f": {words.score(data.pass_score)}",
                           0.6, MUTED)], 5.5 * u, wrap=True, floor=0.4)
        badge = QRectF(box.left() + left_w + 2 * u, box.top() + 0.5 * u,
                       box.width() - left_w - 2 * u, box.height() - 0.5 * u)
        status = icon or data.status  # pending, approved, rejected, incomplete: own icons
        colour = STATUS_COLOURS.get(status, DIM)
        canvas.fill(badge, PANEL, u)
        canvas.fill(QRectF(badge.left(), badge.top(), 0.8 * u, badge.height()), colour)
        side = min(7 * u, badge.height() * 0.6)
        canvas.icon(QRectF(badge.left() + 2 * u, badge.center().y() - side / 2, side, side),
                    status)
        canvas.block(badge.adjusted(3 * u + side, 0.5 * u, -u, -0.5 * u),
                     lines(said or words.fmt(PROPOSAL_STATUS[data.status],
                                             done=data.confirmed, total=data.sheets),
                           TEXT, bold=True),
                     3.6 * u, wrap=True, floor=0.4)
