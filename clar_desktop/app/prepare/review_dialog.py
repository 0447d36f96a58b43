"""The local office's review of a second-tranche item: the share of the first tranche whose
use it verified with receipts, and the reference of its review ("Informe 012-2026-OL"), which
the log keeps beside the changed percent. The dialog only asks; the items table records it
(followup_tables.py)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QWidget

from ...i18n import Later, _, format_money
from ..dialogs import _SubmitDialog
from ..forms import follow_language
from ..live import LiveContest
from .followup_fields import PERCENT_PROBLEM, percent, too_long
from .wizard_page import PROBLEM_COLOUR


class ReviewDialog(_SubmitDialog):
    """Justified percent and review reference for one item; OK checks both."""

    def __init__(self, parent: QWidget | None, live: LiveContest, item: str,
                 share: str | None = None, reference: str | None = None) -> None:
        super().__init__("review_dialog", parent, live)
        contest = live.state.contest
        assert contest is not None
        found = contest.followup_item(item)
        assert found is not None
        self.item, self.currency = found, contest.currency
        self.minimum = contest.followups.rules.min_justified_percent \
            if contest.followups is not None else Decimal(0)
        self.answer: tuple[str, str] | None = None
        """(justified percent, reference) once OK was pressed on good values."""
        child = self.form.child
        child("problemLabel").setStyleSheet(f"color: {PROBLEM_COLOUR};")
        child("percentEdit").setText(share if share is not None
                                     else str(found.justified_percent))
        child("referenceEdit").setText(reference or "")
        child("percentEdit").textChanged.connect(lambda _text: self._retranslate())
        self._retranslate()
        follow_language(self.dialog, self._retranslate)
        child("referenceEdit").setFocus()

    def _retranslate(self) -> None:
        item = self.item
        self.form.child("itemLabel").setText(_(
            "{organization} received a first tranche of {amount}. Write the share of it whose "
            "use the local office has verified with receipts, and the reference of its "
            "review: the log keeps it with the change.").format(
                organization=item.organization,
                amount=format_money(item.first_tranche, self.currency)))
        try:
            share = Decimal(percent(self.form.child("percentEdit").text()))
        except ValueError:
            self.form.child("amountLabel").setText("")
            return
        text = _("That is {justified} of {amount}.").format(
            justified=format_money(item.first_tranche * share / 100, self.currency),
            amount=format_money(item.first_tranche, self.currency))
        if share < self.minimum:
            text += " " + _("Below the minimum of {minimum} %, the second tranche cannot be "
                            "approved.").format(minimum=self.minimum)
        self.form.child("amountLabel").setText(text)

    def fill(self, share: str, reference: str) -> None:
        self.form.child("percentEdit").setText(share)
        self.form.child("referenceEdit").setText(reference)

    def submit(self) -> str | None:
        child = self.form.child
        try:
            share = percent(child("percentEdit").text())
        except ValueError:
            child("percentEdit").setFocus()
            return Later(lambda: _(PERCENT_PROBLEM))
        reference = child("referenceEdit").text().strip()
        if not reference:
            child("referenceEdit").setFocus()
            return Later(lambda: _("Write the reference of the office's review, such as "
                                   "Informe 012-2026-OL: the log keeps it with the change."))
        if too_long(reference):
            return Later(lambda: too_long(reference))
        self.answer = (share, reference)
        return None

    def ask(self) -> tuple[str, str] | None:
        """Run the dialog: (percent, reference), or None when cancelled."""
        return self.answer if self.exec() else None


__all__ = ["ReviewDialog"]
