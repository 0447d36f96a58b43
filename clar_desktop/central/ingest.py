"""``central ingest``: each bundle judged on its own and stored all or nothing (spec:
central-v1, Ingest).

The bundle is verified first, outside any transaction (the costly part: parsing, the log's
chain and replay, the tally). Then one transaction decides and writes, serialized per
contest across processes — on PostgreSQL a transaction-scoped advisory lock on the
contest's id, on SQLite the write transaction that begins immediately — so that two
processes ingesting copies of one contest at once see each other's work: each bundle is
stored once, and the outcome is what it would be one after the other.

Because every event's hash covers the previous one, two logs agree up to seq n exactly when
their hashes at n agree; the place where two copies part is found from the hashes alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, delete, insert, select, text, update

from ..domain.errors import N_
from ..domain.model import text_in
from .database import compress, decompress
from .indicators import SUMMARIES, summarize
from .schema import (
    CentralCategory,
    CentralConflict,
    CentralContest,
    CentralItem,
    CentralProposal,
)
from .verification import Refusal, Verified, verify_bytes

REFUSED, NEW, SAME, EXTENDED, OLDER, CONFLICT = (
    "refused", "new", "same", "extended", "older", "conflict")
OUTCOMES = (REFUSED, NEW, SAME, EXTENDED, OLDER, CONFLICT)
FAILED = (REFUSED, CONFLICT)
"""The outcomes that make ``ingest`` exit with status 1."""
CONTEST_LOCK = 0x434C4152  # the first key of the per-contest advisory locks ("CLAR")

CONTESTS = cast(Table, CentralContest.__table__)
PROPOSALS = cast(Table, CentralProposal.__table__)
ITEMS = cast(Table, CentralItem.__table__)
CONFLICTS = cast(Table, CentralConflict.__table__)
CATEGORIES = cast(Table, CentralCategory.__table__)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one bundle: ``kind`` (one of `OUTCOMES`), the file, the contest, and
    the figures its line says."""

    kind: str
    file: str
    contest: str | None = None
    events: int = 0
    stored_events: int = 0
    log_hash: str | None = None
    seq: int | None = None
    stored_hash: str | None = None
    incoming_hash: str | None = None
    refusal: Refusal | None = None

    def describe(self, translate: Any) -> str:
        """The line's text after the outcome word and the file name."""
        _ = translate
        if self.kind == REFUSED:
            assert self.refusal is not None
            return self.refusal.render(translate)
        if self.kind == NEW:
            return _(N_("contest {contest} stored: {events} events, log hash {hash}")).format(
                contest=self.contest, events=self.events, hash=self.log_hash)
        if self.kind == SAME:
            return _(N_("contest {contest} is stored already with this log ({events} "
                        "events); nothing changed")).format(contest=self.contest,
                                                            events=self.events)
        if self.kind == EXTENDED:
            return _(N_("contest {contest}: the stored log of {stored} events was replaced "
                        "by this longer one of {events} events, log hash {hash}")).format(
                contest=self.contest, stored=self.stored_events, events=self.events,
                hash=self.log_hash)
        if self.kind == OLDER:
            return _(N_("contest {contest}: an older copy ({events} events) of the stored "
                        "log ({stored} events); nothing changed")).format(
                contest=self.contest, events=self.events, stored=self.stored_events)
        return _(N_("contest {contest}: this copy and the stored one part at event {seq} "
                    "(stored {stored}, this file {incoming}); it was not stored and the "
                    "conflict was recorded")).format(
            contest=self.contest, seq=self.seq, stored=self.stored_hash,
            incoming=self.incoming_hash)


