"""The second tranche in the acta (issue 15): the initiatives presented for their second
disbursement, the rules they are judged by, every juror's sheet of each, and the results
table of the initiatives that obtain it, with the total released against the total due.

A session may evaluate second tranches beside new proposals (one acta records both: "Adicio-
nalmente las siguientes iniciativas se presentan para el segundo desembolso") or alone; the
acta then prints only these sections in place of the proposals' (see `minutes.MinutesWriter`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from ..domain.model import FollowupItem, Phase, text_in
from ..domain.tally import FollowupResult
from ..i18n import N_, Nn_, gettext_in
from ..labels import FOLLOWUP_STATUS, FOLLOWUP_WHY
from .layout import SHADE, escape, table
from .minutes_scores import HeadedTable, ScoreSections
from .words import PerLanguage


class FollowupSections(ScoreSections):
    """The acta's sections for the second-tranche items (`SessionRecord.items`)."""

    @property
    def has_followups(self) -> bool:
        return bool(self.record.items)

    # -- what is presented ---------------------------------------------------------------
    def followups_presented(self) -> list[Flowable]:
        if not self.has_followups:
            return []
        record = self.record
        story: list[Flowable] = [self.section("Initiatives presented for the second "
                                              "disbursement")]
        story.extend(self.para(
            N_("In addition, the following initiatives present the progress of their plans "
               "for the second disbursement of their award:") if self.contest.proposals else
            N_("The following initiatives present the progress of their plans for the "
               "second disbursement of their award:")))
        rows: list[list[Any]] = [[self.label("No."), self.label("Organization and plan"),
                                  self.label("First tranche"),
                                  self.label("Justified"), self.label("Second tranche"),
                                  self.label("Families"), self.label("Presented at")]]
        for item in record.items_in_order():
            rows.append([str(item.order), self.plan_cell(item),
                         self.money(item.first_tranche),
                         self.percent(item.justified_percent),
                         self.money(item.second_tranche),
                         "—" if item.families is None else str(item.families),
                         self.clock(record.presented_at.get(item.id))])
        # Each column as wide as its longest header word, bold (Sut'inchasqa, presentación).
        story.append(table(rows, [8 * mm, self.width - 116.5 * mm, 21 * mm, 22.5 * mm,
                                  21 * mm, 21.5 * mm, 22.5 * mm],
                           extra=[("ALIGN", (2, 1), (-1, -1), "RIGHT")]))
        withdrawn = [w for w in self.contest.withdrawals if w.proposal in record.items]
        if withdrawn:
            lines: list[list[Any]] = [[self.label("Initiative"), self.label("Reason")]]
            lines.extend([self.cell(f"{record.items[w.proposal].order}. "
                                    f"{record.items[w.proposal].organization}"),
                          self.cell(w.reason)] for w in withdrawn)
            story += [Spacer(1, 3), Paragraph(escape(self.w(
                "Initiatives withdrawn or that did not present")), self.s.subheading),
                table(lines, [70 * mm, self.width - 70 * mm])]
        return story

    def plan_cell(self, item: FollowupItem) -> list[Paragraph]:
        """The organization and plan, and under it the award it continues (the acta that
        recorded it, a contract cites the same)."""
        cell = [self.cell(f"{item.organization} — {item.title}")]
        award = item.award
        if award is not None and (award.acta or award.contest):
            msgid = (N_("Award of the acta No. {acta}") if award.acta else
                     N_("Award of the contest {contest}"))
            cell.append(Paragraph(escape(self.w(msgid, acta=award.acta or "",
                                                contest=award.contest or "")), self.s.small))
        return cell

    def percent_of(self, value: Decimal) -> PerLanguage:
        """A share with its sign, "82.50 %" (in a message the sign is the value's: a "%"
        before a letter reads as a C format to gettext's checks)."""
        return lambda lang: self.w.percent(value)(lang) + "\u00a0%"

    def percent(self, value: Decimal) -> str:
        return self.w.value(self.percent_of(value))

    # -- the rules -----------------------------------------------------------------------
    def followup_rules(self) -> list[Flowable]:
        followups = self.contest.followups
        if followups is None or not self.has_followups:
            return []
        from .minutes import AGGREGATION_WORDS  # (minutes.py imports this module)

        rules = followups.rules
        story: list[Flowable] = []
        if self.contest.proposals:
            story.append(Paragraph(escape(self.w("Second-tranche evaluations")),
                                   self.s.subheading))
        story.extend(self.para(AGGREGATION_WORDS[rules.aggregation], trim=rules.trim))
        story.extend(self.para(N_("A phase needs at least {n} eligible jurors for the "
                                  "initiative to be decided; every eligible juror's sheet "
                                  "must be complete."), n=rules.min_jurors))
        story.extend(self.para(
            N_("The final score is the sum of the phase scores; an initiative with a final "
               "score of {score} or more is approved and its second tranche released; below "
               "it, nothing is released."), score=self.w.number(rules.pass_score)))
        story.extend(self.para(
            N_("An initiative is not eligible, whatever its scores, when the local office "
               "verified with receipts the use of less than {percent} of its first "
               "tranche."), percent=self.percent_of(rules.min_justified_percent)))
        return story

    # -- every sheet ---------------------------------------------------------------------
    def followup_sheets(self) -> list[Flowable]:
        if not self.has_followups:
            return []
        record, contest = self.record, self.contest
        story: list[Flowable] = self.scores_section(N_("Scores of each initiative for "
                                                     "the second disbursement"))
        story.extend(self.para(N_("Jurors are numbered as in section 1. “R”: recused; “—”: "
                                  "no value.")))
        if record.events:
            confirmed = sum(1 for _j, item, _p in record.confirmed if item in record.items)
            story.extend(self.s.paragraphs(self.w.each_n(
                Nn_("Each sheet was read back aloud to the juror who filled it, who accepted "
                    "it (“conforme”) before it was confirmed: {n} sheet confirmed.",
                    "Each sheet was read back aloud to the juror who filled it, who accepted "
                    "it (“conforme”) before it was confirmed: {n} sheets confirmed."),
                confirmed)))
        phases = contest.followups.phases if contest.followups is not None else ()
        phase_jurors = {p.id: [j for j in contest.jurors if p.id in j.phases] for p in phases}
        for item in record.items_in_order():
            result = record.by_item[item.id]
            heading = f"{item.order}. {item.organization} — {item.title}"
            block: list[Flowable] = [CondPageBreak(40 * mm),
                                     Paragraph(escape(heading), self.s.subheading)]
            if result.status == "withdrawn":
                block.extend(self.para(N_("Withdrawn: not scored.")))
                story.extend(block)
                continue
            for phase in phases:
                block.append(HeadedTable.of(
                    self.phase_table(item.id, phase, phase_jurors[phase.id], result),
                    self.continued(heading)))
            final = "—" if result.final_score is None else self.number(result.final_score)
            block.append(Paragraph(escape(self.w.join(self.w.each(
                "Final score: {score} · {status}", score=final,
                status=lambda lang, r=result: self.item_status_in(r, lang)))),
                self.s.subheading))
            story.extend(block)
        return story

    # -- the results ---------------------------------------------------------------------
    def item_status_in(self, result: FollowupResult, lang: str) -> str:
        """An item's result in one language, with why it released nothing."""
        text = gettext_in(lang, FOLLOWUP_STATUS[result.status])
        why = self.item_why_in(result, lang)
        if why:
            text += " · " + why
        if result.item in self.record.pending:
            text = gettext_in(lang, "pending: {status}").format(status=text)
        return text

    def item_why_in(self, result: FollowupResult, lang: str) -> str:
        item = self.record.items[result.item]
        if result.status == "withdrawn":
            return next((w.reason for w in self.contest.withdrawals if w.proposal == item.id),
                        "")
        msgid = FOLLOWUP_WHY.get(result.status)
        if msgid is None:
            return ""
        self.w.used.add(msgid)
        followups = self.contest.followups
        assert followups is not None
        return gettext_in(lang, msgid).format(
            score=self.w.number(result.final_score or 0)(lang),
            pass_score=self.w.number(followups.rules.pass_score)(lang),
            justified=self.percent_of(item.justified_percent)(lang),
            minimum=self.percent_of(followups.rules.min_justified_percent)(lang))

    def phase_heading(self, phase: Phase, width: float) -> Paragraph:
        """A phase's name in its narrow score column: whole words in type from 6.5 down to
        5.5 points, a word wider than the column broken at a syllable of its own language
        (as the scoring sheets' headings are)."""
        from .sheets import fit_heading

        words: list[tuple[str, str | None]] = []
        seen: list[str] = []
        for lang in self.w.languages:
            name = text_in(phase.name, lang)
            if name in seen:
                continue
            if seen:
                words.append(("/", None))
            seen.append(name)
            words += [(word, lang) for word in name.split()]
        lines, size = fit_heading([words], self.s.regular, width - 6)
        style = ParagraphStyle("phase_heading", parent=self.s.small, fontSize=size,
                               leading=size + 1)
        return Paragraph("<br/>".join(escape(line) for line in lines), style)

    def result_cell(self, result: FollowupResult) -> list[Paragraph]:
        """The result in capitals (APROBADO, DESAPROBADO…) and, under it, why nothing was
        released; "pending" while a sheet is open."""
        pending = result.item in self.record.pending

        def status(lang: str) -> str:
            text = gettext_in(lang, FOLLOWUP_STATUS[result.status])
            return gettext_in(lang, "pending: {status}").format(status=text) if pending \
                else text

        self.w.used.add(FOLLOWUP_STATUS[result.status])
        cell = [Paragraph(escape(self.w.join([status(lang) for lang in self.w.languages])),
                          self.s.cell_bold)]
        why = [self.item_why_in(result, lang) for lang in self.w.languages]
        if any(why):
            cell.append(Paragraph(escape(self.w.join(why)), self.s.small))
        return cell

    def followup_results(self) -> list[Flowable]:
        if not self.has_followups:
            return []
        record, contest = self.record, self.contest
        assert contest.followups is not None
        phases = contest.followups.phases
        story: list[Flowable] = [self.section("Initiatives that obtain a second "
                                              "disbursement")]
        header: list[Any] = [self.label("No."), self.label("Initiative")]
        header += [self.phase_heading(p, 17 * mm) for p in phases]
        header += [self.label("Final score"), self.label("Result"),
                   self.label("Second tranche"), self.label("Released")]
        rows: list[list[Any]] = [header]
        for item in record.items_in_order():
            result = record.by_item[item.id]
            scores = result.phase_scores or {}
            rows.append([str(item.order), self.cell(item.organization),
                         *("—" if p.id not in scores else self.number(scores[p.id])
                           for p in phases),
                         "—" if result.final_score is None else self.number(result.final_score),
                         self.result_cell(result),
                         self.money(item.second_tranche), self.money(result.released)])
        due, released = record.results.followups_due, record.results.followups_released
        rows.append(["", self.label("Total"), *[""] * len(phases), "", "",
                     self.money(due), self.money(released)])
        money_w, score_w, result_w = 25 * mm, 17 * mm, 36 * mm
        name_w = self.width - 8 * mm - score_w * (len(phases) + 1) - result_w - 2 * money_w
        story.append(table(rows, [8 * mm, name_w, *[score_w] * (len(phases) + 1), result_w,
                                  money_w, money_w],
                           extra=[("ALIGN", (2, 1), (-1, -1), "RIGHT"),
                                  ("ALIGN", (-3, 1), (-3, -1), "LEFT"),
                                  ("BACKGROUND", (0, -1), (-1, -1), SHADE)]))
        story.append(Spacer(1, 3))
        currency = self.currency
        approved = len(record.approved_items())
        story.extend(self.s.paragraphs(self.w.each_n(
            Nn_("{n} of {total} initiative obtains its second disbursement.",
                "{n} of {total} initiatives obtain their second disbursement."),
            approved, total=len(record.items))))
        story.extend(self.para(
            N_("In total {released} ({released_words}) are released of the {due} "
               "({due_words}) of second tranches evaluated."),
            released=self.w.money(released, currency),
            released_words=self.w.in_words(released, currency),
            due=self.w.money(due, currency), due_words=self.w.in_words(due, currency)))
        return story
