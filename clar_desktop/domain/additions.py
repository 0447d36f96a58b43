"""Many added proposals or jurors checked as one batch (a register imported from a
spreadsheet, a replayed run of additions), accepting and refusing exactly what the changes
one by one would."""

from __future__ import annotations

import re
from typing import Any

from .bundle import contest_to_dict, parse_contest
from .changes import CLOSED
from .errors import N_, BundleError, ChangeRefused
from .eventdata import ContestView, EventData
from .model import Contest

ADDITIONS = {"proposal.added": "proposals", "juror.added": "jurors"}
"""The definition changes `check_additions` validates as one batch, and their lists."""


def check_additions(kind: str, items: list[object], view: ContestView,
                    paths: list[str]) -> Contest:
    """The contest with every item added (``kind``: ``proposal.added`` or ``juror.added``),
    validated once, as a whole.

    This accepts and refuses exactly what `check_change` would, applied item by item (each
    with its path): adding items only appends to one list, and what is checked there — each
    item by itself, its id and order unique, the categories and phases it names existing —
    holds for every first part of a list that holds whole. A refusal names the item's path,
    as the item-by-item check would (the index in the contest's list included)."""
    noun = kind.split(".")[0]
    key = ADDITIONS[kind]
    if view.session == CLOSED:
        raise ChangeRefused(N_("the session is closed: reopen it, with a reason, to change "
                               "anything"), paths[0] if paths else "data")
    snapshot = contest_to_dict(view.snapshot())
    listed: list[dict[str, Any]] = snapshot[key]
    start = len(listed)
    known = {entry["id"] for entry in listed}
    for item, path in zip(items, paths, strict=True):
        new = EventData({noun: item}, path).obj(noun)
        item_id = new.get("id")
        if isinstance(item_id, str):  # any other id is refused by parse_contest below
            if item_id in known:
                raise ChangeRefused(N_("the id {id} is used twice"), path, id=item_id)
            known.add(item_id)
        listed.append(new)
    try:
        return parse_contest(snapshot, "contest", require_phases=False)
    except BundleError as error:
        found = re.match(rf"contest\.{key}\[(\d+)\]", error.path or "")
        at = int(found.group(1)) - start if found else 0
        path = paths[at] if 0 <= at < len(paths) else paths[0]
        raise ChangeRefused(error.template, f"{path}.{error.path}", error.item,
                            **error.params) from None
