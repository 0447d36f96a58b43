"""`ContestService.add_items`: many proposals or jurors in one transaction, validated once,
logged exactly as one change each would be."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.domain.verify import verify
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import confirm_all, example_bundle

CONTEST = "colquemarca-2026-1"


def _service(url: str) -> ContestService:
    service = ContestService(open_database(url, create=True), actor="test")
    service.import_bundle(parse_bundle(example_bundle()))
    return service


def _proposals(count: int, start: int = 11) -> list[dict[str, Any]]:
    return [{"id": f"n{i}", "category": "pdn" if i % 2 else "pgrn",
             "organization": f"Asociación {i}", "title": f"Plan {i}",
             "requested": "9000.00", "order": i, "families": 12} for i in
            range(start, start + count)]


def _without_seals(bundle: dict[str, Any]) -> dict[str, Any]:
    events = [{k: v for k, v in e.items() if k not in ("at", "hash", "prev")}
              for e in bundle["events"]]
    return {**bundle, "events": events}


def test_the_same_contest_and_log_as_one_change_each(db_url: str, tmp_path: Path) -> None:
    batch, one_by_one = _service(db_url), _service(str(tmp_path / "b.sqlite3"))
    items = _proposals(30)
    jurors = [{"id": "j9", "name": "Rosa Huamán", "phases": ["campo"], "document": "40011223"},
              {"id": "j10", "name": "Eloy Pari", "phases": ["campo", "publico"]}]
    done = batch.add_items(CONTEST, "proposal", items)
    batch.add_items(CONTEST, "juror", jurors)
    one_by_one.apply_many(CONTEST, [("proposal.added", {"proposal": p}) for p in items])
    one_by_one.apply_many(CONTEST, [("juror.added", {"juror": j}) for j in jurors])
    assert [c.seq for c in done] == list(range(2, 32))
    exported = batch.export_bundle(CONTEST)
    assert _without_seals(exported) == _without_seals(one_by_one.export_bundle(CONTEST))
    # One event per item, so replay and verify see what they always saw.
    assert verify(parse_bundle(exported)).ok
    again = ContestService(open_database(str(tmp_path / "c.sqlite3"), create=True))
    again.import_bundle(parse_bundle(exported))
    assert again.export_bundle(CONTEST) == exported


def test_a_refused_item_is_named_and_nothing_is_added(db_url: str) -> None:
    service = _service(db_url)
    before = service.export_bundle(CONTEST)
    items = _proposals(3)
    items[1]["category"] = "lacteos"
    with pytest.raises(ChangeRefused) as refused:
        service.add_items(CONTEST, "proposal", items, paths=["row 2", "row 3", "row 4"])
    assert refused.value.path == "row 3.contest.proposals[11].category"
    assert "lacteos" in str(refused.value)
    assert service.export_bundle(CONTEST) == before


@pytest.mark.parametrize("change", ["same id", "same order", "existing id"])
def test_duplicates_are_refused_at_the_later_item(tmp_path: Path, change: str) -> None:
    service = _service(str(tmp_path / "a.sqlite3"))
    before = service.export_bundle(CONTEST)
    items = _proposals(3)
    if change == "same id":
        items[2]["id"] = items[0]["id"]
    elif change == "same order":
        items[2]["order"] = items[0]["order"]
    else:
        items[2]["id"] = "p01"
    with pytest.raises(ChangeRefused) as refused:
        service.add_items(CONTEST, "proposal", items)
    assert str(refused.value.path).startswith("[3]")
    assert service.export_bundle(CONTEST) == before


def test_nothing_is_added_to_a_closed_session(tmp_path: Path) -> None:
    service = _service(str(tmp_path / "a.sqlite3"))
    service.open_session(CONTEST)
    confirm_all(service, CONTEST)
    service.close_session(CONTEST)
    with pytest.raises(ChangeRefused, match="closed"):
        service.add_items(CONTEST, "proposal", _proposals(2))
    state = service.load_state(CONTEST)
    assert state.contest is not None and len(state.contest.proposals) == 10
