"""The people of the acta: the CLAR members and the quorum, the others present, the
signature lines."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..domain.model import Juror
from ..i18n import N_, Nn_
from ..labels import (
    ATTENDEE_GROUP_LABELS,
)
from .layout import (
    signature_grid,
    table,
)
from .minutes_base import MinutesBase
from .signing_stamp import STAMP_HEIGHT

STAMP_ROOM = STAMP_HEIGHT + 5 * mm
"""Left free under the last row of signature lines: one row of two visible digital
signatures (the secretary's and the president's) fits there, on the same page."""


class PeopleSections(MinutesBase):
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
            phases = ", ".join(self.name(p.name) for p in contest.all_phases
                               if p.id in juror.phases)
            # Every cell in the cells' type: a row in two sizes looks like two tables.
            rows.append([self.cell(str(self.juror_number[juror.id])), self.cell(juror.name),
                         self.cell(juror.document or "—"), self.cell(juror.role or "—"),
                         self.cell(phases),
                         self.cell(attendance)])
        total = len(contest.jurors)
        quorum = present * 2 > total
        story: list[Flowable] = [self.section("Members of the CLAR and quorum"), table(
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
        story: list[Flowable] = [self.section("Others present")]
        if not attendees:
            story.extend(self.para(N_("No other attendees were recorded.")))
            return story
        rows: list[list[Any]] = [[self.label("Group"), self.label("Name"), self.label("DNI"),
                                  self.label("Role")]]
        # One row per person: the group in the singular ("Llaqta kamachikuq").
        for group, msgid in ATTENDEE_GROUP_LABELS.items():
            for person in attendees:
                if person.group == group:
                    rows.append([self.cell(self.w(msgid)), self.cell(person.name),
                                 self.cell(person.document or "—"),
                                 self.cell(person.role or "—")])
        story.append(table(rows, [40 * mm, 52 * mm, 20 * mm, self.width - 112 * mm]))
        return story

    def signers(self) -> list[Juror]:
        """The jurors who sign: every one present (the attendance in the log), and any who
        scored; without an attendance (no log, not opened yet) those who scored."""
        record = self.record
        scored = {j.id for j in record.scoring_jurors()}
        known = bool(record.events) and record.session != "preparing"
        return [j for j in self.contest.jurors
                if j.id in scored or (known and j.id not in record.absent)]

    def signature_blocks(self) -> list[list[tuple[str, bool]]]:
        """Each signature line's text: every juror who signs, the secretary with her cargo as
        given, then the authorities and the guests (observers) who attended."""
        def dni(document: str | None) -> str:
            return self.w("DNI {number}", number=document or "—")

        blocks: list[list[tuple[str, bool]]] = []
        for juror in self.signers():
            blocks.append([(juror.name, True), (dni(juror.document), False),
                           (juror.role or self.w("Member of the CLAR"), False)])
        secretary = self.record.secretary()
        if secretary is None:  # a line to fill in by hand
            blocks.append([("", True), (dni(None), False),
                           (self.w("Secretary of the session"), False)])
        for group in ("secretary", "authority", "guest"):
            for person in self.record.minutes.attendees:
                if person.group == group:
                    blocks.append([(person.name, True), (dni(person.document), False),
                                   (person.role or self.w(ATTENDEE_GROUP_LABELS[group]),
                                    False)])
        return blocks

    def signatures(self, closing: list[Flowable]) -> list[Flowable]:
        """The closing text, the heading and the first row of signature lines on one page
        (a signature is never apart from the text it signs); the other rows follow, a row
        never split."""
        blocks = self.signature_blocks()
        rows: list[Flowable] = [signature_grid(blocks[i:i + 2], self.width, self.s)
                                for i in range(0, len(blocks), 2)]
        # Under the last row, room for a row of digital signature stamps (the secretary's
        # and the president's, signing_stamp.py), kept on the page of that row.
        rows[-1] = KeepTogether([rows[-1], Spacer(1, STAMP_ROOM)])
        return [KeepTogether([*closing, self.section("Signatures"), *rows[:1]]),
                *rows[1:]]
