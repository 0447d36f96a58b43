"""Reading and writing one contest's rows: the translation between tables and the domain."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import case, delete, insert, literal, select
from sqlalchemy.orm import Session

from ..domain import sections
from ..domain.bundle import parse_followups_section, phase_to_dict, place_to_dict, rules_to_dict
from ..domain.canonical import canonical_bytes, canonical_text
from ..domain.changes import (
    MINUTES_DETAILS_SET,
    PREPARING,
    DefinitionChange,
    MinutesDetails,
    parse_minutes_details,
)
from ..domain.checklist import OpenPoint
from ..domain.double_entry import (
    DOUBLE_ENTRY_SET,
    ENTRIES_RECONCILED,
    FORGETTING_KINDS,
    SECOND_ENTRY,
    SecondEntries,
    fold,
)
from ..domain.index import ContestIndex
from ..domain.model import (
    DEFAULT_TIME_ZONE,
    Absence,
    Category,
    Contest,
    Criterion,
    Draw,
    Juror,
    Office,
    Phase,
    Place,
    Proposal,
    Recusal,
    Rules,
    Score,
    Withdrawal,
)
from ..domain.numbers import decimal_text
from ..domain.state import ContestState
from .digests import STREAM
from .schema import (
    CONTEST_TABLES,
    DEFINITION_TABLES,
    AbsenceRow,
    CategoryRow,
    ConfirmationRow,
    ContestRow,
    CriterionRow,
    DrawRow,
    EventRow,
    JurorRow,
    ObservationRow,
    PhaseAbsenceRow,
    PhaseRow,
    ProposalImageRow,
    ProposalRow,
    RecusalRow,
    ScoreRow,
    WithdrawalRow,
)

CHUNK = 5000


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else decimal_text(value)


def _rules(data: dict[str, Any]) -> Rules:
    return Rules(aggregation=data["aggregation"], trim=data["trim"],
                 pass_score=Decimal(data["pass_score"]), min_jurors=data["min_jurors"],
                 tie_break=tuple(data["tie_break"]), allocation=data["allocation"],
                 partial_min_percent=Decimal(data["partial_min_percent"]),
                 first_tranche_percent=Decimal(data["first_tranche_percent"]))


def contest_exists(session: Session, contest_id: str) -> bool:
    return session.get(ContestRow, contest_id) is not None


def delete_contest(session: Session, contest_id: str) -> None:
    for table in CONTEST_TABLES:
        session.execute(delete(table).where(table.contest_id == contest_id))
    session.execute(delete(ContestRow).where(ContestRow.id == contest_id))


def _insert_many(session: Session, table: Any, rows: Iterable[dict[str, Any]]) -> None:
    """Bulk insert through Core (executemany), in chunks, inside the session's transaction."""
    connection = session.connection()
    statement = insert(table.__table__)
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= CHUNK:
            connection.execute(statement, batch)
            batch = []
    if batch:
        connection.execute(statement, batch)


def write_contest_row(session: Session, contest: Contest, row: ContestRow | None) -> ContestRow:
    if row is None:
        row = ContestRow(id=contest.id, session_state=PREPARING, last_seq=0, last_hash="",
                         definition_version=0, next_score_position=0)
        session.add(row)
    row.title = contest.title
    row.date = contest.date
    row.place = place_to_dict(contest.place)
    row.currency = contest.currency
    row.rules = rules_to_dict(contest.rules)
    row.time_zone = None if contest.time_zone == DEFAULT_TIME_ZONE else contest.time_zone
    row.programme = contest.programme
    row.office = sections.office_to_dict(contest.office)
    row.followups = sections.followups_to_dict(contest.followups, phase_to_dict)
    row.definition_version = (row.definition_version or 0) + 1
    return row


