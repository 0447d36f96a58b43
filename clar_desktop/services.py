"""The one way to change a contest.

The command line, the importers and the desktop app all call `ContestService`. Every
operation validates the change with the domain's rules, writes it, appends its event to the
contest's log in the same transaction, commits (durable on return: SQLite WAL with
synchronous=FULL, or PostgreSQL) and returns what changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from .domain.additions import ADDITIONS, check_additions
from .domain.bundle import Bundle, bundle_to_dict, contest_to_dict, parse_bundle
from .domain.canonical import GENESIS
from .domain.changes import (
    CONTEST_CREATED,
    CONTEST_IMPORTED,
    MINUTES_DETAILS_SET,
    AttendanceChange,
    Change,
    DefinitionChange,
    ImageSet,
    MinutesDetails,
    Observation,
    PresentationStarted,
    ScoreChange,
    SessionChange,
    SheetConfirmed,
    check_change,
    minutes_details_data,
)
from .domain.double_entry import (
    DoubleEntrySet,
    EntriesReconciled,
    SecondEntry,
    double_entry_data,
)
from .domain.errors import N_, ChangeRefused
from .domain.log import check_chain, make_event
from .domain.model import Draw
from .domain.numbers import decimal_text
from .domain.state import ContestState, replay
from .domain.takeoffs import (
    AbsenceChange,
    ItemWithdrawn,
    RecusalRecorded,
    Removed,
    ScoreRemoved,
    TakeOff,
    takeoff_data,
)
from .domain.verify import first_difference, verify
from .images import ImageRefused, check_image
from .store import digests
from .store import repository as repo
from .store.integrity import UNREADABLE, StoreChanged, changed, check_contest, check_tail
from .store.schema import (
    AbsenceRow,
    ConfirmationRow,
    ContestRow,
    DrawRow,
    EventRow,
    ObservationRow,
    PhaseAbsenceRow,
    ProposalImageRow,
    RecusalRow,
    ScoreRow,
    WithdrawalRow,
)


@dataclass(frozen=True, slots=True)
class Committed:
    """A change that is on disk: its sealed event and the typed change it made."""

    event: dict[str, Any]
    change: Change

    @property
    def seq(self) -> int:
        return int(self.event["seq"])


@dataclass(frozen=True, slots=True)
class EventBatch:
    events: list[dict[str, Any]]
    last_seq: int
    last_hash: str = ""
    """The hash of the log's last event ("" for an empty log)."""


@dataclass(frozen=True, slots=True)
class ContestSummary:
    """A contest of the database as a list names it: its id, title and session date."""

    id: str
    title: str
    date: str


PREPARED_KEYS = ("id", "title", "date", "place", "currency", "rules", "time_zone", "programme",
                 "office", "categories", "phases", "jurors")
"""What a contest prepared before its first event holds: no proposals, records or scores."""


@dataclass(frozen=True, slots=True)
class Imported:
    contest_id: str
    proposals: int
    scores: int
    events: int
    replaced: bool


