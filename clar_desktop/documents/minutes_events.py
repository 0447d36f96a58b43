"""What happened in the session, as the acta lists it: the proposals presented, recusals,
corrections and draws."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from ..i18n import N_
from .layout import (
    SHADE,
    escape,
    table,
)
from .minutes_base import MinutesBase


class EventSections(MinutesBase):
    def presented(self) -> list[Flowable]:
        story: list[Flowable] = [self.section("Proposals presented"),
                                 *self.registered()]
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

    def registered(self) -> list[Flowable]:
        """Proposals registered versus presented, per category, and each withdrawal (or
        proposal that did not present) with its reason."""
        withdrawn = {w.proposal: w for w in self.contest.withdrawals
                     if w.proposal in self.record.proposals}  # an item's: its own section
        rows: list[list[Any]] = [[self.label("Category"), self.label("Registered"),
                                  self.label("Presented"),
                                  self.label("Withdrew or did not present")]]
        sums = [0, 0, 0]
        for category in self.contest.categories:
            ids = [p.id for p in self.contest.proposals if p.category == category.id]
            out = sum(pid in withdrawn for pid in ids)
            counts = [len(ids), len(ids) - out, out]
            sums = [a + b for a, b in zip(sums, counts, strict=True)]
            rows.append([self.cell(self.name(category.name)), *map(str, counts)])
        rows.append([self.label("Total"), *map(str, sums)])
        story: list[Flowable] = [table(rows, [self.width - 105 * mm, 30 * mm, 30 * mm, 45 * mm],
                                       extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                                              ("BACKGROUND", (0, -1), (-1, -1), SHADE)]),
                                 Spacer(1, 3)]
        if not withdrawn:
            return [*story, *self.para(N_("Every registered proposal presented."))]
        lines: list[list[Any]] = [[self.label("Proposal"), self.label("Reason")]]
        lines.extend([self.cell(self.proposal_label(w.proposal)), self.cell(w.reason)]
                     for w in withdrawn.values())
        return [*story, Paragraph(escape(self.w("Withdrawals and proposals that did not "
                                                "present")), self.s.subheading),
                table(lines, [70 * mm, self.width - 70 * mm])]

    def recusals(self) -> list[Flowable]:
        story: list[Flowable] = [self.section("Recusals")]
        if not self.contest.recusals:
            return [*story, *self.para(N_("No juror was recused.")), *self.absences()]
        rows: list[list[Any]] = [[self.label("Time"), self.label("Juror"),
                                  self.entry_heading(), self.label("Reason"),
                                  self.label("Values removed")]]
        for r in self.contest.recusals:
            juror = self.record.jurors.get(r.juror)
            key = (r.juror, r.proposal)
            rows.append([self.clock(self.record.recused_at.get(key)),
                         self.cell(juror.name if juror else r.juror),
                         self.cell(self.proposal_label(r.proposal)), self.cell(r.reason),
                         self.cell(self.values_text(self.record.removed_by_recusal.get(key)))])
        story.append(table(rows, [14 * mm, 36 * mm, 45 * mm, self.width - 145 * mm, 50 * mm]))
        return [*story, *self.absences()]

    def values_text(self, values: list[tuple[str, str]] | None) -> str:
        """Values taken off a sheet, each with its criterion ("—": none)."""
        if not values:
            return "—"
        parts = []
        for criterion_id, value in values:
            criterion = self.record.criteria.get(criterion_id)
            name = self.name(criterion.name) if criterion else criterion_id
            parts.append(f"{name}: {self.num(Decimal(value))}")
        return "; ".join(parts)

    def absences(self) -> list[Flowable]:
        """Jurors absent from a phase of a proposal (they neither scored it nor count)."""
        story: list[Flowable] = [Paragraph(escape(self.w("Absences from a phase")),
                                           self.s.subheading)]
        if not self.contest.absences:
            return [*story, *self.para(N_("No juror was absent from a phase of a proposal.")
                                       if not self.contest.followup_items
                                       else N_("No juror was absent from a phase."))]
        rows: list[list[Any]] = [[self.label("Juror"), self.entry_heading(),
                                  self.label("Phase"), self.label("Reason")]]
        for a in self.contest.absences:
            juror = self.record.jurors.get(a.juror)
            phase = self.contest.phase(a.phase)
            rows.append([self.cell(juror.name if juror else a.juror),
                         self.cell(self.proposal_label(a.proposal)),
                         self.cell(self.name(phase.name) if phase else a.phase),
                         self.cell(a.reason or "—")])
        story.append(table(rows, [40 * mm, 55 * mm, 30 * mm, self.width - 125 * mm]))
        return story

    def corrections(self) -> list[Flowable]:
        story: list[Flowable] = [self.section("Corrections")]
        if not self.record.corrections:
            return [*story, *self.para(N_("No confirmed value was corrected."))]
        rows: list[list[Any]] = [[self.label("Time"), self.label("Juror"),
                                  self.entry_heading(), self.label("Criterion"),
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
        story: list[Flowable] = [self.section("Draws")]
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
