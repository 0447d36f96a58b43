"""The scene "second-tranche results": every follow-up item with its score, its status in
words, colour and icon shape, the second tranche due and what is released, and the total
released of the total due; a page at a time. Withheld with the ranking until the secretary
reveals it — only once every item's result is final — then revealed row by row, the totals
last."""

from __future__ import annotations

import time

from PySide6.QtCore import QRectF, Qt

from ...domain.scoring import APPROVED, INCOMPLETE, INELIGIBLE, REJECTED, WITHDRAWN
from ...i18n import N_, Nn_
from . import scenes
from .canvas import ACCENT, DIM, MUTED, PANEL, PANEL_LIGHT, STATUS_COLOURS, TEXT, Align, Canvas
from .feed import AudienceFeed
from .followup_presenting import ITEM_ICON
from .followup_scenes import BoardPage, BoardRow, FollowupIndex
from .ranking import paint_withheld_notice
from .words import Words, lines

BOARD_STATUS = {
    scenes.PENDING: N_("pending"),
    APPROVED: N_("approved"),
    REJECTED: N_("not approved: below the pass mark"),
    INELIGIBLE: N_("not eligible: too little justified"),
    INCOMPLETE: N_("sheets incomplete"),
    WITHDRAWN: N_("withdrawn"),
}
BOARD_TITLE = N_("Second-tranche results")
ITEMS_PENDING = Nn_("{count} item still has sheets to confirm",
                    "{count} items still have sheets to confirm")
BOARD_PROVISIONAL = Nn_("Provisional: {count} item still has sheets to confirm",
                        "Provisional: {count} items still have sheets to confirm")
WITHHELD_BOARD = -1
"""The first row of the withheld board's only page: it shows none."""
HEADINGS = (N_("No."), N_("Organization"), N_("Score"), N_("Second tranche"), N_("Released"),
            N_("Status"))
SHARES = ((0.05, Align.AlignHCenter), (0.28, Align.AlignLeft), (0.09, Align.AlignRight),
          (0.14, Align.AlignRight), (0.14, Align.AlignRight), (0.30, Align.AlignLeft))


