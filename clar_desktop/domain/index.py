"""Lookups by id over a contest's definition, and the checks one change must pass.

The same checks serve a whole bundle (validation on import) and a single change (a score
typed in the session, a line fed to ``clar-desktop record``), so both refuse with the same
words.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .errors import N_, ChangeRefused
from .model import Contest, Criterion, Juror, Phase, Proposal, Recusal, Score


@dataclass(slots=True)
class ContestIndex:
    """Dictionaries by id over a contest's definition (everything but the scores)."""

    jurors: dict[str, Juror]
    proposals: dict[str, Proposal]
    criteria: dict[str, tuple[Phase, Criterion]]
    phases: dict[str, Phase]
    recused: dict[tuple[str, str], Recusal]

    @classmethod
    def of(cls, contest: Contest) -> ContestIndex:
        return cls(
            jurors={j.id: j for j in contest.jurors},
            proposals={p.id: p for p in contest.proposals},
            criteria={c.id: (ph, c) for ph in contest.phases for c in ph.criteria},
            phases={ph.id: ph for ph in contest.phases},
            recused={(r.juror, r.proposal): r for r in contest.recusals},
        )

    def check_score(self, juror: str, proposal: str, criterion: str, value: Decimal,
                    path: str) -> None:
        """Refuse a score that names unknown items, breaks the criterion's scale, comes from a
        juror who does not score that phase, or falls on a recused pair."""
        item = f"{juror}/{proposal}/{criterion}"
        known_juror = self.jurors.get(juror)
        if known_juror is None:
            raise ChangeRefused(N_("unknown juror {id}"), path, item, id=juror)
        if proposal not in self.proposals:
            raise ChangeRefused(N_("unknown proposal {id}"), path, item, id=proposal)
        found = self.criteria.get(criterion)
        if found is None:
            raise ChangeRefused(N_("unknown criterion {id}"), path, item, id=criterion)
        phase, crit = found
        if phase.id not in known_juror.phases:
            raise ChangeRefused(
                N_("juror {juror} does not score the phase {phase}"), path, item,
                juror=juror, phase=phase.id)
        if (juror, proposal) in self.recused:
            raise ChangeRefused(
                N_("juror {juror} is recused on proposal {proposal}"), path, item,
                juror=juror, proposal=proposal)
        check_value(crit, value, path, item)

    def score_is_valid(self, score: Score) -> bool:
        """Whether `check_score` would accept the score (a fast test, no message)."""
        juror = self.jurors.get(score.juror)
        found = self.criteria.get(score.criterion)
        if juror is None or found is None or score.proposal not in self.proposals:
            return False
        phase, criterion = found
        value = score.value
        return (phase.id in juror.phases and (score.juror, score.proposal) not in self.recused
                and criterion.min <= value <= criterion.max
                and (value - criterion.min) % criterion.step == 0)

    def check_recusal(self, juror: str, proposal: str, path: str) -> None:
        """Refuse a recusal of an unknown juror or proposal, or one already recorded."""
        item = f"{juror}/{proposal}"
        if juror not in self.jurors:
            raise ChangeRefused(N_("unknown juror {id}"), path, item, id=juror)
        if proposal not in self.proposals:
            raise ChangeRefused(N_("unknown proposal {id}"), path, item, id=proposal)
        if (juror, proposal) in self.recused:
            raise ChangeRefused(
                N_("juror {juror} is already recused on proposal {proposal}"), path, item,
                juror=juror, proposal=proposal)

    def check_draw(self, proposals: tuple[str, ...], order: tuple[str, ...], path: str) -> None:
        """Refuse a draw naming unknown proposals or whose order is not a permutation."""
        item = ",".join(proposals)
        if not proposals:
            raise ChangeRefused(N_("a draw needs the proposals it decides"), path, item)
        for proposal in (*proposals, *order):
            if proposal not in self.proposals:
                raise ChangeRefused(N_("unknown proposal {id}"), path, item, id=proposal)
        if len(set(proposals)) != len(proposals):
            raise ChangeRefused(N_("a proposal appears twice in the draw"), path, item)
        if sorted(order) != sorted(proposals):
            raise ChangeRefused(
                N_("the draw's order is not a permutation of its proposals"), path, item)


def check_value(criterion: Criterion, value: Decimal, path: str, item: str) -> None:
    """Refuse a value outside [min, max] or off the criterion's step."""
    if value < criterion.min:
        raise ChangeRefused(N_("value {value} is below the minimum {min}"), path, item,
                            value=value, min=criterion.min)
    if value > criterion.max:
        raise ChangeRefused(N_("value {value} is above the maximum {max}"), path, item,
                            value=value, max=criterion.max)
    if not criterion.accepts(value):
        raise ChangeRefused(
            N_("value {value} is not {min} plus a whole number of steps of {step}"), path, item,
            value=value, min=criterion.min, step=criterion.step)
