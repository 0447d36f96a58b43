"""Double entry of a scoring sheet: a second person retypes it without seeing the first entry.

A sheet is (juror, item, phase). The secretary's values on it are the *first entry*; a
``sheet.second_entry`` records what a second person typed from the same paper. While the two
differ in any cell (a value different, or present in one and missing in the other), the sheet
cannot be confirmed. Each difference is resolved by looking at the paper: the second value is
taken through the ordinary score events (``score.changed``, ``score.entered``,
``score.removed``), and the first values kept are listed in ``sheet.entries_reconciled``
("the first entry stands in these cells as it is now"). A contest may require double entry
(``session.double_entry_set``): a sheet is then confirmed only over a second entry that
agrees with it.

The second entries are session records, not part of the contest snapshot (like the
attendance): replay builds them from the log, and the database derives them from its log
(`fold`), so both see the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .errors import N_, ChangeRefused
from .eventdata import ContestView, EventData
from .index import ContestIndex
from .numbers import decimal_text

SECOND_ENTRY = "sheet.second_entry"
ENTRIES_RECONCILED = "sheet.entries_reconciled"
DOUBLE_ENTRY_SET = "session.double_entry_set"
DOUBLE_ENTRY_KINDS = (SECOND_ENTRY, ENTRIES_RECONCILED, DOUBLE_ENTRY_SET)
FORGETTING_KINDS = ("recusal.recorded", "absence.recorded")
"""Kinds after which a sheet's second entry no longer stands: the juror is not eligible."""
_OPEN = "open"  # changes.OPEN (changes imports this module)

SheetKey = tuple[str, str, str]
"""(juror, item, phase)."""
Cell = tuple[str, Decimal | None]
"""(criterion, value or None for an empty cell)."""


@dataclass(frozen=True, slots=True)
class SecondEntry:
    """The values a second person typed for one sheet, in the phase's criterion order."""

    juror: str
    proposal: str
    phase: str
    values: tuple[tuple[str, Decimal], ...]

    @property
    def key(self) -> SheetKey:
        return (self.juror, self.proposal, self.phase)


@dataclass(frozen=True, slots=True)
class EntriesReconciled:
    """The first entry stands, as it is now, in the cells where the two still differ:
    ``kept`` lists them with the first entry's value (None: the first left it empty)."""

    juror: str
    proposal: str
    phase: str
    kept: tuple[Cell, ...]

    @property
    def key(self) -> SheetKey:
        return (self.juror, self.proposal, self.phase)


@dataclass(frozen=True, slots=True)
class DoubleEntrySet:
    """Whether every sheet needs an agreeing second entry before it is confirmed."""

    required: bool


DoubleEntryChange = SecondEntry | EntriesReconciled | DoubleEntrySet


@dataclass(slots=True)
class SecondEntries:
    """Each sheet's second entry as it stands (reconciled cells take the first's value),
    and whether double entry is required."""

    sheets: dict[SheetKey, dict[str, Decimal]] = field(default_factory=dict)
    required: bool = False

    def get(self, juror: str, proposal: str, phase: str) -> dict[str, Decimal] | None:
        return self.sheets.get((juror, proposal, phase))

    def apply(self, change: DoubleEntryChange) -> None:
        if isinstance(change, DoubleEntrySet):
            self.required = change.required
        elif isinstance(change, SecondEntry):
            self.sheets[change.key] = dict(change.values)
        else:
            cells = self.sheets.setdefault(change.key, {})
            for criterion, value in change.kept:
                if value is None:
                    cells.pop(criterion, None)
                else:
                    cells[criterion] = value

    def forget(self, juror: str, proposal: str, phase: str | None = None) -> None:
        """A recusal (every phase) or an absence (``phase``): that second entry is gone."""
        for key in [k for k in self.sheets if k[0] == juror and k[1] == proposal
                    and (phase is None or k[2] == phase)]:
            del self.sheets[key]

    def keep(self, jurors: set[str], items: set[str]) -> None:
        """Only the sheets of jurors and items still in the contest."""
        self.sheets = {k: v for k, v in self.sheets.items() if k[0] in jurors and k[1] in items}


