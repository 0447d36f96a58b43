"""What the central tables hold, read back: the contests, the conflicts, and a stored
bundle's exact bytes for re-export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Engine, Table, select

from ..domain.errors import N_
from ..store.errors import DatabaseError
from .database import decompress
from .schema import CentralConflict, CentralContest

CONTESTS = cast(Table, CentralContest.__table__)
CONFLICTS = cast(Table, CentralConflict.__table__)


class UnknownContest(DatabaseError):
    def __init__(self, contest: str) -> None:
        super().__init__(N_("no contest {contest} was ingested into this database"),
                         contest=contest)


@dataclass(frozen=True, slots=True)
class ContestRecord:
    """A stored contest as the central office lists it."""

    id: str
    title: str
    programme: str | None
    office_id: str | None
    office_name: str | None
    region: str | None
    province: str | None
    district: str | None
    date: str
    version: int
    log_hash: str
    results_hash: str
    session_closed: bool
    events: int
    ingested_at: datetime
    file_name: str
    conflicts: int


@dataclass(frozen=True, slots=True)
class ConflictRecord:
    """A copy refused because its log parts from the stored one at ``seq``."""

    contest: str
    seq: int
    stored_hash: str
    incoming_hash: str
    stored_log_hash: str
    incoming_log_hash: str
    file_name: str
    recorded_at: datetime
    bundle_sha256: str


def contests(engine: Engine) -> list[ContestRecord]:
    """Every stored contest, by office, date and id, with its number of conflicts."""
    from sqlalchemy import func

    counts = (select(CONFLICTS.c.contest_id, func.count().label("n"))
              .group_by(CONFLICTS.c.contest_id).subquery())
    c = CONTESTS.c
    query = (select(c.id, c.title, c.programme, c.office_id, c.office_name, c.region,
                    c.province, c.district, c.date, c.version, c.log_hash, c.results_hash,
                    c.session_closed, c.events, c.ingested_at, c.file_name,
                    func.coalesce(counts.c.n, 0))
             .outerjoin(counts, counts.c.contest_id == c.id))
    with engine.connect() as connection:
        rows = [ContestRecord(*tuple(row)) for row in connection.execute(query)]
    return sorted(rows, key=lambda r: (r.office_id is None, r.office_id or "", r.date, r.id))


def conflicts(engine: Engine) -> list[ConflictRecord]:
    """Every recorded conflict, in the order they were recorded."""
    c = CONFLICTS.c
    query = select(c.contest_id, c.seq, c.stored_hash, c.incoming_hash, c.stored_log_hash,
                   c.incoming_log_hash, c.file_name, c.recorded_at,
                   c.bundle_sha256).order_by(c.id)
    with engine.connect() as connection:
        return [ConflictRecord(*tuple(row)) for row in connection.execute(query)]


def conflict_bundle(engine: Engine, contest: str, sha256: str) -> bytes:
    """The exact bytes of a conflicting copy kept as evidence."""
    c = CONFLICTS.c
    with engine.connect() as connection:
        data = connection.execute(select(c.bundle).where(
            c.contest_id == contest, c.bundle_sha256 == sha256)).scalar()
    if data is None:
        raise UnknownContest(contest)
    return decompress(data, contest)


def stored_bundle(engine: Engine, contest: str) -> bytes:
    """The stored bundle of a contest, byte for byte as it was ingested (its SHA-256 is
    checked against the one recorded at ingest)."""
    import hashlib

    with engine.connect() as connection:
        row = connection.execute(select(CONTESTS.c.bundle, CONTESTS.c.bundle_sha256).where(
            CONTESTS.c.id == contest)).first()
    if row is None:
        raise UnknownContest(contest)
    data = decompress(row[0], contest)
    if hashlib.sha256(data).hexdigest() != row[1]:
        raise DatabaseError(N_("the stored bundle of contest {contest} was changed after it "
                               "was ingested (its SHA-256 differs); ingest the office's copy "
                               "again"), contest=contest)
    return data