def bundle_files(paths: Iterable[str]) -> Iterator[str]:
    """The files to ingest: each file named, and each folder's ``*.json`` files, read
    recursively, in the order of their names."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = (p for p in path.rglob("*") if p.suffix.lower() == ".json" and p.is_file())
            yield from (str(p) for p in sorted(found))
        else:
            yield name


def ingest_file(engine: Engine, name: str) -> Outcome:
    """Read and ingest one file; a file that cannot be read is refused."""
    try:
        data = Path(name).read_bytes()
    except OSError as error:
        from ..domain.errors import BundleError
        from ..files import reason

        return Outcome(REFUSED, name, refusal=Refusal(BundleError(
            N_("cannot read the file: {reason}"), reason=reason(error))))
    return ingest_bytes(engine, name, data)


def ingest_bytes(engine: Engine, name: str, data: bytes) -> Outcome:
    """Judge one bundle and store what the spec says, in one transaction."""
    judged = verify_bytes(data)
    if isinstance(judged, Refusal):
        return Outcome(REFUSED, name, refusal=judged)
    with engine.begin() as connection:
        _lock_contest(connection, judged.contest.id)
        return _decide(connection, name, judged)


def _lock_contest(connection: Connection, contest_id: str) -> None:
    if connection.dialect.name != "postgresql":
        return  # SQLite: this transaction began IMMEDIATE, so it writes alone
    digest = hashlib.sha256(contest_id.encode()).digest()
    key = int.from_bytes(digest[:4], "big", signed=True)
    connection.execute(text("SELECT pg_advisory_xact_lock(:space, :key)"),
                       {"space": CONTEST_LOCK, "key": key})


def _decide(connection: Connection, name: str, bundle: Verified) -> Outcome:
    contest_id = bundle.contest.id
    hashes = bundle.event_hashes
    stored = connection.execute(
        select(CONTESTS.c.log_hash, CONTESTS.c.events).where(CONTESTS.c.id == contest_id)
    ).first()
    figures: dict[str, Any] = {"contest": contest_id, "events": len(hashes),
                               "log_hash": bundle.log_hash}
    if stored is None:
        _store(connection, name, bundle, replace=False)
        return Outcome(NEW, name, **figures)
    stored_hash, stored_events = stored
    figures["stored_events"] = stored_events
    if stored_hash == bundle.log_hash:
        return Outcome(SAME, name, **figures)
    if len(hashes) > stored_events and hashes[stored_events - 1] == stored_hash:
        _store(connection, name, bundle, replace=True)
        return Outcome(EXTENDED, name, **figures)
    stored_hashes = _stored_hashes(connection, contest_id)
    if len(hashes) < stored_events and stored_hashes[len(hashes) - 1] == bundle.log_hash:
        return Outcome(OLDER, name, **figures)
    seq = next(i for i, (a, b) in enumerate(zip(stored_hashes, hashes, strict=False))
               if a != b) + 1
    conflict: dict[str, Any] = {"seq": seq, "stored_hash": stored_hashes[seq - 1],
                "incoming_hash": hashes[seq - 1]}
    _record_conflict(connection, name, bundle, stored_hash, **conflict)
    return Outcome(CONFLICT, name, **figures, **conflict)


def _stored_hashes(connection: Connection, contest_id: str) -> list[str]:
    """The hash of every event of the stored copy, from its stored bytes (read only when a
    copy is neither the same nor a continuation of it)."""
    data = connection.execute(
        select(CONTESTS.c.bundle).where(CONTESTS.c.id == contest_id)).scalar_one()
    events = json.loads(decompress(data, contest_id))["events"]
    return [str(event["hash"]) for event in events]


def _store(connection: Connection, name: str, bundle: Verified, *, replace: bool) -> None:
    contest = bundle.contest
    keys = bundle.keys
    row = {**keys, "id": contest.id, "title": contest.title,
           "office_name": contest.office.name if contest.office else None,
           "date": contest.date, "version": bundle.version, "log_hash": bundle.log_hash,
           "results_hash": bundle.results_hash, "session_closed": bundle.session_closed,
           "events": len(bundle.event_hashes), "ingested_at": datetime.now(UTC),
           "file_name": name, "bundle_sha256": bundle.sha256,
           "bundle": compress(bundle.data)}
    if replace:
        connection.execute(delete(PROPOSALS).where(PROPOSALS.c.contest_id == contest.id))
        connection.execute(delete(ITEMS).where(ITEMS.c.contest_id == contest.id))
        connection.execute(delete(SUMMARIES).where(SUMMARIES.c.contest_id == contest.id))
        connection.execute(delete(CATEGORIES).where(CATEGORIES.c.contest_id == contest.id))
        del row["id"]
        connection.execute(update(CONTESTS).where(CONTESTS.c.id == contest.id).values(**row))
    else:
        connection.execute(insert(CONTESTS).values(**row))
    if bundle.proposals:
        connection.execute(insert(PROPOSALS), bundle.proposals)
    if bundle.items:
        connection.execute(insert(ITEMS), bundle.items)
    if contest.categories:
        connection.execute(insert(CATEGORIES), [
            {"contest_id": contest.id, "category_id": c.id, "name_es": text_in(c.name, "es"),
             "name_qu": text_in(c.name, "qu")} for c in contest.categories])
    summarize(connection, contest.id)


def _record_conflict(connection: Connection, name: str, bundle: Verified, stored_log: str, *,
                     seq: int, stored_hash: str, incoming_hash: str) -> None:
    """Keep the conflicting copy as evidence, once: the same file ingested again finds it
    recorded already (ingest is idempotent)."""
    contest_id = bundle.contest.id
    known = connection.execute(
        select(CONFLICTS.c.id).where(CONFLICTS.c.contest_id == contest_id,
                                     CONFLICTS.c.bundle_sha256 == bundle.sha256)).first()
    if known is not None:
        return
    connection.execute(insert(CONFLICTS).values(
        contest_id=contest_id, seq=seq, stored_hash=stored_hash, incoming_hash=incoming_hash,
        stored_log_hash=stored_log, incoming_log_hash=bundle.log_hash, file_name=name,
        recorded_at=datetime.now(UTC), bundle_sha256=bundle.sha256,
        bundle=compress(bundle.data)))
