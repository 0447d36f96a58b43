"""The poster's second-tranche sheet (issue 15): each initiative evaluated for its second
disbursement, its score, its result (APROBADO, DESAPROBADO, NO ELEGIBLE…) and the amount
released, the released rows marked, and the total released of the total due — read from
across the square like the categories' sheets before it (`poster.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from ..i18n import N_
from ..labels import FOLLOWUP_STATUS
from .layout import escape, table
from .tailed_table import TailedTable

if TYPE_CHECKING:
    from .poster import _Poster


def followup_block(poster: _Poster) -> list[Flowable]:
    """The second-tranche table in the poster's current type (``poster.s``)."""
    from .poster import FUNDED_SHADE

    w, s, record = poster.w, poster.s, poster.record
    currency = record.contest.currency
    heading = ParagraphStyle("poster_heading", parent=s.heading, keepWithNext=0)
    story: list[Flowable] = [Paragraph(escape(w("Second disbursement of the awards")),
                                       heading)]
    label = ParagraphStyle("poster_head", parent=s.cell_bold, splitLongWords=0)

    def head(msgid: str) -> Paragraph:
        return Paragraph(escape(w(msgid)), label)

    rows: list[list[Any]] = [[head(N_("No.")), head(N_("Organization")), head(N_("Score")),
                              head(N_("Result")), head(N_("Released"))]]
    extra: list[tuple[Any, ...]] = [("FONT", (0, 1), (-1, -1), s.regular, s.cell.fontSize),
                                    ("LEADING", (0, 1), (-1, -1), s.cell.leading),
                                    ("ALIGN", (2, 1), (2, -1), "RIGHT"),
                                    ("ALIGN", (4, 1), (4, -1), "RIGHT"),
                                    ("ALIGN", (0, 1), (0, -1), "CENTER")]
    for i, item in enumerate(record.items_in_order(), start=1):
        result = record.by_item[item.id]
        approved = result.status == "approved"
        rows.append([
            str(item.order), Paragraph(escape(item.organization), s.cell),
            "—" if result.final_score is None else w.value(w.number(result.final_score)),
            Paragraph(escape(w(FOLLOWUP_STATUS[result.status])), s.cell),
            w.value(w.money(result.released, currency)) if approved else "—"])
        if approved:
            extra.append(("BACKGROUND", (0, i), (-1, i), FUNDED_SHADE))
    totals = record.results
    line = s.paragraphs(w.each(
        N_("Released {released} of {due} due"),
        released=w.money(totals.followups_released, currency),
        due=w.money(totals.followups_due, currency)), s.body)
    unit = poster.width / 100
    story.append(TailedTable.of(
        table(rows, [8 * unit, 42 * unit, 12 * unit, 18 * unit, 20 * unit], extra=extra),
        line))
    return story
