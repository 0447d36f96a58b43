"""Adding a planned second-tranche evaluation to an existing contest (a mixed session).

`add_followups` takes the follow-up section of a plan (`domain.followup_plan`) and adds it to
a contest still being prepared, through the service's one transaction (`apply_many`): each
follow-up phase (``followup_phase.added``), the follow-up rules (``followup_rules.changed``),
each item (``followup.added``) and every juror of the contest given the follow-up phases
(``juror.edited``). The log replays to the same contest; a refusal writes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .domain.bundle import juror_to_dict, phase_to_dict
from .domain.changes import CLOSED, PREPARING
from .domain.errors import N_, ChangeRefused
from .domain.model import Contest, Followups
from .domain.sections import followup_rules_to_dict, item_to_dict

if TYPE_CHECKING:
    from .services import Committed, ContestService


def _refuse_clashes(target: Contest, followups: Followups) -> None:
    phase_ids = {p.id for p in target.phases}
    for phase in followups.phases:
        if phase.id in phase_ids:
            raise ChangeRefused(N_("the follow-up phase {id} has the id of a phase of contest "
                                   "{contest}"), "followups.phases", phase.id, id=phase.id,
                                contest=target.id)
    proposal_ids = {p.id for p in target.proposals}
    for item in followups.items:
        if item.id in proposal_ids:
            raise ChangeRefused(N_("the follow-up item {id} has the id of a proposal of "
                                   "contest {contest}"), "followups.items", item.id,
                                id=item.id, contest=target.id)


def add_followups(service: ContestService, contest_id: str,
                  followups: Followups) -> list[Committed]:
    """Add ``followups`` (phases, rules, items) to the contest ``contest_id`` and give each of
    its jurors the follow-up phases, all in one transaction. Refused (`ChangeRefused`, nothing
    written) once the contest's session is open or closed, when it already has follow-ups,
    or when an id clashes with one of the contest's."""
    state = service.load_state(contest_id)
    target = state.snapshot()
    if state.session == CLOSED:
        raise ChangeRefused(N_("the session of contest {id} is already closed: second-tranche "
                               "items are added only while it is being prepared"),
                            "--into", None, id=contest_id)
    if state.session != PREPARING:
        raise ChangeRefused(N_("the session of contest {id} is already open: second-tranche "
                               "items are added only while it is being prepared"),
                            "--into", None, id=contest_id)
    if target.followups is not None:
        raise ChangeRefused(N_("contest {id} already has second-tranche items"), "--into",
                            None, id=contest_id)
    _refuse_clashes(target, followups)
    phase_ids = tuple(p.id for p in followups.phases)
    changes: list[tuple[str, dict[str, Any]]] = [
        ("followup_phase.added", {"phase": phase_to_dict(p)}) for p in followups.phases]
    changes.append(("followup_rules.changed",
                    {"rules": followup_rules_to_dict(followups.rules)}))
    changes += [("followup.added", {"item": item_to_dict(i)}) for i in followups.items]
    for juror in target.jurors:
        given = juror_to_dict(juror)
        given["phases"] = [*juror.phases, *(p for p in phase_ids if p not in juror.phases)]
        changes.append(("juror.edited", {"juror": given}))
    paths = [f"followups.phases[{i}]" for i in range(len(followups.phases))]
    paths.append("followups.rules")
    paths += [f"followups.items[{i}]" for i in range(len(followups.items))]
    paths += [f"jurors[{i}]" for i in range(len(target.jurors))]
    return service.apply_many(contest_id, changes, paths=paths)


__all__ = ["add_followups"]
