"""Checking the stored copies again: every contest's stored bundle read back, its SHA-256
compared with the one recorded at ingest, then verified from scratch (chain, replay, tally)
and its log and results hashes compared with the table's — in a worker thread, so that a
central database changed behind the program's back (a row edited by hand, a restored
backup gone wrong) shows in red in the contests table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from sqlalchemy import Engine

from ...central.records import ContestRecord, stored_bundle
from ...central.verification import Refusal, verify_bytes
from ...i18n import _
from ...store.errors import DatabaseError


@dataclass(frozen=True, slots=True)
class Checked:
    """One contest checked again: ``problem`` is None when it verified and agrees."""

    contest: str
    at: datetime
    problem: str | None = None


def check_one(engine: Engine, record: ContestRecord) -> Checked:
    """The stored copy of ``record`` verified again against what the table says of it."""
    now = datetime.now(UTC)
    try:
        data = stored_bundle(engine, record.id)
    except DatabaseError as error:
        return Checked(record.id, now, error.render(_))
    judged = verify_bytes(data)
    if isinstance(judged, Refusal):
        return Checked(record.id, now, judged.render(_))
    if judged.log_hash != record.log_hash:
        return Checked(record.id, now, _(
            "the stored copy's log hash is {found}, the table says {said}").format(
            found=judged.log_hash, said=record.log_hash))
    if judged.results_hash != record.results_hash:
        return Checked(record.id, now, _(
            "the stored copy's results hash is {found}, the table says {said}").format(
            found=judged.results_hash, said=record.results_hash))
    return Checked(record.id, now)


class _Signals(QObject):
    checked = Signal(object)  # Checked
    finished = Signal()


class _Run(QRunnable):
    def __init__(self, engine: Engine, records: list[ContestRecord],
                 signals: _Signals, owner: Recheck) -> None:
        super().__init__()
        self.engine, self.records, self.signals, self.owner = engine, records, signals, owner

    def run(self) -> None:
        for record in self.records:
            if self.owner.cancelled:
                break
            try:
                result = check_one(self.engine, record)
            except Exception as error:  # the database went away mid-way: said, not raised
                result = Checked(record.id, datetime.now(UTC), str(error).splitlines()[0]
                                 if str(error) else type(error).__name__)
            self.signals.checked.emit(result)
        self.signals.finished.emit()


class Recheck(QObject):
    """Runs the check over a list of contests; ``checked`` after each, ``finished`` once."""

    checked = Signal(object)
    finished = Signal()

    def __init__(self, engine: Engine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.signals = _Signals(self)
        self.signals.checked.connect(self.checked)
        self.signals.finished.connect(self._finished)
        self.running = False
        self.cancelled = False

    def start(self, records: list[ContestRecord]) -> bool:
        if self.running:
            return False
        self.running, self.cancelled = True, False
        self.pool.start(_Run(self.engine, list(records), self.signals, self))
        return True

    def _finished(self) -> None:
        self.running = False
        self.finished.emit()

    def wait(self) -> None:
        self.cancelled = True
        self.pool.waitForDone()


__all__ = ["Checked", "Recheck", "check_one"]
