"""What stands between an open session and its close: the pre-close checklist.

A session closes only over a complete record — the acta printed from it is final. An *open
point* is one of:

- ``unconfirmed``: a sheet with values on it that was not read back and confirmed;
- ``differs``: a sheet not confirmed whose second entry (double entry) differs from it in
  some cell, still to be resolved against the paper;
- ``unscored``: an item (not withdrawn, and for a follow-up item eligible) with a sheet
  of an eligible juror still empty;
- ``short``: an item with fewer eligible jurors in a phase than the rules require (it can
  never be scored: withdraw it, or record that an absent juror came back);
- ``absent``: a juror marked absent in the attendance whose sheets are still open (record
  the absence from the item where she left, or mark her present);
- ``draw``: proposals tied at the funding line that only a draw can order (when the rules
  let a draw decide).

`open_points` lists them all in running order; `OpenPoints` keeps them current item by item,
as a live session needs (a contest of 3,000 proposals would take tens of milliseconds to
check whole after every keystroke). Closing is refused while any point is open
(`changes.check_change` asks `ContestView.open_points`); a log read back is replayed as it
was written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .board import TIE_NEEDS_DRAW
from .double_entry import differences
from .errors import N_, ChangeRefused

if TYPE_CHECKING:
    from .state import ContestState

UNCONFIRMED = "unconfirmed"
DIFFERS = "differs"
UNSCORED = "unscored"
SHORT = "short"
ABSENT = "absent"
DRAW = "draw"
KINDS = (ABSENT, DIFFERS, UNCONFIRMED, UNSCORED, SHORT, DRAW)
"""In the order the checklist shows them: a juror's absence first (it explains sheets)."""


@dataclass(frozen=True, slots=True)
class OpenPoint:
    """One line of the checklist. ``items``: the item, or for ``draw`` the tied proposals;
    ``juror`` and ``phase`` when the point is one sheet or one juror's absence."""

    kind: str
    items: tuple[str, ...]
    juror: str | None = None
    phase: str | None = None

    @property
    def item(self) -> str:
        return self.items[0]


def item_points(state: ContestState, item: str) -> list[OpenPoint]:
    """The open points of one item (not its ties: `draw_points`)."""
    contest, tally = state.contest, state.tally
    assert contest is not None and tally is not None
    if contest.waits_for_no_sheet(item):  # withdrawn, or a follow-up item not eligible
        return []
    book = tally.book
    followups = contest.followups
    minimum = (followups.rules.min_jurors if followups is not None and item in book.items
               else contest.rules.min_jurors)
    points: list[OpenPoint] = []
    empty = False
    for phase in book.phases_of(item):
        eligible = book.eligible(item, phase)
        if len(eligible) < max(minimum, 1):
            points.append(OpenPoint(SHORT, (item,), phase=phase))
        for juror in eligible:
            if state.is_confirmed(juror, item, phase):
                continue
            if state.is_absent(juror):
                points.append(OpenPoint(ABSENT, (item,), juror, phase))
            elif differences(state, juror, item, phase):
                points.append(OpenPoint(DIFFERS, (item,), juror, phase))
            elif book.sheet(juror, item, phase):
                points.append(OpenPoint(UNCONFIRMED, (item,), juror, phase))
            else:
                empty = True
    if empty:
        points.append(OpenPoint(UNSCORED, (item,)))
    return points


def draw_points(state: ContestState) -> list[OpenPoint]:
    """Each group of proposals whose allocation waits for a draw, best placed first (when
    the rules let a draw decide: without ``draw`` among the tie-break keys they stay
    unfunded, and no draw would change that)."""
    assert state.tally is not None and state.contest is not None
    if "draw" not in state.contest.rules.tie_break:
        return []
    points = []
    for board in state.tally.boards.values():
        waiting = [pid for pid, _rank, _tie in board.ranking()
                   if board.allocation[pid].reason == TIE_NEEDS_DRAW]
        if waiting:
            points.append(OpenPoint(DRAW, tuple(waiting)))
    return points


def _running_order(state: ContestState) -> list[str]:
    contest = state.contest
    assert contest is not None
    proposals = sorted(contest.proposals, key=lambda p: p.order)
    items = sorted(contest.followup_items, key=lambda i: i.order)
    return [p.id for p in proposals] + [i.id for i in items]


