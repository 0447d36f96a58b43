"""What happened in the session, as the acta lists it: the proposals presented, recusals,
corrections and draws."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from ..i18n import N_
from .layout import (
    escape,
    table,
)
from .minutes_base import MinutesBase


class EventSections(MinutesBase):
    def presented(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading("5. Proposals presented")]
        for category in self.contest.categories:
            proposals = self.record.proposals_in_order(category.id)
            story.append(Paragraph(escape(self.w("Category: {name}", name=self.w.name(
                category.name))), self.s.subheading))
            rows: list[list[Any]] = [[self.label("No."), self.label("Organization and plan"),
                                      self.label("Requested"), self.label("Own contribution"),
                                      self.label("Families"), self.label("Presented at")]]
            for p in proposals:
                families = "—" if p.families is None else str(p.families)
                rows.append([str(p.order), self.cell(f"{p.organization} — {p.title}"),
                             self.money(p.requested),
                             "—" if p.own_contribution is None else self.money(
                                 p.own_contribution),
                             families, self.clock(self.record.presented_at.get(p.id))])
            story.append(table(rows, [10 * mm, self.width - 104 * mm, 25 * mm, 25 * mm,
                                      22 * mm, 22 * mm],
                               extra=[("ALIGN", (2, 1), (-1, -1), "RIGHT")]))
        return story

    def recusals(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading("7. Recusals")]
        if not self.contest.recusals:
            return [*story, *self.para(N_("No juror was recused."))]
        rows: list[list[Any]] = [[self.label("Time"), self.label("Juror"),
                                  self.label("Proposal"), self.label("Reason")]]
        for r in self.contest.recusals:
            juror = self.record.jurors.get(r.juror)
            rows.append([self.clock(self.record.recused_at.get((r.juror, r.proposal))),
                         self.cell(juror.name if juror else r.juror),
                         self.cell(self.proposal_label(r.proposal)), self.cell(r.reason)])
        story.append(table(rows, [14 * mm, 40 * mm, 55 * mm, self.width - 109 * mm]))
        return story

    def corrections(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading("8. Corrections")]
        if not self.record.corrections:
            return [*story, *self.para(N_("No confirmed value was corrected."))]
        rows: list[list[Any]] = [[self.label("Time"), self.label("Juror"),
                                  self.label("Proposal"), self.label("Criterion"),
                                  self.label("Before"), self.label("After"),
                                  self.label("Reason")]]
        for c in self.record.corrections:
            juror = self.record.jurors.get(c.juror)
            criterion = self.record.criteria.get(c.criterion)
            rows.append([self.clock(c.at), self.cell(juror.name if juror else c.juror),
                         self.cell(self.proposal_label(c.proposal)),
                         self.cell(self.name(criterion.name) if criterion else c.criterion),
                         self.num(Decimal(c.old)), self.num(Decimal(c.new)),
                         self.cell(c.reason)])
        story.append(table(rows, [12 * mm, 30 * mm, 34 * mm, 30 * mm, 15 * mm, 15 * mm,
                                  self.width - 136 * mm]))
        return story

    def draws(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading("9. Draws")]
        if not self.contest.draws:
            return [*story, *self.para(N_("No draw was needed."))]
        # The logged draws are the last ones; those the bundle brought along come first and
        # have no time. (Matched by position from the end: the same tie may be drawn twice.)
        first_logged = len(self.contest.draws) - len(self.record.drawn_at)
        for i, draw in enumerate(self.contest.draws):
            at = self.record.drawn_at[i - first_logged] if i >= first_logged else None
            order = " › ".join(self.proposal_label(p) for p in draw.order)
            story.extend(self.para(N_("Draw at {time}: {order} (winner first)."),
                                   time=self.clock(at) or "—", order=order))
        return story
