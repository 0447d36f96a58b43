"""Award certificates: one landscape page per funded proposal, one PDF for the ceremony.

Each page names the organization, its plan, category, rank and score, the award in figures
and in words, the two tranches and the condition for the second, the place and date, the
lines for the president's and the secretary's signatures, and a verification code with a QR
code. The code is derived from the results hash (`SessionRecord.verification_code`), so the
exported bundle proves a certificate genuine and no certificate can be made up for a
proposal the results do not fund.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..domain.numbers import round_half_up
from ..i18n import N_
from .archive import keywords
from .layout import (
    ACCENT,
    INK,
    MUTED,
    DocumentError,
    DocumentOptions,
    Footer,
    QrCode,
    Styles,
    build,
    escape,
    in_shipped_font,
    logo,
    page_size,
    signature_grid,
)
from .record import SessionRecord
from .words import Words

MARGIN = 22 * mm
FOOT = 62 * mm
"""Room kept at the foot of each page for the signatures and the verification code."""


class _Current(Flowable):
    """Marks the page with the proposal it certifies, for `_Certificates.finish`."""

    def __init__(self, proposal: str) -> None:
        super().__init__()
        self.proposal = proposal

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._clar_certificate = self.proposal  # type: ignore[attr-defined]


def certificate_text(record: SessionRecord, proposal: str) -> str:
    """What a certificate's QR code holds: contest, proposal, award and code."""
    result = record.by_proposal[proposal]
    award = round_half_up(result.award)
    return (f"CLAR {record.contest.id}\nproposal {proposal}\naward {award} "
            f"{record.contest.currency}\ncode {record.verification_code(proposal)}")


def certificate_file_names(record: SessionRecord) -> list[tuple[str, str]]:
    """(proposal id, file name) of each funded proposal's certificate, in the certificates'
    order: ``NN-organization.pdf``, the name in plain ASCII letters and digits (a name is safe
    on every file system and USB stick; the number keeps two alike apart)."""
    import re
    import unicodedata

    names = []
    for i, result in enumerate(record.funded(), start=1):
        proposal = record.proposals.get(result.proposal)
        text = proposal.organization if proposal else result.proposal
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        slug = "-".join(re.findall(r"[A-Za-z0-9]+", plain)).lower()[:60].strip("-")
        names.append((result.proposal, f"{i:02d}-{slug or 'certificate'}.pdf"))
    return names


def write_certificates(record: SessionRecord, options: DocumentOptions) -> bytes:
    """Every funded proposal's certificate as one PDF (``options.proposal``: only that one's).
    Refused when nothing is funded."""
    from ..i18n import _

    funded = record.funded()
    if not funded:
        raise DocumentError(_("no proposal is funded, so there is no certificate to print"))
    if options.proposal is not None:
        funded = [r for r in funded if r.proposal == options.proposal]
        if not funded:
            raise DocumentError(_("the proposal {id} is not funded, so it has no "
                                  "certificate").format(id=options.proposal))
    return one_per_page(_Certificates(record, options), [r.proposal for r in funded],
                        "Award certificates")


def one_per_page(writer: _Certificates, ids: list[str], title: str) -> bytes:
    """The PDF of ``writer``'s page for each of ``ids`` (one page each, in order), under
    the English ``title`` in the document's language; a draft's reason in its foot."""
    record = writer.record
    story: list[Flowable] = []
    for i, ident in enumerate(ids):
        if i:
            story.append(PageBreak())
        story.extend(writer.page(ident))
    reason = record.draft_reason
    draft = None if reason is None else writer.w(reason)
    return build(story, writer.size, Footer(writer.w, "", draft, numbered=False),
                 title=writer.w(title), subject=record.contest.title,
                 margins=MARGIN, bottom=FOOT, on_page=writer.decorate,
                 on_page_end=writer.finish, progress=writer.options.progress,
                 keywords=keywords(record.contest.id, ("results hash", record.results_hash)))