def open_points(state: ContestState) -> list[OpenPoint]:
    """Every open point, by kind (`KINDS`), each kind in running order."""
    order = _running_order(state)
    found = [point for item in order for point in item_points(state, item)]
    found.extend(draw_points(state))
    return sort_points(found, order)


def sort_points(points: Iterable[OpenPoint], order: list[str]) -> list[OpenPoint]:
    place = {item: k for k, item in enumerate(order)}
    return sorted(points, key=lambda p: (KINDS.index(p.kind), place.get(p.item, len(place)),
                                         p.juror or "", p.phase or ""))


@dataclass(slots=True)
class OpenPoints:
    """The checklist kept current: `refresh` the items an event touched (or everything)."""

    state: ContestState
    by_item: dict[str, list[OpenPoint]] = field(default_factory=dict)
    draws: list[OpenPoint] = field(default_factory=list)
    order: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.refresh(None)

    def refresh(self, items: Iterable[str] | None) -> bool:
        """Recheck ``items`` (None: every item, after a change of the definition); whether
        any point came or went (a value retyped on an open sheet changes none: the list
        shown need not be rebuilt)."""
        if self.state.contest is None or self.state.tally is None:
            changed = bool(self.by_item or self.draws)
            self.by_item, self.draws, self.order = {}, [], []
            return changed
        changed = False
        if items is None:
            self.order = _running_order(self.state)
            self.by_item = {item: item_points(self.state, item) for item in self.order}
            changed = True
        else:
            for item in items:
                if item in self.by_item:
                    now = item_points(self.state, item)
                    if now != self.by_item[item]:
                        self.by_item[item] = now
                        changed = True
        draws = draw_points(self.state)
        if draws != self.draws:
            self.draws = draws
            changed = True
        return changed

    def after(self, kind: str, data: object, proposals: Iterable[str],
              everything: bool) -> bool:
        """Keep current after one applied event (its kind and data, and what `ContestState`
        said it changed): the items it changed or names; everything after a change of the
        definition or of the attendance (a juror's absence touches all her sheets).
        Whether the points changed."""
        if everything or kind == "attendance.marked":
            return self.refresh(None)
        items = set(proposals)
        named = data.get("proposal") if isinstance(data, dict) else None
        if isinstance(named, str):
            items.add(named)
        return self.refresh(items)

    def points(self) -> list[OpenPoint]:
        found = [p for item in self.order for p in self.by_item.get(item, ())]
        return sort_points([*found, *self.draws], self.order)

    def __len__(self) -> int:
        return sum(map(len, self.by_item.values())) + len(self.draws)


REFUSALS = {
    UNCONFIRMED: N_("the session cannot be closed: the sheet of juror {juror} for {proposal} "
                    "({phase}) was not read back and confirmed (open points on the "
                    "checklist: {count})"),
    DIFFERS: N_("the session cannot be closed: the two entries of the sheet of juror {juror} "
                "for {proposal} ({phase}) differ (open points on the checklist: {count})"),
    UNSCORED: N_("the session cannot be closed: {proposal} is neither scored in full nor "
                 "withdrawn (open points on the checklist: {count})"),
    SHORT: N_("the session cannot be closed: {proposal} has fewer eligible jurors in {phase} "
              "than the rules require; withdraw it, or record a juror's return (open points "
              "on the checklist: {count})"),
    ABSENT: N_("the session cannot be closed: juror {juror} is marked absent and her sheet "
               "for {proposal} ({phase}) is open; record the absence, or mark her present "
               "(open points on the checklist: {count})"),
    DRAW: N_("the session cannot be closed: {proposal} and {others} are tied where the budget "
             "runs out and wait for a draw (open points on the checklist: {count})"),
}


def refuse_closing(points: list[OpenPoint], path: str) -> None:
    """Refuse a close while the checklist has open points, naming the first of them."""
    if not points:
        return
    first = points[0]
    raise ChangeRefused(REFUSALS[first.kind], path, first.item, proposal=first.item,
                        juror=first.juror or "", phase=first.phase or "",
                        others=", ".join(first.items[1:]), count=len(points))
