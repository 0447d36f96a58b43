"""The second-tranche evaluation of a closed contest (spec: bundle-v2, ``followups``).

From a contest whose session is closed and its tally, `followup_contest` builds the
contest of the later CLAR session that decides each award's larger tranche: the same
jurors, one follow-up item per funded proposal (its organization, title, families and
both tranches exactly as the tally allocated them, with the award's reference), and the
follow-up phases of Sierra Sur II's criteria (field 50 points, public 50 points). The
justified percent starts at 0: the local office fills it in from the receipts.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .bundle import Bundle
from .errors import N_, BundleError
from .log import check_chain
from .model import (
    CRITERION_TIE_BREAK,
    AwardReference,
    Contest,
    Criterion,
    FollowupItem,
    FollowupRules,
    Followups,
    Juror,
    LocalizedText,
    Phase,
)
from .state import ContestState, replay
from .tally import TallyResults

PASS_SCORE = Decimal("70")
MIN_JUSTIFIED_PERCENT = Decimal("70")

_Row = tuple[str, str, str, str, int]
"""A criterion of the template: id, names in es, qu and en, maximum points."""

FIELD_PHASE = ("campo2", "Evaluación de campo del segundo desembolso",
               "2 ñiqin raki: chakrapi qhawariy",
               "Second-tranche field evaluation")
FIELD_CRITERIA: tuple[_Row, ...] = (
    ("cam1", "Familias presentes", "Ayllukuna kachkanku", "Families present", 5),
    ("cam2", "Junta directiva y libros en regla", "Kamachikuqkuna, qillqakuna allin",
     "Board and books in order", 5),
    ("cam3", "Fortaleza de la organización", "Huñunakuypa kallpan",
     "Organizational strength", 5),
    ("cam4", "Manejo de los fondos", "Qullqita allinta apay", "Handling of funds", 10),
    ("cam5", "Registro de ventas", "Qhatusqakunaq qillqan", "Sales records", 5),
    ("cam6", "Participación de mujeres y jóvenes", "Warmikunaq waynakunaq yanapakuynin",
     "Women's and young people's participation", 5),
    ("cam7", "Asistencia técnica según lo contratado", "Yachachiy rimanakusqa hina",
     "Technical assistance as contracted", 5),
    ("cam8", "Avance frente al dinero gastado", "Ñawpaqman puriy, qullqi tukusqa hina",
     "Progress against money spent", 10),
)
PUBLIC_PHASE = ("publico2", "Evaluación pública del segundo desembolso",
                "2 ñiqin raki: llapanpa qhawarisqan",
                "Second-tranche public evaluation")
PUBLIC_CRITERIA: tuple[_Row, ...] = (
    ("pub1", "Enfoque territorial", "Llaqtata qhawaspa", "Territorial approach", 10),
    ("pub2", "Manejo de los fondos", "Qullqita allinta apay", "Handling of funds", 10),
    ("pub3", "Avance", "Ñawpaqman puriy", "Progress", 10),
    ("pub4", "Claridad de la exposición", "Sut'i rimay", "Clarity of the presentation", 10),
    ("pub5", "Identidad y cultura", "Kawsayninchik", "Identity and culture", 5),
    ("pub6", "Participación de socios, mujeres, jóvenes y niños",
     "Socios, warmikuna, waynakuna, wawakunaq yanapakuynin",
     "Participation of members, women, youth and children", 5),
)


def _names(es: str, qu: str, en: str) -> LocalizedText:
    return {"es": es, "qu": qu, "en": en}


def _phase(head: tuple[str, str, str, str], rows: tuple[_Row, ...]) -> Phase:
    return Phase(id=head[0], name=_names(*head[1:]), criteria=tuple(
        Criterion(id=cid, name=_names(es, qu, en), max=Decimal(points))
        for cid, es, qu, en, points in rows))


def followup_phases() -> tuple[Phase, ...]:
    """The template: the field phase and the public phase, 50 points each."""
    return (_phase(FIELD_PHASE, FIELD_CRITERIA), _phase(PUBLIC_PHASE, PUBLIC_CRITERIA))


def followup_items(source: Contest, results: TallyResults,
                   acta: str | None) -> tuple[FollowupItem, ...]:
    """One item per funded proposal, in the order of the ranking (category by category as
    the tally lists them), with both tranches as the tally allocated them."""
    funded = [r for r in results.results if r.funded]
    width = max(2, len(str(len(funded))))
    items = []
    for order, result in enumerate(funded, start=1):
        proposal = source.proposal(result.proposal)
        assert proposal is not None
        items.append(FollowupItem(
            id=f"f{order:0{width}d}", organization=proposal.organization,
            title=proposal.title, order=order, first_tranche=result.first_tranche,
            second_tranche=result.second_tranche, justified_percent=Decimal(0),
            award=AwardReference(source.id, proposal.id, acta),
            families=proposal.families, women=proposal.women, youth=proposal.youth))
    return tuple(items)


def followup_contest(source: Contest, results: TallyResults, *, contest_id: str, date: str,
                     title: str, acta: str | None = None,
                     pass_score: Decimal = PASS_SCORE,
                     min_justified_percent: Decimal = MIN_JUSTIFIED_PERCENT) -> Contest:
    """The evaluation session's contest: no proposal, no category, the source's jurors
    scoring both follow-up phases, the follow-up rules otherwise as the source's.
    Raises `BundleError` when the source funded nothing (there is nothing to evaluate)."""
    items = followup_items(source, results, acta)
    if not items:
        raise BundleError(N_("the contest {id} funded no proposal: there is no second "
                             "tranche to evaluate"), "contest.proposals", source.id,
                          id=source.id)
    phases = followup_phases()
    phase_ids = tuple(p.id for p in phases)
    rules = source.rules
    followup_rules = FollowupRules(aggregation=rules.aggregation, trim=rules.trim,
                                   pass_score=pass_score, min_jurors=rules.min_jurors,
                                   min_justified_percent=min_justified_percent)
    # The contest's own tie-break may only name criteria of its own (now absent) phases.
    tie_break = tuple(t for t in rules.tie_break
                      if not t.startswith(CRITERION_TIE_BREAK)) or ("draw",)
    return Contest(
        id=contest_id, title=title, date=date, rules=replace(rules, tie_break=tie_break),
        place=source.place, currency=source.currency, time_zone=source.time_zone,
        programme=source.programme, office=source.office,
        jurors=[Juror(id=j.id, name=j.name, phases=phase_ids, document=j.document,
                      role=j.role) for j in source.jurors],
        followups=Followups(rules=followup_rules, phases=phases, items=items))


def closed_state(bundle: Bundle) -> ContestState:
    """The session of a bundle's contest as its log tells it; `BundleError` unless the log's
    chain holds and the log closes the session (its final results are needed)."""
    events = bundle.events or []
    check_chain(events)
    state = replay(events) if events else None
    if state is None or not state.closed:
        raise BundleError(N_("the session of contest {id} is not closed; a second-tranche "
                             "evaluation needs its final results"), id=bundle.contest.id)
    return state


def followups_from_bundle(bundle: Bundle, target: Contest) -> Followups:
    """What a bundle file gives to ``target`` (a mixed session): the planned follow-ups of
    the bundle's closed contest, or — a second-tranche evaluation bundle such as
    ``clar-desktop followups`` writes, with no log and no proposal — its own follow-ups
    section, the office's justified percents included. `BundleError` otherwise."""
    source = bundle.contest
    if not bundle.events and source.followups is not None and not source.proposals:
        return source.followups
    return followups_for(closed_state(bundle), target)


def followups_for(state: ContestState, target: Contest, *,
                  pass_score: Decimal = PASS_SCORE,
                  min_justified_percent: Decimal = MIN_JUSTIFIED_PERCENT) -> Followups:
    """The follow-ups that the closed session ``state`` gives to ``target`` (a mixed
    session): its funded proposals as items citing its acta, the template's phases, the
    rules. `BundleError` when it funded nothing."""
    assert state.tally is not None
    planned = followup_contest(state.snapshot(), state.tally.results(), contest_id=target.id,
                               date=target.date, title=target.title,
                               acta=state.minutes.number, pass_score=pass_score,
                               min_justified_percent=min_justified_percent)
    assert planned.followups is not None
    return planned.followups


__all__ = ["MIN_JUSTIFIED_PERCENT", "PASS_SCORE", "closed_state", "followup_contest",
           "followup_items", "followup_phases", "followups_for", "followups_from_bundle"]