def write_definition(session: Session, contest: Contest) -> None:
    """Replace the contest's categories, phases, criteria, jurors and proposals."""
    cid = contest.id
    for table in DEFINITION_TABLES:
        session.execute(delete(table).where(table.contest_id == cid))
    _insert_many(session, CategoryRow, (
        {"contest_id": cid, "id": c.id, "position": i, "name": c.name,
         "budget": _dec(c.budget), "max_award": _dec(c.max_award)}
        for i, c in enumerate(contest.categories)))
    _insert_many(session, PhaseRow, (
        {"contest_id": cid, "id": p.id, "position": i, "name": p.name}
        for i, p in enumerate(contest.phases)))
    _insert_many(session, CriterionRow, (
        {"contest_id": cid, "id": c.id, "phase_id": p.id, "position": i, "name": c.name,
         "max": _dec(c.max), "min": _dec(c.min), "step": _dec(c.step),
         "weight": _dec(c.weight)}
        for p in contest.phases for i, c in enumerate(p.criteria)))
    _insert_many(session, JurorRow, _juror_rows(cid, contest.jurors))
    _insert_many(session, ProposalRow, _proposal_rows(cid, contest.proposals))


def _juror_rows(cid: str, jurors: list[Juror], start: int = 0) -> Iterable[dict[str, Any]]:
    return ({"contest_id": cid, "id": j.id, "position": i, "name": j.name,
             "document": j.document, "role": j.role, "phases": list(j.phases)}
            for i, j in enumerate(jurors[start:], start=start))


def _proposal_rows(cid: str, proposals: list[Proposal],
                   start: int = 0) -> Iterable[dict[str, Any]]:
    return ({"contest_id": cid, "id": p.id, "position": i, "category_id": p.category,
             "organization": p.organization, "title": p.title, "requested": _dec(p.requested),
             "own_contribution": _dec(p.own_contribution), "presentation_order": p.order,
             "families": p.families, "women": p.women, "youth": p.youth,
             "women_led": p.women_led, "district": p.district}
            for i, p in enumerate(proposals[start:], start=start))


def append_definition_items(session: Session, contest: Contest, key: str, count: int) -> None:
    """Insert the last ``count`` items of ``contest``'s ``key`` list ("proposals" or
    "jurors"): the rows `write_definition` would write for them, leaving the others as they
    are (rewriting every row for each added item made a large import quadratic)."""
    if key == "proposals":
        _insert_many(session, ProposalRow, _proposal_rows(
            contest.id, contest.proposals, len(contest.proposals) - count))
    else:
        _insert_many(session, JurorRow, _juror_rows(
            contest.id, contest.jurors, len(contest.jurors) - count))


def forget_removed(session: Session, contest: Contest, row: ContestRow) -> None:
    """Drop the session records of items (proposals and follow-up items) and jurors no longer
    in the contest (removed while preparing), as `ContestState` does in memory."""
    cid = contest.id
    proposals = [p.id for p in contest.proposals] + [i.id for i in contest.followup_items]
    jurors = [j.id for j in contest.jurors]
    session.execute(delete(ProposalImageRow).where(ProposalImageRow.contest_id == cid,
                                                   ProposalImageRow.proposal_id.not_in(
                                                       proposals)))
    session.execute(delete(AbsenceRow).where(AbsenceRow.contest_id == cid,
                                             AbsenceRow.juror_id.not_in(jurors)))
    session.execute(delete(ConfirmationRow).where(
        ConfirmationRow.contest_id == cid,
        ConfirmationRow.juror_id.not_in(jurors) | ConfirmationRow.proposal_id.not_in(proposals)))
    if row.presenting is not None and row.presenting not in proposals:
        row.presenting = None


