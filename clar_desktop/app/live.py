"""The live contest as the windows see it: one state, moved only by committed events.

`LiveContest` is the single relay between the service layer and every view. A change asked
for by a view goes through `ContestService.apply` (validated, written, logged, committed);
the committed event is then applied to the in-memory `ContestState` and announced with
`applied`. Events committed by another program (``clar-desktop record``, a second laptop)
are picked up by `poll` and announced the same way, so all views — the secretary's and the
audience's — always show the same committed state.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..domain.errors import DomainError
from ..domain.model import text_in
from ..domain.state import Applied, ContestState
from ..i18n import Later, _, current_language
from ..services import Committed, ContestService


class LiveContest(QObject):
    """A contest kept current from its log; emits `applied` after each committed event."""

    applied = Signal(object, object)
    """(event dict, `Applied`: the proposals whose results may have changed)."""
    refused = Signal(str)
    """A translated sentence saying why a change was refused."""

    def __init__(self, service: ContestService, contest_id: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.contest_id = contest_id
        self.state: ContestState = service.load_state(contest_id)
        self.last_seq = self._stored_last_seq()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.poll)

    def _stored_last_seq(self) -> int:
        events = self.service.events_after(self.contest_id, 0, limit=0)
        return events.last_seq

    def watch(self, interval_ms: int = 1000) -> None:
        """Poll the database for events written by other programs."""
        self._timer.start(interval_ms)

    def apply(self, kind: str, data: dict[str, Any]) -> bool:
        """Ask for one change. True when committed; False (and `refused`) otherwise."""
        problem = self.explain_apply(kind, data)
        if problem is not None:
            self.refused.emit(problem)
        return problem is None

    def explain_apply(self, kind: str, data: dict[str, Any]) -> str | None:
        """Ask for one change; None when committed, else the translated reason it was not
        (a `Later`: it can be shown again in another language)."""
        self.poll()
        try:
            committed = self.service.apply(self.contest_id, kind, data)
        except DomainError as error:
            return Later(lambda e=error: e.sentence(_, self.name_of))
        self.accept(committed)
        return None

    def apply_many(self, changes: list[tuple[str, dict[str, Any]]]) -> str | None:
        """Several changes in one transaction, all or none (`ContestService.apply_many`);
        None when committed, else the translated reason (a `Later`)."""
        self.poll()
        try:
            committed = self.service.apply_many(self.contest_id, changes)
        except DomainError as error:
            return Later(lambda e=error: e.sentence(_, self.name_of))
        for done in committed:
            self.accept(done)
        return None

    def name_of(self, item_id: str) -> str | None:
        """What people call the item with this id — a juror's name, an organization, a
        category's, phase's or criterion's name in the current language — or None."""
        contest = self.state.contest
        if contest is None:
            return None
        language = current_language()
        if (juror := contest.juror(item_id)) is not None:
            return juror.name
        if (proposal := contest.proposal(item_id)) is not None:
            return proposal.organization
        if (item := contest.followup_item(item_id)) is not None:
            return item.organization
        if (category := contest.category(item_id)) is not None:
            return text_in(category.name, language)
        if (phase := contest.phase(item_id)) is not None:
            return text_in(phase.name, language)
        if (found := contest.criterion(item_id)) is not None:
            return text_in(found[1].name, language)
        return None

    def accept(self, committed: Committed) -> None:
        """Apply and announce a change this program has just committed."""
        if committed.seq != self.last_seq + 1:
            # Someone else wrote in between: catch up from the log, which includes ours.
            self.poll()
            return
        self._announce(committed.event, self.state.apply_change(committed.change))

    def accept_many(self, committed: list[Committed]) -> None:
        """Apply and announce a batch this program has just committed in one transaction
        (`ContestService.add_items`), whose every `Committed` carries the contest after the
        whole batch: the state takes it once, instead of re-checking the events one by one
        (which costs the contest's size for each). Every event is announced, in order; the
        last says everything changed, the others nothing, so the views rebuild once."""
        if not committed:
            return
        first = committed[0].seq
        if first > self.last_seq + 1:
            self._poll(limit=first - 1 - self.last_seq)  # someone else wrote in between
        if first != self.last_seq + 1:
            self.poll()
            return
        everything = self.state.apply_change(committed[-1].change)
        for done in committed[:-1]:
            self._announce(done.event, Applied())
        self._announce(committed[-1].event, everything)

    def poll(self) -> None:
        """Apply, in order, the events committed since the last one this view has seen."""
        self._poll()

    def _poll(self, limit: int | None = None) -> None:
        events = self.service.events_after(self.contest_id, self.last_seq, limit).events
        # A long run of additions (another program's import) is taken at once.
        steps = self.state.apply_events(events, lambda i: f"events[{events[i]['seq']}]")
        for event, applied in zip(events, steps, strict=True):
            self._announce(event, applied)

    def _announce(self, event: dict[str, Any], applied: Applied) -> None:
        self.last_seq = int(event["seq"])
        self.applied.emit(event, applied)