class ContestService:
    """Operations on the contests of one database."""

    def __init__(self, engine: Engine, actor: str | None = None) -> None:
        self.engine = engine
        self.actor = actor
        self._pending_images: dict[str, bytes] = {}
        self.read_only: dict[str, ChangeRefused] = {}
        """Contests opened read-only, with the reason (their rows failed the check)."""
        self._checked: set[str] = set()
        """Contests whose every row this service has checked (the first time it used them)."""

    # -- reading -------------------------------------------------------------------------------
    def contest_ids(self) -> list[str]:
        with Session(self.engine) as session:
            return list(session.scalars(select(ContestRow.id).order_by(ContestRow.id)))

    def _require(self, session: Session, contest_id: str, lock: bool = False) -> ContestRow:
        query = select(ContestRow).where(ContestRow.id == contest_id)
        if lock:
            query = query.with_for_update()
        row = session.scalars(query).first()
        if row is None:
            raise ChangeRefused(N_("there is no contest {id} in this database"), item=None,
                                id=contest_id)
        return row

    def contests(self) -> list[ContestSummary]:
        """Every contest of the database, the latest session first (then by title)."""
        with Session(self.engine) as session:
            rows = session.execute(select(ContestRow.id, ContestRow.title, ContestRow.date)
                                   .order_by(ContestRow.date.desc(), ContestRow.title,
                                             ContestRow.id))
            return [ContestSummary(*row) for row in rows]

    def definition(self, contest_id: str) -> dict[str, Any]:
        """A contest as a new one may copy it: its snapshot without proposals, records,
        scores or follow-up evaluations (the keys of `PREPARED_KEYS`)."""
        with Session(self.engine) as session:
            self._require(session, contest_id)
            try:
                source = repo.load_definition(session, contest_id)
            except UNREADABLE:
                raise changed(N_("a stored row cannot be read")) from None
        return {k: v for k, v in contest_to_dict(source).items() if k in PREPARED_KEYS}

    def require(self, contest_id: str) -> None:
        """Refuse an unknown contest id (`ChangeRefused`)."""
        with Session(self.engine) as session:
            self._require(session, contest_id)

    def load_state(self, contest_id: str) -> ContestState:
        """The contest as it stands, with its tally, ready for the live screens
        (`StoreChanged` when its rows cannot even be read)."""
        try:
            return self._load_state(contest_id)
        except UNREADABLE:
            raise changed(N_("a stored row cannot be read")) from None

    def _load_state(self, contest_id: str) -> ContestState:
        with Session(self.engine) as session:
            row = self._require(session, contest_id)
            state = ContestState()
            state.apply_change(DefinitionChange(repo.load_contest(session, contest_id)))
            state.session = row.session_state
            records = repo.load_session_records(session, contest_id)
            state.confirmed = records.confirmed
            state.absent = records.absent
            state.observations = records.observations
            state.corrections = repo.load_corrections(session, contest_id)
            state.second_entries = repo.load_second_entries(session, contest_id)
            state.minutes = repo.load_minutes_details(session, contest_id)
            state.presenting = row.presenting
            state.images = dict(session.execute(
                select(ProposalImageRow.proposal_id, ProposalImageRow.sha256)
                .where(ProposalImageRow.contest_id == contest_id)).all())
            return state

    def problem(self, contest_id: str) -> ChangeRefused | None:
        """What is wrong with the stored contest, if anything: its rows checked against the
        digests kept with each commit, and the log's tail (what opening a contest checks)."""
        with Session(self.engine) as session:
            row = self._require(session, contest_id)
            try:
                check_tail(session, row)
                digests.check(session, contest_id)
            except ChangeRefused as problem:
                return changed(problem)
        self._checked.add(contest_id)
        return None

    def full_check(self, contest_id: str) -> ChangeRefused | tuple[int, str]:
        """``clar-desktop check`` and "Verify now": the log's chain and its replay against
        every stored row (which names the first value that differs), then the digests. The
        problem found, or (events, log hash) of an intact contest."""
        with Session(self.engine) as session:
            row = self._require(session, contest_id)
            try:
                check_contest(session, contest_id)
            except ChangeRefused as found:
                return found
            last = row.last_seq, row.last_hash
        problem = self.problem(contest_id)
        return last if problem is None else problem

    def export_bundle(self, contest_id: str) -> dict[str, Any]:
        """The contest as a bundle, with its full event log — only once its rows and its log
        were checked against each other (`StoreChanged` otherwise: nothing is exported)."""
        with Session(self.engine) as session:
            row = self._require(session, contest_id)
            try:
                check_tail(session, row)
                digests.check(session, contest_id)
                contest = repo.load_contest(session, contest_id)
                bundle = bundle_to_dict(contest, repo.load_events(session, contest_id))
            except ChangeRefused as problem:
                raise changed(problem) from None
            except UNREADABLE:
                raise changed(N_("a stored row cannot be read")) from None
        verdict = verify(parse_bundle(bundle))
        if not verdict.ok:
            assert verdict.problem is not None
            raise changed(verdict.problem)
        return bundle

    def events_after(self, contest_id: str, seq: int, limit: int | None = None) -> EventBatch:
        """The events after ``seq`` (at most ``limit``) and the log's last seq and hash."""
        with Session(self.engine) as session:
            row = self._require(session, contest_id)
            events = [] if limit == 0 else repo.load_events(session, contest_id, after=seq,
                                                             limit=limit)
            return EventBatch(events, row.last_seq, row.last_hash)

    def events(self, contest_id: str, light: bool = False) -> list[dict[str, Any]]:
        """Every event of the contest; ``light``: without the contest snapshots that the
        first event (an import) holds, for listing the log."""
        with Session(self.engine) as session:
            self._require(session, contest_id)
            return repo.load_events(session, contest_id, light=light)

    # -- importing -----------------------------------------------------------------------------
    def import_bundle(self, bundle: Bundle, replace: bool = False) -> Imported:
        """Store a validated bundle, all or nothing.

        A bundle with events must verify (chain, replay, snapshot) and keeps its log; one
        without gets a first ``contest.imported`` event holding its snapshot."""
        contest = bundle.contest
        events = bundle.events
        session_state = "preparing"
        records = repo.SessionRecords(set(), set(), [])
        presenting: str | None = None
        if events:
            try:
                check_chain(events)
                state = replay(events)
            except ChangeRefused as problem:
                raise ChangeRefused(N_("the bundle's event log does not verify: {problem}"),
                                    problem=problem) from None
            assert state.contest is not None
            difference = first_difference(contest, state.contest, "contest")
            if difference is not None:
                raise ChangeRefused(N_("the bundle's event log does not verify: {problem}"),
                                    problem=difference)
            session_state = state.session
            records = repo.SessionRecords(state.confirmed, state.absent, state.observations)
            presenting = state.presenting
        else:
            events = [make_event(1, GENESIS, CONTEST_IMPORTED,
                                 {"contest": contest_to_dict(contest)}, actor=self.actor)]
        with Session(self.engine) as session, session.begin():
            old = session.scalars(select(ContestRow).where(ContestRow.id == contest.id)
                                  .with_for_update()).first()
            version = 0
            if old is not None:
                if not replace:
                    raise ChangeRefused(N_("a contest with the id {id} already exists; use "
                                           "--replace to overwrite it"), id=contest.id)
                version = old.definition_version
                repo.delete_contest(session, contest.id)
                session.flush()
                session.expunge(old)
            row = repo.write_contest_row(session, contest, None)
            row.definition_version = version + 1
            row.session_state = session_state
            row.presenting = presenting
            row.last_seq = events[-1]["seq"]
            row.last_hash = events[-1]["hash"]
            session.flush()
            repo.write_definition(session, contest)
            repo.write_records(session, contest, row)
            repo.write_events(session, contest.id, events)
            repo.write_session_records(session, contest.id, records, events)
            digests.seal(session, contest.id)
        return Imported(contest.id, len(contest.proposals), len(contest.scores), len(events),
                        old is not None)

    def create_contest(self, contest: dict[str, Any]) -> Committed:
        """Start a new, empty contest from its id, title, date, place, currency and rules."""
        return self._create(contest, ("id", "title", "date", "place", "currency", "rules"),
                            whole=False)

    def create_prepared(self, contest: dict[str, Any]) -> Committed:
        """A new contest with everything prepared before its session — place, programme,
        office, time zone, rules, categories, phases with their criteria, jurors — as one
        ``contest.created`` event (the new-contest wizard). Proposals come afterwards;
        recusals, scores and draws never come this way. Nothing is created if any part is
        refused."""
        for key in contest:
            if key not in PREPARED_KEYS:
                raise ChangeRefused(N_("a new contest starts with no {field}"), "contest",
                                    field=key)
        return self._create(contest, PREPARED_KEYS, whole=True)

    def _create(self, contest: dict[str, Any], keys: tuple[str, ...],
                whole: bool) -> Committed:
        change = check_change(CONTEST_CREATED, {"contest": contest}, None, "contest")
        assert isinstance(change, DefinitionChange)
        new = change.contest
        data = {"contest": {k: v for k, v in contest_to_dict(new).items() if k in keys}}
        event = make_event(1, GENESIS, CONTEST_CREATED, data, actor=self.actor)
        with Session(self.engine) as session, session.begin():
            if repo.contest_exists(session, new.id):
                raise ChangeRefused(N_("a contest with the id {id} already exists"), id=new.id)
            row = repo.write_contest_row(session, new, None)
            row.last_seq, row.last_hash = 1, event["hash"]
            session.flush()
            if whole:
                repo.write_definition(session, new)
            repo.write_event(session, new.id, event)
            digests.seal(session, new.id)
        return Committed(event, change)

    def contest_from(self, source_id: str, contest: dict[str, Any]) -> list[Committed]:
        """A new contest reusing another's rules, currency, categories and scoring sheets
        (not its proposals, jurors or scores). ``contest`` gives the new id, title, date
        and, optionally, place. Nothing is created if any part is refused."""
        with Session(self.engine) as session:
            self._require(session, source_id)
            source = repo.load_definition(session, source_id)
        snapshot = contest_to_dict(source)
        first = {"id": contest.get("id"), "title": contest.get("title"),
                 "date": contest.get("date"), "currency": snapshot.get("currency", "PEN")}
        if contest.get("place"):
            first["place"] = contest["place"]
        created = self.create_contest(first)
        new_id = created.event["data"]["contest"]["id"]
        changes = [("category.added", {"category": c}) for c in snapshot["categories"]]
        changes += [("phase.added", {"phase": p}) for p in snapshot["phases"]]
        # Last: the tie-break chain may name criteria, which must exist by then.
        changes.append(("rules.changed", {"rules": snapshot["rules"]}))
        try:
            return [created, *self.apply_many(new_id, changes)]
        except BaseException:
            with Session(self.engine) as session, session.begin():
                repo.delete_contest(session, new_id)
            raise

    # -- changing ------------------------------------------------------------------------------
    def apply(self, contest_id: str, kind: str, data: dict[str, Any],
              path: str = "data") -> Committed:
        """Validate one change, write it and its event in one transaction, and commit."""
        return self.apply_many(contest_id, [(kind, data)], paths=[path])[0]

    def apply_many(self, contest_id: str, changes: list[tuple[str, dict[str, Any]]],
                   paths: list[str] | None = None) -> list[Committed]:
        """Several changes in one transaction: all are committed, or none (the first refusal
        is raised, naming the change by its position, or by ``paths``)."""
        done: list[Committed] = []
        try:
            with Session(self.engine) as session, session.begin():
                row, last_at = self._open_for_change(session, contest_id)
                touched: set[str] = {digests.CONTEST}
                everything = False
                for i, (kind, data) in enumerate(changes):
                    view = repo.DatabaseView(session, row)
                    path = paths[i] if paths else f"[{i + 1}]"
                    change = check_change(kind, data, view, path)
                    parts = _parts(change)
                    if not everything:
                        # Each part is checked before this transaction first writes it.
                        fresh = None if parts is None else parts - touched
                        if fresh is None or fresh:
                            try:
                                digests.check(session, contest_id, fresh, skip=touched)
                            except ChangeRefused as problem:
                                raise changed(problem) from None
                        everything = parts is None
                        touched |= parts or set()
                    event = make_event(row.last_seq + 1, row.last_hash, kind,
                                       _logged_data(kind, data, change), actor=self.actor,
                                       not_before=last_at)
                    last_at = event["at"]
                    self._write(session, row, change, event["seq"])
                    repo.write_event(session, contest_id, event)
                    row.last_seq, row.last_hash = event["seq"], event["hash"]
                    session.flush()
                    done.append(Committed(event, change))
                digests.seal(session, contest_id, None if everything else touched)
        except BaseException:
            repo.DatabaseView.forget()
            raise
        return done

    def add_items(self, contest_id: str, kind: str, items: list[dict[str, Any]],
                  paths: list[str] | None = None) -> list[Committed]:
        """Add many proposals or jurors (``kind``: "proposal" or "juror") in one
        transaction, all or none: one ``proposal.added`` / ``juror.added`` event each, exactly
        as `apply_many` would log them, so replay and verify see no difference. The contest
        is validated once with all of them and only their rows are written, so the cost
        grows with the number of items, not with its square. Every `Committed` returned
        carries the contest as it stands after the last item."""
        event_kind = f"{kind}.added"
        if event_kind not in ADDITIONS:
            raise ValueError(kind)
        paths = paths or [f"[{i + 1}]" for i in range(len(items))]
        if not items:
            return []
        try:
            with Session(self.engine) as session, session.begin():
                row, last_at = self._open_for_change(session, contest_id)
                try:
                    digests.check(session, contest_id, {digests.DEFINITION})
                except ChangeRefused as problem:
                    raise changed(problem) from None
                contest = check_additions(event_kind, list(items), repo.DatabaseView(
                    session, row), paths)
                change = DefinitionChange(contest)
                events = []
                for item in items:
                    events.append(make_event(row.last_seq + 1, row.last_hash, event_kind,
                                             _logged_data(event_kind, {kind: item}, change),
                                             actor=self.actor, not_before=last_at))
                    last_at = events[-1]["at"]
                    row.last_seq, row.last_hash = events[-1]["seq"], events[-1]["hash"]
                repo.write_contest_row(session, contest, row)
                repo.append_definition_items(session, contest, ADDITIONS[event_kind],
                                             len(items))
                repo.write_events(session, contest_id, events)
                digests.seal(session, contest_id, {digests.CONTEST, digests.DEFINITION})
        except BaseException:
            repo.DatabaseView.forget()
            raise
        return [Committed(event, change) for event in events]

    def _open_for_change(self, session: Session, contest_id: str) -> tuple[ContestRow, str]:
        """The contest row, locked, once the stored contest passed the checks a change needs
        (read-only contests refused): every row the first time this service uses the contest
        (opening it), then the contest row and the log's tail. Also the last event's time."""
        if contest_id in self.read_only:
            raise ChangeRefused(N_("this contest is open read-only: {problem}"),
                                problem=self.read_only[contest_id])
        row = self._require(session, contest_id, lock=True)
        try:
            check_tail(session, row)
            digests.check(session, contest_id,
                          None if contest_id not in self._checked else {digests.CONTEST})
        except StoreChanged:
            raise
        except ChangeRefused as problem:
            raise changed(problem) from None
        self._checked.add(contest_id)
        last_at = session.scalar(select(EventRow.at).where(
            EventRow.contest_id == contest_id, EventRow.seq == row.last_seq))
        return row, last_at or ""

    def _write(self, session: Session, row: ContestRow, change: Change, seq: int) -> None:
        cid = row.id
        if isinstance(change, ScoreChange):
            value = decimal_text(change.value)
            if change.old is None:
                session.add(ScoreRow(contest_id=cid, juror_id=change.juror,
                                     proposal_id=change.proposal, criterion_id=change.criterion,
                                     value=value, position=row.next_score_position))
                row.next_score_position += 1
            else:
                session.execute(update(ScoreRow).where(
                    ScoreRow.contest_id == cid, ScoreRow.juror_id == change.juror,
                    ScoreRow.proposal_id == change.proposal,
                    ScoreRow.criterion_id == change.criterion).values(value=value))
        elif isinstance(change, TakeOff):
            self._write_takeoff(session, row, change)
        elif isinstance(change, Draw):
            count = len(session.scalars(select(DrawRow.position)
                                        .where(DrawRow.contest_id == cid)).all())
            session.add(DrawRow(contest_id=cid, position=count, proposals=list(change.proposals),
                                draw_order=list(change.order)))
        elif isinstance(change, SessionChange):
            row.session_state = change.state
        elif isinstance(change, SheetConfirmed):
            session.add(ConfirmationRow(contest_id=cid, juror_id=change.juror,
                                        proposal_id=change.proposal, phase_id=change.phase,
                                        seq=seq))
        elif isinstance(change, AttendanceChange):
            if change.present:
                session.execute(delete(AbsenceRow).where(AbsenceRow.contest_id == cid,
                                                         AbsenceRow.juror_id == change.juror))
            else:
                session.add(AbsenceRow(contest_id=cid, juror_id=change.juror))
        elif isinstance(change, Observation):
            session.add(ObservationRow(contest_id=cid, seq=seq, text=change.text))
        elif isinstance(change, PresentationStarted):
            row.presenting = change.proposal
        elif isinstance(change, ImageSet):
            session.execute(delete(ProposalImageRow).where(
                ProposalImageRow.contest_id == cid,
                ProposalImageRow.proposal_id == change.proposal))
            if change.sha256 is not None:
                data = self._pending_images.pop(change.sha256, None)
                if data is None:
                    raise ChangeRefused(N_("the image itself is missing"), item=change.proposal)
                session.add(ProposalImageRow(contest_id=cid, proposal_id=change.proposal,
                                             sha256=change.sha256,
                                             media_type=change.media_type or "", data=data))
        elif isinstance(change, DefinitionChange):
            repo.write_contest_row(session, change.contest, row)
            repo.write_definition(session, change.contest)
            repo.forget_removed(session, change.contest, row)

    def _write_takeoff(self, session: Session, row: ContestRow, change: TakeOff) -> None:
        """Recusals, absences, withdrawals and removed values: the rows they change."""
        cid = row.id
        if isinstance(change, ScoreRemoved):
            _delete_values(session, row, change.juror, change.proposal,
                           ((change.criterion, change.old),))
            return
        if isinstance(change, RecusalRecorded):
            recusal = change.recusal
            _delete_values(session, row, recusal.juror, recusal.proposal, change.removed)
            session.add(RecusalRow(contest_id=cid, juror_id=recusal.juror,
                                   proposal_id=recusal.proposal,
                                   position=_count(session, RecusalRow, cid),
                                   reason=recusal.reason))
        elif isinstance(change, AbsenceChange):
            a = change.absence
            _delete_values(session, row, a.juror, a.proposal, change.removed)
            if change.absent:
                session.add(PhaseAbsenceRow(contest_id=cid, juror_id=a.juror,
                                            proposal_id=a.proposal, phase_id=a.phase,
                                            position=_count(session, PhaseAbsenceRow, cid),
                                            reason=a.reason))
            else:
                session.execute(delete(PhaseAbsenceRow).where(
                    PhaseAbsenceRow.contest_id == cid, PhaseAbsenceRow.juror_id == a.juror,
                    PhaseAbsenceRow.proposal_id == a.proposal,
                    PhaseAbsenceRow.phase_id == a.phase))
        else:
            w = change.withdrawal
            session.add(WithdrawalRow(contest_id=cid, proposal_id=w.proposal,
                                      position=_count(session, WithdrawalRow, cid),
                                      reason=w.reason))
        # Last: the cached definition index holds recusals, absences and withdrawals.
        row.definition_version += 1

    # -- the usual changes, by name ----------------------------------------------------------
    def enter_score(self, contest_id: str, juror: str, proposal: str, criterion: str,
                    value: str) -> Committed:
        return self.apply(contest_id, "score.entered", {
            "juror": juror, "proposal": proposal, "criterion": criterion, "value": value})

    def correct_score(self, contest_id: str, juror: str, proposal: str, criterion: str,
                      value: str, reason: str) -> Committed:
        return self.apply(contest_id, "score.corrected", {
            "juror": juror, "proposal": proposal, "criterion": criterion, "value": value,
            "reason": reason})

    def recuse(self, contest_id: str, juror: str, proposal: str, reason: str) -> Committed:
        """Record a recusal; the juror's values on that item, if any, are taken off."""
        return self.apply(contest_id, "recusal.recorded",
                          {"juror": juror, "proposal": proposal, "reason": reason})

    def record_absence(self, contest_id: str, juror: str, proposal: str, phase: str,
                       reason: str | None = None) -> Committed:
        """The juror takes no part in that phase of that item (values on it are taken off)."""
        data = {"juror": juror, "proposal": proposal, "phase": phase}
        if reason:
            data["reason"] = reason
        return self.apply(contest_id, "absence.recorded", data)

    def withdraw_absence(self, contest_id: str, juror: str, proposal: str,
                         phase: str) -> Committed:
        """The juror is back for that phase of that item."""
        return self.apply(contest_id, "absence.withdrawn",
                          {"juror": juror, "proposal": proposal, "phase": phase})

    def withdraw_item(self, contest_id: str, proposal: str, reason: str) -> Committed:
        """The item did not present or withdrew: it is neither scored nor ranked."""
        return self.apply(contest_id, "proposal.withdrawn",
                          {"proposal": proposal, "reason": reason})

    def remove_score(self, contest_id: str, juror: str, proposal: str, criterion: str,
                     reason: str | None = None) -> Committed:
        """Take a value off its sheet (a reason is needed once the sheet was confirmed)."""
        data = {"juror": juror, "proposal": proposal, "criterion": criterion}
        if reason:
            data["reason"] = reason
        return self.apply(contest_id, "score.removed", data)

    def record_draw(self, contest_id: str, proposals: list[str], order: list[str]) -> Committed:
        return self.apply(contest_id, "draw.recorded", {"proposals": proposals, "order": order})

    def change_score(self, contest_id: str, juror: str, proposal: str, criterion: str,
                     value: str) -> Committed:
        """Replace a value on a sheet not yet confirmed (no reason needed)."""
        return self.apply(contest_id, "score.changed", {
            "juror": juror, "proposal": proposal, "criterion": criterion, "value": value})

    def confirm_sheet(self, contest_id: str, juror: str, proposal: str,
                      phase: str) -> Committed:
        return self.apply(contest_id, "sheet.confirmed",
                          {"juror": juror, "proposal": proposal, "phase": phase})

    def mark_attendance(self, contest_id: str, juror: str, present: bool) -> Committed:
        return self.apply(contest_id, "attendance.marked", {"juror": juror, "present": present})

    def add_observation(self, contest_id: str, text: str) -> Committed:
        return self.apply(contest_id, "observation.added", {"text": text})

    def set_minutes_details(self, contest_id: str, details: MinutesDetails) -> Committed:
        """Record the acta's number, agenda and other attendees (replacing the last ones)."""
        return self.apply(contest_id, MINUTES_DETAILS_SET, minutes_details_data(details))

    def set_proposal_image(self, contest_id: str, proposal: str, data: bytes | None,
                           media_type: str | None = None) -> Committed:
        """A proposal's photo or talking map (PNG or JPEG, at most 10 MB), or None to
        remove it. The log records the image's SHA-256; the image is kept beside it."""
        if data is None:
            return self.apply(contest_id, "proposal.image_set", {"proposal": proposal,
                                                                 "sha256": None})
        kind = media_type or _sniff_image(data)
        if kind is None or _sniff_image(data) != kind:
            raise ChangeRefused(N_("an image must be PNG or JPEG"), item=proposal)
        if len(data) > MAX_IMAGE_BYTES:
            raise ChangeRefused(N_("the image is larger than 10 MB"), item=proposal)
        try:
            check_image(data)  # whole, and small enough to decode (images.py)
        except ImageRefused as refused:
            raise ChangeRefused(refused.template, None, proposal, **refused.params) from None
        digest = hashlib.sha256(data).hexdigest()
        self._pending_images[digest] = data
        try:
            return self.apply(contest_id, "proposal.image_set", {
                "proposal": proposal, "sha256": digest, "media_type": kind})
        finally:
            self._pending_images.pop(digest, None)

    def proposal_image(self, contest_id: str, proposal: str) -> tuple[bytes, str] | None:
        """The proposal's image and its media type, if this database holds it."""
        with Session(self.engine) as session:
            row = session.get(ProposalImageRow, (contest_id, proposal))
            return None if row is None else (row.data, row.media_type)

    def open_session(self, contest_id: str) -> Committed:
        return self.apply(contest_id, "session.opened", {})

    def close_session(self, contest_id: str) -> Committed:
        return self.apply(contest_id, "session.closed", {})

    def reopen_session(self, contest_id: str, reason: str) -> Committed:
        return self.apply(contest_id, "session.reopened", {"reason": reason})