def write_records(session: Session, contest: Contest, row: ContestRow) -> None:
    """Insert the contest's recusals, scores and draws (into empty tables)."""
    cid = contest.id
    _insert_many(session, RecusalRow, (
        {"contest_id": cid, "juror_id": r.juror, "proposal_id": r.proposal, "position": i,
         "reason": r.reason} for i, r in enumerate(contest.recusals)))
    _insert_many(session, ScoreRow, (
        {"contest_id": cid, "juror_id": s.juror, "proposal_id": s.proposal,
         "criterion_id": s.criterion, "value": _dec(s.value), "position": i}
        for i, s in enumerate(contest.scores.values())))
    _insert_many(session, DrawRow, (
        {"contest_id": cid, "position": i, "proposals": list(d.proposals),
         "draw_order": list(d.order)} for i, d in enumerate(contest.draws)))
    _insert_many(session, PhaseAbsenceRow, (
        {"contest_id": cid, "juror_id": a.juror, "proposal_id": a.proposal,
         "phase_id": a.phase, "position": i, "reason": a.reason}
        for i, a in enumerate(contest.absences)))
    _insert_many(session, WithdrawalRow, (
        {"contest_id": cid, "proposal_id": w.proposal, "position": i, "reason": w.reason}
        for i, w in enumerate(contest.withdrawals)))
    row.next_score_position = len(contest.scores)


def load_definition(session: Session, contest_id: str) -> Contest:
    """The contest without its scores (what validating a change needs)."""
    row = session.get(ContestRow, contest_id)
    assert row is not None
    place = Place(**row.place) if row.place is not None else None
    office = Office(**row.office) if row.office is not None else None
    contest = Contest(id=row.id, title=row.title, date=row.date, rules=_rules(row.rules),
                      place=place, currency=row.currency,
                      time_zone=row.time_zone or DEFAULT_TIME_ZONE, programme=row.programme,
                      office=office)

    def rows(table: Any) -> list[Any]:
        return list(session.scalars(select(table).where(table.contest_id == contest_id)
                                    .order_by(table.position)))

    contest.categories = [Category(c.id, c.name, Decimal(c.budget),
                                   None if c.max_award is None else Decimal(c.max_award))
                          for c in rows(CategoryRow)]
    criteria: dict[str, list[Criterion]] = {}
    for c in rows(CriterionRow):
        criteria.setdefault(c.phase_id, []).append(Criterion(
            c.id, c.name, Decimal(c.max), Decimal(c.min), Decimal(c.step), Decimal(c.weight)))
    contest.phases = [Phase(p.id, p.name, tuple(criteria.get(p.id, ())))
                      for p in rows(PhaseRow)]
    contest.jurors = [Juror(j.id, j.name, tuple(j.phases), j.document, j.role)
                      for j in rows(JurorRow)]
    contest.proposals = [
        Proposal(p.id, p.category_id, p.organization, p.title, Decimal(p.requested),
                 p.presentation_order,
                 None if p.own_contribution is None else Decimal(p.own_contribution),
                 p.families, p.women, p.youth, p.women_led, p.district)
        for p in rows(ProposalRow)]
    if row.followups is not None:
        contest.followups = parse_followups_section(row.followups, contest)
    contest.recusals = [Recusal(r.juror_id, r.proposal_id, r.reason) for r in rows(RecusalRow)]
    contest.draws = [Draw(tuple(d.proposals), tuple(d.draw_order)) for d in rows(DrawRow)]
    contest.absences = [Absence(a.juror_id, a.proposal_id, a.phase_id, a.reason)
                        for a in rows(PhaseAbsenceRow)]
    contest.withdrawals = [Withdrawal(w.proposal_id, w.reason) for w in rows(WithdrawalRow)]
    return contest


def load_contest(session: Session, contest_id: str) -> Contest:
    """The whole contest snapshot, scores included, in the order they were entered."""
    contest = load_definition(session, contest_id)
    result = session.execute(
        select(ScoreRow.juror_id, ScoreRow.proposal_id, ScoreRow.criterion_id, ScoreRow.value)
        .where(ScoreRow.contest_id == contest_id).order_by(ScoreRow.position)
        .execution_options(yield_per=STREAM))
    # Hundreds of thousands of scores share a few dozen ids and values: one object each
    # (the driver returns a new string per row) keeps a 3,000-proposal contest small.
    names: dict[str, str] = {}
    values: dict[str, Decimal] = {}
    scores = {}
    for j, p, c, v in result:
        j, p, c = names.setdefault(j, j), names.setdefault(p, p), names.setdefault(c, c)
        value = values.get(v)
        if value is None:
            value = values[v] = Decimal(v)
        scores[(j, p, c)] = Score(j, p, c, value)
    contest.scores = scores
    return contest


