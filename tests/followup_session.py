"""Closed sessions that evaluate second tranches (issue 15), as bundles with their audit log.

- `followup_session_bundle`: the demo's closed contest evaluated alone, a year later — its
  seven awards as follow-up items (`domain.followup_plan`), the justified share of each as the
  local office verified it, every juror's sheets entered and read back, one recusal, one item
  withdrawn (misuse of funds), one not eligible (too little justified), one below the pass
  mark, one correction; an acta number of its own.
- `mixed_session_bundle`: one public session that evaluates new proposals (the demo's
  contest, scored as in the demo) and the same follow-up items, one acta for both.

Both verify (`clar-desktop verify`) and are deterministic.
"""

from __future__ import annotations

import copy
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

FOLLOWUP_ID = "llusco-2027-2"
MIXED_ID = "llusco-2027-1"
ACTA = "003-2027-CLAR-Chumbivilcas"
JUSTIFIED = ["92.5", "85", "100", "40", "78", "71", "88"]
"""The verified share of each item's first tranche (the fourth is below the 70 % needed)."""
STRENGTH = [0.86, 0.8, 0.92, 0.75, 0.83, 0.9, 0.55]
"""How well each item did (the last falls below the pass mark of 70)."""
WITHDRAWN = (5, "Uso indebido de fondos comprobado por la oficina local: desembolso suspendido")
RECUSAL = ("j2", 2, "Es hermano del tesorero de la organización")
CORRECTION = ("j1", 0, "cam4", "El jurado leyó 6 en voz alta, pero su ficha dice 9")
MINUTES: dict[str, Any] = {
    "number": ACTA,
    "attendees": [
        {"name": "Rosa Quispe Challco", "role": "Jefa de la oficina local",
         "group": "secretary", "document": "24695318"},
        {"name": "Nicanor Layme Ccopa", "role": "Teniente gobernador de Llusco",
         "group": "authority", "document": "23871044"},
    ],
    "resolution": "Resolución de Alcaldía N.° 031-2027-MDLL/A",
}


def _plan() -> dict[str, Any]:
    """The follow-up contest of the demo's closed session, as a bundle's contest object."""
    from clar_desktop.demo import demo_session_bundle
    from clar_desktop.domain.bundle import bundle_to_dict, parse_bundle
    from clar_desktop.domain.followup_plan import followup_contest
    from clar_desktop.domain.tally import tally

    source = parse_bundle(demo_session_bundle())
    planned = followup_contest(
        source.contest, tally(source.contest), contest_id=FOLLOWUP_ID, date="2027-05-03",
        title="Evaluación del segundo desembolso — Concurso 2026-1 de Llusco",
        acta="007-2026-CLAR-Chumbivilcas")
    contest: dict[str, Any] = bundle_to_dict(planned, [])["contest"]
    for item, share in zip(contest["followups"]["items"], JUSTIFIED, strict=True):
        item["justified_percent"] = share
    return contest


def _item_scores(contest: dict[str, Any], seed: int = 15) -> list[dict[str, str]]:
    rng = random.Random(seed)
    followups = contest["followups"]
    phases = {p["id"]: p["criteria"] for p in followups["phases"]}
    scores = []
    for n, item in enumerate(followups["items"]):
        if n == WITHDRAWN[0]:
            continue
        for juror in contest["jurors"]:
            if (juror["id"], n) == RECUSAL[:2]:
                continue
            for phase in juror["phases"]:
                for criterion in phases.get(phase, []):
                    top = int(Decimal(criterion["max"]))
                    value = round(top * STRENGTH[n] + rng.uniform(-0.12, 0.12) * top)
                    scores.append({"juror": juror["id"], "proposal": item["id"],
                                   "criterion": criterion["id"],
                                   "value": str(max(0, min(top, value)))})
    return scores


