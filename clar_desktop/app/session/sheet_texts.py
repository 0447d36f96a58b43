"""The words above and below the score grid: what is on screen and where its result stands,
for a proposal or a second-tranche item."""

from __future__ import annotations

from typing import NamedTuple

from ...domain.model import text_in
from ...domain.numbers import format_2dp
from ...domain.state import ContestState
from ...i18n import _, current_language, format_money
from .entries import award_text, entry_label, percent
from .running_order import withdrawal_reason


class SheetTexts(NamedTuple):
    title: str
    details: str
    result: str


def sheet_texts(state: ContestState, item_id: str) -> SheetTexts:
    """The title, details and running result of the proposal or item ``item_id``."""
    contest, tally = state.contest, state.tally
    assert contest is not None and tally is not None
    if contest.followup_item(item_id) is not None:
        return _item_texts(state, item_id)
    proposal = contest.proposal(item_id)
    assert proposal is not None
    category = contest.category(proposal.category)
    title = _("{order}. {organization}").format(order=proposal.order,
                                               organization=proposal.organization)
    details = _("{title} · {category} · requested {amount}").format(
        title=proposal.title,
        category=text_in(category.name, current_language()) if category else "",
        amount=format_money(proposal.requested, contest.currency))
    result = tally.result(item_id)
    reason = withdrawal_reason(state, item_id)
    if reason is not None:
        text = _("Withdrawn: {reason}. Not ranked; no sheet is waited for.").format(
            reason=reason)
    elif result.final_score is None:
        text = _("Sheets incomplete: no result yet")
    elif state.is_pending(item_id):
        text = _("Running result {score} — pending until every sheet is confirmed").format(
            score=format_2dp(result.final_score))
    else:
        text = _("Final score {score}").format(score=format_2dp(result.final_score))
    return SheetTexts(title, details, text)


def _item_texts(state: ContestState, item_id: str) -> SheetTexts:
    contest, tally = state.contest, state.tally
    assert contest is not None and tally is not None and contest.followups is not None
    item = contest.followup_item(item_id)
    assert item is not None
    rules = contest.followups.rules
    details = _("{title} · {award} · {justified} of the first tranche justified").format(
        title=item.title, award=award_text(contest, item),
        justified=percent(item.justified_percent))
    result = tally.followup_result(item_id)
    reason = withdrawal_reason(state, item_id)
    pass_mark = format_2dp(rules.pass_score)
    if reason is not None:
        text = _("Withdrawn: {reason}. Nothing is released; no sheet is waited for.").format(
            reason=reason)
    elif result.status == "ineligible":
        text = _("Not eligible: {justified} of the first tranche justified, {minimum} "
                 "required. Nothing is released; no sheet is waited for.").format(
            justified=percent(item.justified_percent),
            minimum=percent(rules.min_justified_percent))
    elif result.final_score is None:
        text = _("Sheets incomplete: no result yet")
    elif state.is_pending(item_id):
        text = _("Running result {score} ({pass_mark} to pass) — pending until every sheet "
                 "is confirmed").format(score=format_2dp(result.final_score),
                                        pass_mark=pass_mark)
    elif result.status == "approved":
        text = _("Final score {score}: approved; the second tranche of {amount} is "
                 "released").format(score=format_2dp(result.final_score),
                                    amount=format_money(result.released, contest.currency))
    else:
        text = _("Final score {score}: not approved ({pass_mark} to pass); nothing is "
                 "released").format(score=format_2dp(result.final_score),
                                    pass_mark=pass_mark)
    return SheetTexts(entry_label(contest, item_id), details, text)
