"""The second-tranche items, their phases and their criteria as editable tables.

They work as the proposals' and criteria's tables do (definitions.py): each edit is one
``followup.edited`` / ``followup_phase.edited`` / ``criterion.edited`` change through the live
contest, checked whole and logged, undone by the opposite edit.

A justified percent is the local office's finding, not the secretary's: changing it asks for
the reference of the office's review ("Informe 012-2026-OL"). The bundle has no field for it,
so it travels as the event's ``reason`` and the log keeps it; `Reviews` reads it back from the
log, and the items table shows the last one given for each item.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoStack

from ...domain.model import text_in
from ...i18n import N_, Later, _, current_language, format_decimal
from ..live import LiveContest
from .definitions import DefinitionTable
from .fields import CRITERION_FIELDS, ID
from .followup_fields import FOLLOWUP_ITEM_FIELDS, FOLLOWUP_PHASE_FIELDS, REVIEW, percent

NO_PHASE = N_("Add a phase to the second-tranche sheets first: the items are scored on its "
              "criteria.")
"""Why no item (and no rule) is recorded before the second tranche has a phase: a bundle's
second tranche has at least one."""
REVIEW_TIP = N_("The reference of the office's review, as the log keeps it with the justified "
                "percent. Double-click to record a new review.")
ReviewAsker = Callable[[int, str], "tuple[str, str] | None"]
"""Asks for the office's review of the item of a row, starting from a percent: (justified
percent, reference), or None when the secretary cancels."""


class Reviews:
    """The reference of the office's review behind each item's justified percent, as the log
    holds it: the ``reason`` of the last ``followup.added`` / ``followup.edited`` that gave
    one; an edit that changes the percent without one leaves the item with none."""

    def __init__(self, events: list[dict[str, Any]]) -> None:
        self.by_item: dict[str, str] = {}
        self._percent: dict[str, Decimal] = {}
        for event in events:
            self.take(event)

    def take(self, event: dict[str, Any], _applied: object = None) -> None:
        kind, data = event.get("kind"), event.get("data") or {}
        if kind == "followup.removed":
            self.by_item.pop(str(data.get("id")), None)
            self._percent.pop(str(data.get("id")), None)
            return
        item = data.get("item")
        if kind not in ("followup.added", "followup.edited") or not isinstance(item, dict):
            return
        item_id, reason = str(item.get("id")), data.get("reason")
        share = Decimal(str(item.get("justified_percent", "0")))
        if isinstance(reason, str) and reason.strip():
            self.by_item[item_id] = reason.strip()
        elif kind == "followup.added" or self._percent.get(item_id) != share:
            self.by_item.pop(item_id, None)
        self._percent[item_id] = share

    def of(self, item_id: str) -> str | None:
        return self.by_item.get(item_id)


class FollowupItemTable(DefinitionTable):
    """The items under evaluation for their second tranche, in presentation order."""

    def __init__(self, live: LiveContest, undo: QUndoStack) -> None:
        self.reviews = Reviews(live.service.events(live.contest_id, light=True))
        # Connected before the table's own reload, so that a new reference is known when
        # the rows are read again.
        live.applied.connect(self.reviews.take)
        self.ask_review: ReviewAsker = lambda _row, _percent: None
        super().__init__(live, "followup", FOLLOWUP_ITEM_FIELDS, undo)

    def snapshot_items(self, snapshot: dict[str, Any]) -> list[dict[str, Any]]:
        items = sorted((snapshot.get("followups") or {}).get("items", []),
                       key=lambda i: i["order"])
        rows = []
        for item in items:
            row = dict(item)
            if (reference := self.reviews.of(item["id"])) is not None:
                row[REVIEW] = reference
            rows.append(row)
        return rows

    def taken_ids(self) -> set[str]:
        contest = self.live.state.contest
        if contest is None:
            return set()
        return {p.id for p in contest.proposals} | {i.id for i in contest.followup_items}

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() \
                and self.fields[index.column()].key == REVIEW:
            return _(REVIEW_TIP)
        return super().data(index, role)

    def unscorable(self) -> str | None:
        """Why no item can be added yet (the second tranche has no phase to score it on),
        or None."""
        contest = self.live.state.contest
        if contest is None or contest.followups is None or not contest.followups.phases:
            return Later(lambda: _(NO_PHASE))
        return None

    def add(self, values: dict[str, Any]) -> str | None:
        return self.unscorable() or super().add(values)

    def defaults(self) -> dict[str, Any]:
        """A new item is presented last, and nothing of its first tranche is justified yet."""
        return {"order": str(max((i["order"] for i in self.items), default=0) + 1),
                "justified_percent": "0"}

    def problems(self, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        item, problems = super().problems(values)
        share = item.get("justified_percent")
        if share is not None and Decimal(share) > 0 and not item.get(REVIEW):
            problems.setdefault(REVIEW, _("Write the reference of the office's review that "
                                          "found this share justified."))
        return item, problems

    def change_data(self, item: dict[str, Any]) -> dict[str, Any]:
        sent = {k: v for k, v in item.items() if k != REVIEW}
        if not sent.get("award"):
            sent.pop("award", None)
        data: dict[str, Any] = {"item": sent}
        contest = self.live.state.contest
        current = contest.followup_item(sent["id"]) if contest is not None else None
        reference = item.get(REVIEW)
        changed = current is None or current.justified_percent != Decimal(
            sent["justified_percent"])
        if reference and (changed or reference != self.reviews.of(sent["id"])):
            data["reason"] = reference
        return data

    def setData(self, index: QModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        field = self.fields[index.column()] if index.isValid() else None
        if field is None or field.key != "justified_percent" \
                or role != Qt.ItemDataRole.EditRole:
            return super().setData(index, value, role)
        try:
            share = percent(str(value))
        except ValueError as error:
            self.live.refused.emit(_("{field}: {problem}").format(field=_(field.label),
                                                                  problem=error))
            return False
        if Decimal(share) == Decimal(self.items[index.row()]["justified_percent"]):
            return True
        answer = self.ask_review(index.row(), share)
        return answer is not None and self.review(index.row(), *answer)

    def review(self, row: int, share: str, reference: str) -> bool:
        """Record the office's review of the item of ``row``: its justified percent and the
        review's reference (the log's reason), undoably. False when refused (said)."""
        before = self.items[row]
        after = copy.deepcopy(before)
        after["justified_percent"], after[REVIEW] = share, reference
        return self.edit_item(before, after)


class FollowupPhaseTable(DefinitionTable):
    """The phases of the second-tranche evaluation: names, and what their sheets hold."""

    def __init__(self, live: LiveContest, undo: QUndoStack) -> None:
        super().__init__(live, "followup_phase", FOLLOWUP_PHASE_FIELDS, undo)

    def snapshot_items(self, snapshot: dict[str, Any]) -> list[dict[str, Any]]:
        return list((snapshot.get("followups") or {}).get("phases", []))

    def taken_ids(self) -> set[str]:
        contest = self.live.state.contest
        return {p.id for p in contest.all_phases} if contest is not None else set()

    def change_data(self, item: dict[str, Any]) -> dict[str, Any]:
        return {"phase": {"id": item[ID], "name": item["name"],
                          "criteria": item.get("criteria", [])}}

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        key = self.fields[index.column()].key if index.isValid() else ""
        if key in ("count", "points") and role == Qt.ItemDataRole.DisplayRole:
            criteria = self.items[index.row()].get("criteria", [])
            if key == "count":
                return str(len(criteria))
            most = sum((Decimal(c["max"]) * Decimal(c.get("weight", "1")) for c in criteria),
                       Decimal(0))
            return format_decimal(most, 0 if most == most.to_integral_value() else 2)
        return super().data(index, role)


class FollowupCriterionTable(DefinitionTable):
    """The criteria of the second-tranche sheets, each in its follow-up phase."""

    def __init__(self, live: LiveContest, undo: QUndoStack) -> None:
        super().__init__(live, "criterion", CRITERION_FIELDS, undo)

    def snapshot_items(self, snapshot: dict[str, Any]) -> list[dict[str, Any]]:
        return [dict(c, phase=phase["id"])
                for phase in (snapshot.get("followups") or {}).get("phases", [])
                for c in phase["criteria"]]

    def choices(self, kind: str) -> list[tuple[str, str]]:
        """A criterion's phase is one of the follow-up phases."""
        contest = self.live.state.contest
        if kind != "phase" or contest is None:
            return super().choices(kind)
        phases = contest.followups.phases if contest.followups is not None else ()
        return [(p.id, text_in(p.name, current_language())) for p in phases]


__all__ = ["FollowupCriterionTable", "FollowupItemTable", "FollowupPhaseTable", "Reviews"]
