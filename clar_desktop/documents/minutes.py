"""The acta: the minutes of a public session, signed by every juror and archived for years.

Sections in order: opening (place, date, times), the CLAR members and the quorum, other
people present, the agenda, the rules in plain words, the proposals presented, every sheet
(each juror's value per criterion and total, the phase scores, the final score), recusals,
corrections, draws, the ranking with the allocation and tranches, the totals per category,
the observations, the closing, the hashes with a QR code to check a printed copy against
the exported bundle, and the signature lines. An acta of a session that is not closed is
marked as a draft on every page. The hashes are also in the PDF's metadata (acta_hashes.py),
for ``clar-desktop verify --acta``.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from ..domain.model import Contest, Phase
from ..domain.numbers import round_half_up
from ..domain.scoring import APPROVED
from ..domain.tally import ProposalResult
from ..i18n import N_, Nn_, format_number, gettext_in
from ..labels import (
    ATTENDEE_GROUP_LABELS,
    DEFAULT_AGENDA,
    REASONS,
    STATUS,
    TIE_BREAK_CRITERION,
    TIE_BREAK_WORDS,
)
from .acta_hashes import acta_metadata, metadata_stamp
from .archive import keywords
from .layout import (
    GRID,
    SHADE,
    DocumentOptions,
    Footer,
    QrCode,
    Styles,
    build,
    escape,
    in_shipped_font,
    page_size,
    signature_grid,
    table,
    text_width,
    wrap_lines,
)
from .record import SessionRecord
from .words import Words

AGGREGATION_WORDS = {
    "mean": N_("Each phase score is the mean of the eligible jurors' totals."),
    "median": N_("Each phase score is the median of the eligible jurors' totals."),
    "trimmed_mean": N_("Each phase score is the mean of the eligible jurors' totals after "
                       "dropping the {trim} lowest and the {trim} highest (the plain mean "
                       "when there are too few)."),
}
ALLOCATION_WORDS = {
    "skip": N_("Funds are allocated in ranking order within each category; a proposal that "
               "does not fit the remaining budget is not funded and the next one is "
               "considered."),
    "stop": N_("Funds are allocated in ranking order within each category; the first "
               "proposal that does not fit the remaining budget and every one after it are "
               "not funded."),
    "partial": N_("Funds are allocated in ranking order within each category; the first "
                  "proposal that does not fit receives what remains if that is at least "
                  "{percent} of its request, and no later proposal is funded."),
}


def write_minutes(record: SessionRecord, options: DocumentOptions) -> bytes:
    """The acta as PDF bytes."""
    return MinutesWriter(record, options).write()


class MinutesWriter:
    def __init__(self, record: SessionRecord, options: DocumentOptions) -> None:
        self.record = record
        self.contest: Contest = record.contest
        self.options = options
        self.w = Words(options.language)
        self.s = Styles()
        self.size = page_size(options)
        self.width = text_width(self.size)
        self.currency = self.contest.currency
        self.juror_number = {j.id: i for i, j in enumerate(self.contest.jurors, start=1)}
        self._numbers: dict[Any, str] = {}

    # -- helpers -------------------------------------------------------------------------------
    def para(self, msgid: str, **params: Any) -> list[Paragraph]:
        return self.s.paragraphs(self.w.each(msgid, **params))

    def heading(self, msgid: str, **params: Any) -> Paragraph:
        return Paragraph(escape(self.w(msgid, **params)), self.s.heading)

    def label(self, msgid: str, **params: Any) -> Paragraph:
        return Paragraph(escape(self.w(msgid, **params)), self.s.cell_bold)

    def cell(self, text: str) -> Paragraph:
        return Paragraph(escape(text), self.s.cell)

    def num(self, value: Any) -> str:
        """A value with the digits it has (no fixed places), in the document's number
        format; remembered, since the same few values fill thousands of cells."""
        text = self._numbers.get(value)
        if text is None:
            text = self._numbers[value] = format_number(value, language=self.w.first)
        return text

    def money(self, amount: Any) -> str:
        return self.w.value(self.w.money(amount, self.currency))

    def number(self, value: Any) -> str:
        return self.w.value(self.w.number(value))

    def name(self, text: Any) -> str:
        return self.w.value(self.w.name(text))

    def clock(self, moment: Any) -> str:
        return "" if moment is None else moment.strftime("%H:%M")

    def proposal_label(self, pid: str) -> str:
        proposal = self.record.proposals.get(pid)
        return f"{proposal.order}. {proposal.organization}" if proposal else pid

    def status_in(self, result: ProposalResult, lang: str) -> str:
        """A result's status in one language (a sentence holding it is translated whole)."""
        text = gettext_in(lang, STATUS[result.status])
        if result.status == APPROVED and not result.funded and result.reason:
            text += " · " + gettext_in(lang, REASONS[result.reason])
        elif result.partial:
            text += " · " + gettext_in(lang, "partly funded")
        if result.proposal in self.record.pending:  # a sheet still open: nothing is final
            text = gettext_in(lang, "pending: {status}").format(status=text)
        return text

    def status_text(self, result: ProposalResult) -> str:
        return self.w.join([self.status_in(result, lang) for lang in self.w.languages])

    # -- the document --------------------------------------------------------------------------
    def write(self) -> bytes:
        story: list[Flowable] = []
        for section in (self.opening, self.members, self.others, self.agenda, self.rules,
                        self.presented, self.sheets, self.recusals, self.corrections,
                        self.draws, self.ranking, self.totals, self.observations,
                        self.closing, self.integrity, self.signatures):
            story.extend(section())
        number = self.record.minutes.number
        left = self.w("Minutes No. {number}", number=number) if number else self.w("Minutes")
        left += " · " + self.contest.id
        reason = self.record.draft_reason
        draft = None if reason is None else self.w(reason)
        return build(story, self.size, Footer(self.w, left, draft), title=self.title(),
                     subject=self.contest.title, progress=self.options.progress,
                     on_page=metadata_stamp(acta_metadata(self.record)),
                     keywords=keywords(self.contest.id, ("log hash", self.record.log_hash),
                                       ("results hash", self.record.results_hash)))

    def title(self) -> str:
        number = self.record.minutes.number
        if number:
            return self.w("Minutes No. {number} of the public session of the CLAR",
                          number=number)
        return self.w("Minutes of the public session of the CLAR")

    def opening(self) -> list[Flowable]:
        record, contest = self.record, self.contest
        story: list[Flowable] = [Paragraph(escape(self.title()), self.s.title),
                                 Paragraph(escape(contest.title), self.s.subtitle)]
        place = contest.place
        parts = []
        if place is not None:
            for msgid, value in ((N_("community {name}"), place.community),
                                 (N_("district {name}"), place.district),
                                 (N_("province {name}"), place.province),
                                 (N_("region {name}"), place.region)):
                if value:
                    parts.append((msgid, value))
        for msgid, _value in parts:
            self.w.used.add(msgid)

        def where(lang: str) -> str:
            return ", ".join(gettext_in(lang, m).format(name=v) for m, v in parts) or "—"

        if record.opened_at is not None:  # the day and hour of the log's session.opened
            texts = self.w.each(
                N_("In {place}, at {time} on {date}, the members of the Local Resource "
                   "Allocation Committee (CLAR) met in public session to evaluate the "
                   "proposals of the contest and allocate its funds."),
                place=where,
                time=self.clock(record.opened_at), date=self.w.day(record.held_on))
            if record.held_on != record.day:
                planned = self.w.each(N_("The session was planned for {date}."),
                                      date=self.w.day(record.day))
                texts = [f"{text} {also}" for text, also in zip(texts, planned, strict=True)]
        else:
            texts = self.w.each(
                N_("In {place}, on {date}, the members of the Local Resource Allocation "
                   "Committee (CLAR) met in public session to evaluate the proposals of the "
                   "contest and allocate its funds."),
                place=where, date=self.w.day(record.day))
        story.extend(self.s.paragraphs(texts))
        if not record.events:
            story.extend(self.s.paragraphs(self.w.each(
                N_("This acta was made from a bundle without an event log: the times of the "
                   "session, the read-backs and the corrections are not known."))))
        return story

    def members(self) -> list[Flowable]:
        contest, record = self.contest, self.record
        rows: list[list[Any]] = [[self.label("No."), self.label("Name"), self.label("DNI"),
                                  self.label("Cargo"), self.label("Phases"),
                                  self.label("Attendance")]]
        present = 0
        # Attendance is marked in the log, during the session: before it, nobody is known.
        known = bool(record.events) and record.session != "preparing"
        for juror in contest.jurors:
            here = juror.id not in record.absent
            present += here
            attendance = (self.w("present") if here else self.w("absent")) if known else "—"
            phases = ", ".join(self.name(p.name) for p in contest.phases
                               if p.id in juror.phases)
            # Every cell in the cells' type: a row in two sizes looks like two tables.
            rows.append([self.cell(str(self.juror_number[juror.id])), self.cell(juror.name),
                         self.cell(juror.document or "—"), self.cell(juror.role or "—"),
                         self.cell(phases),
                         self.cell(attendance)])
        total = len(contest.jurors)
        quorum = present * 2 > total
        story: list[Flowable] = [self.heading("1. Members of the CLAR and quorum"), table(
            rows, [8 * mm, 42 * mm, 18 * mm, 44 * mm, 44 * mm, self.width - 156 * mm])]
        story.append(Spacer(1, 3))
        if not record.events:
            return [*story, *self.para(N_("Attendance is not known: the bundle has no event "
                                          "log, where it is marked."))]
        if not known:
            return [*story, *self.para(N_("Attendance is not known yet: the session has not "
                                          "been opened."))]
        story.extend(self.s.paragraphs(self.w.each_n(
            Nn_("{n} of {total} member present.", "{n} of {total} members present."),
            present, total=total)))
        story.extend(self.para(N_("There is a quorum: more than half of the members are "
                                  "present.") if quorum else
                               N_("There is no quorum: half of the members or fewer are "
                                  "present.")))
        return story

    def others(self) -> list[Flowable]:
        attendees = self.record.minutes.attendees
        story: list[Flowable] = [self.heading("2. Others present")]
        if not attendees:
            story.extend(self.para(N_("No other attendees were recorded.")))
            return story
        rows: list[list[Any]] = [[self.label("Group"), self.label("Name"), self.label("Role")]]
        # One row per person: the group in the singular ("Llaqta kamachikuq").
        for group, msgid in ATTENDEE_GROUP_LABELS.items():
            for person in attendees:
                if person.group == group:
                    rows.append([self.cell(self.w(msgid)), self.cell(person.name),
                                 self.cell(person.role or "—")])
        story.append(table(rows, [45 * mm, 55 * mm, self.width - 100 * mm]))
        return story

    def agenda(self) -> list[Flowable]:
        items = self.record.minutes.agenda
        story: list[Flowable] = [self.heading("3. Agenda")]
        if items:
            story.extend(Paragraph(escape(f"{i}. {item}"), self.s.body)
                         for i, item in enumerate(items, start=1))
        else:
            for i, msgid in enumerate(DEFAULT_AGENDA, start=1):
                story.extend(self.s.paragraphs([f"{i}. {t}" for t in self.w.each(msgid)]))
        return story

    def rules(self) -> list[Flowable]:
        rules, contest = self.contest.rules, self.contest
        story: list[Flowable] = [self.heading("4. Rules applied")]
        story.extend(self.para(AGGREGATION_WORDS[rules.aggregation], trim=rules.trim))
        story.extend(self.para(N_("A phase needs at least {n} eligible jurors for the proposal "
                                  "to be ranked; every eligible juror's sheet must be "
                                  "complete."), n=rules.min_jurors))
        story.extend(self.para(N_("The final score is the sum of the phase scores; a proposal "
                                  "is approved with a final score of {score} or more."),
                               score=self.w.number(rules.pass_score)))
        if rules.tie_break:
            keys = []
            for key in rules.tie_break:
                if key.startswith("criterion:"):
                    found = contest.criterion(key.split(":", 1)[1])
                    name = found[1].name if found else key
                    keys.append(lambda lang, n=name: self.w._format(
                        gettext_in(lang, TIE_BREAK_CRITERION), lang,
                        {"criterion": self.w.name(n)}))
                    self.w.used.add(TIE_BREAK_CRITERION)
                else:
                    keys.append(lambda lang, k=key: gettext_in(lang, TIE_BREAK_WORDS[k]))
                    self.w.used.add(TIE_BREAK_WORDS[key])
            story.extend(self.para(N_("Equal final scores are ordered, in turn, by: {keys}."),
                                   keys=lambda lang: "; ".join(k(lang) for k in keys)))
        else:
            story.extend(self.para(N_("Equal final scores stay tied: no tie-break applies.")))
        share = self.w.number(rules.partial_min_percent, 0)
        for category in contest.categories:
            if category.max_award is not None:
                story.extend(self.para(
                    N_("In the category “{category}” no award exceeds {amount}: a larger "
                       "request is funded up to that amount."),
                    category=self.w.name(category.name),
                    amount=self.w.money(category.max_award, contest.currency)))
        story.extend(self.para(ALLOCATION_WORDS[rules.allocation],
                               percent=lambda lang: share(lang) + "\u00a0%"))
        first = rules.first_tranche_percent
        story.extend(self.para(
            N_("Each award is paid in two tranches: the first of {first} % and the second of "
               "{second} %, once the programme has checked the use of the first."),
            first=self.w.percent(first), second=self.w.percent(100 - first)))
        return story

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

    # -- every sheet ---------------------------------------------------------------------------
    def sheets(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading("6. Scores of each proposal")]
        story.extend(self.para(N_("Jurors are numbered as in section 1. “R”: recused; “—”: "
                                  "no value.")))
        contest = self.contest
        phase_jurors = {phase.id: [j for j in contest.jurors if phase.id in j.phases]
                        for phase in contest.phases}
        for proposal in self.record.proposals_in_order():
            result = self.record.by_proposal[proposal.id]
            block: list[Flowable] = [CondPageBreak(40 * mm), Paragraph(
                escape(f"{proposal.order}. {proposal.organization} — {proposal.title}"),
                self.s.subheading)]
            for phase in contest.phases:
                block.append(self.phase_table(proposal.id, phase, phase_jurors[phase.id],
                                              result))
            final = ("—" if result.final_score is None else self.number(result.final_score))
            block.append(Paragraph(escape(self.w.join(self.w.each(
                "Final score: {score} · {status}", score=final,
                status=lambda lang, r=result: self.status_in(r, lang)))), self.s.subheading))
            story.extend(block)
        return story

    def phase_table(self, pid: str, phase: Phase, jurors: list[Any],
                    result: ProposalResult) -> Table:
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

    def ranking(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading("10. Ranking and allocation")]
        for category in self.contest.categories:
            story.append(Paragraph(escape(self.w("Category: {name}", name=self.w.name(
                category.name))), self.s.subheading))
            rows: list[list[Any]] = [[self.label("Rank"), self.label("Proposal"),
                                      self.label("Final score"), self.label("Result"),
                                      self.label("Award"), self.label("First tranche"),
                                      self.label("Second tranche")]]
            for r in self.record.results.results:
                if r.category != category.id:
                    continue
                rank = "—" if r.rank is None else f"{r.rank}{' =' if r.tie else ''}"
                rows.append([rank, self.cell(self.proposal_label(r.proposal)),
                             "—" if r.final_score is None else self.number(r.final_score),
                             self.cell(self.status_text(r)), self.money(r.award),
                             self.money(r.first_tranche), self.money(r.second_tranche)])
            money_w = 23 * mm
            story.append(table(rows, [13 * mm, self.width - 66 * mm - 3 * money_w, 15 * mm,
                                      38 * mm, money_w, money_w, money_w],
                               extra=[("ALIGN", (2, 1), (2, -1), "RIGHT"),
                                      ("ALIGN", (4, 1), (-1, -1), "RIGHT")]))
        return story

    def totals(self) -> list[Flowable]:
        rows: list[list[Any]] = [[self.label("Category"), self.label("Budget"),
                                  self.label("Allocated"), self.label("First tranche"),
                                  self.label("Second tranche"), self.label("Budget left")]]
        sums = [Fraction(0)] * 5
        for cat, totals in zip(self.contest.categories, self.record.results.categories,
                               strict=True):
            lines = [r for r in self.record.results.results
                     if r.category == cat.id and r.funded]
            first = sum((Fraction(r.first_tranche) for r in lines), Fraction(0))
            second = sum((Fraction(r.second_tranche) for r in lines), Fraction(0))
            values = [totals.budget, totals.allocated, first, second, totals.remaining]
            sums = [a + b for a, b in zip(sums, values, strict=True)]
            rows.append([self.cell(self.name(cat.name))] + [self.money(v) for v in values])
        rows.append([self.label("Total")] + [self.money(v) for v in sums])
        return [self.heading("11. Totals per category"), table(
            rows, [self.width - 125 * mm] + [25 * mm] * 5,
            extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("BACKGROUND", (0, -1), (-1, -1),
                                                          SHADE)])]

    def observations(self) -> list[Flowable]:
        story: list[Flowable] = [self.heading("12. Observations")]
        if not self.record.observations:
            story.extend(self.para(N_("No observations were entered.")))
        for i, (at, text) in enumerate(self.record.observations, start=1):
            prefix = f"{i}. ({self.clock(at)}) " if at else f"{i}. "
            story.append(Paragraph(escape(prefix + text), self.s.body))
        story.extend(self.para(N_("Proposals that were not approved or not funded may apply "
                                  "again in a later contest.")))
        return story

    def closing(self) -> list[Flowable]:
        record = self.record
        closed = record.closed_at
        if closed is not None and closed.date() != record.held_on:
            msgid = N_("The session closed at {time} on {date}. In agreement, the members of "
                       "the CLAR and the secretary sign below.")
        elif closed is not None:
            msgid = N_("The session closed at {time}. In agreement, the members of the CLAR "
                       "and the secretary sign below.")
        else:
            msgid = N_("In agreement, the members of the CLAR and the secretary sign below.")
        story: list[Flowable] = [Spacer(1, 6)]
        for at, reason in record.reopenings:
            if at.date() != record.held_on:  # another day than the opening's: say which
                reopened = N_("On {date}, at {time}, the session was reopened, for this "
                              "reason: {reason}")
            else:
                reopened = N_("At {time} the session was reopened, for this reason: {reason}")
            story.extend(self.para(reopened, date=self.w.day(at.date()), time=self.clock(at),
                                   reason=reason))
        day = self.w.day(closed.date()) if closed is not None else ""
        return [*story, *self.para(msgid, time=self.clock(closed), date=day)]

    def integrity(self) -> list[Flowable]:
        record = self.record
        lines = [
            self.w("Event log: {n} events; final hash:", n=record.events)
            if record.log_hash else self.w("Event log: none"),
            record.log_hash or "—",
            self.w("Results hash:"), record.results_hash,
        ]
        text = "<br/>".join(escape(x) for x in lines)
        check = self.w("Check a printed copy: clar-desktop verify {bundle} prints both "
                       "hashes.", bundle=lambda lang: gettext_in(lang, "BUNDLE"))
        qr_text = verification_text(record)
        cell_text = [Paragraph(text, self.s.small), Spacer(1, 3),
                     Paragraph(escape(check), self.s.small)]
        return [KeepTogether([self.heading("13. Integrity"), Table(
            [[cell_text, QrCode(qr_text, 30 * mm)]],
            colWidths=[self.width - 34 * mm, 34 * mm], hAlign="LEFT",
            style=[in_shipped_font(), *GRID[1:], ("VALIGN", (0, 0), (-1, -1), "TOP")])])]

    def signatures(self) -> list[Flowable]:
        blocks: list[list[tuple[str, bool]]] = []
        for juror in self.record.scoring_jurors():
            blocks.append([(juror.name, True),
                           (self.w("DNI {number}", number=juror.document or "—"), False),
                           (juror.role or self.w("Member of the CLAR"), False)])
        secretary = self.record.secretary()
        blocks.append([(secretary.name if secretary else "", True),
                       (self.w("Secretary of the session"), False),
                       (secretary.role if secretary and secretary.role else "", False)])
        return [CondPageBreak(60 * mm), self.heading("14. Signatures"),
                signature_grid(blocks, self.width, self.s)]


def verification_text(record: SessionRecord) -> str:
    """What the acta's QR code holds: the contest and both hashes, one per line."""
    return "\n".join([f"CLAR {record.contest.id}", f"log {record.log_hash or '-'}",
                      f"results {record.results_hash}"])


@lru_cache(maxsize=4096)
def _wrapped(text: str, font: str, width: float) -> str:
    """A table cell's text in lines (cached: the same names head hundreds of tables)."""
    return "\n".join(wrap_lines(text, font, 7.5, width - 6))


