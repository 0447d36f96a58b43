"""Constancias de segundo desembolso: one landscape page per second-tranche item the session
approved, handed to the organization with the larger tranche of its award.

Each page is laid out as an award certificate (`certificates.py`: the frame, the heading,
the signatures of the CLAR's president and the secretary, the verification code with its QR
code): the organization, its plan and the award it continues (the earlier acta), the score
it obtained against the pass mark, the second disbursement in figures and in words, the
first tranche and the share of it justified, the place and date, and the acta of this
session by number and date. The code is the certificate's code of the item's id
(`SessionRecord.verification_code`; ids of items and proposals share one namespace), so
``clar-desktop verify BUNDLE --codes`` lists it too and no constancia can be made up for an
item the results do not approve.
"""

from __future__ import annotations

import re
import unicodedata

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    Paragraph,
    Spacer,
)

from ..domain.numbers import format_2dp
from ..i18n import N_
from .certificates import FOOT, MARGIN, _Certificates, _Current, one_per_page
from .layout import (
    DocumentError,
    DocumentOptions,
    escape,
)
from .record import SessionRecord


def constancia_text(record: SessionRecord, item: str) -> str:
    """What a constancia's QR code holds: contest, item, amount released and code."""
    released = record.by_item[item].released
    return (f"CLAR {record.contest.id}\nitem {item}\nreleased {format_2dp(released)} "
            f"{record.contest.currency}\ncode {record.verification_code(item)}")


def constancia_file_names(record: SessionRecord) -> list[tuple[str, str]]:
    """(item id, file name) of each approved item's constancia, in the constancias' order:
    ``NN-organization.pdf`` in plain ASCII letters and digits, as `certificate_file_names`
    names the certificates."""
    names = []
    for i, result in enumerate(record.approved_items(), start=1):
        text = record.items[result.item].organization
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        slug = "-".join(re.findall(r"[A-Za-z0-9]+", plain)).lower()[:60].strip("-")
        names.append((result.item, f"{i:02d}-{slug or 'constancia'}.pdf"))
    return names


def write_constancias(record: SessionRecord, options: DocumentOptions) -> bytes:
    """Every approved item's constancia as one PDF (``options.proposal``: only that item's).
    Refused in one sentence when the contest has no item approved."""
    from ..i18n import _

    if not record.items:
        raise DocumentError(_("the contest has no second-tranche items, so there is no "
                              "constancia to print"))
    approved = record.approved_items()
    if not approved:
        raise DocumentError(_("no second-tranche item is approved, so there is no "
                              "constancia to print"))
    if options.proposal is not None:
        approved = [r for r in approved if r.item == options.proposal]
        if not approved:
            raise DocumentError(_("the item {id} is not approved for its second tranche, so "
                                  "it has no constancia").format(id=options.proposal))
    return one_per_page(_Constancias(record, options), [r.item for r in approved],
                        "Second-disbursement certificates")


class _Constancias(_Certificates):
    """A certificate's page, frame and foot, with a constancia's words and code."""

    def page(self, pid: str) -> list[Flowable]:
        record, contest, w = self.record, self.contest, self.w
        item = record.items[pid]
        result = record.by_item[pid]
        followups = contest.followups
        assert followups is not None and result.final_score is not None
        money = contest.currency
        story: list[Flowable] = [self._head()]
        story.append(Paragraph(escape(w("Second-disbursement certificate")), self.title))
        story.extend(self.lines(N_("The Local Resource Allocation Committee (CLAR) certifies "
                                   "that")))
        story.append(Paragraph(escape(item.organization), self.name))
        story.extend(self.lines(
            N_("presented in public session the progress of its plan “{title}” and obtained "
               "{score} points, {pass_score} being needed: it is approved for the second "
               "disbursement of its award."), title=item.title,
            score=w.number(result.final_score), pass_score=w.number(followups.rules.pass_score)))
        story.append(Paragraph(escape(w("Second disbursement: {amount}",
                                        amount=w.money(result.released, money))), self.award))
        story.extend(self.lines(N_("({words})"), self.words_style,
                                words=w.in_words(result.released, money)))
        story.append(Spacer(1, 5 * mm))
        story.extend(self.lines(
            N_("First tranche received: {amount}, of which the local office verified the use "
               "of {percent} with receipts."), amount=w.money(item.first_tranche, money),
            percent=lambda lang: w.percent(item.justified_percent)(lang) + "\u00a0%"))
        award = item.award
        if award is not None and award.acta:
            story.extend(self.lines(N_("The award was recorded in the acta No. {acta}."),
                                    self.lead_second, acta=award.acta))
        story.append(Spacer(1, 4 * mm))
        place = contest.place
        town = (place.community or place.district or place.province) if place else None
        story.extend(self.lines(N_("{place}, {date}") if town else N_("{date}"),
                                place=town or "", date=w.day(record.held_on)))
        story.extend(self.acta())
        return [_Current(pid), KeepInFrame(self.width, self.size[1] - MARGIN - FOOT,
                                           story, mode="shrink")]

    HINT_AT_OFFICE = N_("Anyone can have this code checked at the local office ({office}): "
                        "the staff look for it among the codes of the session's results, "
                        "made from the exported file and checked against the QR code of the "
                        "acta; a genuine constancia's code is on that list.")
    HINT = N_("Anyone can have this code checked at the programme's local office: the staff "
              "look for it among the codes of the session's results, made from the exported "
              "file and checked against the QR code of the acta; a genuine constancia's code "
              "is on that list.")

    def code_text(self, pid: str) -> str:
        return constancia_text(self.record, pid)
