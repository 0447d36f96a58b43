"""Fixtures of the phones' server: the demo contest's committed state, snapshots of it, and a
server on loopback stopped after each test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from clar_desktop.demo import demo_session_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.state import ContestState, replay
from clar_desktop.web.server import PhoneServer
from clar_desktop.web.snapshot import Snapshot, build_snapshot


@pytest.fixture(scope="session")
def demo() -> dict[str, Any]:
    return demo_session_bundle()


@pytest.fixture
def state(demo: dict[str, Any]) -> ContestState:
    """The demo contest after its closed session, presenting the second proposal."""
    bundle = parse_bundle(demo)
    assert bundle.events is not None
    found = replay(bundle.events)
    found.presenting = "p02"
    return found


def snapshot_of(state: ContestState, **options: Any) -> Snapshot:
    return build_snapshot(state, seq=1036, log_hash="ab" * 32, **options)


@pytest.fixture
def server() -> Iterator[PhoneServer]:
    found = PhoneServer("127.0.0.1", 0)
    found.start()
    yield found
    found.stop()


def dnis(demo: dict[str, Any]) -> list[str]:
    return [j["document"] for j in demo["contest"]["jurors"] if j.get("document")]