class _Certificates:
    def __init__(self, record: SessionRecord, options: DocumentOptions) -> None:
        self.record, self.options = record, options
        self.contest = record.contest
        self.w = Words(options.language)
        self.size = page_size(options, wide=True)
        self.width = self.size[0] - 2 * MARGIN
        self.s = Styles()
        both = self.w.bilingual
        regular, bold = self.s.regular, self.s.bold

        def style(name: str, size: float, font: str = regular, **kw: Any) -> ParagraphStyle:
            if both:
                size *= 0.88
            kw.setdefault("textColor", INK)
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.22,
                                  alignment=TA_CENTER, **kw)

        self.header = style("header", 11, bold, textColor=ACCENT)
        self.contest_style = style("contest", 9, textColor=MUTED)
        self.title = style("title", 30, bold, textColor=ACCENT, spaceBefore=14, spaceAfter=14)
        self.lead = style("lead", 12.5, spaceBefore=2)
        self.lead_second = style("lead2", 10.5, textColor=MUTED)
        self.name = style("name", 24, bold, spaceBefore=10, spaceAfter=10)
        self.award = style("award", 20, bold, textColor=ACCENT, spaceBefore=12, spaceAfter=2)
        self.words_style = style("words", 12)
        self.logos = [logo(path, 17 * mm) for path in options.logos[:2]]

    def lines(self, msgid: str, style: ParagraphStyle | None = None,
              **params: Any) -> list[Flowable]:
        """A sentence in each language, the second smaller and muted."""
        texts = self.w.each(msgid, **params)
        return [Paragraph(escape(t), (style or self.lead) if i == 0 else self.lead_second)
                for i, t in enumerate(texts)]

    def page(self, pid: str) -> list[Flowable]:
        record, contest, w = self.record, self.contest, self.w
        result = record.by_proposal[pid]
        proposal = record.proposals.get(pid)
        category = contest.category(result.category)
        assert proposal is not None and category is not None
        award = round_half_up(result.award)
        rules = contest.rules
        first_pct = rules.first_tranche_percent
        story: list[Flowable] = [self._head()]
        story.append(Paragraph(escape(w("Award certificate")), self.title))
        story.extend(self.lines(N_("The Local Resource Allocation Committee (CLAR) awards "
                                   "this certificate to")))
        story.append(Paragraph(escape(proposal.organization), self.name))
        story.extend(self.lines(
            N_("for its plan “{title}”, in the category “{category}”, ranked {rank} with "
               "{score} points."), title=proposal.title, category=w.name(category.name),
            rank=str(result.rank), score=w.number(result.final_score)))
        story.append(Paragraph(escape(w("Award: {amount}", amount=w.money(award,
                                                                          contest.currency))),
                               self.award))
        story.extend(self.lines(N_("({words})"), self.words_style,
                                words=w.in_words(award, contest.currency)))
        if result.partial:
            story.extend(self.lines(N_("A partial award: what remained of the category's "
                                       "budget.")))
        story.append(Spacer(1, 6 * mm))
        story.extend(self.lines(
            N_("First tranche ({first} %): {amount1}. Second tranche ({second} %): {amount2}, "
               "once the programme has checked the use of the first."),
            first=w.percent(first_pct), second=w.percent(100 - first_pct),
            amount1=w.money(result.first_tranche, contest.currency),
            amount2=w.money(result.second_tranche, contest.currency)))
        story.append(Spacer(1, 5 * mm))
        place = contest.place
        town = (place.community or place.district or place.province) if place else None
        story.extend(self.lines(N_("{place}, {date}") if town else N_("{date}"),
                                place=town or "", date=w.day(record.held_on)))
        story.extend(self.acta())
        # One page per certificate, whatever the length of the names: shrink to fit.
        return [_Current(pid), KeepInFrame(self.width, self.size[1] - MARGIN - FOOT,
                                           story, mode="shrink")]

    def acta(self) -> list[Flowable]:
        """The acta that records the award, by its number and date (a contract cites them)."""
        number = self.record.minutes.number
        day = self.w.day(self.record.held_on)
        if number:
            return self.lines(N_("As recorded in the acta No. {number} of {date}."),
                              self.lead_second, number=number, date=day)
        return self.lines(N_("As recorded in the acta of the public session of {date}."),
                          self.lead_second, date=day)

    def _head(self) -> Flowable:
        middle: list[Flowable] = [
            Paragraph(escape(self.w("Local Resource Allocation Committee (CLAR)")),
                      self.header),
            Paragraph(escape(self.contest.title), self.contest_style)]
        left = self.logos[0] if self.logos else ""
        right = self.logos[1] if len(self.logos) > 1 else ""
        side = 45 * mm
        return Table([[left, middle, right]], colWidths=[side, self.width - 2 * side, side],
                     style=TableStyle([in_shipped_font(), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                       ("ALIGN", (0, 0), (0, 0), "LEFT"),
                                       ("ALIGN", (2, 0), (2, 0), "RIGHT")]))

    def finish(self, canvas: Canvas, _document: Any) -> None:
        """The signature lines and the verification code, at the foot of every page."""
        pid = getattr(canvas, "_clar_certificate", None)
        if pid is None:
            return
        code, text_height = self._code(pid)
        code.wrap(self.width, FOOT)
        code.drawOn(canvas, MARGIN, 17 * mm)
        signatures = self._signatures()
        signatures.wrap(self.width, FOOT)
        # Above the code's words (they may take several lines), beside its QR code.
        signatures.drawOn(canvas, MARGIN, 17 * mm + text_height + 1 * mm)

    def _signatures(self) -> Flowable:
        president = self.record.president()
        secretary = self.record.secretary()
        blocks = [[(president.name if president else "", True),
                   (self.w("President of the CLAR"), False)],
                  [(secretary.name if secretary else "", True),
                   # her cargo as the minutes give it, as on the acta's signature page
                   ((secretary.role if secretary and secretary.role
                     else self.w("Secretary of the session")), False)]]
        inner = self.width * 0.7
        grid = signature_grid(blocks, inner, self.s)
        return Table([[grid]], colWidths=[self.width], style=TableStyle(
            [in_shipped_font(), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))

    HINT_AT_OFFICE = N_("Anyone can have this code checked at the local office ({office}): "
                        "the staff look for it among the codes of the session's results, "
                        "made from the exported file and checked against the QR code of the "
                        "acta; a genuine certificate's code is on that list.")
    HINT = N_("Anyone can have this code checked at the programme's local office: the staff "
              "look for it among the codes of the session's results, made from the exported "
              "file and checked against the QR code of the acta; a genuine certificate's code "
              "is on that list.")
    """Said to a winner in words: where the code is checked, not a command to run."""

    def code_text(self, pid: str) -> str:
        """What the page's QR code holds."""
        return certificate_text(self.record, pid)

    def _code(self, pid: str) -> tuple[Flowable, float]:
        """The code's table and the height of its words."""
        code = self.record.verification_code(pid)
        text = self.w("Verification code: {code}", code=code)
        office = self.record.contest.office
        hint = (self.w(self.HINT_AT_OFFICE, office=office.name) if office is not None
                else self.w(self.HINT))
        small = ParagraphStyle("code", fontName=self.s.regular, fontSize=7, leading=8.5,
                               textColor=MUTED, alignment=2)
        cell = [Paragraph(escape(text), small), Paragraph(escape(hint), small)]
        text_height = sum(p.wrap(self.width - 24 * mm - 12, FOOT)[1] for p in cell) + 6
        return Table([[cell, QrCode(self.code_text(pid), 22 * mm)]],
                     colWidths=[self.width - 24 * mm, 24 * mm], style=TableStyle(
                         [in_shipped_font(), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")])), text_height

    def decorate(self, canvas: Canvas, _document: Any) -> None:
        """The frame around every certificate."""
        width, height = self.size
        canvas.saveState()
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(2.2)
        canvas.rect(10 * mm, 10 * mm, width - 20 * mm, height - 20 * mm)
        canvas.setLineWidth(0.6)
        canvas.setStrokeColor(colors.HexColor("#7fa99e"))
        canvas.rect(13 * mm, 13 * mm, width - 26 * mm, height - 26 * mm)
        canvas.restoreState()