def fold(events: Iterable[tuple[str, dict[str, Any]]]) -> SecondEntries:
    """The second entries a log's events (kind, data) leave, in order: the events of
    `DOUBLE_ENTRY_KINDS` and `FORGETTING_KINDS` as written (already checked), any other
    ignored. What the database derives from its log, exactly as `ContestState` keeps it."""
    entries = SecondEntries()
    for kind, data in events:
        if kind == DOUBLE_ENTRY_SET:
            entries.apply(DoubleEntrySet(bool(data["required"])))
        elif kind == SECOND_ENTRY:
            entries.apply(SecondEntry(data["juror"], data["proposal"], data["phase"], tuple(
                (v["criterion"], Decimal(v["value"])) for v in data["values"])))
        elif kind == ENTRIES_RECONCILED:
            entries.apply(EntriesReconciled(data["juror"], data["proposal"], data["phase"], tuple(
                (v["criterion"], None if v["value"] is None else Decimal(v["value"]))
                for v in data["kept"])))
        elif kind == "recusal.recorded":
            entries.forget(data["juror"], data["proposal"])
        elif kind == "absence.recorded":
            entries.forget(data["juror"], data["proposal"], data["phase"])
    return entries


def differences(view: ContestView, juror: str, proposal: str,
                phase: str) -> list[tuple[str, Decimal | None, Decimal | None]]:
    """(criterion, first, second) of every cell where the sheet's two entries differ, in the
    phase's criterion order; none without a second entry."""
    second = view.second_entry(juror, proposal, phase)
    found = view.index().phases.get(phase)
    if second is None or found is None:
        return []
    first = view.juror_values(juror, proposal)
    return [(c.id, first.get(c.id), second.get(c.id)) for c in found.criteria
            if first.get(c.id) != second.get(c.id)]


def check_confirmable(view: ContestView, juror: str, proposal: str, phase: str, path: str,
                      item: str) -> None:
    """Refuse to confirm a sheet whose second entry differs from it, or one without a second
    entry while double entry is required."""
    if view.second_entry(juror, proposal, phase) is None:
        if view.double_entry_required():
            raise ChangeRefused(N_("double entry is required: a second person must retype "
                                   "this sheet, without seeing it, before it is confirmed"),
                                path, item)
        return
    differing = differences(view, juror, proposal, phase)
    if differing:
        raise ChangeRefused(N_("the second entry differs from the first in {criteria}: keep "
                               "the first value or take the second in each before the sheet "
                               "is confirmed"), path, item,
                            criteria=", ".join(c for c, _first, _second in differing))


def check_double_entry(kind: str, d: EventData, view: ContestView) -> DoubleEntryChange:
    """Validate a change of `DOUBLE_ENTRY_KINDS` against the contest as it stands."""
    if kind == DOUBLE_ENTRY_SET:
        required = d.data.get("required")
        if not isinstance(required, bool):
            raise ChangeRefused(N_("expected true or false"), f"{d.path}.required")
        if view.double_entry_required() == required:
            raise ChangeRefused(N_("double entry is already required") if required else
                                N_("double entry is already not required"), d.path)
        return DoubleEntrySet(required)
    juror, proposal, phase = d.text("juror"), d.text("proposal"), d.text("phase")
    item = f"{juror}/{proposal}/{phase}"
    if view.session != _OPEN:
        raise ChangeRefused(N_("the session has not been opened"), d.path, item)
    index = view.index()
    _check_sheet(index, juror, proposal, phase, d.path, item)
    if view.is_confirmed(juror, proposal, phase):
        raise ChangeRefused(N_("the sheet is already confirmed: a second entry comes before "
                               "the read-back"), d.path, item)
    if kind == SECOND_ENTRY:
        return SecondEntry(juror, proposal, phase, _values(d, index, juror, proposal, phase))
    if view.second_entry(juror, proposal, phase) is None:
        raise ChangeRefused(N_("there is no second entry of this sheet"), d.path, item)
    differing = differences(view, juror, proposal, phase)
    if not differing:
        raise ChangeRefused(N_("the two entries of this sheet already agree"), d.path, item)
    kept = tuple((c, first) for c, first, _second in differing)
    if _cells(d, "kept") != kept:
        raise ChangeRefused(N_("the cells listed as kept are not the cells where the two "
                               "entries differ, with the first entry's values"),
                            f"{d.path}.kept", item)
    return EntriesReconciled(juror, proposal, phase, kept)


