"""The phones follow the projector: a committed score reaches them at once, and what the
projector withholds the phones do not get — not in the JSON, not in the pages."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.app.phones.addresses import ETHERNET, OTHER, WIFI, Address, reachable
from clar_desktop.app.phones.publisher import PhonePublisher
from clar_desktop.app.places import Places
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from clar_desktop.web.server import PhoneServer
from tests.helpers import example_bundle


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def hall(tmp_path: Path, qtbot: QtBot) -> Iterator[dict[str, Any]]:
    """The example contest in session in the secretary's window, the projector and a phones'
    server on loopback fed by the publisher."""
    service = ContestService(open_database(str(tmp_path / "hall.sqlite3"), create=True),
                             actor="test")
    bundle = parse_bundle(example_bundle())
    service.import_bundle(bundle)
    service.open_session(bundle.contest.id)
    live = LiveContest(service, bundle.contest.id)
    main = MainWindow(live, places=Places())
    qtbot.addWidget(main)
    server = PhoneServer("127.0.0.1", 0)
    url = server.start()
    publisher = PhonePublisher(live, main.audience.window, server)
    yield {"live": live, "main": main, "audience": main.audience.window, "url": url,
           "publisher": publisher, "server": server}
    publisher.stop()
    server.stop()


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return bytes(answer.read())


def _state(hall: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(_get(hall["url"] + "state.json")))


def _rows(state: dict[str, Any]) -> list[str]:
    return [r["organization"] for c in state["categories"] for r in c["rows"]]


def _score(live: LiveContest, juror: str, proposal: str, criterion: str) -> dict[str, str]:
    """A change of one value of the example's typed sheets (to a value it does not hold)."""
    current = live.state.current_value(juror, proposal, criterion)
    return {"juror": juror, "proposal": proposal, "criterion": criterion,
            "value": "1" if current is None or str(current) != "1" else "2"}


def _typed(live: LiveContest, proposal: str) -> list[tuple[str, str]]:
    """(juror, criterion) of the example's scores of ``proposal``."""
    return [(s["juror"], s["criterion"]) for s in example_bundle()["contest"]["scores"]
            if s["proposal"] == proposal]


def test_the_phones_get_what_is_committed_without_waiting(hall: dict[str, Any],
                                                          qtbot: QtBot) -> None:
    live = hall["live"]
    first = _state(hall)
    assert first["seq"] == live.last_seq and _rows(first)
    contest = live.state.contest
    proposal = contest.proposals[0].id
    assert live.apply("presentation.started", {"proposal": proposal})
    juror, criterion = _typed(live, proposal)[0]
    assert live.apply("score.changed", _score(live, juror, proposal, criterion))
    qtbot.waitUntil(lambda: _state(hall)["seq"] == live.last_seq, timeout=1000)
    now = _state(hall)
    assert now["presenting"]["organization"] == contest.proposals[0].organization
    assert now["log_hash"] == live.service.events_after(
        live.contest_id, live.last_seq - 1, limit=1).events[-1]["hash"]


def test_withheld_on_the_projector_is_withheld_on_the_phones(hall: dict[str, Any],
                                                             qtbot: QtBot) -> None:
    shown = _rows(_state(hall))
    assert shown
    hall["audience"].withhold(True)
    qtbot.waitUntil(lambda: all(c["withheld"] for c in _state(hall)["categories"]),
                    timeout=1000)
    state = _state(hall)
    assert _rows(state) == [] and state["results_hash"] is None
    page = _get(hall["url"] + "ranking").decode()
    assert not [name for name in shown if name in page]
    hall["audience"].withhold(False)
    qtbot.waitUntil(lambda: _rows(_state(hall)) == shown, timeout=1000)


def test_a_burst_of_events_is_one_snapshot(hall: dict[str, Any], qtbot: QtBot) -> None:
    live, publisher = hall["live"], hall["publisher"]
    contest = live.state.contest
    before = publisher.published
    proposal = contest.proposals[0].id
    changes = [("score.changed", _score(live, juror, proposal, criterion))
               for juror, criterion in _typed(live, proposal)[:6]]
    assert live.apply_many(changes) is None
    qtbot.waitUntil(lambda: publisher.published > before, timeout=1000)
    qtbot.wait(50)
    assert publisher.published == before + 1
    assert _state(hall)["seq"] == live.last_seq


def test_the_addresses_a_phone_can_reach_wifi_first() -> None:
    found = reachable([Address("lo", "127.0.0.1", OTHER), Address("eth0", "10.0.0.5", ETHERNET),
                       Address("Wi-Fi", "192.168.1.10", WIFI),
                       Address("eth1", "169.254.3.4", ETHERNET),
                       Address("eth0", "10.0.0.5", ETHERNET)])
    assert [a.address for a in found] == ["192.168.1.10", "10.0.0.5"]
