"""The scene "ranking": each category's proposals by score, a page at a time, with the budget
awarded so far and the funding line; withheld until the announcement, then revealed from the
last funded row to the first."""

from __future__ import annotations

import time
from fractions import Fraction

from PySide6.QtCore import QPointF, QRectF, Qt

from ...i18n import N_, Nn_
from . import scenes
from .canvas import (
    ACCENT,
    LINE,
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
STILL_PENDING = Nn_("{count} proposal still has sheets to confirm",
                    "{count} proposals still have sheets to confirm")
WITHHELD_PAGE = -1
"""The first row of a withheld category's page: it shows none."""
PROVISIONAL = Nn_("Provisional: {count} proposal of this category still has sheets to confirm",
                  "Provisional: {count} proposals of this category still have sheets to "
                  "confirm")


def paint_withheld_notice(canvas: Canvas, words: Words, pending: int, waiting: str,
                          counted: tuple[str, str]) -> None:
    """What a withheld board says in the middle of the screen: ``waiting`` (a msgid) and the
    ``counted`` plural of what is still ``pending``, or, with nothing pending, that the
    results will be announced shortly."""
    w, u = canvas.width, canvas.u
    m = max(3 * u, 0.02 * w)
    if pending:
        said = words(waiting)
        count = lines(words.plural(counted, pending), STATUS_COLOURS[scenes.PENDING])
    else:
        said, count = words(N_("The results will be announced shortly")), []
    canvas.block(QRectF(m, 25 * u, w - 2 * m, 40 * u), lines(said, TEXT, True), 6 * u,
                 Align.AlignCenter, wrap=True, floor=0.4)
    canvas.block(QRectF(m, 70 * u, w - 2 * m, 15 * u), count, 4 * u, Align.AlignCenter,
                 wrap=True, floor=0.5)

class RankingPainter:
    """The ranking scene of `AudienceWindow` (which holds the state read here, and turns the
    pages and steps the reveal)."""

    feed: AudienceFeed
    words: Words
    ranking: scenes.RankingIndex
    withheld: bool
    revealed: set[str]
    _page: int
    _reveal: tuple[str, int] | None
    _ranking_categories_shown: set[str]

    def _ranking_geometry_for(self, _width: int,
                              height: int) -> tuple[float, float, float, int]:
        """(table top, row height, gap for the funding line, rows per page)."""
        u = height / 100.0
        top = 30 * u if not self.words.bilingual else 35 * u
        row_h = 8 * u if not self.words.bilingual else 10 * u
        gap = 4 * u if not self.words.bilingual else 5.5 * u  # room for its name in both
        available = 100 * u - top - 6 * u - gap
        return top, row_h, gap, max(int(available // row_h), 1)

    def shows_category(self, category: str) -> bool:
        """Whether the category's ranking may be on the wall: always while nothing is
        withheld (provisional rows marked as such); while the results are withheld, only once
        revealed, and only while they stay final."""
        return not self.withheld or (category in self.revealed
                                     and self.ranking.is_final(self.feed.state, category))

    def pages(self, per_page: int) -> list[tuple[str, int]]:
        """(category, first row) of every page, category by category; a withheld category has
        one page that shows none of its rows (first row -1)."""
        state = self.feed.state
        contest = state.contest
        assert contest is not None
        out = []
        for category in contest.categories:
            if not self.shows_category(category.id):
                out.append((category.id, WITHHELD_PAGE))
                continue
            total = len(self.ranking.order(state, category.id))
            out.extend((category.id, first) for first in range(0, max(total, 1), per_page))
        return out

    def _reveal_rows(self, per_page: int) -> tuple[str, int, int] | None:
        """While a category is being revealed: (category, first row of the page shown, rows
        of the whole list still hidden from the top). At the first step every row is hidden,
        at the next the rows below the funding line appear, then the funded rows one by one
        from the last to the first."""
        if self._reveal is None or not self.shows_category(self._reveal[0]):
            return None
        category, step = self._reveal
        state = self.feed.state
        line = self.ranking.funding_line(state, category)
        hidden = len(self.ranking.order(state, category)) if step == 0 else line - (step - 1)
        focus = max(hidden, 0) if hidden < line else max(line - 1, 0)
        return category, (focus // per_page) * per_page, hidden

    def _paint_withheld(self, canvas: Canvas, category: str | None) -> None:
        """Nothing of a withheld ranking: no score, no rank, no order. ``category``: the page
        of one category (the others revealed), else the whole ranking."""
        state = self.feed.state
        contest = state.contest
        assert contest is not None
        words = self.words
        w, u = canvas.width, canvas.u
        m = max(3 * u, 0.02 * w)
        found = contest.category(category) if category else None
        if found is None:
            canvas.block(QRectF(m, 20 * u, w - 2 * m, 30 * u),
                         lines(words(N_("The results will be announced shortly")), TEXT, True),
                         8 * u, Align.AlignCenter, wrap=True, floor=0.4)
            canvas.text(QRectF(m, 55 * u, w - 2 * m, 10 * u), contest.title, 4 * u, MUTED,
                        align=Align.AlignCenter, wrap=True, floor=0.5)
            return
        canvas.block(QRectF(m, m, w - 2 * m, 14 * u),
                     lines(words.name(found.name), TEXT, bold=True), 6 * u, wrap=True,
                     floor=0.5)
        paint_withheld_notice(canvas, words, self.ranking.pending(state, found.id),
                              N_("The results of this category will be shown once every "
                                 "sheet is read back and confirmed"), STILL_PENDING)

    def _paint_ranking(self, canvas: Canvas) -> float:
        t0 = time.perf_counter()
        state = self.feed.state
        contest = state.contest
        assert contest is not None
        words = self.words
        w, u = canvas.width, canvas.u
        m = max(3 * u, 0.02 * w)
        top, row_h, gap, per_page = self._ranking_geometry_for(canvas.width, canvas.height)
        hidden_above = 0
        revealing = self._reveal_rows(per_page)
        if revealing is not None:
            category, first, hidden_above = revealing
            pages = [(category, first)]
        else:
            pages = self.pages(per_page)
            if not pages:  # no category yet, or a session of second-tranche items only
                if contest.followup_items:
                    canvas.block(QRectF(m, 30 * u, w - 2 * m, 40 * u),
                                 lines(words(N_("This session ranks no proposals: it "
                                                "evaluates second tranches")), MUTED),
                                 5 * u, Align.AlignCenter, wrap=True, floor=0.4)
                return time.perf_counter() - t0
            category, first = pages[self._page % len(pages)]
            if first == WITHHELD_PAGE:
                shown = [p for p in pages if p[1] != WITHHELD_PAGE]
                self._ranking_categories_shown = {category} if shown else set()
                self._paint_withheld(canvas, category if shown else None)
                return time.perf_counter() - t0
        page = self.ranking.page(state, category, first, per_page)
        self._ranking_categories_shown = {category}
        compute = time.perf_counter() - t0
        # Header: the category, the page, the budget bar.
        canvas.block(QRectF(m, m, w * 0.7 - m, 10 * u),
                     lines(words.name(page.name), TEXT, bold=True), 6 * u, wrap=True,
                     floor=0.5)
        same = [p for p in pages if p[0] == category]
        if len(same) > 1 or revealing is None:
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
        cell_px = self._row_size(canvas, cells, columns, row_h)
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
                canvas.block(label, lines(words(N_("funding line")), LINE, second=0.9),
                             min(gap * 0.7, 2.8 * u), Align.AlignRight | Align.AlignVCenter,
                             floor=0.5)
                y += gap
        if page.pending:
            canvas.block(QRectF(m, 100 * u - m - 3 * u, w - 2 * m, m + 2.5 * u),
                         lines(words.plural(PROVISIONAL, page.pending),
                               STATUS_COLOURS[scenes.PENDING]),
                         2.8 * u, wrap=True, floor=0.5)
        return compute

    @staticmethod
    def _ranking_columns(width: float) -> list[tuple[float, Qt.AlignmentFlag]]:
        shares = ((0.07, Align.AlignHCenter), (0.29, Align.AlignLeft),
                  (0.09, Align.AlignRight), (0.14, Align.AlignRight),
                  (0.14, Align.AlignRight), (0.27, Align.AlignLeft))
        return [(width * share, align) for share, align in shares]

    def _cells(self, row: scenes.RankingRow, currency: str) -> list[str]:
        words = self.words
        rank = "" if row.rank is None else f"{row.rank}{'=' if row.tie else ''}"
        if row.provisional and rank:
            rank = f"({rank})"
        return [rank, row.organization, words.score(row.final),
                words.money(row.requested, currency),
                words.money(row.award, currency) if row.award else "—", ""]

    def _row_size(self, canvas: Canvas, cells: list[list[str]],
                  columns: list[tuple[float, Qt.AlignmentFlag]],
                  row_h: float) -> tuple[float, float]:
        """Type sizes for the page's figures and organizations: each kind the same on every
        row, and none larger than the figures. (Status words each take the largest size up
        to the figures' that fits: "funded" need not shrink to the longest status.)"""
        u = canvas.u
        px = min(row_h * (0.5 if not self.words.bilingual else 0.4), 4.2 * u)
        figures, names = [], []
        for texts in cells:
            for k, ((width, _align), text) in enumerate(zip(columns, texts, strict=True)):
                if text and k != 1:
                    figures.append((QRectF(0, 0, width - 0.8 * u, row_h),
                                    [Line(text, 1.0, None, k == 0)]))
            names.append((QRectF(0, 0, columns[1][0] - 0.8 * u, row_h),
                          [Line(texts[1], 1.0, None, False)]))
        figure_px = canvas.fit(figures, px, floor=0.5)
        return figure_px, canvas.fit(names, figure_px, wrap=True, floor=0.6)

    def _paint_row(self, canvas: Canvas, row: scenes.RankingRow, texts: list[str],
                   box: QRectF, columns: list[tuple[float, Qt.AlignmentFlag]], hidden: bool,
                   sizes: tuple[float, float]) -> None:
        u = canvas.u
        words = self.words
        figure_px, name_px = sizes
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
                             figure_px, wrap=True, floor=0.5)
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
