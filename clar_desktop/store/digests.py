"""A digest of a contest's rows, kept with each commit and checked before trusting them.

The rows are split into *parts*: the contest row itself, the definition (categories, phases,
criteria, jurors, proposals), the session records that belong to no item (draws, attendance,
observations), and one part per item (a proposal or a follow-up item: its scores, recusals,
absences, withdrawal, confirmed sheets and image). A part's digest is the sum, modulo 2**256,
of the SHA-256 of each of its rows written canonically — order-free, so SQLite and PostgreSQL,
which return rows in different orders, give the same digest.

Every change recomputes the parts it touches after writing them and checks those same parts
before (with the contest row, the log's tail and, for a definition change, everything);
opening a contest checks every part; so a row changed behind the program's back is found the
first time it matters, and never trusted, printed or exported. What the digests cannot tell
(someone who recomputes them, as someone can recompute a log's hashes) only the log hash
printed on the acta can: see docs/verifying.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import JSON, LargeBinary, delete, select
from sqlalchemy.orm import Session

from ..domain.errors import N_, ChangeRefused
from .schema import (
    AbsenceRow,
    CategoryRow,
    ConfirmationRow,
    ContestRow,
    CriterionRow,
    DrawRow,
    JurorRow,
    ObservationRow,
    PhaseAbsenceRow,
    PhaseRow,
    ProposalImageRow,
    ProposalRow,
    RecusalRow,
    RowDigestRow,
    ScoreRow,
    WithdrawalRow,
)

CONTEST, DEFINITION, SESSION, ITEM = "contest", "definition", "session", "item:"
DEFINITION_TABLES = (CategoryRow, PhaseRow, CriterionRow, JurorRow, ProposalRow)
SESSION_TABLES = (DrawRow, AbsenceRow, ObservationRow)
ITEM_TABLES = (ScoreRow, RecusalRow, PhaseAbsenceRow, WithdrawalRow, ConfirmationRow,
               ProposalImageRow)
MODULUS = 2**256


def _value(value: Any) -> Any:
    if isinstance(value, bytes | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    return value


def _plain(table: Any) -> bool:
    """Whether the table's columns hold only texts, whole numbers and booleans (no JSON, no
    bytes): its rows are then written as Python writes such a tuple, which is exact for them
    and several times faster than JSON."""
    return not any(isinstance(c.type, JSON | LargeBinary) for c in table.__table__.columns)


def _row_hash(table: str, values: tuple[Any, ...], plain: bool) -> int:
    """The row's hash as a number: a plain table's row as a Python tuple's text, any other
    canonically as JSON."""
    if plain:
        text = repr((table, *values))
    else:
        text = json.dumps([table, *map(_value, values)], ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest, "big")


_PLAIN = {table: _plain(table) for table in (ContestRow, *DEFINITION_TABLES, *SESSION_TABLES,
                                             *ITEM_TABLES)}


STREAM = 2000
"""Rows fetched at a time: an ORM session otherwise buffers a whole result, and a contest of
3,000 proposals has over 300,000 score rows (about 100 MB held at once)."""


def _rows(session: Session, table: Any, where: Any) -> Iterable[tuple[Any, ...]]:
    columns = list(table.__table__.columns)
    return session.execute(  # type: ignore[return-value]
        select(*columns).where(where).execution_options(yield_per=STREAM))


def compute(session: Session, contest_id: str, parts: set[str] | None = None) -> dict[str, int]:
    """The digests of the named parts (``None``: every part) as they are in the database;
    a part with no rows has digest 0."""
    wanted = parts
    sums: dict[str, int] = {}

    def add(part: str, table: Any, values: tuple[Any, ...]) -> None:
        sums[part] = (sums.get(part, 0) + _row_hash(table.__tablename__, values,
                                                    _PLAIN[table])) % MODULUS

    if wanted is None or CONTEST in wanted:
        for values in _rows(session, ContestRow, ContestRow.id == contest_id):
            add(CONTEST, ContestRow, values)
    groups: tuple[tuple[str, tuple[Any, ...]], ...] = (
        (DEFINITION, DEFINITION_TABLES), (SESSION, SESSION_TABLES))
    for part, tables in groups:
        if wanted is None or part in wanted:
            for table in tables:
                for values in _rows(session, table, table.contest_id == contest_id):
                    add(part, table, values)
    items = None if wanted is None else [p[len(ITEM):] for p in wanted if p.startswith(ITEM)]
    if items is None or items:
        item_table: Any
        for item_table in ITEM_TABLES:
            table = item_table
            where = table.contest_id == contest_id
            if items is not None:
                where = where & table.proposal_id.in_(items)
            position = list(table.__table__.columns).index(table.__table__.c.proposal_id)
            for values in _rows(session, table, where):
                add(ITEM + values[position], table, values)
    if wanted is not None:
        for part in wanted:
            sums.setdefault(part, 0)
    return sums


def stored(session: Session, contest_id: str, parts: set[str] | None = None) -> dict[str, int]:
    query = select(RowDigestRow.part, RowDigestRow.digest).where(
        RowDigestRow.contest_id == contest_id)
    if parts is not None:
        query = query.where(RowDigestRow.part.in_(parts))
    found = {part: int(digest, 16) for part, digest in session.execute(query)}
    if parts is not None:
        for part in parts:
            found.setdefault(part, 0)
    return found


class RowsChanged(ChangeRefused):
    """A part's rows are not what the program wrote."""


def check(session: Session, contest_id: str, parts: set[str] | None = None,
          skip: set[str] | frozenset[str] = frozenset()) -> None:
    """Refuse (`RowsChanged`, naming the part) when a part's rows differ from its digest
    (``skip``: parts this transaction already wrote)."""
    now, kept = compute(session, contest_id, parts), stored(session, contest_id, parts)
    for part in sorted((set(now) | set(kept)) - skip):
        if now.get(part, 0) != kept.get(part, 0):
            template, item = _naming(part)
            raise RowsChanged(template, item=None, name=item)


def _naming(part: str) -> tuple[str, str | None]:
    if part.startswith(ITEM):
        return N_("the stored values of {name} are not the ones written"), part[len(ITEM):]
    return {CONTEST: N_("the contest's own row is not the one written"),
            DEFINITION: N_("the contest's definition is not the one written"),
            SESSION: N_("the draws, attendance or observations are not the ones written")
            }.get(part, N_("the stored rows are not the ones written")), None


def seal(session: Session, contest_id: str, parts: set[str] | None = None) -> None:
    """Store the digests of the named parts (``None``: every part) as the rows now are."""
    session.flush()
    now = compute(session, contest_id, parts)
    query = delete(RowDigestRow).where(RowDigestRow.contest_id == contest_id)
    if parts is not None:
        query = query.where(RowDigestRow.part.in_(parts))
    session.execute(query)
    session.add_all(RowDigestRow(contest_id=contest_id, part=part, digest=f"{value:064x}")
                    for part, value in now.items() if value)
    session.flush()
