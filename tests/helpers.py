"""Small helpers shared by the store, service and command-line tests."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
EXAMPLE = DATA / "colquemarca.json"
EXPECTED = DATA / "colquemarca.expected.json"


def example_bundle() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def expected_tally() -> dict[str, Any]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


V2_EXAMPLE = DATA / "v2-followups.json"
V2_EXPECTED = DATA / "v2-followups.expected.json"


def v2_bundle() -> dict[str, Any]:
    """The spec's version 2 example: absences, withdrawals and follow-up evaluations."""
    return json.loads(V2_EXAMPLE.read_text(encoding="utf-8"))


def v2_expected() -> dict[str, Any]:
    return json.loads(V2_EXPECTED.read_text(encoding="utf-8"))


def confirmations(state: Any) -> list[tuple[str, dict[str, Any]]]:
    """The ``sheet.confirmed`` changes that leave no sheet of ``state`` (a `ContestState`)
    unread: what a secretary does, sheet by sheet, before closing a session."""
    from clar_desktop.domain.checklist import UNCONFIRMED, open_points

    return [("sheet.confirmed", {"juror": p.juror, "proposal": p.item, "phase": p.phase})
            for p in open_points(state) if p.kind == UNCONFIRMED]


def confirm_all(service: Any, contest_id: str) -> int:
    """Confirm every sheet entered in the stored contest (see `confirmations`); returns how
    many events that logged."""
    changes = confirmations(service.load_state(contest_id))
    if changes:
        service.apply_many(contest_id, changes)
    return len(changes)


def session_bundle_in(time_zone: str, later: timedelta | None = None) -> dict[str, Any]:
    """The demo's closed session (`demo_session_bundle`: opened at 14:02 UTC on the
    contest's day, 14 August 2026, closed at 22:28:04 UTC) for a contest in ``time_zone``,
    every event ``later`` than that; the log resealed, so that it verifies."""
    from datetime import datetime

    from clar_desktop.demo import demo_session_bundle
    from clar_desktop.domain.canonical import GENESIS
    from clar_desktop.domain.log import make_event, utc_timestamp

    bundle = demo_session_bundle()
    bundle["version"] = 2  # time_zone is a field of version 2
    contest: dict[str, Any] = bundle["contest"]  # type: ignore[assignment]
    contest["time_zone"] = time_zone
    events: list[dict[str, Any]] = bundle["events"]  # type: ignore[assignment]
    events[0]["data"]["contest"]["time_zone"] = time_zone
    resealed: list[dict[str, Any]] = []
    for event in events:
        at = datetime.fromisoformat(event["at"]) + (later or timedelta())
        resealed.append(make_event(event["seq"], resealed[-1]["hash"] if resealed else GENESIS,
                                   event["kind"], event["data"], at=utc_timestamp(at),
                                   actor=event.get("actor")))
    bundle["events"] = resealed
    return bundle
