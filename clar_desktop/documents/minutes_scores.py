"""Every sheet in the acta: for each proposal and phase, each juror's value per criterion,
each juror's total, the phase score and the final score."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from functools import lru_cache
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table

from ..domain.model import Phase
from ..domain.numbers import round_half_up
from ..domain.tally import FollowupResult, ProposalResult
from ..i18n import N_, Nn_
from .layout import (
    SHADE,
    escape,
    table,
    wrap_lines,
)
from .minutes_base import MinutesBase


class ScoreSections(MinutesBase):
    # -- every sheet ---------------------------------------------------------------------------
    def sheets(self) -> list[Flowable]:
        story: list[Flowable] = self.scores_section(N_("Scores of each proposal"))
        story.extend(self.para(N_("Jurors are numbered as in section 1. “R”: recused; “—”: "
                                  "no value.")))
        if self.record.events:  # the read-backs are in the log
            story.extend(self.s.paragraphs(self.w.each_n(
                Nn_("Each sheet was read back aloud to the juror who filled it, who accepted "
                    "it (“conforme”) before it was confirmed: {n} sheet confirmed.",
                    "Each sheet was read back aloud to the juror who filled it, who accepted "
                    "it (“conforme”) before it was confirmed: {n} sheets confirmed."),
                sum(1 for _j, pid, _p in self.record.confirmed
                    if pid not in self.record.items))))
        contest = self.contest
        phase_jurors = {phase.id: [j for j in contest.jurors if phase.id in j.phases]
                        for phase in contest.phases}
        for proposal in self.record.proposals_in_order():
            result = self.record.by_proposal[proposal.id]
            heading = f"{proposal.order}. {proposal.organization} — {proposal.title}"
            block: list[Flowable] = [CondPageBreak(40 * mm),
                                     Paragraph(escape(heading), self.s.subheading)]
            for phase in contest.phases:
                phase_table = self.phase_table(proposal.id, phase, phase_jurors[phase.id],
                                               result)
                block.append(HeadedTable.of(phase_table, self.continued(heading)))
            final = ("—" if result.final_score is None else self.number(result.final_score))
            block.append(Paragraph(escape(self.w.join(self.w.each(
                "Final score: {score} · {status}", score=final,
                status=lambda lang, r=result: self.status_in(r, lang)))), self.s.subheading))
            story.extend(block)
        return story

    def continued(self, heading: str) -> Callable[[], Flowable]:
        """The proposal's heading again, for a score table continued on the next page."""
        return lambda: Paragraph(escape(self.w("{heading} (continued)", heading=heading)),
                                 self.s.subheading)

    def phase_table(self, pid: str, phase: Phase, jurors: list[Any],
                    result: ProposalResult | FollowupResult) -> Table:
        scores = self.contest.scores
        recused = {j.id for j in jurors if (j.id, pid) in self.record.recused}
        juror_mark = self.w("J")  # J1, J2…: the jurors as numbered in section 1
        recused_mark = self.w("R")  # as the legend above the tables says
        count = len(jurors)
        juror_width = min(13 * mm, (self.width - 70 * mm) / max(count, 1))
        name_width = self.width - 11 * mm - juror_width * count
        header: list[Any] = [self._phase_title(phase, name_width), self.w("Max.")] + [
            f"{juror_mark}{self.juror_number[j.id]}" for j in jurors]
        rows: list[list[Any]] = [header]
        totals: dict[str, Fraction] = {j.id: Fraction(0) for j in jurors}
        complete = {j.id: True for j in jurors}
        for criterion in phase.criteria:
            row: list[Any] = [self._criterion_name(criterion.id, name_width),
                              self.num(criterion.max)]
            for juror in jurors:
                if juror.id in recused:
                    row.append(recused_mark)
                    continue
                score = scores.get((juror.id, pid, criterion.id))
                if score is None:
                    complete[juror.id] = False
                    row.append("—")
                else:
                    totals[juror.id] += Fraction(score.value) * Fraction(criterion.weight)
                    row.append(self.num(score.value))
            rows.append(row)
        rows.append([self.w("Total"), self.num(sum(c.max * c.weight
                                                   for c in phase.criteria))] + [
            recused_mark if j.id in recused else (
                self.num(round_half_up(totals[j.id])) if complete[j.id] else "—")
            for j in jurors])
        phase_score = (result.phase_scores or {}).get(phase.id)
        rows.append([self.w("Phase score"), ""] + [
            "—" if phase_score is None else self.number(phase_score)] + [""] * (len(jurors) - 1))
        last = len(rows) - 1
        return table(rows, [name_width, 11 * mm] + [juror_width] * count, extra=[
            ("FONT", (0, 1), (-1, last - 2), self.s.regular, 7.5, 8.5),
            ("FONT", (0, 0), (-1, 0), self.s.bold, 7.5, 8.5),
            ("FONT", (0, last - 1), (-1, last), self.s.bold, 7.5, 8.5),
            ("ALIGN", (1, 0), (-1, -1), "CENTER"),
            ("BACKGROUND", (0, last - 1), (-1, last), SHADE),
            ("SPAN", (2, last), (-1, last)),
        ])

    def _phase_title(self, phase: Phase, width: float) -> str:
        return _wrapped(self.name(phase.name), self.s.bold, width)

    def _criterion_name(self, criterion_id: str, width: float) -> str:
        """A criterion's name in lines that fit its column (narrower with more jurors)."""
        criterion = self.record.criteria[criterion_id]
        text = self.name(criterion.name)
        if criterion.weight != 1:
            text += f" (×{self.num(criterion.weight)})"
        return _wrapped(text, self.s.regular, width)

    # -- what happened -------------------------------------------------------------------------


class HeadedTable(Table):
    """A table that, split across pages, starts each continuation with a heading (the
    proposal's, "continued"): the repeated header row names only the phase and the jurors.
    reportlab makes the parts of a split table with the table's own class, so each part
    splits the same way again."""

    heading: Callable[[], Flowable] | None = None

    @classmethod
    def of(cls, made: Table, heading: Callable[[], Flowable]) -> HeadedTable:
        made.__class__ = cls  # a table made by layout.table, with its style
        assert isinstance(made, HeadedTable)
        made.heading = heading
        return made

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = super().split(available_width, available_height)
        if len(parts) != 2 or self.heading is None:
            return parts
        first, rest = parts
        if isinstance(rest, HeadedTable):
            rest.heading = self.heading
        # The heading keeps with the rest (its style's keepWithNext): both on the next page.
        return [first, self.heading(), rest]


@lru_cache(maxsize=4096)
def _wrapped(text: str, font: str, width: float) -> str:
    """A table cell's text in lines (cached: the same names head hundreds of tables)."""
    return "\n".join(wrap_lines(text, font, 7.5, width - 6))


