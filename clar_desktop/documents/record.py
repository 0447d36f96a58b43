"""What the printed documents are made from: a contest, its results and its session history.

`record_from_bundle` is the one way in, for a bundle file and for a contest in the database
(exported as a bundle first), so a printed acta always says what ``clar-desktop verify`` says
about the same bundle. With an event log the log is checked (hashes, replay, snapshot) and
read once for the times the minutes print; without one, only the contest and its results are
known, and the documents say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ..domain.bundle import Bundle
from ..domain.canonical import sha256_hex
from ..domain.changes import CLOSED, Attendee, DefinitionChange, MinutesDetails
from ..domain.checklist import DRAW, OpenPoint, open_points
from ..domain.errors import N_, ChangeRefused
from ..domain.log import check_chain
from ..domain.model import Contest, Criterion, FollowupItem, Juror, Proposal
from ..domain.state import ContestState
from ..domain.tally import FollowupResult, ProposalResult, TallyResults
from ..domain.verify import certificate_code, first_difference
from ..times import local_time


@dataclass(frozen=True, slots=True)
class Correction:
    at: datetime
    juror: str
    proposal: str
    criterion: str
    old: str
    new: str
    reason: str


@dataclass(slots=True)
class SessionRecord:
    """Everything a document prints, computed once."""

    contest: Contest
    results: TallyResults
    session: str
    minutes: MinutesDetails
    absent: set[str]
    confirmed: set[tuple[str, str, str]]
    observations: list[tuple[datetime | None, str]]
    corrections: list[Correction]
    opened_at: datetime | None = None
    closed_at: datetime | None = None
    reopenings: list[tuple[datetime, str]] = field(default_factory=list)
    presented_at: dict[str, datetime] = field(default_factory=dict)
    recused_at: dict[tuple[str, str], datetime] = field(default_factory=dict)
    removed_by_recusal: dict[tuple[str, str], list[tuple[str, str]]] = field(
        default_factory=dict)
    """(juror, proposal) → the (criterion, value) pairs a recusal took off the sheets."""
    drawn_at: list[datetime | None] = field(default_factory=list)
    """When each logged draw was made, in log order: the last of ``contest.draws`` (each one
    recorded is appended; the draws a bundle brought along come first and have no time)."""
    events: int = 0
    log_hash: str | None = None
    results_hash: str = ""
    by_proposal: dict[str, ProposalResult] = field(default_factory=dict)
    open_points: list[OpenPoint] = field(default_factory=list)
    """The pre-close checklist as the log leaves it (`domain.checklist`): empty for a
    session closed as it must be; an older log may have closed over open points."""
    proposals: dict[str, Proposal] = field(default_factory=dict, init=False)
    jurors: dict[str, Juror] = field(default_factory=dict, init=False)
    criteria: dict[str, Criterion] = field(default_factory=dict, init=False)
    recused: set[tuple[str, str]] = field(default_factory=set, init=False)
    pending: set[str] = field(default_factory=set, init=False)
    """Items with a sheet still open: their status is printed as pending."""
    items: dict[str, FollowupItem] = field(default_factory=dict, init=False)
    """The second-tranche items (follow-ups) by id."""
    by_item: dict[str, FollowupResult] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.by_proposal = {r.proposal: r for r in self.results.results}
        self.results_hash = sha256_hex(self.results.to_json())
        contest = self.contest
        # Lookups by id: a document of thousands of proposals must not scan lists per line.
        self.proposals = {p.id: p for p in contest.proposals}
        self.jurors = {j.id: j for j in contest.jurors}
        self.criteria = {c.id: c for phase in contest.all_phases for c in phase.criteria}
        self.items = {i.id: i for i in contest.followup_items}
        self.by_item = {f.item: f for f in self.results.followups or []}
        self.recused = {(r.juror, r.proposal) for r in contest.recusals}
        self.pending = {p.item for p in self.open_points if p.kind != DRAW}

    @property
    def closed(self) -> bool:
        return self.session == CLOSED

    @property
    def final(self) -> bool:
        """Closed over a complete record: only then is a document not a draft."""
        return self.closed and not self.open_points

    @property
    def draft_reason(self) -> str | None:
        """The draft mark's message id (to translate with the document's words), None for a
        final record."""
        if not self.closed:
            return N_("DRAFT: the session is not closed")
        if self.open_points:
            return N_("DRAFT: sheets not confirmed or items pending")
        return None

    @property
    def day(self) -> date:
        """The day the session was planned for (the contest's date)."""
        return date.fromisoformat(self.contest.date)

    @property
    def held_on(self) -> date:
        """The day the session was opened, in the contest's time zone; the planned day when
        the log does not say (no log, or not opened yet)."""
        return self.opened_at.date() if self.opened_at is not None else self.day

    def proposals_in_order(self, category: str | None = None) -> list[Proposal]:
        return sorted((p for p in self.contest.proposals
                       if category is None or p.category == category), key=lambda p: p.order)

    def items_in_order(self) -> list[FollowupItem]:
        """The second-tranche items in their running order (none without follow-ups)."""
        return sorted(self.contest.followup_items, key=lambda i: i.order)

    def approved_items(self) -> list[FollowupResult]:
        """The items whose second tranche is released, in running order: each one gets a
        constancia de segundo desembolso."""
        return [self.by_item[i.id] for i in self.items_in_order()
                if self.by_item[i.id].status == "approved"]

    def funded(self) -> list[ProposalResult]:
        """Funded proposals, by category as listed, then rank."""
        return [r for r in self.results.results if r.funded]

    def scoring_jurors(self) -> list[Juror]:
        """Jurors with at least one value: those who sign the acta."""
        scored = {juror for juror, _p, _c in self.contest.scores}
        return [j for j in self.contest.jurors if j.id in scored]

    def president(self) -> Juror | None:
        """The juror whose cargo names them president (Spanish or English), if any."""
        for juror in self.contest.jurors:
            role = (juror.role or "").strip().lower()
            if role.startswith(("presidente", "presidenta", "president")):
                return juror
        return None

    def place_text(self) -> str:
        """Community, district, province and region as given, joined ("" when none)."""
        place = self.contest.place
        if place is None:
            return ""
        return ", ".join(x for x in (place.community, place.district, place.province,
                                     place.region) if x)

    def secretary(self) -> Attendee | None:
        """The attendee recorded as the session's secretary, if any."""
        return next((a for a in self.minutes.attendees if a.group == "secretary"), None)

    def verification_code(self, proposal: str) -> str:
        """A certificate's verification code (`certificate_code`)."""
        return certificate_code(self.results_hash, proposal)


def record_from_bundle(bundle: Bundle) -> SessionRecord:
    """The documents' view of a bundle. A bundle whose log does not verify is refused
    (`ChangeRefused`): a document must never print what the log contradicts."""
    events = bundle.events or []
    state = ContestState()
    if not events:
        state.apply_change(DefinitionChange(bundle.contest))
        assert state.tally is not None
        return SessionRecord(bundle.contest, state.tally.results(), state.session,
                             state.minutes, set(), set(), [], [],
                             open_points=open_points(state))
    try:
        log_hash = check_chain(events)
    except ChangeRefused as problem:
        raise ChangeRefused(N_("the bundle's event log does not verify: {problem}"),
                            problem=problem) from None
    opened = closed = None
    reopenings: list[tuple[datetime, str]] = []
    presented: dict[str, datetime] = {}
    recused: dict[tuple[str, str], datetime] = {}
    removed: dict[tuple[str, str], list[tuple[str, str]]] = {}
    drawn: list[datetime | None] = []
    observations: list[tuple[datetime | None, str]] = []
    corrections: list[Correction] = []
    for i, event in enumerate(events):
        kind, data = event.get("kind", ""), event.get("data") or {}
        before = None
        if kind == "score.corrected" and state.contest is not None:
            # "old" may be left out of the event: it is then the value as it stood.
            before = state.current_value(str(data.get("juror")), str(data.get("proposal")),
                                         str(data.get("criterion")))
        try:
            state.apply(kind, data, f"events[{i}].data", logged=True)
        except ChangeRefused as problem:
            raise ChangeRefused(N_("the bundle's event log does not verify: {problem}"),
                                problem=ChangeRefused(
                                    N_("event {seq} cannot be applied: {problem}"),
                                    f"events[{i}]", seq=event.get("seq"),
                                    problem=problem)) from None
        if kind.startswith(("contest.", "score.entered", "score.changed", "sheet.")):
            continue
        at = local_time(event["at"], bundle.contest.time_zone)  # the hall's clock
        if kind == "session.opened":
            opened = opened or at
        elif kind == "session.closed":
            closed = at
        elif kind == "session.reopened":
            reopenings.append((at, data["reason"]))
            closed = None
        elif kind == "presentation.started":
            presented.setdefault(data["proposal"], at)
        elif kind == "recusal.recorded":
            recused[(data["juror"], data["proposal"])] = at
            removed[(data["juror"], data["proposal"])] = [
                (str(v["criterion"]), str(v["value"])) for v in data.get("removed") or []]
        elif kind == "draw.recorded":
            drawn.append(at)
        elif kind == "observation.added":
            observations.append((at, data["text"]))
        elif kind == "score.corrected":
            old = data.get("old", before)
            corrections.append(Correction(at, data["juror"], data["proposal"],
                                          data["criterion"], str(old),
                                          str(data["value"]), data["reason"]))
    assert state.contest is not None and state.tally is not None
    difference = first_difference(bundle.contest, state.contest, "contest")
    if difference is not None:
        raise ChangeRefused(N_("the bundle's event log does not verify: {problem}"),
                            problem=difference)
    return SessionRecord(
        bundle.contest, state.tally.results(), state.session, state.minutes, set(state.absent),
        set(state.confirmed), observations, corrections, opened, closed, reopenings,
        presented, recused, removed, drawn, len(events), log_hash,
        open_points=open_points(state))
