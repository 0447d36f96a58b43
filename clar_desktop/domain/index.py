"""Lookups by id over a contest's definition, and the checks one change must pass.

The same checks serve a whole bundle (validation on import) and a single change (a score
typed in the session, a line fed to ``clar-desktop record``), so both refuse with the same
words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .errors import N_, ChangeRefused
from .model import (
    Absence,
    Contest,
    Criterion,
    FollowupItem,
    Juror,
    Phase,
    Proposal,
    Recusal,
    Score,
    Withdrawal,
)


@dataclass(slots=True)
class ContestIndex:
    """Dictionaries by id over a contest's definition (everything but the scores).

    An *item* is a proposal or a follow-up item (their ids share one namespace); a proposal
    is scored on the contest's phases, a follow-up item on the follow-up phases."""

    jurors: dict[str, Juror]
    proposals: dict[str, Proposal]
    criteria: dict[str, tuple[Phase, Criterion]]
    phases: dict[str, Phase]
    recused: dict[tuple[str, str], Recusal]
    items: dict[str, FollowupItem] = field(default_factory=dict)
    followup_phases: frozenset[str] = frozenset()
    absent: dict[tuple[str, str, str], Absence] = field(default_factory=dict)
    """Absences by (juror, item, phase)."""
    withdrawn: dict[str, Withdrawal] = field(default_factory=dict)

    @classmethod
    def of(cls, contest: Contest) -> ContestIndex:
        followup = contest.followups.phases if contest.followups is not None else ()
        return cls(
            jurors={j.id: j for j in contest.jurors},
            proposals={p.id: p for p in contest.proposals},
            criteria={c.id: (ph, c) for ph in contest.all_phases for c in ph.criteria},
            phases={ph.id: ph for ph in contest.all_phases},
            recused={(r.juror, r.proposal): r for r in contest.recusals},
            items={i.id: i for i in contest.followup_items},
            followup_phases=frozenset(ph.id for ph in followup),
            absent={(a.juror, a.proposal, a.phase): a for a in contest.absences},
            withdrawn={w.proposal: w for w in contest.withdrawals},
        )

    def is_item(self, item_id: str) -> bool:
        """Whether the id names a proposal or a follow-up item."""
        return item_id in self.proposals or item_id in self.items

    def phases_of(self, item_id: str) -> list[str]:
        """The phases an item is scored on: the contest's or the follow-ups'."""
        followup = item_id in self.items
        return [ph for ph in self.phases if (ph in self.followup_phases) == followup]

    def phase_fits(self, item_id: str, phase_id: str) -> bool:
        """Whether the phase is one of that item's (contest phase ↔ proposal)."""
        return (phase_id in self.followup_phases) == (item_id in self.items)

    def check_score(self, juror: str, proposal: str, criterion: str, value: Decimal,
                    path: str) -> None:
        """Refuse a score that names unknown items, breaks the criterion's scale, comes from a
        juror who does not score that phase, or falls on a recused pair."""
        item = f"{juror}/{proposal}/{criterion}"
        known_juror = self.jurors.get(juror)
        if known_juror is None:
            raise ChangeRefused(N_("unknown juror {id}"), path, item, id=juror)
        if not self.is_item(proposal):
            raise ChangeRefused(N_("unknown proposal {id}"), path, item, id=proposal)
        found = self.criteria.get(criterion)
        if found is None:
            raise ChangeRefused(N_("unknown criterion {id}"), path, item, id=criterion)
        phase, crit = found
        if not self.phase_fits(proposal, phase.id):
            if proposal in self.items:
                raise ChangeRefused(N_("{proposal} is a follow-up item: it is scored on the "
                                       "follow-up criteria, not on {criterion}"), path, item,
                                    proposal=proposal, criterion=criterion)
            raise ChangeRefused(N_("{criterion} is a follow-up criterion: proposal {proposal} "
                                   "is not scored on it"), path, item, proposal=proposal,
                                criterion=criterion)
        if phase.id not in known_juror.phases:
            raise ChangeRefused(
                N_("juror {juror} does not score the phase {phase}"), path, item,
                juror=juror, phase=phase.id)
        if (juror, proposal) in self.recused:
            raise ChangeRefused(
                N_("juror {juror} is recused on proposal {proposal}"), path, item,
                juror=juror, proposal=proposal)
        if (juror, proposal, phase.id) in self.absent:
            raise ChangeRefused(
                N_("juror {juror} is absent from phase {phase} of {proposal}"), path, item,
                juror=juror, proposal=proposal, phase=phase.id)
        check_value(crit, value, path, item)

    def score_is_valid(self, score: Score) -> bool:
        """Whether `check_score` would accept the score (a fast test, no message)."""
        juror = self.jurors.get(score.juror)
        found = self.criteria.get(score.criterion)
        if juror is None or found is None or not self.is_item(score.proposal):
            return False
        phase, criterion = found
        value = score.value
        return (phase.id in juror.phases and (score.juror, score.proposal) not in self.recused
                and self.phase_fits(score.proposal, phase.id)
                and (not self.absent
                     or (score.juror, score.proposal, phase.id) not in self.absent)
                and criterion.min <= value <= criterion.max
                and (value - criterion.min) % criterion.step == 0)

    def check_recusal(self, juror: str, proposal: str, path: str) -> None:
        """Refuse a recusal of an unknown juror or proposal, or one already recorded."""
        item = f"{juror}/{proposal}"
        if juror not in self.jurors:
            raise ChangeRefused(N_("unknown juror {id}"), path, item, id=juror)
        if not self.is_item(proposal):
            raise ChangeRefused(N_("unknown proposal {id}"), path, item, id=proposal)
        if (juror, proposal) in self.recused:
            raise ChangeRefused(
                N_("juror {juror} is already recused on proposal {proposal}"), path, item,
                juror=juror, proposal=proposal)

    def check_absence(self, juror: str, proposal: str, phase: str, path: str,
                      recording: bool = True) -> None:
        """Refuse an absence naming an unknown juror, item or phase, a phase not of that
        item or not scored by that juror, or (``recording``) one already recorded — or, when
        it is being withdrawn, one that was never recorded."""
        item = f"{juror}/{proposal}/{phase}"
        known_juror = self.jurors.get(juror)
        if known_juror is None:
            raise ChangeRefused(N_("unknown juror {id}"), path, item, id=juror)
        if not self.is_item(proposal):
            raise ChangeRefused(N_("unknown proposal {id}"), path, item, id=proposal)
        if phase not in self.phases:
            raise ChangeRefused(N_("unknown phase {id}"), path, item, id=phase)
        if not self.phase_fits(proposal, phase):
            raise ChangeRefused(N_("{proposal} is not scored in the phase {phase}"), path, item,
                                proposal=proposal, phase=phase)
        if phase not in known_juror.phases:
            raise ChangeRefused(
                N_("juror {juror} does not score the phase {phase}"), path, item,
                juror=juror, phase=phase)
        recorded = (juror, proposal, phase) in self.absent
        if recording and recorded:
            raise ChangeRefused(N_("juror {juror} is already absent from phase {phase} of "
                                   "{proposal}"), path, item, juror=juror, phase=phase,
                                proposal=proposal)
        if not recording and not recorded:
            raise ChangeRefused(N_("juror {juror} is not absent from phase {phase} of "
                                   "{proposal}"), path, item, juror=juror, phase=phase,
                                proposal=proposal)

    def check_withdrawal(self, proposal: str, path: str) -> None:
        """Refuse a withdrawal of an unknown item, or a second one."""
        if not self.is_item(proposal):
            raise ChangeRefused(N_("unknown proposal {id}"), path, proposal, id=proposal)
        if proposal in self.withdrawn:
            raise ChangeRefused(N_("{proposal} was already withdrawn"), path, proposal,
                                proposal=proposal)

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
