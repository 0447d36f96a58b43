"""Bundles of closed sessions with complete logs, as offices send them to the central office.

`closed_session` turns a contest (a bundle's ``contest`` dict, e.g. from the property tests'
`bundles()` strategy or the benchmarks' `synthetic_bundle`) into the bundle a laptop exports
after its public session: the contest created, the session opened, each item presented in
order with its recusals, absences, every value entered one by one and each complete sheet
read back and confirmed, withdrawals, draws, the session closed when nothing is left open
(a contest drawn with sheets missing stays open, a provisional copy) — every event sealed
by the project's own log (`make_event`) and replayed by its own `ContestState`; the
snapshot is what the replay gives. `with_office` gives a contest another id, office, place and date.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

from clar_desktop.domain.bundle import bundle_to_dict
from clar_desktop.domain.canonical import GENESIS
from clar_desktop.domain.log import make_event, utc_timestamp
from clar_desktop.domain.state import ContestState

V2_ONLY = ("time_zone", "programme", "office", "absences", "withdrawals", "followups")
RECORDS = ("recusals", "scores", "draws", "absences", "withdrawals")


def with_office(contest: dict[str, Any], contest_id: str, *, date: str,
                office: tuple[str, str] | None = None, programme: str | None = None,
                place: dict[str, str] | None = None) -> dict[str, Any]:
    """A copy of ``contest`` run by another office, elsewhere, another day."""
    contest = copy.deepcopy(contest)
    contest.update(id=contest_id, date=date)
    for key, value in (("office", office and {"id": office[0], "name": office[1]}),
                       ("programme", programme), ("place", place)):
        if value is None:
            contest.pop(key, None)
        else:
            contest[key] = value
    return contest


def closed_session(contest: dict[str, Any], version: int = 2,
                   close: bool = True) -> dict[str, Any]:
    """The exported bundle of ``contest``'s public session (see the module's docstring)."""
    definition = {k: v for k, v in contest.items() if k not in RECORDS}
    phase_of: dict[str, str] = {}
    size: dict[str, int] = {}
    for phase in [*contest.get("phases", []),
                  *(contest.get("followups") or {}).get("phases", [])]:
        size[phase["id"]] = len(phase["criteria"])
        for criterion in phase["criteria"]:
            phase_of[criterion["id"]] = phase["id"]
    items = [p["id"] for p in sorted(contest.get("proposals", []), key=lambda p: p["order"])]
    items += [i["id"] for i in sorted((contest.get("followups") or {}).get("items", []),
                                      key=lambda i: i["order"])]
    events: list[dict[str, Any]] = []
    state = ContestState()
    clock = datetime.fromisoformat(contest["date"]).replace(hour=13, tzinfo=UTC)

    def log(kind: str, data: dict[str, Any], seconds: int = 7) -> None:
        nonlocal clock
        clock += timedelta(seconds=seconds)
        prev = events[-1]["hash"] if events else GENESIS
        event = make_event(len(events) + 1, prev, kind, data, at=utc_timestamp(clock),
                           actor="secretaria")
        state.apply(kind, data)
        events.append(event)

    log("contest.created", {"contest": definition})
    log("session.opened", {}, 600)
    withdrawn = {w["proposal"]: w for w in contest.get("withdrawals", [])}
    for item in items:
        if item not in withdrawn:
            log("presentation.started", {"proposal": item}, 300)
        for recusal in contest.get("recusals", []):
            if recusal["proposal"] == item:
                log("recusal.recorded", recusal)
        for absence in contest.get("absences", []):
            if absence["proposal"] == item:
                log("absence.recorded", absence)
        sheets: dict[tuple[str, str], int] = {}
        for score in contest.get("scores", []):
            if score["proposal"] == item:
                log("score.entered", score, 3)
                key = (score["juror"], phase_of[score["criterion"]])
                sheets[key] = sheets.get(key, 0) + 1
        for (juror, phase), values in sheets.items():
            if values == size[phase]:  # every criterion has its value: read back, confirmed
                log("sheet.confirmed", {"juror": juror, "proposal": item, "phase": phase})
        if item in withdrawn:
            log("proposal.withdrawn", withdrawn[item])
    for draw in contest.get("draws", []):
        log("draw.recorded", draw, 60)
    if close and not state.open_points():
        # (a session with open points stays open: an office may send a provisional copy)
        log("session.closed", {}, 900)
    assert state.contest is not None
    bundle = bundle_to_dict(state.contest, events)
    bundle["version"] = version
    if version == 1:
        for key in V2_ONLY:
            bundle["contest"].pop(key, None)
    return bundle


def resealed(bundle: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """A copy of a closed session's ``bundle`` whose contest has ``fields`` changed (another
    id, office, place, date…), in its snapshot and its first event, every event sealed
    again: the same session as another office's, quicker than running it again."""
    bundle = copy.deepcopy(bundle)
    bundle["contest"].update(fields)
    events = bundle["events"]
    events[0]["data"]["contest"].update(fields)
    prev = GENESIS
    for i, event in enumerate(events):
        events[i] = make_event(event["seq"], prev, event["kind"], event["data"],
                               at=event["at"], actor=event.get("actor"))
        prev = events[i]["hash"]
    return bundle