@dataclass(slots=True)
class SessionRecords:
    confirmed: set[tuple[str, str, str]]
    absent: set[str]
    observations: list[str]


def load_corrections(session: Session, contest_id: str
                     ) -> dict[tuple[str, str, str], list[tuple[str, str, str]]]:
    """Every correction of a confirmed value, from the log: (juror, proposal, criterion) ->
    [(old, new, reason), …] in order. A correction written without its ``old`` value (the
    engine takes the value it replaces; another program's log may leave it out) gets it from
    the log's earlier values of that cell (`_values_before`)."""
    corrections: dict[tuple[str, str, str], list[tuple[str, str, str]]] = {}
    rows = [(seq, json.loads(data)) for seq, data in session.execute(
        select(EventRow.seq, EventRow.data).where(EventRow.contest_id == contest_id,
                                                  EventRow.kind == "score.corrected")
        .order_by(EventRow.seq))]
    before = (_values_before(session, contest_id, {seq for seq, d in rows if "old" not in d})
              if any("old" not in d for _seq, d in rows) else {})
    for seq, d in rows:
        old = d["old"] if "old" in d else before.get(seq)
        corrections.setdefault((d["juror"], d["proposal"], d["criterion"]), []).append(
            (str(old), str(d["value"]), str(d["reason"])))
    return corrections


_CELL_KINDS = ("score.entered", "score.changed", "score.corrected", "score.removed")


def _values_before(session: Session, contest_id: str, wanted: set[int]) -> dict[int, str]:
    """For each seq in ``wanted`` (a correction without ``old``), the value its cell held
    just before, replaying the log's values of cells in order (the imported snapshot's own
    scores first)."""
    values: dict[tuple[str, str, str], str] = {}
    snapshot = session.execute(
        select(EventRow.data).where(EventRow.contest_id == contest_id,
                                    EventRow.kind == "contest.imported")
        .order_by(EventRow.seq).limit(1)).scalar()
    if snapshot is not None:
        contest = json.loads(snapshot).get("contest") or {}
        for score in contest.get("scores") or ():
            values[(score["juror"], score["proposal"], score["criterion"])] = str(
                score["value"])
    found: dict[int, str] = {}
    for seq, kind, data in session.execute(
            select(EventRow.seq, EventRow.kind, EventRow.data).where(
                EventRow.contest_id == contest_id, EventRow.kind.in_(_CELL_KINDS),
                EventRow.seq <= max(wanted)).order_by(EventRow.seq)):
        d = json.loads(data)
        cell = (d["juror"], d["proposal"], d["criterion"])
        if seq in wanted:
            found[seq] = values.get(cell, "")
        if kind == "score.removed":
            values.pop(cell, None)
        else:
            values[cell] = str(d["value"])
    return found


def load_minutes_details(session: Session, contest_id: str) -> MinutesDetails:
    """The acta's number, agenda and attendees: the last ``minutes.details_set`` of the log."""
    data = session.scalars(
        select(EventRow.data).where(EventRow.contest_id == contest_id,
                                    EventRow.kind == MINUTES_DETAILS_SET)
        .order_by(EventRow.seq.desc()).limit(1)).first()
    if data is None:
        return MinutesDetails()
    return parse_minutes_details(json.loads(data))


def load_second_entries(session: Session, contest_id: str,
                        proposal: str | None = None) -> SecondEntries:
    """The second entries (double entry) as the log leaves them, and whether double entry is
    required; ``proposal``: those of that item's sheets at least (the log's events that
    name it: a second entry, a reconciliation, a recusal or an absence)."""
    query = (select(EventRow.kind, EventRow.data)
             .where(EventRow.contest_id == contest_id,
                    EventRow.kind.in_((SECOND_ENTRY, ENTRIES_RECONCILED, *FORGETTING_KINDS)))
             .order_by(EventRow.seq))
    if proposal is not None:
        # The data is canonical JSON: the item's id appears as this, exactly.
        named = '"proposal":' + json.dumps(proposal, ensure_ascii=False)
        query = query.where(EventRow.data.contains(named, autoescape=True))
    entries = fold((kind, json.loads(data)) for kind, data in session.execute(query))
    entries.required = double_entry_required(session, contest_id)
    return entries


