"""Reading a bundle's scores column by column: the common case of a valid bundle, fast.

A 3,000-proposal bundle holds a third of a million scores over a few dozen jurors, criteria
and values. Judged one by one in Python, they took a third of ``clar-desktop tally``'s time.
Here the four fields are taken out as columns, and each rule is judged once per distinct
combination it depends on — (juror, criterion), (criterion, value), (proposal, criterion),
(juror, proposal) — with the loops over the scores themselves left to the interpreter's C
code (``map``, ``zip``, ``set``). A bundle that fails any of these tests is not refused here:
`read_columns` answers None and the caller judges the scores one by one, which says which
score is wrong and why. So both paths accept exactly the same scores.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import product, repeat
from operator import itemgetter
from typing import Any

from .index import ContestIndex
from .model import Score, ScoreKey

_FIELDS = tuple(itemgetter(name) for name in ("juror", "proposal", "criterion", "value"))


@dataclass(frozen=True, slots=True)
class ScoreColumns:
    """A bundle's scores, valid one by one, as four columns in the bundle's order (ids
    interned: one string object per id)."""

    jurors: list[str]
    proposals: list[str]
    criteria: list[str]
    values: list[Decimal]

    def __len__(self) -> int:
        return len(self.jurors)

    def rows(self) -> Iterator[tuple[str, str, str, Decimal]]:
        return zip(self.jurors, self.proposals, self.criteria, self.values, strict=True)


def read_columns(raws: list[Any], index: ContestIndex,
                 value_of: Callable[[str, object], Decimal | None]) -> ScoreColumns | None:
    """The scores as columns if every one of them is valid on its own (whether two name the
    same juror, proposal and criterion is left to the caller: `fill_scores`); None if any
    may not be. ``value_of(criterion, text)`` is the value on that criterion's scale, or
    None."""
    # One string object per id: the contest then holds a few dozen, not three per score.
    # Interning hashes every id; a list or an object in an id's place is unhashable, and a
    # score that is not an object has no field of that name (TypeError too).
    names: dict[str, str] = {}
    intern: Callable[[str, str], str] = names.setdefault
    try:
        columns: list[list[str]] = [list(map(get, raws)) for get in _FIELDS]
        jurors, proposals, criteria = (list(map(intern, column, column))
                                       for column in columns[:3])
        texts = columns[3]
        distinct_texts = set(texts)
    except (KeyError, TypeError):
        return None
    # The columns were typed hopefully: check. A text never equals a number, so one of each
    # other type stays among the distinct.
    if names and set(map(type, names)) != {str} or (
            distinct_texts and set(map(type, distinct_texts)) != {str}):
        return None
    numbers = _judge(index, value_of, jurors, proposals, criteria, texts, distinct_texts)
    if numbers is None:
        return None
    return ScoreColumns(jurors, proposals, criteria, list(map(numbers.__getitem__, texts)))


def fill_scores(scores: dict[ScoreKey, Score], columns: ScoreColumns) -> bool:
    """Fill ``scores`` (empty) from the columns, in their order; False, leaving ``scores``
    empty, when two scores name the same juror, proposal and criterion."""
    keys = zip(columns.jurors, columns.proposals, columns.criteria, strict=True)
    # tuple.__new__(Score, row) is what Score(*row) does, without a Python call per score.
    scores.update(zip(keys, map(tuple.__new__, repeat(Score), columns.rows()), strict=True))
    if len(scores) != len(columns):
        scores.clear()
        return False
    return True


def _judge(index: ContestIndex, value_of: Callable[[str, object], Decimal | None],
           jurors: list[str], proposals: list[str], criteria: list[str],
           texts: list[str], distinct_texts: set[str]) -> dict[str, Decimal] | None:
    """Every rule a single score must keep, judged on distinct combinations; the value of
    each text, or None when some score breaks a rule."""
    phase_of: dict[str, str] = {}
    for juror, criterion in set(zip(jurors, criteria, strict=True)):
        found = index.criteria.get(criterion)
        known = index.jurors.get(juror)
        if found is None or known is None or found[0].id not in known.phases:
            return None
        phase_of[criterion] = found[0].id
    numbers: dict[str, Decimal] = {}
    # Usually every value is on every criterion's scale; else each pair is judged.
    pairs: Iterable[tuple[str, str]] = list(product(phase_of, distinct_texts))
    if any(value_of(criterion, text) is None for criterion, text in pairs):
        pairs = set(zip(criteria, texts, strict=True))
    for criterion, text in pairs:
        number = value_of(criterion, text)
        if number is None:
            return None
        numbers[text] = number
    followup = index.followup_phases
    if not followup:
        if not index.proposals.keys() >= set(proposals):
            return None
    else:
        items, plain = index.items, index.proposals
        for proposal, criterion in set(zip(proposals, criteria, strict=True)):
            fits = (proposal in items) if phase_of[criterion] in followup else (
                proposal in plain)
            if not fits:
                return None
    if index.recused and not index.recused.keys().isdisjoint(
            zip(jurors, proposals, strict=True)):
        return None
    if index.absent:
        taken = set(zip(jurors, proposals, map(phase_of.__getitem__, criteria), strict=True))
        if not taken.isdisjoint(index.absent.keys()):
            return None
    return numbers
