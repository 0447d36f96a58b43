"""The results poster for the municipal notice board: large type, read from across the square.

Landscape pages: the contest, the place and the date, then per category the ranking with each
proposal's score, its result and its award, the funded rows marked, and the category's
budget and what is left. The type is sized to the paper (A4, Letter or A3) so that a
bigger sheet gives bigger letters, not more white space.
"""

from __future__ import annotations

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
from .words import Words

FUNDED_SHADE = colors.HexColor("#d9efe8")


def write_poster(record: SessionRecord, options: DocumentOptions) -> bytes:
    return _Poster(record, options).write()


class _Poster:
    def __init__(self, record: SessionRecord, options: DocumentOptions) -> None:
        self.record, self.contest = record, record.contest
        self.w = Words(options.language)
        self.size = page_size(options, wide=True)
        # A4 landscape is the reference; A3 scales everything by √2.
        self.scale = (self.size[0] / (297 * mm)) * (0.85 if self.w.bilingual else 1.0)
        self.s = Styles(scale=2.1 * self.scale)
        self.width = text_width(self.size)
        self.options = options

    def write(self) -> bytes:
        w, contest, record = self.w, self.contest, self.record
        story: list[Flowable] = []
        for i, category in enumerate(contest.categories):
            if i:
                story.append(PageBreak())  # one category per sheet on the board
            story.extend(self.header())
            story.extend(self.category(category.id, category.name))
        story.append(Spacer(1, 4 * mm))
        story.extend(self.s.paragraphs(w.each(
            "Proposals that were not approved or not funded may apply again in a later "
            "contest."), self.s.body))
        footer = Footer(w, w("Results hash: {hash}", hash=record.results_hash[:16] + "…"),
                        None if record.draft_reason is None else w(record.draft_reason))
        return build(story, self.size, footer, title=w("Results of the contest"),
                     subject=contest.title, progress=self.options.progress,
                     keywords=keywords(contest.id, ("results hash", self.record.results_hash)))

    def header(self) -> list[Flowable]:
        """The top of every sheet: what these results are, where and when."""
        w, contest = self.w, self.contest
        title = ParagraphStyle("poster_title", parent=self.s.title,
                               fontSize=26 * self.scale, leading=31 * self.scale)
        line = ParagraphStyle("poster_line", parent=self.s.subtitle,
                              fontSize=11 * self.scale, leading=13.5 * self.scale)
        where = self.record.place_text()
        return [Paragraph(escape(w("Results of the contest")), title),
                Paragraph(escape(contest.title), line),
                Paragraph(escape(" · ".join(x for x in (where, w.value(w.day(self.record.held_on)))
                                            if x)), line)]

    def category(self, category_id: str, name: Any) -> list[Flowable]:
        w, s = self.w, self.s
        results = [r for r in self.record.results.results if r.category == category_id]
        totals = next(c for c in self.record.results.categories if c.id == category_id)
        story: list[Flowable] = [Paragraph(escape(w.value(w.name(name))), s.heading)]
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
        story.append(table(rows, [10 * unit, 43 * unit, 12 * unit, 19 * unit, 16 * unit],
                           extra=extra))
        story.append(Paragraph(escape(w(
            "Budget {budget} · allocated {allocated} · left {left}",
            budget=w.money(totals.budget, self.contest.currency),
            allocated=w.money(totals.allocated, self.contest.currency),
            left=w.money(totals.remaining, self.contest.currency))), s.body))
        return story

    def result_text(self, r: ProposalResult) -> str:
        if r.funded:
            return self.w("partly funded") if r.partial else self.w("funded")
        if r.reason and r.reason not in ("rejected", "incomplete"):
            return self.w(REASONS[r.reason])
        return self.w(STATUS[r.status])