MAX_IMAGE_BYTES = 10 * 1024 * 1024


def _parts(change: Change) -> set[str] | None:
    """The parts of the contest's rows a change writes (None: possibly any)."""
    if isinstance(change, ScoreChange | SheetConfirmed | ImageSet | ScoreRemoved
                  | ItemWithdrawn):
        return {digests.ITEM + change.proposal if not isinstance(change, ItemWithdrawn)
                else digests.ITEM + change.withdrawal.proposal}
    if isinstance(change, RecusalRecorded):
        return {digests.ITEM + change.recusal.proposal}
    if isinstance(change, AbsenceChange):
        return {digests.ITEM + change.absence.proposal}
    if isinstance(change, Draw | AttendanceChange | Observation):
        return {digests.SESSION}
    if isinstance(change, DefinitionChange):
        return None
    return set()


def _count(session: Session, table: Any, contest_id: str) -> int:
    """The next row's position in a table of the contest (after the last one, even when
    rows before it were deleted)."""
    last = session.scalar(select(func.max(table.position)).where(
        table.contest_id == contest_id))
    return 0 if last is None else int(last) + 1


def _delete_values(session: Session, row: ContestRow, juror: str, proposal: str,
                   removed: Removed) -> None:
    """Delete the listed values of a juror on an item, and unconfirm their sheets."""
    if not removed:
        return
    criteria = [criterion for criterion, _value in removed]
    index = repo.DatabaseView(session, row).index()
    phases = {index.criteria[c][0].id for c in criteria}
    session.execute(delete(ScoreRow).where(
        ScoreRow.contest_id == row.id, ScoreRow.juror_id == juror,
        ScoreRow.proposal_id == proposal, ScoreRow.criterion_id.in_(criteria)))
    session.execute(delete(ConfirmationRow).where(
        ConfirmationRow.contest_id == row.id, ConfirmationRow.juror_id == juror,
        ConfirmationRow.proposal_id == proposal, ConfirmationRow.phase_id.in_(phases)))


