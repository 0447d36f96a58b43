"""The scene "now presenting": the proposal, its presentation time, the scores of every juror
criterion by criterion, the corrections made after the read-back and the running result."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPixmap

from ...i18n import N_, Nn_
from ..session.presentation import clock_text
from . import scenes
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

class PresentingPainter:
    """The now-presenting scene of `AudienceWindow` (which holds the state read here)."""

    feed: AudienceFeed
    words: Words
    followed: tuple[str | None, str | None]
    _presenting: scenes.Presenting | None
    _image: tuple[str, QPixmap | None] | None
    _scaled: tuple[tuple[int, int], QPixmap] | None

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