def double_entry_required(session: Session, contest_id: str) -> bool:
    """Whether the last ``session.double_entry_set`` of the log requires double entry."""
    last = session.scalars(
        select(EventRow.data).where(EventRow.contest_id == contest_id,
                                    EventRow.kind == DOUBLE_ENTRY_SET)
        .order_by(EventRow.seq.desc()).limit(1)).first()
    return last is not None and bool(json.loads(last)["required"])


def load_session_records(session: Session, contest_id: str) -> SessionRecords:
    confirmed = {(r.juror_id, r.proposal_id, r.phase_id) for r in session.scalars(
        select(ConfirmationRow).where(ConfirmationRow.contest_id == contest_id))}
    absent = set(session.scalars(select(AbsenceRow.juror_id)
                                 .where(AbsenceRow.contest_id == contest_id)))
    observations = list(session.scalars(select(ObservationRow.text).where(
        ObservationRow.contest_id == contest_id).order_by(ObservationRow.seq)))
    return SessionRecords(confirmed, absent, observations)


def write_session_records(session: Session, contest_id: str, records: SessionRecords,
                          events: list[dict[str, Any]]) -> None:
    """Store what a replayed log says about the session (on import of a bundle with events)."""
    confirmed_at = {(e["data"]["juror"], e["data"]["proposal"], e["data"]["phase"]): e["seq"]
                    for e in events if e["kind"] == "sheet.confirmed"}
    _insert_many(session, ConfirmationRow, (
        {"contest_id": contest_id, "juror_id": j, "proposal_id": p, "phase_id": ph,
         "seq": confirmed_at.get((j, p, ph), 0)} for j, p, ph in sorted(records.confirmed)))
    _insert_many(session, AbsenceRow, ({"contest_id": contest_id, "juror_id": j}
                                       for j in sorted(records.absent)))
    observed = [e["seq"] for e in events if e["kind"] == "observation.added"]
    _insert_many(session, ObservationRow, (
        {"contest_id": contest_id, "seq": seq, "text": text}
        for seq, text in zip(observed, records.observations, strict=True)))


SNAPSHOT_KINDS = ("contest.imported", "contest.created")
"""Events whose data is a whole contest (every score of it, when imported)."""


def load_events(session: Session, contest_id: str, after: int = 0,
                limit: int | None = None, light: bool = False) -> list[dict[str, Any]]:
    """The contest's events with ``seq > after``, in order (at most ``limit``). ``light``:
    without the data of the events that hold a whole contest (for listing the log)."""
    events = []
    data_column: Any = EventRow.data
    if light:
        data_column = case((EventRow.kind.in_(SNAPSHOT_KINDS), literal("{}")),
                           else_=EventRow.data)
    query = (select(EventRow.seq, EventRow.at, EventRow.kind, EventRow.actor, data_column,
                    EventRow.prev, EventRow.hash)
             .where(EventRow.contest_id == contest_id, EventRow.seq > after)
             .order_by(EventRow.seq).limit(limit))
    for seq, at, kind, actor, data, prev, hash_ in session.execute(query):
        event: dict[str, Any] = {"seq": seq, "at": at, "kind": kind,
                                 "data": json.loads(data), "prev": prev, "hash": hash_}
        if actor:
            event["actor"] = actor
        events.append(event)
    return events



def write_event(session: Session, contest_id: str, event: dict[str, Any]) -> None:
    session.add(EventRow(contest_id=contest_id, seq=event["seq"], at=event["at"],
                         kind=event["kind"], actor=event.get("actor"),
                         data=canonical_bytes(event["data"]).decode("utf-8"),
                         prev=event["prev"], hash=event["hash"]))


