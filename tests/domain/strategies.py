"""Random valid contests and random valid changes to them, for the property tests
(tests/domain/test_properties*.py) and the fuzz test (tests/test_fuzz_bundles.py).

`bundles()` draws a small valid bundle of version 1 or 2 (spec: bundle-v1, bundle-v2). The
scales are small (criterion max 1-3, steps of 0.5 or 1) and a few amounts repeat, so that
equal final scores, equal asks, tied groups at and away from the funding line, and draws that
do or do not cover a group all come up often. A version 2 bundle may add, each on its own
draw: absences (of a juror who scores that phase and is not recused; that sheet then has no
values), withdrawals (possibly of items with scores), ``women_led`` and ``district`` on
proposals, ``time_zone``, ``programme`` and ``office``, and a ``followups`` section (1-2
phases, its own rules with ``min_justified_percent``, 0-5 items scored by the jurors who list
the follow-up phases, with their own absences and recusals); now and then a bundle of
follow-ups only (no category, phase or proposal of its own). A version 1 bundle holds only
what version 1 knows.

`next_change` draws one valid change to a contest as it stands (a value entered, corrected or
removed; a recusal, also after values; an absence recorded or withdrawn; an item withdrawn; a
draw); `apply_change` makes it to the contest and tells a running `Tally`, the way the
engine's events do (an absence or a recusal takes the juror's values off first).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from clar_desktop.domain.model import Absence, Contest, Draw, Phase, Recusal, Score, Withdrawal
from clar_desktop.domain.tally import Tally
from tests.domain.conftest import Bundle, make_bundle

# CLAR_PROPERTY_EXAMPLES raises the number of examples for a longer hunt (default 150).
EXAMPLES = int(os.environ.get("CLAR_PROPERTY_EXAMPLES", "150"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(SETTINGS, max_examples=max(1, EXAMPLES * 2 // 5))

BUDGETS = st.sampled_from(["0", "100", "150", "300.50", "500", "800", "1000", "2500"])
MAX_AWARDS = st.sampled_from([None, None, "100", "250.25", "400"])
REQUESTS = st.sampled_from(["0", "50", "100", "100", "100.01", "150", "200", "333.33", "400",
                            "500", "999.99"])
PERCENTS = st.sampled_from(["0", "25", "50", "50", "90", "100"])
TRANCHES = st.sampled_from(["0", "12.5", "30", "33.33", "40", "40", "66.665", "100"])
# Follow-up items: amounts that repeat, and justified shares on both sides of (and exactly
# at) the minimums below, written in more than one way ("70" and "70.0").
TRANCHE_AMOUNTS = st.sampled_from(["0", "0.00", "100", "1234.56", "5000", "7680.005"])
JUSTIFIED = st.sampled_from(["0", "50", "69.99", "70", "70.0", "82.5", "100", "100"])
MIN_JUSTIFIED = st.sampled_from(["0", "0", "50", "70", "70.00", "100"])
TIME_ZONES = st.sampled_from([None, "America/Lima", "America/La_Paz", "UTC", "Europe/Madrid"])
FACTORS = st.sampled_from([Decimal(0), Decimal("0.25"), Decimal("0.5"), Decimal("0.75")])


def criterion_values(crit: dict[str, Any]) -> list[Decimal]:
    low, high, step = Decimal(crit["min"]), Decimal(crit["max"]), Decimal(crit["step"])
    values, value = [], low
    while value <= high:
        values.append(value)
        value += step
    return values


def _phases(draw: st.DrawFn, prefix: str, count: int, first: int
            ) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """``count`` phases ``prefix1``…, their criteria numbered on from ``first``."""
    phases: dict[str, list[dict[str, Any]]] = {}
    n_criteria = first
    for i in range(1, count + 1):
        crits = []
        for _ in range(draw(st.integers(1, 3))):
            n_criteria += 1
            crits.append({"id": f"c{n_criteria}", "max": draw(st.sampled_from(["1", "2", "3"])),
                          "min": draw(st.sampled_from(["0", "0", "0.5"])),
                          "step": draw(st.sampled_from(["1", "0.5"])),
                          "weight": draw(st.sampled_from(["1", "1", "2", "0.5"]))})
        phases[f"{prefix}{i}"] = crits
    return phases, n_criteria


def _top(phases: dict[str, list[dict[str, Any]]]) -> Decimal:
    return sum((Decimal(c["weight"]) * Decimal(c["max"]) for crits in phases.values()
                for c in crits), Decimal(0))


def _phase_dicts(phases: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return [{"id": pid, "name": {"es": f"Fase {pid}", "qu": f"Fase {pid}"},
             "criteria": [{"name": f"Criterio {c['id']}", **c} for c in crits]}
            for pid, crits in phases.items()]


def _followup_rules(draw: st.DrawFn, pass_score: Decimal) -> dict[str, Any]:
    """Follow-up rules; each key left out now and then (its default then applies)."""
    every = {"aggregation": draw(st.sampled_from(["mean", "median", "trimmed_mean"])),
             "trim": draw(st.integers(0, 3)), "pass_score": format(pass_score, "f"),
             "min_jurors": draw(st.integers(1, 3)),
             "min_justified_percent": draw(MIN_JUSTIFIED)}
    return {key: value for key, value in every.items() if draw(st.integers(0, 4))}


def _item(draw: st.DrawFn, number: int, order: int) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": f"x{number}", "organization": f"Organización ganadora {number}",
        "title": f"Plan {number} (segundo desembolso)", "order": order,
        "first_tranche": draw(TRANCHE_AMOUNTS), "second_tranche": draw(TRANCHE_AMOUNTS),
        "justified_percent": draw(JUSTIFIED)}
    if draw(st.booleans()):
        item["award"] = {"contest": "llusco-2025-1", "proposal": f"p{number:02}",
                         "acta": "004-2025-CLAR"}
    for key in ("families", "women", "youth"):
        if draw(st.booleans()):
            item[key] = draw(st.integers(0, 40))
    return item


@st.composite
def bundles(draw: st.DrawFn, max_proposals: int = 10, version: int | None = None) -> Bundle:
    """A random valid bundle (see the module docstring); ``version`` 1 or 2, else either."""
    v2 = (draw(st.sampled_from([1, 2])) if version is None else version) == 2
    only_followups = v2 and draw(st.integers(0, 11)) == 0
    with_followups = only_followups or (v2 and draw(st.booleans()))
    categories = []
    for i in range(1, 0 if only_followups else draw(st.integers(1, 2)) + 1):
        cat: dict[str, Any] = {"id": f"k{i}", "budget": draw(BUDGETS)}
        max_award = draw(MAX_AWARDS)
        if max_award is not None:
            cat["max_award"] = max_award
        categories.append(cat)
    phases, n_criteria = _phases(draw, "f", 0 if only_followups else draw(st.integers(1, 2)), 0)
    followup_phases, _n = _phases(draw, "g", draw(st.integers(1, 2)) if with_followups else 0,
                                  n_criteria)
    all_phases = {**phases, **followup_phases}
    jurors = {f"j{i}": draw(st.lists(st.sampled_from(list(all_phases)), min_size=1,
                                     unique=True))
              for i in range(1, draw(st.integers(3, 6)) + 1)}
    n_proposals = 0 if only_followups else draw(st.integers(2, max_proposals))
    orders = draw(st.permutations([3 * k + 1 for k in range(n_proposals)]))
    category_ids = [c["id"] for c in categories]
    proposals = []
    for i in range(1, n_proposals + 1):
        proposal: dict[str, Any] = {"id": f"p{i}", "category": draw(st.sampled_from(category_ids)),
                                    "requested": draw(REQUESTS), "order": orders[i - 1]}
        if v2 and draw(st.integers(0, 2)) == 0:
            proposal["women_led"] = draw(st.booleans())
        if v2 and draw(st.integers(0, 3)) == 0:
            proposal["district"] = draw(st.sampled_from(["Llusco", "Quiñota", "Santo Tomás"]))
        proposals.append(proposal)
    pids = [p["id"] for p in proposals]
    items = []
    if with_followups:
        n_items = draw(st.integers(1 if only_followups else 0, 5))
        # Item orders are unique among the items only: they may repeat a proposal's.
        item_orders = draw(st.permutations([2 * k + 1 for k in range(n_items)]))
        items = [_item(draw, i, item_orders[i - 1]) for i in range(1, n_items + 1)]
    xids = [x["id"] for x in items]
    everything = pids + xids
    phases_of = {**{p: list(phases) for p in pids}, **{x: list(followup_phases) for x in xids}}
    recusals = draw(st.lists(st.tuples(st.sampled_from(list(jurors)),
                                       st.sampled_from(everything if v2 else pids)),
                             unique=True, max_size=4)) if everything else []
    absences: list[tuple[str, str, str]] = []
    withdrawals: list[str] = []
    if v2 and everything:
        free = [(j, x, ph) for x in everything for j, juror_phases in jurors.items()
                if (j, x) not in recusals for ph in phases_of[x] if ph in juror_phases]
        if free and draw(st.integers(0, 2)):
            absences = draw(st.lists(st.sampled_from(free), unique=True, min_size=1,
                                     max_size=4))
        if draw(st.booleans()):
            withdrawals = draw(st.lists(st.sampled_from(everything), unique=True, min_size=1,
                                        max_size=2))
        if xids and draw(st.integers(0, 2)) == 0:
            withdrawals.append(draw(st.sampled_from(xids)))
            withdrawals = list(dict.fromkeys(withdrawals))
    complete_only = draw(st.booleans())
    scores = []
    for x in everything:
        for jid, juror_phases in jurors.items():
            if (jid, x) in recusals:
                continue
            for phase_id in juror_phases:
                if phase_id not in phases_of[x] or (jid, x, phase_id) in absences:
                    continue
                mode = 9 if complete_only else draw(st.integers(0, 9))
                for crit in all_phases[phase_id]:
                    if mode >= 2 or (mode == 1 and draw(st.booleans())):
                        scores.append({"juror": jid, "proposal": x, "criterion": crit["id"],
                                       "value": str(draw(st.sampled_from(
                                           criterion_values(crit))))})
    pass_score = _top(phases) * draw(FACTORS)
    keys = ["requested_asc", "order", "draw"] + [
        f"criterion:{c['id']}" for crits in phases.values() for c in crits]
    rules: dict[str, Any] = {
        "aggregation": draw(st.sampled_from(["mean", "median", "trimmed_mean"])),
        "trim": draw(st.integers(0, 3)),
        "pass_score": format(pass_score, "f"),
        "min_jurors": draw(st.integers(1, 3)),
        "allocation": draw(st.sampled_from(["skip", "stop", "partial"])),
        "partial_min_percent": draw(PERCENTS),
        "first_tranche_percent": draw(TRANCHES),
    }
    if draw(st.integers(0, 4)):
        rules["tie_break"] = draw(st.lists(st.sampled_from(keys), unique=True, max_size=4))
    draws = []
    for _ in range(draw(st.integers(0, 3)) if pids else 0):
        members = draw(st.lists(st.sampled_from(pids), min_size=1, unique=True))
        draws.append((members, draw(st.permutations(members))))
    bundle = make_bundle(proposals=proposals, rules=rules, categories=categories,
                         phases=phases, jurors=jurors, recusals=recusals, draws=draws)
    contest = bundle["contest"]
    contest["phases"] = _phase_dicts(phases)
    contest["scores"] = scores
    if not v2:
        return bundle
    bundle["version"] = 2
    contest["absences"] = [
        {"juror": j, "proposal": x, "phase": ph,
         **({"reason": "Se retiró de la sesión"} if draw(st.booleans()) else {})}
        for j, x, ph in absences]
    contest["withdrawals"] = [{"proposal": x, "reason": "No se presentó a la sesión"}
                              for x in withdrawals]
    time_zone = draw(TIME_ZONES)
    if time_zone is not None:
        contest["time_zone"] = time_zone
    if draw(st.booleans()):
        contest["programme"] = "Proyecto de Desarrollo Sierra Sur II – AGRO RURAL"
    if draw(st.booleans()):
        contest["office"] = {"id": "ol-chumbivilcas", "name": "Oficina local Chumbivilcas"}
    if with_followups:
        contest["followups"] = {
            "rules": _followup_rules(draw, _top(followup_phases) * draw(FACTORS)),
            "phases": _phase_dicts(followup_phases), "items": items}
    return bundle


# -- changes to a contest as it stands ---------------------------------------------------------

TALLY_KINDS = ["score"] * 8 + ["recusal", "draw", "absence", "back", "withdraw", "remove"]
"""What `next_change` draws from: mostly values; a kind with nothing to act on (no absence to
withdraw, say) falls back to a value."""

Change = tuple[Any, ...]


def item_ids(contest: Contest) -> list[str]:
    """Proposals, then follow-up items."""
    return [p.id for p in contest.proposals] + [i.id for i in contest.followup_items]


def phases_of(contest: Contest, item: str) -> tuple[Phase, ...]:
    """The phases an item is scored on: the contest's for a proposal, else the follow-ups'."""
    if contest.proposal(item) is not None:
        return tuple(contest.phases)
    assert contest.followups is not None
    return contest.followups.phases


def is_absent(contest: Contest, juror: str, item: str, phase: str) -> bool:
    return any((a.juror, a.proposal, a.phase) == (juror, item, phase) for a in contest.absences)


def score_keys(contest: Contest) -> list[tuple[str, str, str]]:
    """Every (juror, item, criterion) a value may currently be given for: the juror scores
    the phase and is neither recused on the item nor absent from that phase of it."""
    return [(j.id, x, c.id) for j in contest.jurors for x in item_ids(contest)
            if not contest.is_recused(j.id, x)
            for ph in phases_of(contest, x)
            if ph.id in j.phases and not is_absent(contest, j.id, x, ph.id)
            for c in ph.criteria]


def values_of(contest: Contest, criterion: str) -> list[Decimal]:
    found = contest.criterion(criterion)
    assert found is not None
    crit = found[1]
    values, value = [], crit.min
    while value <= crit.max:
        values.append(value)
        value += crit.step
    return values


def next_change(contest: Contest, data: st.DataObject,
                kinds: list[str] = TALLY_KINDS) -> Change | None:
    """One random valid change to the contest as it stands (None: nothing can change).

    ``("score", key, value)`` (value None: removed), ``("recusal", juror, item)``,
    ``("absence", juror, item, phase, recorded)``, ``("withdraw", item)``,
    ``("draw", proposals, order)``. A withdrawn item gets no new value (its values may still
    be corrected or removed)."""
    kind = data.draw(st.sampled_from(kinds))
    items = item_ids(contest)
    if kind == "recusal":
        free = [(j.id, x) for j in contest.jurors for x in items
                if not contest.is_recused(j.id, x)]
        scored = [pair for pair in free if any(k[:2] == pair for k in contest.scores)]
        pool = scored if scored and data.draw(st.booleans()) else free
        if pool:
            return ("recusal", *data.draw(st.sampled_from(pool)))
    elif kind == "draw":
        pids = [p.id for p in contest.proposals]
        if len(pids) >= 2:
            members = data.draw(st.lists(st.sampled_from(pids), min_size=2, unique=True))
            return ("draw", members, data.draw(st.permutations(members)))
    elif kind == "absence":
        free_sheets = [(j.id, x, ph.id) for x in items for ph in phases_of(contest, x)
                       for j in contest.jurors
                       if ph.id in j.phases and not contest.is_recused(j.id, x)
                       and not is_absent(contest, j.id, x, ph.id)]
        if free_sheets:
            return ("absence", *data.draw(st.sampled_from(free_sheets)), True)
    elif kind == "back" and contest.absences:
        a = data.draw(st.sampled_from(contest.absences))
        return ("absence", a.juror, a.proposal, a.phase, False)
    elif kind == "withdraw":
        present = [x for x in items if not contest.is_withdrawn(x)]
        if present:
            return ("withdraw", data.draw(st.sampled_from(present)))
    elif kind == "remove" and contest.scores:
        return ("score", data.draw(st.sampled_from(list(contest.scores))), None)
    keys = [k for k in score_keys(contest)
            if k in contest.scores or not contest.is_withdrawn(k[1])]
    if not keys:
        return None
    key = data.draw(st.sampled_from(keys))
    choices: list[Decimal | None] = list(values_of(contest, key[2]))
    if key in contest.scores:
        choices.append(None)
    return ("score", key, data.draw(st.sampled_from(choices)))


def _take_off(contest: Contest, running: Tally, juror: str, item: str,
              criteria: Iterable[str]) -> set[str]:
    reported: set[str] = set()
    for criterion in list(criteria):
        key = (juror, item, criterion)
        if key in contest.scores:
            del contest.scores[key]
            reported |= running.score_changed(*key, None)
    return reported


def apply_change(contest: Contest, running: Tally, change: Change) -> set[str]:
    """Make ``change`` to the contest and tell the running tally; returns what it reports."""
    if change[0] == "score":
        key, value = change[1], change[2]
        if value is None:
            del contest.scores[key]
        else:
            contest.scores[key] = Score(*key, value)
        return running.score_changed(*key, value)
    if change[0] == "recusal":
        juror, item = change[1], change[2]
        # As the event does: the juror's values on the item are taken off first.
        reported = _take_off(contest, running, juror, item,
                             [k[2] for k in contest.scores if k[:2] == (juror, item)])
        recusal = Recusal(juror, item, "Parentesco")
        contest.recusals.append(recusal)
        return reported | running.recused(recusal)
    if change[0] == "absence":
        juror, item, phase, recorded = change[1:]
        reported = set()
        if recorded:
            found = contest.phase(phase)
            assert found is not None
            reported = _take_off(contest, running, juror, item, [c.id for c in found.criteria])
            contest.absences.append(Absence(juror, item, phase, "Se retiró de la sesión"))
        else:
            contest.absences[:] = [a for a in contest.absences
                                   if (a.juror, a.proposal, a.phase) != (juror, item, phase)]
        return reported | running.absence_changed(juror, item, phase, recorded)
    if change[0] == "withdraw":
        contest.withdrawals.append(Withdrawal(change[1], "No se presentó a la sesión"))
        return running.withdrawn(change[1])
    draw = Draw(tuple(change[1]), tuple(change[2]))
    contest.draws.append(draw)
    return running.draw_added(draw)
