"""An applicant who did not come, or withdraws: the item is recorded withdrawn with its
reason (``proposal.withdrawn``, bundle v2): not ranked, nothing awarded, no sheet waited for.
Its values stay in the log and are ignored."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...i18n import Later, _, ngettext
from ..dialogs import _SubmitDialog
from ..forms import follow_language
from ..live import LiveContest


class WithdrawalDialog(_SubmitDialog):
    """The reason a proposal is withdrawn (did not present, or withdrew)."""

    def __init__(self, parent: QWidget | None, live: LiveContest, proposal: str) -> None:
        super().__init__("withdrawal_dialog", parent, live)
        self.proposal = proposal
        contest = live.state.contest
        assert contest is not None
        found = contest.proposal(proposal) or contest.followup_item(proposal)
        self.organization = found.organization if found else proposal
        self._retranslate()
        follow_language(self.dialog, self._retranslate)
        self.form.child("reasonEdit").setFocus()

    def _retranslate(self) -> None:
        text = _("{organization} is withdrawn: it is not ranked and receives nothing. The "
                 "reason is shown in the log and printed in the minutes.").format(
                     organization=self.organization)
        state = self.live.state
        count = sum(1 for juror in (state.contest.jurors if state.contest else ())
                    if state.has_scores(juror.id, self.proposal))
        if count:
            text += "\n" + ngettext(
                "The values {count} juror already typed stay in the log and are ignored.",
                "The values {count} jurors already typed stay in the log and are ignored.",
                count).format(count=count)
        self.form.child("cellLabel").setText(text)

    def fill(self, reason: str) -> None:
        self.form.child("reasonEdit").setText(reason)

    def submit(self) -> str | None:
        reason = self.form.child("reasonEdit").text().strip()
        if not reason:
            return Later(lambda: _("Say why the proposal is withdrawn: the minutes print it."))
        return self.live.explain_apply("proposal.withdrawn",
                                       {"proposal": self.proposal, "reason": reason})