def _sniff_image(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def _logged_data(kind: str, data: dict[str, Any], change: Change) -> dict[str, Any]:
    """The event's data: only the fields the kind defines, decimals as canonical text."""
    if isinstance(change, ScoreChange):
        logged: dict[str, Any] = {"juror": change.juror, "proposal": change.proposal,
                                  "criterion": change.criterion,
                                  "value": decimal_text(change.value)}
        if change.old is not None:
            logged["old"] = decimal_text(change.old)
        if kind == "score.corrected":
            logged["reason"] = change.reason  # as checked (trimmed)
        return logged
    if isinstance(change, TakeOff):
        return takeoff_data(change)
    if isinstance(change, SecondEntry | EntriesReconciled | DoubleEntrySet):
        # Nothing of it is written to the rows: the store derives it from the log.
        return double_entry_data(change)
    if isinstance(change, Draw):
        return {"proposals": list(change.proposals), "order": list(change.order)}
    if kind == "session.reopened":
        return {"reason": data["reason"]}
    if isinstance(change, SheetConfirmed):
        return {"juror": change.juror, "proposal": change.proposal, "phase": change.phase}
    if isinstance(change, AttendanceChange):
        return {"juror": change.juror, "present": change.present}
    if isinstance(change, Observation):
        return {"text": change.text}
    if isinstance(change, PresentationStarted):
        return {"proposal": change.proposal}
    if isinstance(change, ImageSet):
        if change.sha256 is None:
            return {"proposal": change.proposal, "sha256": None}
        return {"proposal": change.proposal, "sha256": change.sha256,
                "media_type": change.media_type}
    if isinstance(change, SessionChange):
        return {}
    if isinstance(change, MinutesDetails):
        return minutes_details_data(change)  # checked and trimmed, nothing else
    return data


__all__ = ["Committed", "ContestService", "ContestSummary", "Imported"]