class FollowupBoardPainter:
    """The second-tranche results scene of `AudienceWindow` (which holds the state read here,
    turns its pages and steps its reveal)."""

    feed: AudienceFeed
    words: Words
    withheld: bool
    revealed: set[str]
    ranking: scenes.RankingIndex
    followups: FollowupIndex
    followups_revealed: bool
    """Revealed while the results are withheld (final when revealed; shown only while it
    stays final)."""
    _board_reveal: int | None
    """While revealing: how many rows show their result (0: none yet; one more than the rows:
    the totals too)."""
    _page: int

    def _board_geometry_for(self, width: int, height: int) -> tuple[float, float, int]:
        """(table top, row height, rows per page): the rows end where the line under the
        table begins."""
        u = height / 100.0
        m = max(3 * u, 0.02 * width)
        bilingual = self.words.bilingual
        top = m + (26.5 * u if not bilingual else 31.5 * u)  # title, bar, total, headings
        row_h = 8 * u if not bilingual else 10 * u
        return top, row_h, max(int((100 * u - m - 3.5 * u - top) // row_h), 1)

    def shows_board(self) -> bool:
        """Whether the second-tranche results may be on the wall: always while nothing is
        withheld (rows still waiting marked pending); while withheld, only once revealed and
        while they stay final."""
        state = self.feed.state
        return not self.withheld or (self.followups_revealed and state.contest is not None
                                     and state.tally is not None
                                     and self.followups.is_final(state))

    def board_pages(self, per_page: int) -> list[int]:
        """The first row of every page (the withheld board: one page that shows none)."""
        if not self.shows_board():
            return [WITHHELD_BOARD]
        total = len(self.followups.order(self.feed.state))
        return list(range(0, max(total, 1), per_page))

    def reveal_board(self) -> bool:
        """Announce the second-tranche results, when every item's result is final: the
        rows show their results one by one, then the totals. Returns whether there was
        something to reveal now (the board stays withheld otherwise)."""
        state = self.feed.state
        contest = state.contest
        if contest is None or state.tally is None or not contest.followup_items \
                or not self.followups.is_final(state):
            return False
        shown = self.followups_revealed and self.withheld
        if not self.withheld:  # the ranking's final categories stay on the wall
            self.revealed = {c.id for c in contest.categories
                             if self.ranking.is_final(state, c.id)}
        self.withheld = True
        self.followups_revealed = True
        if shown:
            return False
        self._board_reveal = 0
        self._page = 0
        return True

    @property
    def followups_withheld(self) -> bool:
        """The contest has second-tranche items whose results are not on the wall."""
        contest = self.feed.state.contest
        return bool(contest and contest.followup_items) and not self.shows_board()

    def _board_reveal_step(self) -> bool:
        """One more row revealed; False once the whole board is."""
        if self._board_reveal is None:
            return False
        if self._board_reveal <= len(self.followups.order(self.feed.state)):
            self._board_reveal += 1
            return True
        self._board_reveal = None
        return False

    # -- painting -------------------------------------------------------------------------
    def _paint_board(self, canvas: Canvas) -> float:
        t0 = time.perf_counter()
        state = self.feed.state
        contest = state.contest
        assert contest is not None
        words = self.words
        w, u = canvas.width, canvas.u
        m = max(3 * u, 0.02 * w)
        title = QRectF(m, m, w * 0.7 - m, 10 * u)
        canvas.block(title, lines(words(BOARD_TITLE), TEXT, bold=True), 6 * u, wrap=True,
                     floor=0.5)
        if not contest.followup_items:
            canvas.block(QRectF(m, 30 * u, w - 2 * m, 40 * u),
                         lines(words(N_("This session evaluates no second tranche")), MUTED),
                         5 * u, Align.AlignCenter, wrap=True, floor=0.4)
            return time.perf_counter() - t0
        top, row_h, per_page = self._board_geometry_for(canvas.width, canvas.height)
        revealing = self._board_reveal
        pages = self.board_pages(per_page)
        if pages == [WITHHELD_BOARD]:
            self._paint_board_withheld(canvas)
            return time.perf_counter() - t0
        if revealing is not None:
            focus = max(min(revealing, len(self.followups.order(state))) - 1, 0)
            first = (focus // per_page) * per_page
        else:
            first = pages[self._page % len(pages)]
        page = self.followups.page(state, first, per_page)
        compute = time.perf_counter() - t0
        number = first // per_page + 1
        canvas.block(QRectF(w * 0.7, m, w * 0.3 - m, 10 * u),
                     lines(words.fmt(N_("page {page} of {pages}"), page=number,
                                     pages=len(pages)), MUTED),
                     3 * u, Align.AlignRight | Align.AlignVCenter)
        totals_shown = revealing is None or revealing > page.total_rows
        bar = QRectF(m, m + 11 * u, w - 2 * m, 4.5 * u)
        canvas.fill(bar, PANEL_LIGHT, u * 0.5)
        if totals_shown and page.due > 0 and page.released > 0:
            share = min(float(page.released / page.due), 1.0)
            canvas.fill(QRectF(bar.left(), bar.top(), bar.width() * share, bar.height()),
                        STATUS_COLOURS[APPROVED], u * 0.5)
        money = words.money
        summary = words.fmt(N_("Released {released} of {due} due"),
                            released=money(page.released, page.currency),
                            due=money(page.due, page.currency)) if totals_shown \
            else words.fmt(N_("Second tranches due: {due}"), due=money(page.due, page.currency))
        head_top = top - (6 * u if not words.bilingual else 8.5 * u)
        canvas.block(QRectF(m, bar.bottom() + 0.5 * u, w - 2 * m,
                            head_top - 0.5 * u - (bar.bottom() + 0.5 * u)),
                     lines(summary, MUTED), 3.2 * u, wrap=True, floor=0.5)
        self._paint_board_table(canvas, page, QRectF(m, head_top, w - 2 * m,
                                                     100 * u - head_top), top, row_h)
        # Under the table: what is still provisional, else the rules the statuses apply.
        footer = lines(words.plural(BOARD_PROVISIONAL, page.pending),
                       STATUS_COLOURS[scenes.PENDING]) if page.pending else lines(
            words.fmt(N_("Pass mark {score} · at least {minimum} of the first tranche "
                         "justified"), score=words.score(page.pass_score),
                      minimum=words.percent(page.min_justified)), MUTED)
        canvas.block(QRectF(m, 100 * u - m - 3 * u, w - 2 * m, m + 2.5 * u), footer, 2.8 * u,
                     wrap=True, floor=0.5)
        return compute

    def _paint_board_table(self, canvas: Canvas, page: BoardPage, box: QRectF, top: float,
                           row_h: float) -> None:
        u = canvas.u
        words = self.words
        columns = [(box.width() * share, align) for share, align in SHARES]
        headings = []
        x = box.left()
        for (width, _align), head in zip(columns, HEADINGS, strict=True):
            indent = min(row_h * 0.6, 4 * u) + 2 * u if head == HEADINGS[-1] else 0.0
            headings.append((QRectF(x + 0.4 * u + indent, box.top(), width - 0.8 * u - indent,
                                    top - box.top() - u), lines(words(head), ACCENT,
                                                                second=0.85)))
            x += width
        head_px = canvas.fit(headings, 2.8 * u, wrap=True, floor=0.45)
        for (cell, item), (_width, align) in zip(headings, columns, strict=True):
            canvas.block(cell, item, head_px, align | Align.AlignBottom, wrap=True, floor=1.0)
        cells = [self._board_cells(row, page.currency) for row in page.rows]
        px = min(row_h * (0.5 if not words.bilingual else 0.4), 4.2 * u)
        figure_px = canvas.fit([(QRectF(0, 0, width - 0.8 * u, row_h), lines([text]))
                                for texts in cells
                                for k, ((width, _a), text) in enumerate(zip(columns, texts,
                                                                            strict=True))
                                if text and k != 1], px, floor=0.5)
        name_px = canvas.fit([(QRectF(0, 0, columns[1][0] - 0.8 * u, row_h),
                               lines([texts[1]])) for texts in cells], figure_px, wrap=True,
                             floor=0.6)
        revealed = self._board_reveal
        y = top
        for k, (row, texts) in enumerate(zip(page.rows, cells, strict=True)):
            hidden = revealed is not None and page.first + k >= revealed
            if k % 2 == 0:
                canvas.fill(QRectF(box.left(), y, box.width(), row_h), PANEL)
            self._paint_board_row(canvas, row, texts, QRectF(box.left(), y, box.width(), row_h),
                                  columns, hidden, (figure_px, name_px))
            y += row_h

    def _board_cells(self, row: BoardRow, currency: str) -> list[str]:
        words = self.words
        return [str(row.order), row.organization, words.score(row.final),
                words.money(row.second_tranche, currency),
                words.money(row.released, currency) if row.released else "—", ""]

    def _paint_board_row(self, canvas: Canvas, row: BoardRow, texts: list[str], box: QRectF,
                         columns: list[tuple[float, Qt.AlignmentFlag]], hidden: bool,
                         sizes: tuple[float, float]) -> None:
        """One item; ``hidden`` (during the reveal): its number and organization only."""
        u = canvas.u
        figure_px, name_px = sizes
        x = box.left()
        pending = row.status == scenes.PENDING
        colour = MUTED if pending else TEXT
        for k, ((width, align), text) in enumerate(zip(columns, texts, strict=True)):
            cell = QRectF(x + 0.4 * u, box.top(), width - 0.8 * u, box.height())
            x += width
            if k == 5:  # a little apart from the amount released just before it
                cell = cell.adjusted(u, 0, 0, 0)
                if hidden:
                    canvas.text(cell, "?", figure_px, DIM, bold=True, floor=1.0)
                    continue
                side = min(box.height() * 0.6, 4 * u)
                icon = ITEM_ICON.get(row.status, row.status)
                canvas.icon(QRectF(cell.left(), cell.center().y() - side / 2, side, side), icon)
                canvas.block(cell.adjusted(side + u, 0, 0, 0),
                             lines(self.words(BOARD_STATUS[row.status]),
                                   STATUS_COLOURS.get(icon, TEXT), second=0.85),
                             figure_px, wrap=True, floor=0.5)
            elif k == 1:
                canvas.text(cell, text, name_px, TEXT, align=align | Align.AlignVCenter,
                            wrap=True, floor=1.0)
            elif k == 0 or k == 3:  # the number and what is due: known before any result
                canvas.text(cell, text, figure_px, TEXT, bold=k == 0,
                            align=align | Align.AlignVCenter, floor=1.0)
            elif not hidden and text:
                canvas.text(cell, text, figure_px, colour,
                            align=align | Align.AlignVCenter, floor=1.0)

    def _paint_board_withheld(self, canvas: Canvas) -> None:
        """Nothing of the withheld results: no score, no status, no amount released."""
        paint_withheld_notice(canvas, self.words, self.followups.pending(self.feed.state),
                              N_("The second-tranche results will be shown once every sheet "
                                 "is read back and confirmed"), ITEMS_PENDING)
