"""Scoring sheets (*fichas de calificación*), printed before the session.

One sheet per juror and phase the juror scores: the proposals in presentation order down the
side, the phase's criteria with their maximum points across the top, an empty box for every
value and for the total, the proposals the juror is recused on greyed out, and a line for
the juror's signature. A sheet longer than a page repeats its header row and names its juror
and phase at the foot of every page.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from ..domain.model import Criterion, Juror, Phase
from ..i18n import N_, format_number
from .archive import keywords
from .layout import (
    SHADE,
    DocumentError,
    DocumentOptions,
    Footer,
    Section,
    Styles,
    build,
    escape,
    fit_words,
    page_size,
    signature_grid,
    table,
    text_width,
)
from .record import SessionRecord
from .words import Words

ROW_HEIGHT = 8.5 * mm


def write_sheets(record: SessionRecord, options: DocumentOptions) -> bytes:
    """Every juror's sheet for every phase they score, as one PDF."""
    from ..i18n import _

    writer = _Sheets(record, options)
    pairs = [(juror, phase) for juror in record.contest.jurors
             for phase in record.contest.phases if phase.id in juror.phases]
    if not pairs or not record.contest.proposals:
        raise DocumentError(_("there are no jurors, phases or proposals yet, so there is no "
                              "sheet to print"))
    story: list[Flowable] = []
    for i, (juror, phase) in enumerate(pairs):
        if i:
            story.append(PageBreak())
        story.extend(writer.sheet(juror, phase))
    return build(story, writer.size, Footer(writer.w, record.contest.id),
                 title=writer.w("Scoring sheets"), subject=record.contest.title,
                 progress=options.progress, keywords=keywords(record.contest.id))


class _Sheets:
    def __init__(self, record: SessionRecord, options: DocumentOptions) -> None:
        self.record, self.contest = record, record.contest
        self.w = Words(options.language)
        self.s = Styles()
        self.size = page_size(options, wide=True)
        self.width = text_width(self.size)
        self.proposals = record.proposals_in_order()

    def sheet(self, juror: Juror, phase: Phase) -> list[Flowable]:
        w, contest = self.w, self.contest
        phase_name = w.value(w.name(phase.name))
        story: list[Flowable] = [
            Section(w("{juror} · {phase}", juror=juror.name, phase=phase_name)),
            Paragraph(escape(w("Scoring sheet: {phase}", phase=w.name(phase.name))),
                      self.s.title),
            Paragraph(escape(contest.title), self.s.subtitle)]
        who = [[Paragraph(escape(w("Juror")), self.s.cell_bold),
                Paragraph(escape(juror.name), self.s.body),
                Paragraph(escape(w("DNI")), self.s.cell_bold),
                Paragraph(escape(juror.document or "—"), self.s.body),
                Paragraph(escape(w("Date")), self.s.cell_bold),
                Paragraph(escape(w.value(w.day(self.record.held_on))), self.s.body)]]
        story.append(table(who, [22 * mm, 91 * mm, 12 * mm, 30 * mm, 22 * mm,
                                 self.width - 177 * mm], header_rows=0))
        story.append(Spacer(1, 3))
        low = min((c.min for c in phase.criteria), default=0)
        story.extend(self.s.paragraphs(w.each(
            N_("Write one value for each criterion, from {low} up to the maximum shown, and "
               "the total of the row. Cross out and rewrite a mistake; the secretary reads "
               "your sheet aloud before it is recorded."), low=format_number(low)),
            self.s.small))
        story.append(Spacer(1, 3))
        story.append(self._grid(juror, phase))
        story.append(Spacer(1, 2 * mm))
        story.append(signature_grid([[(juror.name, True),
                                      (w("Signature of the juror"), False)]],
                                    self.width / 2, self.s, columns=1, space=11 * mm))
        return story

    def _header(self, criterion: Criterion, width: float) -> tuple[str, float]:
        """A criterion's column heading and its type size."""
        name = self.w.value(self.w.name(criterion.name))
        lines, size = fit_words(name, self.s.regular, 6.5, width - 7, 5.5, 6)
        top = self.w("max. {points}", points=format_number(criterion.max))
        if criterion.step != 1 or criterion.min != 0:
            top = f"{format_number(criterion.min)}–{format_number(criterion.max)}"
            if criterion.step != 1:
                top += f" ({format_number(criterion.step)})"
        if criterion.weight != 1:
            top += f" ×{format_number(criterion.weight)}"
        return "\n".join([*lines, top]), size

    def _grid(self, juror: Juror, phase: Phase) -> Table:
        criteria = phase.criteria
        first, name = 9 * mm, 78 * mm
        total = 16 * mm
        column = (self.width - first - name - total) / max(len(criteria), 1)
        header: list[Any] = [self.w("No."), self.w("Organization and plan")]
        headings = [self._header(c, column) for c in criteria]
        header += [text for text, _size in headings]
        header.append(self.w("Total"))
        rows: list[list[Any]] = [header]
        extra: list[tuple[Any, ...]] = [
            ("FONT", (0, 0), (-1, 0), self.s.regular, 6.5), ("LEADING", (0, 0), (-1, 0), 7.5),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"), ("ALIGN", (2, 0), (-1, 0), "CENTER"),
            ("FONT", (0, 1), (0, -1), self.s.bold, 9)]
        for col, (_text, size) in enumerate(headings, start=2):
            if size != 6.5:  # a long word: smaller type rather than a split word
                extra += [("FONTSIZE", (col, 0), (col, 0), size),
                          ("LEADING", (col, 0), (col, 0), size + 1)]
        recused = self.w("recused")
        for i, proposal in enumerate(self.proposals, start=1):
            label = Paragraph(escape(f"{proposal.organization} — {proposal.title}"),
                              self.s.cell)
            if (juror.id, proposal.id) in self.record.recused:
                rows.append([str(proposal.order), label, recused] + [""] * len(criteria))
                extra += [("BACKGROUND", (0, i), (-1, i), SHADE),
                          ("SPAN", (2, i), (-1, i)), ("ALIGN", (2, i), (2, i), "CENTER")]
            else:
                rows.append([str(proposal.order), label] + [""] * (len(criteria) + 1))
        widths = [first, name] + [column] * len(criteria) + [total]
        return table(rows, widths, extra=extra,
                     row_heights=[None] + [ROW_HEIGHT] * len(self.proposals))
