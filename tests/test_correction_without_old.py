"""A log whose ``score.corrected`` leaves out the ``old`` value (the engine takes the value it
replaces; another program may write it so) imports and opens: the store finds the replaced
value in the log, as the replay does, instead of calling the database changed."""

from __future__ import annotations

from pathlib import Path

from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.state import replay
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.followup_session import mixed_session_bundle


def test_a_correction_without_its_old_value_opens_with_the_value_it_replaced(
        tmp_path: Path) -> None:
    bundle = mixed_session_bundle()
    events = bundle["events"]
    corrections = [e for e in events if e["kind"] == "score.corrected"]
    assert corrections and all("old" not in e["data"] for e in corrections)
    service = ContestService(open_database(str(tmp_path / "d.sqlite3"), create=True))
    parsed = parse_bundle(bundle)
    service.import_bundle(parsed)
    state = service.load_state(parsed.contest.id)  # was: StoreChanged, "a row cannot be read"
    replayed = replay(events)
    assert state.corrections == replayed.corrections
    assert all(old != "None" and old for lines in state.corrections.values()
               for old, _new, _reason in lines)
