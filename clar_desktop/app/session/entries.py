"""What the session screens say about an entry of the running order: a proposal, or a
second-tranche item (a follow-up evaluation), in the secretary's language.

A second-tranche item is always named with its mark, since its numbering is its own and
"1." names both the first proposal and the first item; its award (acta, first tranche) and
the tranche at stake go with it, and an item not eligible says why no sheet is waited for.
"""

from __future__ import annotations

from ...domain.model import Contest, FollowupItem
from ...domain.tally import FollowupResult
from ...i18n import _, format_money, format_number


def percent(value: object) -> str:
    return format_number(value) + " %"  # type: ignore[arg-type]


def entry_label(contest: Contest, item_id: str) -> str:
    """"3. Asociación …" for a proposal, "1. Organización … (second tranche)" for an item."""
    proposal = contest.proposal(item_id)
    if proposal is not None:
        return _("{order}. {organization}").format(order=proposal.order,
                                                  organization=proposal.organization)
    item = contest.followup_item(item_id)
    if item is None:
        return item_id
    return _("{order}. {organization} (second tranche)").format(
        order=item.order, organization=item.organization)


def award_text(contest: Contest, item: FollowupItem) -> str:
    """The award an item follows up and what its second tranche is."""
    first = format_money(item.first_tranche, contest.currency)
    second = format_money(item.second_tranche, contest.currency)
    acta = item.award.acta if item.award is not None else None
    if acta:
        return _("award of acta {acta}: first tranche {first} paid, second tranche {second} "
                 "at stake").format(acta=acta, first=first, second=second)
    return _("first tranche {first} paid, second tranche {second} at stake").format(
        first=first, second=second)


def tranche_line(contest: Contest, item: FollowupItem) -> str:
    """The running order's short line under an item: the tranche at stake, the award."""
    second = format_money(item.second_tranche, contest.currency)
    acta = item.award.acta if item.award is not None else None
    if acta:
        return _("second tranche {second} · acta {acta}").format(second=second, acta=acta)
    return _("second tranche {second}").format(second=second)


def not_eligible_text(contest: Contest, item: FollowupItem) -> str | None:
    """Why the item is not eligible (its justified share is below the minimum), or None."""
    if not contest.is_ineligible(item.id):
        return None
    assert contest.followups is not None
    return _("not eligible: {justified} of the first tranche justified, {minimum} "
             "required").format(
        justified=percent(item.justified_percent),
        minimum=percent(contest.followups.rules.min_justified_percent))


def item_status_text(result: FollowupResult) -> str:
    """The item's status in words: approved, not approved, not eligible (and why),
    withdrawn, incomplete."""
    if result.status == "approved":
        return _("approved")
    if result.status == "rejected":
        return _("not approved")
    if result.status == "ineligible":
        return _("not eligible: insufficient justification")
    if result.status == "withdrawn":
        return _("withdrawn")
    return _("incomplete")
