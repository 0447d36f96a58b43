"""The running order of a session: the proposals, then the second-tranche items.

Proposals present in their ``order``; a contest's follow-up items (second-tranche
evaluations) come after them, in theirs (the two numberings are separate, as the acta's two
parts are). `move` gives the changes that move one of them a place up or down among its own
kind — a swap of two presentation orders, logged as ``proposal.edited`` or
``followup.edited`` — so the session is held in the order it really took place.
"""

from __future__ import annotations

from typing import Any

from .bundle import proposal_to_dict
from .model import Contest, FollowupItem, Proposal
from .sections import item_to_dict

Entry = Proposal | FollowupItem
Change = tuple[str, dict[str, Any]]


def proposals_in_order(contest: Contest) -> list[Proposal]:
    return sorted(contest.proposals, key=lambda p: p.order)


def items_in_order(contest: Contest) -> list[FollowupItem]:
    return sorted(contest.followup_items, key=lambda i: i.order)


def running_order(contest: Contest) -> list[Entry]:
    """Every proposal by its order, then every follow-up item by its order."""
    return [*proposals_in_order(contest), *items_in_order(contest)]


def is_followup(entry: Entry) -> bool:
    return isinstance(entry, FollowupItem)


def _edited(entry: Entry, order: int) -> Change:
    if isinstance(entry, FollowupItem):
        data = item_to_dict(entry)
        data["order"] = order
        return "followup.edited", {"item": data}
    data = proposal_to_dict(entry)
    data["order"] = order
    return "proposal.edited", {"proposal": data}


def move(contest: Contest, item_id: str, step: int) -> list[Change]:
    """The changes that move ``item_id`` one place up (``step`` -1) or down (1) among the
    proposals, or among the follow-up items: it takes its neighbour's order and the neighbour
    its own. Empty when it is already first or last of its kind (or unknown). The two
    orders pass through a free one, since two entries of a kind never share an order."""
    group: list[Entry] = list(proposals_in_order(contest))
    if all(p.id != item_id for p in group):
        group = list(items_in_order(contest))
    place = next((k for k, entry in enumerate(group) if entry.id == item_id), None)
    if place is None or not 0 <= place + step < len(group):
        return []
    entry, neighbour = group[place], group[place + step]
    free = max(e.order for e in group) + 1
    return [_edited(entry, free), _edited(neighbour, entry.order),
            _edited(entry, neighbour.order)]


__all__ = ["Entry", "is_followup", "items_in_order", "move", "proposals_in_order",
           "running_order"]
