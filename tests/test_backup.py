"""Backups: a consistent copy from which the contest comes back whole, on either database."""

from __future__ import annotations

from pathlib import Path

from clar_desktop.backup import backup
from clar_desktop.domain.bundle import load_bundle, parse_bundle
from clar_desktop.domain.verify import verify
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"


def test_a_backup_holds_the_whole_contest(db_url: str, tmp_path: Path) -> None:
    service = ContestService(open_database(db_url, create=True))
    service.import_bundle(parse_bundle(example_bundle()))
    service.open_session(CONTEST)
    service.correct_score(CONTEST, "j1", "p01", "participacion", "4", "misread")
    folder = tmp_path / "usb"
    first = backup(service, CONTEST, folder)
    second = backup(service, CONTEST, folder)
    assert first != second and first.exists() and second.exists()
    assert not list(folder.glob("*.partial"))
    if first.suffix == ".sqlite3":
        restored = ContestService(open_database(str(first))).export_bundle(CONTEST)
        bundle = parse_bundle(restored)
    else:
        bundle = load_bundle(first.read_bytes())
    assert verify(bundle).ok
    assert bundle.contest.scores[("j1", "p01", "participacion")].value == 4
