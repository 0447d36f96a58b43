"""The scene "now presenting" for a second-tranche item: the award it evaluates (contest,
acta, first tranche), the share of that tranche the office found justified against the
minimum, the progress scores juror by juror per follow-up phase, the total against the pass
mark, and — once every sheet is read back — whether the second tranche is released, and why
not in words."""

from __future__ import annotations

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
JUSTIFIED = N_("Justified: {justified} of the first tranche (minimum {minimum})")


def award_words(words: Words, award: AwardReference | None) -> list[str]:
    """Where the first tranche was awarded, in each language shown (empty when unknown)."""
    if award is None or not (award.contest or award.acta):
        return []
    if award.contest and award.acta:
        return words.fmt(N_("awarded in the contest {contest}, acta No. {acta}"),
                         contest=award.contest, acta=award.acta)
    if award.contest:
        return words.fmt(N_("awarded in the contest {contest}"), contest=award.contest)
    return words.fmt(N_("awarded in acta No. {acta}"), acta=award.acta)


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
        first = [f"{words.one(N_('First tranche'))}: {money(item.first_tranche, data.currency)}"]
        awarded = award_words(words, item.award)
        if awarded:
            first.append(" / ".join(awarded))
        second = [f"{words.one(N_('Second tranche'))}: "
                  f"{money(item.second_tranche, data.currency)}"]
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
        facts_h = min(max(canvas.height_of(head_w, facts, 2.6 * u), 3 * 3 * u), 15 * u)
        canvas.block(QRectF(m, y + 11 * u, head_w, facts_h), facts, 2.6 * u, wrap=True,
                     floor=0.6)
        head_h = 3.6 * u + 11 * u + facts_h
        self._paint_timer(canvas, QRectF(w - m - timer_w, top, timer_w, head_h))
        band_h = 16 * u if words.bilingual else 13 * u  # room for the reason in both
        band_top = 100 * u - top - band_h
        matrix_top = top + head_h + u
        notes_h = self._paint_corrections(canvas, data, QRectF(m, 0, w - 2 * m, band_top))
        self._paint_matrix(canvas, data, QRectF(m, matrix_top, w - 2 * m,
                                                band_top - u - notes_h - matrix_top))
        self._paint_result_band(canvas, data, QRectF(m, band_top, w - 2 * m, band_h),
                                said=item_status_words(words, data),
                                icon=ITEM_ICON.get(data.status, data.status),
                                left_share=0.45)