def _check_sheet(index: ContestIndex, juror: str, proposal: str, phase: str, path: str,
                 item: str) -> None:
    """A sheet an eligible juror scores: known, not recused, not absent, not withdrawn."""
    known = index.jurors.get(juror)
    if known is None:
        raise ChangeRefused(N_("unknown juror {id}"), path, item, id=juror)
    if not index.is_item(proposal):
        raise ChangeRefused(N_("unknown proposal {id}"), path, item, id=proposal)
    if phase not in index.phases or not index.phase_fits(proposal, phase):
        raise ChangeRefused(N_("unknown phase {id}"), path, item, id=phase)
    if phase not in known.phases:
        raise ChangeRefused(N_("juror {juror} does not score the phase {phase}"), path, item,
                            juror=juror, phase=phase)
    if (juror, proposal) in index.recused:
        raise ChangeRefused(N_("juror {juror} is recused on proposal {proposal}"), path,
                            item, juror=juror, proposal=proposal)
    if (juror, proposal, phase) in index.absent:
        raise ChangeRefused(N_("juror {juror} is absent from phase {phase} of {proposal}"),
                            path, item, juror=juror, proposal=proposal, phase=phase)
    if proposal in index.withdrawn:
        raise ChangeRefused(N_("{proposal} was withdrawn: it is not scored"), path, item,
                            proposal=proposal)


def _values(d: EventData, index: ContestIndex, juror: str, proposal: str,
            phase: str) -> tuple[tuple[str, Decimal], ...]:
    """The typed values, each checked like a score, in the phase's criterion order."""
    raw = d.data.get("values")
    if not isinstance(raw, list) or not raw:
        raise ChangeRefused(N_("a second entry needs at least one value"), f"{d.path}.values")
    criteria = [c.id for c in index.phases[phase].criteria]
    typed: dict[str, Decimal] = {}
    for i, cell in enumerate(raw):
        one = EventData(cell, f"{d.path}.values[{i}]")
        criterion = one.text("criterion")
        if criterion not in criteria:
            raise ChangeRefused(N_("{criterion} is not a criterion of the phase {phase}"),
                                one.path, criterion, criterion=criterion, phase=phase)
        if criterion in typed:
            raise ChangeRefused(N_("the criterion {criterion} appears twice"), one.path,
                                criterion, criterion=criterion)
        value = one.decimal("value")
        index.check_score(juror, proposal, criterion, value, one.path)
        typed[criterion] = value
    return tuple((c, typed[c]) for c in criteria if c in typed)


def _cells(d: EventData, key: str) -> tuple[Cell, ...]:
    """A list of {criterion, value} cells (value null: an empty cell)."""
    raw = d.data.get(key)
    if not isinstance(raw, list):
        raise ChangeRefused(N_("expected a list of cells"), f"{d.path}.{key}")
    cells: list[Cell] = []
    for i, cell in enumerate(raw):
        one = EventData(cell, f"{d.path}.{key}[{i}]")
        if "value" not in one.data:
            raise ChangeRefused(N_("the required field {field} is missing"), one.path,
                                field="value")
        cells.append((one.text("criterion"),
                      None if one.data["value"] is None else one.decimal("value")))
    return tuple(cells)


def double_entry_data(change: DoubleEntryChange) -> dict[str, Any]:
    """The event's data for a double-entry change: its fields as checked, decimals as
    canonical text."""
    if isinstance(change, DoubleEntrySet):
        return {"required": change.required}
    sheet = {"juror": change.juror, "proposal": change.proposal, "phase": change.phase}
    if isinstance(change, SecondEntry):
        return {**sheet, "values": [{"criterion": c, "value": decimal_text(v)}
                                    for c, v in change.values]}
    return {**sheet, "kept": [{"criterion": c, "value": None if v is None else decimal_text(v)}
                              for c, v in change.kept]}
