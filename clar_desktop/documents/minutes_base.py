"""What every part of the acta shares: the record, the document's words and styles, and
small helpers that turn values into cells and texts."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from ..domain.model import Contest
from ..domain.scoring import APPROVED
from ..domain.tally import ProposalResult
from ..i18n import format_number, gettext_in
from ..labels import (
    REASONS,
    STATUS,
)
from .layout import (
    DocumentOptions,
    Styles,
    escape,
    page_size,
    text_width,
)
from .record import SessionRecord
from .words import Words

SCORES_ROOM = 75 * mm
"""The room a section of every sheet needs left on a page to begin there."""


class MinutesBase:
    """The state and helpers of an acta being written (see `minutes.MinutesWriter`)."""

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
        self._sections = 0

    # -- helpers -------------------------------------------------------------------------------
    def para(self, msgid: str, **params: Any) -> list[Paragraph]:
        return self.s.paragraphs(self.w.each(msgid, **params))

    def heading(self, msgid: str, **params: Any) -> Paragraph:
        return Paragraph(escape(self.w(msgid, **params)), self.s.heading)

    def section(self, msgid: str) -> Paragraph:
        """A numbered section's heading: the sections are numbered as they come, since an
        acta prints only those its session has (no ranking for one of second-tranche items
        only, no second-tranche results for one without them)."""
        self._sections += 1
        return Paragraph(escape(f"{self._sections}. {self.w(msgid)}"), self.s.heading)

    def scores_section(self, msgid: str) -> list[Flowable]:
        """The heading of a section of every sheet, where there is room for it, its first
        sentences and the first entry (each entry needs 40 mm: `CondPageBreak` before it)."""
        return [CondPageBreak(SCORES_ROOM), self.section(msgid)]

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

    def entry_heading(self) -> Paragraph:
        """The head of a column naming proposals, items, or both, as the session has."""
        if not self.contest.followup_items:
            return self.label("Proposal")
        if not self.contest.proposals:
            return self.label("Item")
        return self.label("Proposal or item")

    def proposal_label(self, pid: str) -> str:
        proposal = self.record.proposals.get(pid)
        if proposal is not None:
            return f"{proposal.order}. {proposal.organization}"
        item = self.record.items.get(pid)
        if item is None:
            return pid
        label = f"{item.order}. {item.organization}"
        if self.contest.proposals:  # beside proposals numbered alike: say which it is
            label += " · " + self.w("second disbursement")
        return label

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