def write_events(session: Session, contest_id: str, events: list[dict[str, Any]]) -> None:
    """Store sealed events (their data was checked when they were hashed or verified)."""
    _insert_many(session, EventRow, (
        {"contest_id": contest_id, "seq": e["seq"], "at": e["at"], "kind": e["kind"],
         "actor": e.get("actor"), "data": canonical_text(e["data"], checked=True),
         "prev": e["prev"], "hash": e["hash"]} for e in events))


class DatabaseView:
    """`ContestView` over the database, inside the transaction that will write the change.

    Values are read one row at a time, so checking a score costs the same in a contest of 30
    proposals as in one of 3,000; the definition index is cached by definition version."""

    _cache: dict[tuple[str, str, int], ContestIndex] = {}

    def __init__(self, session: Session, row: ContestRow) -> None:
        self.db = session
        self.row = row

    @classmethod
    def forget(cls) -> None:
        """Drop cached indexes: one built inside a transaction that did not commit may hold
        a definition the database never had (its version number is then reused)."""
        cls._cache.clear()

    @property
    def session(self) -> str:
        return self.row.session_state

    def index(self) -> ContestIndex:
        bind = self.db.get_bind()
        key = (str(bind.engine.url), self.row.id, self.row.definition_version)
        found = self._cache.get(key)
        if found is None:
            found = ContestIndex.of(load_definition(self.db, self.row.id))
            self._cache.clear()
            self._cache[key] = found
        return found

    def current_value(self, juror: str, proposal: str, criterion: str) -> Decimal | None:
        value = self.db.scalar(select(ScoreRow.value).where(
            ScoreRow.contest_id == self.row.id, ScoreRow.juror_id == juror,
            ScoreRow.proposal_id == proposal, ScoreRow.criterion_id == criterion))
        return None if value is None else Decimal(value)

    def has_scores(self, juror: str, proposal: str) -> bool:
        return self.db.scalar(select(ScoreRow.value).where(
            ScoreRow.contest_id == self.row.id, ScoreRow.juror_id == juror,
            ScoreRow.proposal_id == proposal).limit(1)) is not None

    def juror_values(self, juror: str, proposal: str) -> dict[str, Decimal]:
        return {c: Decimal(v) for c, v in self.db.execute(
            select(ScoreRow.criterion_id, ScoreRow.value).where(
                ScoreRow.contest_id == self.row.id, ScoreRow.juror_id == juror,
                ScoreRow.proposal_id == proposal))}

    def sheet_size(self, juror: str, proposal: str, phase: str) -> int:
        criteria = [c.id for c in self.index().phases[phase].criteria]
        return len(self.db.scalars(select(ScoreRow.criterion_id).where(
            ScoreRow.contest_id == self.row.id, ScoreRow.juror_id == juror,
            ScoreRow.proposal_id == proposal, ScoreRow.criterion_id.in_(criteria))).all())

    def is_confirmed(self, juror: str, proposal: str, phase: str) -> bool:
        return self.db.get(ConfirmationRow, (self.row.id, juror, proposal, phase)) is not None

    def is_absent(self, juror: str) -> bool:
        return self.db.get(AbsenceRow, (self.row.id, juror)) is not None

    def snapshot(self) -> Contest:
        return load_contest(self.db, self.row.id)

    def second_entry(self, juror: str, proposal: str, phase: str) -> dict[str, Decimal] | None:
        return load_second_entries(self.db, self.row.id, proposal).get(juror, proposal, phase)

    def double_entry_required(self) -> bool:
        return double_entry_required(self.db, self.row.id)

    def open_points(self) -> list[OpenPoint]:
        """The checklist of the contest as stored (only asked when closing: it reads the
        whole contest)."""
        state = ContestState()
        state.apply_change(DefinitionChange(self.snapshot()))
        records = load_session_records(self.db, self.row.id)
        state.session, state.confirmed, state.absent = (
            self.row.session_state, records.confirmed, records.absent)
        state.second_entries = load_second_entries(self.db, self.row.id)
        return state.open_points()
