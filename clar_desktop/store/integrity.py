"""Is the database still what the program wrote? The rows checked against the log.

Every row of a contest is derived from its event log: replaying the log must give exactly the
stored contest (definition, scores, recusals, absences, withdrawals, draws) and its session
records (state, confirmed sheets, attendance, observations, the proposal presenting, image
hashes), and the contest row must point at the log's last event. `check_contest` does all of
it (``clar-desktop check``, opening a contest, every export); `check_tail` is the cheap part
every change runs first (the log's last event is intact and is the one the contest row
names). A database edited behind the program's back (an ``UPDATE`` in a SQL shell, a disk
that flipped bytes) is then refused with one sentence instead of being trusted, printed or
exported.
"""

from __future__ import annotations

import hashlib
import json
from decimal import InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.canonical import canonical_text
from ..domain.errors import N_, ChangeRefused
from ..domain.log import check_chain
from ..domain.state import ContestState, replay
from ..domain.verify import first_difference
from . import repository as repo
from .errors import StoreChanged, changed
from .schema import ContestRow, EventRow, ProposalImageRow

__all__ = ["UNREADABLE", "StoreChanged", "changed", "check_contest", "check_tail"]

UNREADABLE = (ValueError, TypeError, KeyError, AttributeError, InvalidOperation,
              json.JSONDecodeError, AssertionError)
"""What reading a damaged row raises (a value that is no decimal, a JSON that is no JSON…)."""


def check_tail(session: Session, row: ContestRow) -> None:
    """The log's last event is the one the contest row names, and its hash still matches its
    content. Cheap: one row. Raises `StoreChanged`."""
    last = session.scalars(select(EventRow).where(
        EventRow.contest_id == row.id).order_by(EventRow.seq.desc()).limit(1)).first()
    if last is None or last.seq != row.last_seq or last.hash != row.last_hash:
        raise changed(N_("the contest does not point at the last event of its log"))
    try:
        # The data is stored as its canonical text (repository.write_event): the event's
        # canonical text is its envelope around that text, keys in JCS order (actor, at,
        # data, kind, prev, seq). Nothing is parsed, so the first event of an imported
        # contest — its whole snapshot, megabytes — costs no more than hashing it; a changed
        # value, a float or anything not written canonically gives another hash.
        def field(value: object) -> str:
            return canonical_text(value, checked=True)

        head = f'"actor":{field(last.actor)},' if last.actor else ""
        digest = hashlib.sha256(f'{{{head}"at":{field(last.at)},"data":'.encode())
        digest.update(last.data.encode())
        digest.update(f',"kind":{field(last.kind)},"prev":{field(last.prev)},'
                      f'"seq":{field(last.seq)}}}'.encode())
        intact = digest.hexdigest() == last.hash
    except (*UNREADABLE, UnicodeEncodeError):
        intact = False
    if not intact:
        raise changed(N_("the last event of the log was altered"))


def check_contest(session: Session, contest_id: str) -> ContestState:
    """The full check: the chain, the replay, and every stored row against the replay.
    Returns the replayed state; raises `StoreChanged` naming the first difference."""
    row = session.get(ContestRow, contest_id)
    assert row is not None
    try:
        events = repo.load_events(session, contest_id)
        check_chain(events)
        state = replay(events)
    except ChangeRefused as problem:
        raise changed(problem) from None
    except UNREADABLE:
        raise changed(N_("the log cannot be read")) from None
    check_tail(session, row)
    assert state.contest is not None
    try:
        stored = repo.load_contest(session, contest_id)
        records = repo.load_session_records(session, contest_id)
        images = dict(session.execute(select(ProposalImageRow.proposal_id,
                                             ProposalImageRow.sha256)
                                      .where(ProposalImageRow.contest_id == contest_id)).all())
    except UNREADABLE:
        raise changed(N_("a stored row cannot be read")) from None
    difference = first_difference(stored, state.contest, "contest")
    if difference is not None:
        if difference.template.startswith("the bundle says"):
            # The same difference, said of the database rather than of a bundle.
            difference = ChangeRefused(
                N_("the database says {found} but the log says {expected}"),
                difference.path, difference.item, found=difference.params["found"],
                expected=difference.params["expected"])
        raise changed(difference)
    for found, expected, what in (
            (row.session_state, state.session, N_("the session's state differs from the log")),
            (row.presenting, state.presenting,
             N_("the proposal presenting differs from the log")),
            (records.confirmed, state.confirmed,
             N_("the confirmed sheets differ from the log")),
            (records.absent, state.absent, N_("the attendance differs from the log")),
            (records.observations, state.observations,
             N_("the observations differ from the log")),
            (images, state.images, N_("the proposals' images differ from the log"))):
        if found != expected:
            raise changed(ChangeRefused(what))
    return state
