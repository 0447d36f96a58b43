"""What a phone may see of a contest: an immutable snapshot of its committed state.

`build_snapshot` reads the committed `ContestState` (through the same pure scene functions
the projector paints from, `app.audience.scenes` and `followup_scenes`, so the figures are
the projector's), the withheld flags and which item is presenting, and returns frozen data
holding only what the hall's projector shows: names of organizations, jurors and
categories, values, totals, ranks, awards and the hashes. Never a DNI, an image (or its
path or hash), a juror's document or anything the projector keeps back: a withheld
category's rows and the withheld second-tranche board are simply not in it.

Nothing here imports Qt, SQLAlchemy or aiohttp: the GUI thread builds a snapshot and hands
it over; the server's thread only reads it (every field is immutable).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..app.audience import followup_scenes, scenes
from ..domain.canonical import sha256_hex
from ..domain.changes import CLOSED
from ..domain.model import LocalizedText, text_in
from ..domain.numbers import round_half_up
from ..domain.state import ContestState

LANGUAGES = ("es", "qu")


@dataclass(frozen=True, slots=True)
class Name:
    """A name in each language a phone may choose (the same text where there is one)."""

    es: str
    qu: str

    @staticmethod
    def of(text: LocalizedText) -> Name:
        return Name(text_in(text, "es"), text_in(text, "qu"))

    def in_(self, language: str) -> str:
        return self.qu if language == "qu" else self.es


def _2dp(value: Fraction | Decimal | None) -> Decimal | None:
    return None if value is None else round_half_up(value, 2)


# --- now presenting ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Criterion:
    name: Name
    weight: Decimal


@dataclass(frozen=True, slots=True)
class Juror:
    """One juror's column: her name (as on the projector), values, total, read-back."""

    name: str
    state: str
    """`scenes.SCORING`, `RECUSED` or `ABSENT`."""
    values: tuple[str | None, ...]
    total: Decimal | None
    confirmed: bool
    corrected: tuple[bool, ...]
    reason: str | None
    awaited: bool


@dataclass(frozen=True, slots=True)
class PhaseScore:
    name: Name
    score: Decimal | None
    shown: bool
    """The phase whose sheets are shown."""


@dataclass(frozen=True, slots=True)
class Correction:
    juror: str
    criterion: Name
    old: str
    new: str
    reason: str


@dataclass(frozen=True, slots=True)
class Presenting:
    """The item now presenting: a proposal, or a second-tranche item (``item`` True)."""

    item: bool
    order: int
    organization: str
    title: str
    category: Name | None
    phase: Name
    criteria: tuple[Criterion, ...]
    jurors: tuple[Juror, ...]
    phases: tuple[PhaseScore, ...]
    final: Decimal | None
    pass_score: Decimal
    status: str
    confirmed: int
    sheets: int
    corrections: tuple[Correction, ...]
    requested: Decimal | None = None
    first_tranche: Decimal | None = None
    second_tranche: Decimal | None = None
    justified_percent: Decimal | None = None
    min_justified: Decimal | None = None
    released: Decimal | None = None


# --- ranking and second-tranche board ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    rank: int | None
    tie: bool
    organization: str
    final: Decimal | None
    requested: Decimal
    award: Decimal
    status: str
    """A `scenes` row status (funded, partly funded, pending, …)."""
    provisional: bool
    funded_line_after: bool
    """The funding line is drawn right after this row."""


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: Name
    withheld: bool
    """Withheld on the projector: then none of the fields below holds anything."""
    budget: Decimal | None = None
    allocated: Decimal | None = None
    remaining: Decimal | None = None
    pending: int = 0
    rows: tuple[Row, ...] = ()


@dataclass(frozen=True, slots=True)
class BoardRow:
    order: int
    organization: str
    final: Decimal | None
    second_tranche: Decimal
    released: Decimal
    status: str


@dataclass(frozen=True, slots=True)
class Board:
    """The second-tranche results board (a contest with follow-up items only)."""

    withheld: bool
    due: Decimal | None = None
    released: Decimal | None = None
    pending: int = 0
    pass_score: Decimal | None = None
    min_justified: Decimal | None = None
    rows: tuple[BoardRow, ...] = ()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything a phone may see, at one version of the contest."""

    seq: int
    """The last committed event's sequence number."""
    counter: int
    """How many times what is withheld or presenting changed (the GUI's own state)."""
    title: str
    date: str
    place: tuple[str, ...]
    currency: str
    session: str
    """preparing, open or closed."""
    presenting: Presenting | None
    categories: tuple[Category, ...]
    board: Board | None
    log_hash: str
    results_hash: str | None
    """Of the results as they stand; None while some category is withheld (the hash would
    let anyone test guesses of the withheld results)."""

    @property
    def version(self) -> str:
        """Tells new from old: later snapshots have a greater (seq, counter)."""
        return f"{self.seq}.{self.counter}"

    def to_json(self) -> dict[str, Any]:
        """The snapshot as JSON data (amounts as decimal strings with two places)."""
        data = asdict(self)
        data["version"] = self.version
        return data

    def json_bytes(self) -> bytes:
        return json.dumps(self.to_json(), default=_json_default, ensure_ascii=False,
                          separators=(",", ":")).encode()


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    raise TypeError(type(value).__name__)


# --- building ----------------------------------------------------------------------------------


