"""The results poster for the municipal notice board: large type, read from across the square.

Landscape pages: the contest, the place and the date, then per category the ranking with each
proposal's score, its result and its award, the funded rows marked, and the category's
budget and what is left. The type is sized to the paper (A4, Letter or A3) so that a
bigger sheet gives bigger letters, not more white space; a category too long for its sheet
is set a little smaller (down to `SMALLEST_FIT` of the type) so that it stays on one sheet
with its budget line, and only a category longer than that runs on, its table's heading
repeated and the budget line kept with the table's last rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from ..domain.tally import ProposalResult
from ..i18n import N_
from ..labels import REASONS, STATUS
from .archive import keywords
from .layout import (
    DocumentOptions,
    Footer,
    Styles,
    build,
    escape,
    page_size,
    table,
    text_width,
)
from .record import SessionRecord
from .tailed_table import TailedTable
from .words import Words

FUNDED_SHADE = colors.HexColor("#d9efe8")
FITS = (1.0, 0.92, 0.85, 0.78, 0.72, 0.66)
SMALLEST_FIT = FITS[-1]
"""How far a category's type may shrink to keep it on one sheet: two thirds of the full size
still reads at arm's length on a notice board."""


def write_poster(record: SessionRecord, options: DocumentOptions) -> bytes:
    return _Poster(record, options).write()