def _session(definition: dict[str, Any], scores: list[dict[str, str]],
             recusals: list[dict[str, str]], opened: datetime) -> dict[str, Any]:
    """The log of a public session over ``definition``: each proposal, then each item,
    presented, its recusals, its sheets entered and confirmed; the withdrawal, the correction
    and the closing. Returns the bundle."""
    from clar_desktop.domain.bundle import bundle_to_dict, parse_bundle
    from clar_desktop.domain.canonical import GENESIS
    from clar_desktop.domain.log import make_event, utc_timestamp
    from clar_desktop.domain.state import replay

    items = definition.get("followups", {}).get("items", [])
    phase_of = {c["id"]: p["id"] for p in [*definition["phases"],
                                           *definition.get("followups", {}).get("phases", [])]
                for c in p["criteria"]}
    events: list[dict[str, Any]] = []
    clock = opened - timedelta(minutes=57)

    def log(kind: str, data: dict[str, Any], after: timedelta) -> None:
        nonlocal clock
        clock += after
        prev = str(events[-1]["hash"]) if events else GENESIS
        events.append(make_event(len(events) + 1, prev, kind, data, at=utc_timestamp(clock),
                                 actor="clar-desktop"))

    log("contest.imported", {"contest": definition}, timedelta())
    log("minutes.details_set", MINUTES, timedelta(minutes=40))
    log("session.opened", {}, timedelta(minutes=17))
    withdrawn = items[WITHDRAWN[0]]["id"] if items else None
    corrected = items[CORRECTION[1]]["id"] if items else None
    for ident in [p["id"] for p in definition["proposals"]] + [i["id"] for i in items]:
        if ident == withdrawn:
            log("proposal.withdrawn", {"proposal": ident, "reason": WITHDRAWN[1]},
                timedelta(minutes=2))
            continue
        log("presentation.started", {"proposal": ident}, timedelta(minutes=6))
        for recusal in recusals:
            if recusal["proposal"] == ident:
                log("recusal.recorded", recusal, timedelta(minutes=1))
        clock += timedelta(minutes=12)
        sheets: dict[tuple[str, str], list[dict[str, str]]] = {}
        for score in scores:
            if score["proposal"] == ident:
                sheets.setdefault((score["juror"], phase_of[score["criterion"]]),
                                  []).append(score)
        for (juror, phase), values in sheets.items():
            for score in values:
                log("score.entered", score, timedelta(seconds=9))
            log("sheet.confirmed", {"juror": juror, "proposal": ident, "phase": phase},
                timedelta(seconds=25))
        if ident == corrected:
            juror, _n, criterion, reason = CORRECTION
            log("score.corrected", {"juror": juror, "proposal": ident,
                                    "criterion": criterion, "value": "9", "reason": reason},
                timedelta(minutes=2))
    log("session.closed", {}, timedelta(minutes=20))
    state = replay(events)
    assert state.contest is not None
    bundle = bundle_to_dict(state.contest, events)
    parse_bundle(bundle)
    return bundle


def _followup_recusals(contest: dict[str, Any]) -> list[dict[str, str]]:
    juror, n, reason = RECUSAL
    return [{"juror": juror, "proposal": contest["followups"]["items"][n]["id"],
             "reason": reason}]


@cache
def _followup_session() -> dict[str, Any]:
    contest = _plan()
    return _session(contest, _item_scores(contest), _followup_recusals(contest),
                    datetime(2027, 5, 3, 14, 2, tzinfo=UTC))


@cache
def _mixed_session() -> dict[str, Any]:
    from clar_desktop.demo import demo_bundle

    plan = _plan()
    scored: dict[str, Any] = copy.deepcopy(demo_bundle())["contest"]  # type: ignore[assignment]
    scores, recusals = scored.pop("scores"), scored.pop("recusals")
    contest = {**scored, "id": MIXED_ID, "date": "2027-05-03",
               "title": "Concurso 2027-1 de Llusco y segundos desembolsos",
               "scores": [], "recusals": [], "draws": [], "followups": plan["followups"]}
    extra = [p["id"] for p in plan["followups"]["phases"]]
    for juror in contest["jurors"]:
        juror["phases"] = [*juror["phases"], *extra]
    return _session(contest, scores + _item_scores(contest),
                    recusals + _followup_recusals(contest),
                    datetime(2027, 5, 3, 14, 2, tzinfo=UTC))


def followup_session_bundle() -> dict[str, Any]:
    """A closed session of second-tranche items only (see the module's docstring)."""
    return copy.deepcopy(_followup_session())


def mixed_session_bundle() -> dict[str, Any]:
    """A closed session of new proposals and second-tranche items (one acta)."""
    return copy.deepcopy(_mixed_session())
