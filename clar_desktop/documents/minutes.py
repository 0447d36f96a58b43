"""The acta: the minutes of a public session, signed by every juror and archived for years.

Sections in order: opening (place, date, times), the CLAR members and the quorum, other
people present, the agenda, the rules in plain words, the proposals presented, every sheet
(each juror's value per criterion and total, the phase scores, the final score), recusals,
corrections, draws, the ranking with the allocation and tranches, the totals per category,
the observations and the custody of the paper sheets, the hashes with a QR code to check a
printed copy against the exported bundle, and the closing with the signature lines kept on
its page. Every page has a box for the members' initials (rúbrica). An acta of a session
that is not closed is marked as a draft on every page. The hashes are also in the PDF's
metadata (acta_hashes.py), for ``clar-desktop verify --acta``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from ..domain.numbers import round_half_up
from ..i18n import N_, gettext_in
from ..labels import (
    DEFAULT_AGENDA,
    FOLLOWUP_AGENDA,
    FOLLOWUP_AGENDA_ITEM,
    TIE_BREAK_CRITERION,
    TIE_BREAK_WORDS,
    custody_sentence,
)
from .acta_hashes import acta_metadata, metadata_stamp
from .archive import keywords
from .layout import (
    GRID,
    SHADE,
    DocumentOptions,
    Footer,
    QrCode,
    build,
    escape,
    in_shipped_font,
    logo,
    table,
)
from .minutes_events import EventSections
from .minutes_followups import FollowupSections
from .minutes_people import PeopleSections
from .record import SessionRecord

INITIALS_MARGIN = 34 * mm
"""The foot of each page of the acta: the "page X of Y" line and, above it, the box where
every member initials the page (the rúbrica)."""
SECTION_ROOM = 45 * mm
"""The room a numbered section needs left on a page to begin there (its heading and the first
lines of what it announces); the scores' sections need
`minutes_base.SCORES_ROOM`."""
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


OPENINGS = {
    # (the acta has the proposals' sections, the log says when the session opened)
    (True, True): N_("In {place}, at {time} on {date}, the members of the Local Resource "
                     "Allocation Committee (CLAR) met in public session to evaluate the "
                     "proposals of the contest and allocate its funds."),
    (True, False): N_("In {place}, on {date}, the members of the Local Resource Allocation "
                      "Committee (CLAR) met in public session to evaluate the proposals of "
                      "the contest and allocate its funds."),
    (False, True): N_("In {place}, at {time} on {date}, the members of the Local Resource "
                      "Allocation Committee (CLAR) met in public session to evaluate the "
                      "progress of the initiatives that apply for the second disbursement "
                      "of their award."),
    (False, False): N_("In {place}, on {date}, the members of the Local Resource Allocation "
                       "Committee (CLAR) met in public session to evaluate the progress of "
                       "the initiatives that apply for the second disbursement of their "
                       "award."),
}


def write_minutes(record: SessionRecord, options: DocumentOptions) -> bytes:
    """The acta as PDF bytes."""
    return MinutesWriter(record, options).write()


class MinutesWriter(PeopleSections, FollowupSections, EventSections):
    """The whole acta: each section is a method returning its flowables."""

    @property
    def proposals_part(self) -> bool:
        """Whether the acta has the proposals' sections: not for a session that evaluates
        second-tranche items only (it would print an empty ranking and empty totals)."""
        return bool(self.contest.proposals) or not self.has_followups

    # -- the document --------------------------------------------------------------------------
    def write(self) -> bytes:
        story: list[Flowable] = []
        both = self.proposals_part
        for section in (self.opening, self.members, self.others, self.agenda, self.rules,
                        *([self.presented] if both else []), self.followups_presented,
                        *([self.sheets] if both else []), self.followup_sheets,
                        self.recusals, self.corrections,
                        *([self.draws, self.ranking, self.totals] if both else []),
                        self.followup_results, self.observations, self.integrity):
            parts = section()
            if parts and getattr(parts[0], "style", None) is self.s.heading:
                # a section starts where there is room for its heading and some of what
                # it announces, not as a heading alone at the foot of a page
                story.append(CondPageBreak(SECTION_ROOM))
            story.extend(parts)
        # The closing text and the signatures that agree to it, together.
        story.extend(self.signatures(self.closing()))
        number = self.record.minutes.number
        # The acta and the contest as people name them (its id is for programs: the QR code
        # and the metadata carry it); an acta not numbered yet says so on every page.
        left = self.w("Minutes No. {number}", number=number) if number else \
            self.w("Minutes (not numbered yet)")
        left += " · " + self.contest.title
        reason = self.record.draft_reason
        draft = None if reason is None else self.w(reason)
        footer = Footer(self.w, left, draft, initials=self.w("Initials (rúbrica)"))
        return build(story, self.size, footer, title=self.title(), bottom=INITIALS_MARGIN,
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

    def logos(self) -> list[Flowable]:
        """The logos chosen (up to two), left and right above the title."""
        images = [logo(path, 15 * mm) for path in self.options.logos[:2]]
        if not images:
            return []
        cells: list[Any] = [images[0], images[1] if len(images) > 1 else ""]
        return [Table([cells], colWidths=[self.width / 2] * 2, hAlign="LEFT", style=[
            in_shipped_font(), ("ALIGN", (0, 0), (0, 0), "LEFT"),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])]

    def convened(self) -> list[Flowable]:
        """Who convened the session and by what act: the programme (the executing entity),
        its local office and the resolution that constituted the CLAR."""
        contest, minutes = self.contest, self.record.minutes
        story: list[Flowable] = []
        if contest.programme:
            story.extend(self.para(N_("Programme or executing entity: {programme}."),
                                   programme=contest.programme))
        if contest.office is not None:
            story.extend(self.para(N_("Local office of the programme: {office}."),
                                   office=contest.office.name))
        if minutes.resolution:
            story.extend(self.para(N_("Resolution that constituted the CLAR: {resolution}."),
                                   resolution=minutes.resolution))
        else:
            story.extend(self.para(N_("The resolution that constituted the CLAR was not "
                                      "recorded in the minutes' details.")))
        return story

    def opening(self) -> list[Flowable]:
        record, contest = self.record, self.contest
        story: list[Flowable] = [*self.logos(), Paragraph(escape(self.title()), self.s.title),
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

        timed = record.opened_at is not None  # the day and hour of the log's session.opened
        texts = self.w.each(OPENINGS[(self.proposals_part, timed)], place=where,
                            time=self.clock(record.opened_at),
                            date=self.w.day(record.held_on if timed else record.day))
        if record.opened_at is not None and record.held_on != record.day:
            planned = self.w.each(N_("The session was planned for {date}."),
                                  date=self.w.day(record.day))
            texts = [f"{text} {also}" for text, also in zip(texts, planned, strict=True)]
        story.extend(self.s.paragraphs(texts))
        story.extend(self.convened())
        if not record.events:
            story.extend(self.s.paragraphs(self.w.each(
                N_("This acta was made from a bundle without an event log: the times of the "
                   "session, the read-backs and the corrections are not known."))))
        return story

    def agenda(self) -> list[Flowable]:
        items = self.record.minutes.agenda
        story: list[Flowable] = [self.section("Agenda")]
        if items:
            story.extend(Paragraph(escape(f"{i}. {item}"), self.s.body)
                         for i, item in enumerate(items, start=1))
        else:
            usual: tuple[str, ...] = DEFAULT_AGENDA
            if not self.proposals_part:
                usual = FOLLOWUP_AGENDA
            elif self.has_followups:  # after the proposals' presentation, the items'
                usual = (*DEFAULT_AGENDA[:3], FOLLOWUP_AGENDA_ITEM, *DEFAULT_AGENDA[3:])
            for i, msgid in enumerate(usual, start=1):
                story.extend(self.s.paragraphs([f"{i}. {t}" for t in self.w.each(msgid)]))
        return story

    def rules(self) -> list[Flowable]:
        story: list[Flowable] = [self.section("Rules applied")]
        if self.proposals_part:
            story.extend(self.proposal_rules())
        return [*story, *self.followup_rules()]

    def proposal_rules(self) -> list[Flowable]:
        rules, contest = self.contest.rules, self.contest
        story: list[Flowable] = []
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

    def ranking(self) -> list[Flowable]:
        story: list[Flowable] = [self.section("Ranking and allocation")]
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
        currency = self.currency
        _budget, allocated, paid, later, _left = (round_half_up(v) for v in sums)
        # As official documents write amounts: in figures and in words.
        words = self.para(
            N_("In total {allocated} ({allocated_words}) were allocated: {first} "
               "({first_words}) in first tranches and {second} ({second_words}) in second "
               "tranches."),
            allocated=self.w.money(allocated, currency),
            allocated_words=self.w.in_words(allocated, currency),
            first=self.w.money(paid, currency), first_words=self.w.in_words(paid, currency),
            second=self.w.money(later, currency),
            second_words=self.w.in_words(later, currency))
        return [self.section("Totals per category"), table(
            rows, [self.width - 125 * mm] + [25 * mm] * 5,
            extra=[("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("BACKGROUND", (0, -1), (-1, -1),
                                                          SHADE)]), Spacer(1, 3), *words]

    def observations(self) -> list[Flowable]:
        story: list[Flowable] = [self.section("Observations")]
        if not self.record.observations:
            story.extend(self.para(N_("No observations were entered.")))
        for i, (at, text) in enumerate(self.record.observations, start=1):
            prefix = f"{i}. ({self.clock(at)}) " if at else f"{i}. "
            story.append(Paragraph(escape(prefix + text), self.s.body))
        if self.proposals_part:
            story.extend(self.para(N_("Proposals that were not approved or not funded may "
                                      "apply again in a later contest.")))
        return [*story, *self.custody()]

    def custody(self) -> list[Flowable]:
        """Where the paper sheets are kept: as the minutes' details say, else the usual
        sentence naming the contest's office (or place)."""
        text = self.record.minutes.custody
        if text:
            return [Paragraph(escape(text), self.s.body)]
        msgid, params = custody_sentence(self.contest)
        return self.para(msgid, **params)

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
        return [KeepTogether([self.section("Integrity"), Table(
            [[cell_text, QrCode(qr_text, 30 * mm)]],
            colWidths=[self.width - 34 * mm, 34 * mm], hAlign="LEFT",
            style=[in_shipped_font(), *GRID[1:], ("VALIGN", (0, 0), (-1, -1), "TOP")])])]


def verification_text(record: SessionRecord) -> str:
    """What the acta's QR code holds: the contest and both hashes, one per line."""
    return "\n".join([f"CLAR {record.contest.id}", f"log {record.log_hash or '-'}",
                      f"results {record.results_hash}"])

