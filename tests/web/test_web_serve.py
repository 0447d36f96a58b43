"""``clar-desktop serve`` in a process of its own, on a SQLite file: what is committed through
the service layer reaches /state.json and the event stream; bad arguments are one sentence."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from clar_desktop.demo import demo_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database

from .test_web_http import read_event

CONTEST = "llusco-2026-1"


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "clar_desktop", *args]


@pytest.fixture
def database(tmp_path: Path) -> tuple[Path, ContestService]:
    path = tmp_path / "clar.sqlite"
    service = ContestService(open_database(str(path), create=True), actor="test")
    service.import_bundle(parse_bundle(demo_bundle()))
    service.open_session(CONTEST)
    return path, service


@pytest.fixture
def serving(database: tuple[Path, ContestService]) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    path, _service = database
    process = subprocess.Popen(_cli("serve", CONTEST, "--db", str(path), "--port", "0",
                                    "--reveal"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "CLAR_LANG": "es"})
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert found, line + (process.stderr.read() if process.stderr else "")
    yield found.group(0), process
    if process.poll() is None:
        process.kill()
        process.wait()


def _get(url: str, path: str) -> bytes:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(str(parts.hostname), parts.port, timeout=5)
    connection.request("GET", path)
    body = connection.getresponse().read()
    connection.close()
    return body


def test_a_committed_score_reaches_the_phones(database: tuple[Path, ContestService],
                                              serving: tuple[str, subprocess.Popen[str]]
                                              ) -> None:
    _path, service = database
    url, process = serving
    state = json.loads(_get(url, "/state.json"))
    parts = urlsplit(url)
    stream = http.client.HTTPConnection(str(parts.hostname), parts.port, timeout=10)
    stream.request("GET", "/events?page=now")
    events = stream.getresponse()
    first = read_event(events)
    assert first["version"] == state["version"]
    service.apply(CONTEST, "presentation.started", {"proposal": "p05"})
    organization = service.load_state(CONTEST).contest.proposal("p05").organization  # type: ignore[union-attr]
    started = time.perf_counter()
    update = read_event(events)
    assert organization in update["html"]
    assert time.perf_counter() - started < 3
    loaded = service.load_state(CONTEST)
    juror = next(j for j in loaded.contest.jurors)  # type: ignore[union-attr]
    phase = loaded.contest.phases[0]  # type: ignore[union-attr]
    criterion = phase.criteria[0]
    value = "3" if str(loaded.current_value(juror.id, "p05", criterion.id)) != "3" else "2"
    committed = service.change_score(CONTEST, juror.id, "p05", criterion.id, value)
    for _ in range(50):
        state = json.loads(_get(url, "/state.json"))
        if state["seq"] == committed.seq:
            break
        time.sleep(0.1)
    assert state["seq"] == committed.seq
    mine = next(j for j in state["presenting"]["jurors"] if j["name"] == juror.name)
    assert mine["values"][0] == value
    update = read_event(events)
    assert update["version"] == f"{committed.seq}.0"
    stream.close()
    process.send_signal(signal.SIGTERM)
    assert process.wait(5) == 0


def test_withheld_until_closed_without_reveal(database: tuple[Path, ContestService]) -> None:
    path, service = database
    process = subprocess.Popen(_cli("serve", CONTEST, "--db", str(path), "--port", "0"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = re.search(r"http://\S+/", process.stdout.readline()).group(0)  # type: ignore[union-attr]
        state = json.loads(_get(url, "/state.json"))
        assert all(c["withheld"] and not c["rows"] for c in state["categories"])
        ranking = _get(url, "/ranking").decode()
        contest = service.load_state(CONTEST).contest
        assert contest is not None
        for proposal in contest.proposals:
            assert proposal.organization not in ranking
        process.send_signal(signal.SIGINT)
        assert process.wait(5) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("args", [["--port", "99999"], ["--port", "x"], ["--host", "256.1.1.1"],
                                  ["nothere"]])
def test_bad_arguments_one_sentence(database: tuple[Path, ContestService],
                                    args: list[str]) -> None:
    path, _service = database
    contest = [] if args == ["nothere"] else [CONTEST]
    done = subprocess.run(_cli("serve", *contest, *args, "--db", str(path)),
                          capture_output=True, text=True, timeout=30,
                          env={**os.environ, "CLAR_LANG": "es"})
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_on_every_interface_it_names_this_computer_s_addresses(
        database: tuple[Path, ContestService]) -> None:
    """``--host 0.0.0.0`` is no address a phone can type: it prints the hall's ones."""
    from clar_desktop.app.phones.addresses import hall_addresses

    expected = [a.address for a in hall_addresses()]
    if not expected:
        pytest.skip("this computer has no network address but the loopback")
    path, _service = database
    process = subprocess.Popen(_cli("serve", CONTEST, "--db", str(path), "--port", "0",
                                    "--host", "0.0.0.0"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "CLAR_LANG": "es"})
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in expected]
        shown = [re.search(r"http://([\d.]+):(\d+)/", line) for line in lines]
        assert [m.group(1) if m else line for m, line in zip(shown, lines, strict=True)] \
            == expected
        assert "0.0.0.0" not in "".join(lines)
        port = int(shown[0].group(2)) if shown[0] else 0
        assert json.loads(_get(f"http://{expected[0]}:{port}/", "/state.json"))["seq"] > 0
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(10)