class _Poster:
    def __init__(self, record: SessionRecord, options: DocumentOptions) -> None:
        self.record, self.contest = record, record.contest
        self.w = Words(options.language)
        self.size = page_size(options, wide=True)
        # A4 landscape is the reference; A3 scales everything by √2.
        self.full = (self.size[0] / (297 * mm)) * (0.85 if self.w.bilingual else 1.0)
        self.scale = self.full
        self.s = Styles(scale=2.1 * self.scale)
        self.width = text_width(self.size)
        self.height = self.size[1] - 15 * mm - 20 * mm  # layout.build's frame
        self.options = options

    def write(self) -> bytes:
        w, contest, record = self.w, self.contest, self.record
        story: list[Flowable] = []
        categories = contest.categories
        for i, category in enumerate(categories):
            if i:
                story.append(PageBreak())  # one category per sheet on the board
            story.extend(self.sheet(category.id, category.name, last=i == len(categories) - 1))
        if record.items:  # the second-tranche items evaluated in the same session
            from .poster_followups import followup_block

            if story:
                story.append(PageBreak())
            story.extend(self.fitted(lambda: followup_block(self)))
        footer = Footer(w, w("Results hash: {hash}", hash=record.results_hash[:16] + "…"),
                        None if record.draft_reason is None else w(record.draft_reason))
        return build(story, self.size, footer, title=w("Results of the contest"),
                     subject=contest.title, progress=self.options.progress,
                     keywords=keywords(contest.id, ("results hash", self.record.results_hash)))

    def sheet(self, category_id: str, name: Any, last: bool) -> list[Flowable]:
        """One category's sheet, in the largest type (of `FITS`) that keeps it on one page; a
        category that no type keeps on one page runs on in the full type."""
        for fit in (*FITS, FITS[0]):
            self.scale = self.full * fit
            self.s = Styles(scale=2.1 * self.scale)
            block = self.header() + self.category(category_id, name)
            if last:
                block += [Spacer(1, 4 * mm)] + self.s.paragraphs(self.w.each(
                    "Proposals that were not approved or not funded may apply again in a "
                    "later contest."), self.s.body)
            if _height(block, self.width) <= self.height:
                break
        return block

    def fitted(self, make: Callable[[], list[Flowable]]) -> list[Flowable]:
        """The sheet's header and what ``make`` lays out in the current type, in the
        largest type (of `FITS`) that keeps them on one page."""
        for fit in (*FITS, FITS[0]):
            self.scale = self.full * fit
            self.s = Styles(scale=2.1 * self.scale)
            block = self.header() + make()
            if _height(block, self.width) <= self.height:
                break
        return block

    def header(self) -> list[Flowable]:
        """The top of every sheet: what these results are, where and when."""
        w, contest = self.w, self.contest
        title = ParagraphStyle("poster_title", parent=self.s.title,
                               fontSize=26 * self.scale, leading=31 * self.scale)
        line = ParagraphStyle("poster_line", parent=self.s.subtitle,
                              fontSize=14 * self.scale, leading=17 * self.scale)
        where = self.record.place_text()
        return [Paragraph(escape(w("Results of the contest")), title),
                Paragraph(escape(contest.title), line),
                Paragraph(escape(" · ".join(x for x in (where, w.value(w.day(self.record.held_on)))
                                            if x)), line)]

    def category(self, category_id: str, name: Any) -> list[Flowable]:
        w, s = self.w, self.s
        results = [r for r in self.record.results.results if r.category == category_id]
        totals = next(c for c in self.record.results.categories if c.id == category_id)
        # Right under the sheet's header, the heading cannot be left alone at a page's foot;
        # kept with the table, it would send a table that just fits a page to the next one.
        heading = ParagraphStyle("poster_heading", parent=s.heading, keepWithNext=0)
        story: list[Flowable] = [Paragraph(escape(w.value(w.name(name))), heading)]
        label = ParagraphStyle("poster_head", parent=s.cell_bold, splitLongWords=0)

        def head(msgid: str) -> Paragraph:
            return Paragraph(escape(w(msgid)), label)

        rows: list[list[Any]] = [[head(N_("Rank")), head(N_("Organization")), head(N_("Score")),
                                  head(N_("Result")), head(N_("Award"))]]
        extra: list[tuple[Any, ...]] = [("FONT", (0, 1), (-1, -1), s.regular, s.cell.fontSize),
                                        ("LEADING", (0, 1), (-1, -1), s.cell.leading),
                                        ("ALIGN", (2, 1), (2, -1), "RIGHT"),
                                        ("ALIGN", (4, 1), (4, -1), "RIGHT"),
                                        ("ALIGN", (0, 1), (0, -1), "CENTER")]
        for i, r in enumerate(results, start=1):
            proposal = self.record.proposals.get(r.proposal)
            assert proposal is not None
            rows.append([
                "—" if r.rank is None else str(r.rank) + (" =" if r.tie else ""),
                Paragraph(escape(proposal.organization), s.cell),
                "—" if r.final_score is None else w.value(w.number(r.final_score)),
                Paragraph(escape(self.result_text(r)), s.cell),
                w.value(w.money(r.award, self.contest.currency)) if r.funded else "—"])
            if r.funded:
                extra.append(("BACKGROUND", (0, i), (-1, i), FUNDED_SHADE))
        unit = self.width / 100
        budget = s.paragraphs(w.each(
            "Budget {budget} · allocated {allocated} · left {left}",
            budget=w.money(totals.budget, self.contest.currency),
            allocated=w.money(totals.allocated, self.contest.currency),
            left=w.money(totals.remaining, self.contest.currency)), s.body)
        # The budget line never stands alone at the top of a sheet: it closes the table, which,
        # when it must run on, repeats its heading and leaves its last rows with the line.
        story.append(TailedTable.of(
            table(rows, [9 * unit, 37 * unit, 11 * unit, 26 * unit, 17 * unit], extra=extra),
            budget))
        return story

    def result_text(self, r: ProposalResult) -> str:
        if r.funded:
            return self.w("partly funded") if r.partial else self.w("funded")
        if r.reason and r.reason not in ("rejected", "incomplete"):
            return self.w(REASONS[r.reason])
        return self.w(STATUS[r.status])




def _height(flowables: list[Flowable], width: float) -> float:
    """The height ``flowables`` take in a column of ``width`` (spaces between them included)."""
    total = 0.0
    for f in flowables:
        total += f.wrap(width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
    return total
