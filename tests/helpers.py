"""Small helpers shared by the store, service and command-line tests."""

from __future__ import annotations

import json
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
