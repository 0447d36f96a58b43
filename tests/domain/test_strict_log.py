"""One strict reader of the log: what verify accepts, import stores and the documents print
are the same events, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from clar_desktop.demo import demo_session_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.canonical import event_hash
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.domain.log import check_chain


def _resealed(events: list[dict[str, Any]], index: int, **changes: Any) -> list[dict[str, Any]]:
    """The log with one event's fields changed and every hash from there recomputed: a
    forger's log, valid as a chain, so only the strict reading can refuse it."""
    events = copy.deepcopy(events)
    events[index].update(changes)
    prev = events[index - 1]["hash"] if index else "0" * 64
    for event in events[index:]:
        event["prev"] = prev
        try:
            event["hash"] = prev = event_hash(event)
        except ValueError:  # a text the canonical form refuses: no hash can be made for it
            event["hash"] = prev = "f" * 64
    return events


@pytest.fixture(scope="module")
def log() -> list[dict[str, Any]]:
    events = demo_session_bundle()["events"]
    check_chain(events)
    return events


@pytest.mark.parametrize("at", [
    "2026-13-45T25:61:61.000000Z",            # no such month, day or time
    "2026-02-30T10:00:00.000000Z",            # no 30 February
    "٢٠٢٦-٠٨-١٤T10:00:00.000000Z",            # Arabic-Indic digits
    "2026-08-14T10:00:00.000000+00:00",       # not the log's UTC form
    "2026-08-14T10:00:00Z",
])
def test_an_event_time_must_be_a_real_utc_instant(log: list[dict[str, Any]], at: str) -> None:
    with pytest.raises(ChangeRefused, match="malformed time") as caught:
        check_chain(_resealed(log, 5, at=at))
    assert caught.value.path == "events[5].at"


def test_an_event_may_not_be_dated_before_the_one_before_it(log: list[dict[str, Any]]) -> None:
    earlier = log[4]["at"].replace(log[4]["at"][:4], str(int(log[4]["at"][:4]) - 1))
    with pytest.raises(ChangeRefused, match="before the event before it"):
        check_chain(_resealed(log, 5, at=earlier))
    check_chain(_resealed(log, 5, at=log[4]["at"]))  # the same instant is fine


@pytest.mark.parametrize("actor", ["sec\x00retaria", "\ud800", "", "   ", "x" * 201, 7])
def test_an_actor_must_be_storable_text(log: list[dict[str, Any]], actor: Any) -> None:
    with pytest.raises(ChangeRefused, match="actor"):
        check_chain(_resealed(log, 3, actor=actor))


@pytest.mark.parametrize("text", ["obs\x00ervación", "\udc80"])
def test_event_data_that_a_database_cannot_store_breaks_the_chain(log: list[dict[str, Any]],
                                                                  text: str) -> None:
    index = next(i for i, e in enumerate(log) if e["kind"] == "observation.added")
    forged = copy.deepcopy(log)
    forged[index]["data"] = {"text": text}
    with pytest.raises(ChangeRefused, match="malformed"):
        check_chain(forged)


def test_a_strict_log_still_parses_the_demo(log: list[dict[str, Any]]) -> None:
    bundle = demo_session_bundle()
    assert parse_bundle(bundle).events == log


def test_a_logged_recusal_must_list_the_values_it_takes_off() -> None:
    from clar_desktop.domain.state import replay

    events = demo_session_bundle()["events"]
    state = replay(events)
    assert state.contest is not None
    juror, proposal, criterion = next(iter(state.contest.scores))
    recusal = {"juror": juror, "proposal": proposal, "reason": "Parentesco"}
    with pytest.raises(ChangeRefused, match="removed"):
        state.apply("session.reopened", {"reason": "x"}, logged=True)
        state.apply("recusal.recorded", recusal, logged=True)
    # Live, the event is made from the values found, and then lists them.
    change = state.check("recusal.recorded", recusal)
    assert change.removed and change.removed[0][0] == criterion  # type: ignore[union-attr]