def _jurors(columns: tuple[scenes.JurorColumn, ...]) -> tuple[Juror, ...]:
    return tuple(Juror(c.name, c.state, tuple(None if v is None else str(v) for v in c.values),
                       _2dp(c.total), c.confirmed, c.corrected, c.reason, c.awaited)
                 for c in columns)


def _corrections(found: tuple[scenes.Correction, ...]) -> tuple[Correction, ...]:
    return tuple(Correction(c.juror_name, Name.of(c.criterion), c.old, c.new, c.reason)
                 for c in found)


def _sheets(scene: scenes.ShownSheets) -> dict[str, Any]:
    """What a proposal's and an item's now-presenting scenes share: the phase, its sheets
    juror by juror, the phases' scores, the final score against the pass mark, how many
    sheets are confirmed and the corrections."""
    return {
        "phase": Name.of(scene.phase_name),
        "criteria": tuple(Criterion(Name.of(c.name), c.weight) for c in scene.criteria),
        "jurors": _jurors(scene.columns),
        "phases": tuple(PhaseScore(Name.of(p.name), _2dp(p.score), p.phase == scene.phase)
                        for p in scene.phases),
        "final": _2dp(scene.final), "pass_score": scene.pass_score, "status": scene.status,
        "confirmed": scene.confirmed, "sheets": scene.sheets,
        "corrections": _corrections(scene.corrections)}


def _presenting(state: ContestState, entry: str, phase: str | None) -> Presenting | None:
    tally = state.tally
    assert tally is not None
    if followup_scenes.is_item(state, entry):
        item = followup_scenes.item_presenting(state, entry, phase)
        shown = item.item
        return Presenting(
            item=True, order=shown.order, organization=shown.organization,
            title=shown.title, category=None, **_sheets(item),
            first_tranche=shown.first_tranche, second_tranche=shown.second_tranche,
            justified_percent=shown.justified_percent, min_justified=item.min_justified,
            released=item.released)
    if entry not in tally.proposals:
        return None
    scene = scenes.presenting(state, entry, phase)
    proposal = scene.proposal
    return Presenting(
        item=False, order=proposal.order, organization=proposal.organization,
        title=proposal.title, category=Name.of(scene.category), **_sheets(scene),
        requested=proposal.requested)


def _category(state: ContestState, index: scenes.RankingIndex, category_id: str,
              name: LocalizedText, withheld: bool) -> Category:
    if withheld:
        return Category(category_id, Name.of(name), True)
    size = len(index.order(state, category_id))
    page = index.page(state, category_id, 0, size)
    rows = tuple(Row(r.rank, r.tie, r.organization, _2dp(r.final), r.requested, _2dp(r.award)
                     or Decimal("0.00"), r.status, r.provisional,
                     k + 1 == page.funding_line)
                 for k, r in enumerate(page.rows))
    return Category(category_id, Name.of(name), False, _2dp(page.budget),
                    _2dp(page.allocated), _2dp(page.remaining), page.pending, rows)


def _board(state: ContestState, withheld: bool) -> Board | None:
    contest = state.contest
    assert contest is not None
    if not contest.followup_items:
        return None
    if withheld:
        return Board(True)
    index = followup_scenes.FollowupIndex()
    page = index.page(state, 0, len(index.order(state)))
    return Board(False, page.due, page.released, page.pending, page.pass_score,
                 page.min_justified,
                 tuple(BoardRow(r.order, r.organization, _2dp(r.final), r.second_tranche,
                                r.released, r.status) for r in page.rows))


def build_snapshot(state: ContestState, *, seq: int, log_hash: str,
                   withheld: frozenset[str] | set[str] = frozenset(),
                   followups_withheld: bool = False, counter: int = 0,
                   phase: str | None = None) -> Snapshot:
    """The snapshot of ``state`` after event ``seq`` (whose hash is ``log_hash``).

    ``withheld``: the categories whose ranking is not on the projector; ``followups_withheld``:
    the second-tranche board is not either (the GUI's `AudienceWindow.withheld_categories`
    and ``followups_withheld``); ``phase``: the phase of the presenting item shown (default:
    its first); ``counter``: bumped by the caller each time those change, so that the
    version tells new from old even when no event was committed."""
    contest = state.contest
    assert contest is not None and state.tally is not None
    index = scenes.RankingIndex()
    categories = tuple(_category(state, index, c.id, c.name, c.id in withheld)
                       for c in contest.categories)
    board = _board(state, followups_withheld)
    presenting = (_presenting(state, state.presenting, phase)
                  if state.presenting is not None else None)
    place = contest.place
    parts = () if place is None else tuple(
        p for p in (place.community, place.district, place.province, place.region) if p)
    hidden = any(c.withheld for c in categories) or (board is not None and board.withheld)
    results_hash = None if hidden else sha256_hex(state.tally.results().to_json())
    return Snapshot(seq=seq, counter=counter, title=contest.title, date=contest.date,
                    place=parts, currency=contest.currency, session=state.session,
                    presenting=presenting, categories=categories, board=board,
                    log_hash=log_hash, results_hash=results_hash)


def withheld_without_projector(state: ContestState, reveal: bool) -> tuple[frozenset[str], bool]:
    """What ``clar-desktop serve`` withholds, having no projector to follow: every category and
    the second-tranche board until the session is closed, unless ``reveal`` (then nothing,
    provisional rows marked as the projector marks them)."""
    contest = state.contest
    assert contest is not None
    if reveal or state.session == CLOSED:
        return frozenset(), False
    return frozenset(c.id for c in contest.categories), True
