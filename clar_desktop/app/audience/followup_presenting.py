"""The scene "now presenting" for a second-tranche item: the award it evaluates (contest,
acta, first tranche), the share of that tranche the office found justified against the
minimum, the progress scores juror by juror per follow-up phase, the total against the pass
mark, and — once every sheet is read back — whether the second tranche is released, and why
not in words."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QRectF

from ...domain.model import AwardReference
from ...domain.scoring import APPROVED, INCOMPLETE, INELIGIBLE, REJECTED, WITHDRAWN
from ...i18n import N_
from . import scenes
from .canvas import ACCENT, MUTED, STATUS_COLOURS, TEXT, Canvas, Line
from .followup_scenes import ItemPresenting
from .presenting import PROPOSAL_STATUS, PresentingPainter
from .words import Words, lines

ITEM_STATUS = {
    APPROVED: N_("Approved: second tranche of {amount} released"),
    REJECTED: N_("Not approved: below the pass mark; no second tranche"),
    INELIGIBLE: N_("Not eligible: only {justified} of the first tranche justified "
                   "(minimum {minimum}); no second tranche"),
    WITHDRAWN: N_("Withdrawn: not evaluated; no second tranche"),
}
"""The result band of an item once its sheets are all read back (pending and incomplete say
what they say for a proposal)."""
ITEM_ICON = {INELIGIBLE: scenes.EXCEEDS}
"""The icon of a status that has none of its own: not eligible is barred by a rule, as a
proposal that does not fit the budget is."""
CONTEST = N_("Contest")
FIRST_TRANCHE = N_("First tranche")
SECOND_TRANCHE = N_("Second tranche")
JUSTIFIED = N_("Justified: {justified} of the first tranche (minimum {minimum})")


def award_words(words: Words, award: AwardReference | None) -> list[str]:
    """Where the first tranche was awarded — the contest and the number of its acta, each
    given once whatever the languages shown — or nothing when it is not known."""
    if award is None:
        return []
    said = []
    if award.contest:
        said.append(f"{words.one(CONTEST)}: {award.contest}")
    if award.acta:
        said.append(" / ".join(words.fmt(N_("Minutes No. {number}"), number=award.acta)))
    return said


def item_status_words(words: Words, data: ItemPresenting) -> list[str]:
    """The band's sentence for the item's status, in each language shown."""
    if data.status in (scenes.PENDING, INCOMPLETE):
        return words.fmt(PROPOSAL_STATUS[data.status], done=data.confirmed, total=data.sheets)
    return words.fmt(ITEM_STATUS[data.status], amount=words.money(data.released,
                                                                    data.currency),
                     justified=words.percent(data.item.justified_percent),
                     minimum=words.percent(data.min_justified))


class ItemPresentingPainter(PresentingPainter):
    """The now-presenting scene of `AudienceWindow` for a follow-up item."""

    def _item_facts(self, data: ItemPresenting) -> list[Line]:
        words = self.words
        item = data.item
        money = words.money
        first = [f"{words.one(FIRST_TRANCHE)}: {money(item.first_tranche, data.currency)}"]
        first.extend(award_words(words, item.award))
        second = [f"{words.one(SECOND_TRANCHE)}: {money(item.second_tranche, data.currency)}"]
        for label, value in ((N_("Families"), item.families), (N_("Women"), item.women),
                             (N_("Youth"), item.youth)):
            if value is not None:
                second.append(f"{words.one(label)}: {value}")
        justified = words.fmt(JUSTIFIED, justified=words.percent(item.justified_percent),
                              minimum=words.percent(data.min_justified))
        colour = STATUS_COLOURS[APPROVED] if data.justified_enough \
            else STATUS_COLOURS[scenes.EXCEEDS]
        return [Line("   ·   ".join(first), 1.0, TEXT), Line("   ·   ".join(second), 1.0, TEXT),
                *lines(justified, colour, bold=True, second=0.85)]

    def _paint_item_presenting(self, canvas: Canvas, data: ItemPresenting) -> None:
        """As a proposal's scene: what is evaluated at the top, the result band at the
        bottom, the jurors' sheets of the phase shown in between (in pages of criteria when
        they do not all fit)."""
        w, u = canvas.width, canvas.u
        words = self.words
        if self._criteria_of != (data.entry, data.phase):
            self._criteria_of = (data.entry, data.phase)
            self._page = 0
        m = max(3 * u, 0.02 * w)
        top = 2.5 * u
        timer_w = w * 0.2
        head_w = w - 3 * m - timer_w
        item = data.item
        canvas.text(QRectF(m, top, head_w, 3.6 * u), words.one(N_("Second-tranche evaluation")),
                    2.8 * u, ACCENT, bold=True, floor=0.8)
        y = top + 3.6 * u
        canvas.text(QRectF(m, y, head_w, 7 * u), f"{item.order}. {item.organization}",
                    5.6 * u, TEXT, bold=True, wrap=True, floor=0.55)
        canvas.text(QRectF(m, y + 7 * u, head_w, 4 * u), item.title, 3.2 * u, MUTED, wrap=True,
                    floor=0.6)
        facts = self._item_facts(data)
        facts_h = min(max(canvas.height_of(head_w, facts, 2.6 * u), 3 * 3 * u),
                      (17 if words.bilingual else 15) * u)
        canvas.block(QRectF(m, y + 11 * u, head_w, facts_h), facts, 2.6 * u, wrap=True,
                     floor=0.6)
        head_h = 3.6 * u + 11 * u + facts_h
        self._paint_timer(canvas, QRectF(w - m - timer_w, top, timer_w, head_h))
        band_h = 21 * u if words.bilingual else 18 * u  # the phases, then the result
        band_top = 100 * u - top - band_h
        matrix_top = top + head_h + u
        notes_h = self._paint_corrections(canvas, data, QRectF(m, 0, w - 2 * m, band_top))
        self._paint_matrix(canvas, data, QRectF(m, matrix_top, w - 2 * m,
                                                band_top - u - notes_h - matrix_top))
        self._paint_item_band(canvas, data, QRectF(m, band_top, w - 2 * m, band_h))

    def _paint_item_band(self, canvas: Canvas, data: ItemPresenting, box: QRectF) -> None:
        """The follow-up phases' scores across the whole width (their names are long), then
        the result band of a proposal's scene with the item's status in words."""
        u = canvas.u
        words = self.words
        parts = [f"{' / '.join(words.name(line.name))}: {words.score(line.score)}"
                 for line in data.phases]
        phases = [Line("   ·   ".join(parts), 1.0, MUTED)]
        strip = (7 if words.bilingual else 5) * u
        canvas.block(QRectF(box.left(), box.top(), box.width(), strip), phases, 3 * u,
                     wrap=True, floor=0.5)
        self._paint_result_band(canvas, replace(data, phases=()),
                                box.adjusted(0, strip, 0, 0),
                                said=item_status_words(words, data),
                                icon=ITEM_ICON.get(data.status, data.status),
                                left_share=0.45)
