"""Ranking within a category: order by final score, then the tie-break keys (spec, Ranking).

`resolve_ties` splits a group of proposals with exactly equal final scores into *tiers*:
consecutive lists of proposals, each tier still tied after every key (usually one proposal).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from .model import CRITERION_TIE_BREAK, Draw, Proposal
from .scoring import ProposalScore

Tier = list[str]


class TieBreaker:
    """Applies a contest's tie-break chain to groups of equally scored proposals."""

    def __init__(self, keys: Sequence[str], proposals: dict[str, Proposal],
                 scores: dict[str, ProposalScore], draws: Sequence[Draw]) -> None:
        self.keys = tuple(keys)
        self.proposals = proposals
        self.scores = scores
        self.draws = draws

    def resolve(self, group: list[str]) -> list[Tier]:
        """Tiers of ``group``, best first; members of a tier are listed by proposal id."""
        return self._resolve(sorted(group), 0)

    def _resolve(self, group: list[str], key_index: int) -> list[Tier]:
        if len(group) == 1 or key_index >= len(self.keys):
            return [group]
        key = self.keys[key_index]
        if key == "draw":
            draw = self._draw_for(group)
            if draw is None:
                return self._resolve(group, key_index + 1)
            position = {pid: i for i, pid in enumerate(draw.order)}
            return [[pid] for pid in sorted(group, key=position.__getitem__)]
        value = self._key_function(key)
        tiers: list[Tier] = []
        ordered = sorted(group, key=value)
        start = 0
        for end in range(1, len(ordered) + 1):
            if end == len(ordered) or value(ordered[end]) != value(ordered[start]):
                tiers.extend(self._resolve(sorted(ordered[start:end]), key_index + 1))
                start = end
        return tiers

    def _key_function(self, key: str) -> Callable[[str], Fraction | int]:
        """A sort key where smaller sorts first."""
        if key == "requested_asc":
            return lambda pid: Fraction(self.proposals[pid].requested)
        if key == "order":
            return lambda pid: self.proposals[pid].order
        criterion = key[len(CRITERION_TIE_BREAK):]
        return lambda pid: -self.scores[pid].tie_values[criterion]

    def _draw_for(self, group: list[str]) -> Draw | None:
        """The first recorded draw whose proposals contain every proposal of ``group``."""
        members = set(group)
        for draw in self.draws:
            if members.issubset(draw.proposals):
                return draw
        return None
