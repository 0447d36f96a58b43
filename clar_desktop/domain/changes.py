"""The changes a contest can undergo, as audit-log event kinds, and the rules each must pass.

Every change is one event ``{"kind": …, "data": {…}}``. `check_change` validates a change
against the contest as it stands (through a small `ContestView`, so the same rules serve the
in-memory replay and the database-backed service) and returns the typed change to apply.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .bundle import contest_to_dict, parse_contest
from .checklist import refuse_closing
from .double_entry import (
    DOUBLE_ENTRY_KINDS,
    DoubleEntryChange,
    check_confirmable,
    check_double_entry,
)
from .errors import N_, BundleError, ChangeRefused
from .eventdata import ContestView, EventData
from .model import Contest, Draw
from .takeoffs import (
    ABSENCE_RECORDED,
    ABSENCE_WITHDRAWN,
    PROPOSAL_WITHDRAWN,
    SCORE_REMOVED,
    TakeOff,
    check_takeoff,
)

PREPARING, OPEN, CLOSED = "preparing", "open", "closed"

CONTEST_CREATED = "contest.created"
CONTEST_IMPORTED = "contest.imported"
SCORE_ENTERED = "score.entered"
SCORE_CORRECTED = "score.corrected"
RECUSAL_RECORDED = "recusal.recorded"
DRAW_RECORDED = "draw.recorded"
SCORE_CHANGED = "score.changed"
SHEET_CONFIRMED = "sheet.confirmed"
ATTENDANCE_MARKED = "attendance.marked"
OBSERVATION_ADDED = "observation.added"
PRESENTATION_STARTED = "presentation.started"
IMAGE_SET = "proposal.image_set"
IMAGE_TYPES = ("image/png", "image/jpeg")
SESSION_OPENED = "session.opened"
SESSION_CLOSED = "session.closed"
SESSION_REOPENED = "session.reopened"
MINUTES_DETAILS_SET = "minutes.details_set"
ATTENDEE_GROUPS = ("secretary", "staff", "authority", "guest")

# Definition changes: each edits the contest snapshot; the result is validated whole.
# Removals exist for what was added by mistake while preparing; once the session is open
# nothing is taken out (an item is corrected instead), and nothing recorded about an item
# (a score, a recusal, a draw) ever is.
REMOVAL_KINDS = ("category.removed", "phase.removed", "criterion.removed", "juror.removed",
                 "proposal.removed", "followup.removed", "followup_phase.removed")
DEFINITION_KINDS = (
    "contest.edited", "rules.changed", "category.added", "category.edited", "phase.added",
    "phase.edited", "criterion.added", "criterion.edited", "juror.added", "juror.edited",
    "proposal.added", "proposal.edited", "followup.added", "followup.edited",
    "followup_phase.added", "followup_phase.edited", "followup_rules.changed", *REMOVAL_KINDS,
)
FOLLOWUP_REVIEWED = ("followup.added", "followup.edited")
"""The follow-up item changes that may carry a ``reason``: the reference of the local
office's review behind a justified percent (the bundle has no field for it; the log keeps
it)."""
CONTEST_EDITABLE = ("title", "date", "place", "currency", "time_zone", "programme", "office")
"""The fields ``contest.edited`` may change."""
TAKEOFF_KINDS = (RECUSAL_RECORDED, ABSENCE_RECORDED, ABSENCE_WITHDRAWN, PROPOSAL_WITHDRAWN,
                 SCORE_REMOVED)
FIRST_KINDS = (CONTEST_CREATED, CONTEST_IMPORTED)
KINDS = (*FIRST_KINDS, SCORE_ENTERED, SCORE_CHANGED, SCORE_CORRECTED, SHEET_CONFIRMED,
         DRAW_RECORDED, ATTENDANCE_MARKED, OBSERVATION_ADDED,
         PRESENTATION_STARTED, IMAGE_SET, MINUTES_DETAILS_SET,
         SESSION_OPENED, SESSION_CLOSED, SESSION_REOPENED, *TAKEOFF_KINDS, *DEFINITION_KINDS,
         *DOUBLE_ENTRY_KINDS)


@dataclass(frozen=True, slots=True)
class ScoreChange:
    juror: str
    proposal: str
    criterion: str
    value: Decimal
    old: Decimal | None
    reason: str | None = None
    """Set for a correction of a confirmed sheet (``score.corrected``)."""


@dataclass(frozen=True, slots=True)
class SessionChange:
    state: str


@dataclass(frozen=True, slots=True)
class SheetConfirmed:
    """A juror's sheet was read back and the juror said "conforme": it is now locked."""

    juror: str
    proposal: str
    phase: str


@dataclass(frozen=True, slots=True)
class AttendanceChange:
    juror: str
    present: bool


@dataclass(frozen=True, slots=True)
class Observation:
    text: str


@dataclass(frozen=True, slots=True)
class ImageSet:
    """A proposal's photo or talking map (``sha256`` None: removed). The image itself is
    kept beside the log; the log holds its hash, so a copy can be checked against it."""

    proposal: str
    sha256: str | None
    media_type: str | None


@dataclass(frozen=True, slots=True)
class PresentationStarted:
    """The proposal now presenting to the jury and the audience."""

    proposal: str


@dataclass(frozen=True, slots=True)
class Attendee:
    """Someone present at the session who is not a juror: its secretary, programme staff, an
    authority or a guest (``group``), named in the minutes."""

    name: str
    role: str
    group: str
    document: str | None = None
    """The person's identity document (DNI), printed under the signature line."""


@dataclass(frozen=True, slots=True)
class MinutesDetails:
    """What only the minutes need: the acta's number, the agenda, who else attended, the
    resolution that constituted the CLAR and where the paper sheets are kept (``custody``;
    None: the acta's usual sentence). Each ``minutes.details_set`` replaces the whole
    record."""

    number: str | None = None
    agenda: tuple[str, ...] = ()
    attendees: tuple[Attendee, ...] = ()
    resolution: str | None = None
    custody: str | None = None


@dataclass(frozen=True, slots=True)
class DefinitionChange:
    contest: Contest


Change = (ScoreChange | Draw | SessionChange | DefinitionChange | SheetConfirmed
          | AttendanceChange | Observation | PresentationStarted | ImageSet | MinutesDetails
          | TakeOff | DoubleEntryChange)


def check_change(kind: str, data: object, view: ContestView | None, path: str,
                 logged: bool = False) -> Change:
    """Validate one change against the contest as it stands (``view`` is None before the
    first event; ``logged``: the change is read back from a log). Raises `ChangeRefused` with
    one clear sentence; returns what to apply."""
    d = EventData(data, path)
    if view is None:
        if kind not in FIRST_KINDS:
            raise ChangeRefused(N_("the log must start by creating or importing the contest"),
                                path)
        return DefinitionChange(_first_contest(kind, d))
    if kind in FIRST_KINDS:
        raise ChangeRefused(N_("the contest already exists"), path)
    session = view.session
    if kind == SESSION_OPENED:
        if session != PREPARING:
            raise ChangeRefused(N_("the session was already opened"), path)
        return SessionChange(OPEN)
    if kind == SESSION_REOPENED:
        if session != CLOSED:
            raise ChangeRefused(N_("only a closed session can be reopened"), path)
        d.text("reason")
        return SessionChange(OPEN)
    if kind == MINUTES_DETAILS_SET:
        # The acta is numbered and completed after the session, so this is accepted while
        # the session is closed too: it changes no score and no result.
        return parse_minutes_details(d.data, d.path)
    if session == CLOSED:
        raise ChangeRefused(N_("the session is closed: reopen it, with a reason, to change "
                               "anything"), path)
    if kind == SESSION_CLOSED:
        if session != OPEN:
            raise ChangeRefused(N_("the session has not been opened"), path)
        if not logged:  # a log read back is replayed as it was written
            refuse_closing(view.open_points(), path)
        return SessionChange(CLOSED)
    if kind in (SCORE_ENTERED, SCORE_CHANGED, SCORE_CORRECTED):
        return _score_change(kind, d, view)
    if kind == SHEET_CONFIRMED:
        return _sheet_confirmed(d, view)
    if kind == ATTENDANCE_MARKED:
        juror, present = d.text("juror"), d.data.get("present")
        if juror not in view.index().jurors:
            raise ChangeRefused(N_("unknown juror {id}"), path, juror, id=juror)
        if not isinstance(present, bool):
            raise ChangeRefused(N_("expected true or false"), f"{path}.present", juror)
        if view.is_absent(juror) != present:
            raise ChangeRefused(N_("juror {juror} is already marked so"), path, juror,
                                juror=juror)
        return AttendanceChange(juror, present)
    if kind == OBSERVATION_ADDED:
        return Observation(d.text("text"))
    if kind == IMAGE_SET:
        proposal = d.text("proposal")
        if proposal not in view.index().proposals:
            raise ChangeRefused(N_("unknown proposal {id}"), path, proposal, id=proposal)
        digest, media = d.data.get("sha256"), d.data.get("media_type")
        if digest is None:
            return ImageSet(proposal, None, None)
        if not (isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest)):
            raise ChangeRefused(N_("expected the image's SHA-256 as 64 hexadecimal digits"),
                                f"{path}.sha256", proposal)
        if media not in IMAGE_TYPES:
            raise ChangeRefused(N_("an image must be PNG or JPEG"), f"{path}.media_type",
                                proposal)
        return ImageSet(proposal, digest, media)
    if kind == PRESENTATION_STARTED:
        proposal = d.text("proposal")
        if not view.index().is_item(proposal):
            raise ChangeRefused(N_("unknown proposal {id}"), path, proposal, id=proposal)
        if proposal in view.index().withdrawn and not logged:
            # It did not come, or withdrew: the acta would print a presentation time for it.
            raise ChangeRefused(N_("{id} is withdrawn: it is not presented"), path, proposal,
                                id=proposal)
        return PresentationStarted(proposal)
    if kind in TAKEOFF_KINDS:
        return check_takeoff(kind, d, view, logged)
    if kind in DOUBLE_ENTRY_KINDS:
        return check_double_entry(kind, d, view)
    if kind == DRAW_RECORDED:
        proposals, order = d.data.get("proposals"), d.data.get("order")
        if not (isinstance(proposals, list) and isinstance(order, list)
                and all(isinstance(x, str) for x in (*proposals, *order))):
            raise ChangeRefused(N_("expected a list of proposal ids"), path)
        view.index().check_draw(tuple(proposals), tuple(order), path)
        return Draw(tuple(proposals), tuple(order))
    if kind in REMOVAL_KINDS:
        if session != PREPARING:
            raise ChangeRefused(N_("items can be removed only while the contest is being "
                                   "prepared; once the session is open, correct them "
                                   "instead"), path)
        return DefinitionChange(_remove(kind, d, view.snapshot()))
    if kind in DEFINITION_KINDS:
        if kind in FOLLOWUP_REVIEWED and "reason" in d.data:
            d.text("reason")  # the reference of the office's review, logged with the item
        return DefinitionChange(_edit_definition(kind, d, view.snapshot()))
    raise ChangeRefused(N_("unknown kind of change {kind}"), path, kind=kind)


def parse_minutes_details(data: object, path: str = "data") -> MinutesDetails:
    """Check the data of a ``minutes.details_set`` event."""
    d = EventData(data, path)
    number, resolution, custody = (None if d.data.get(key) is None else d.text(key)
                                   for key in ("number", "resolution", "custody"))
    agenda = d.data.get("agenda", [])
    if not isinstance(agenda, list):
        raise ChangeRefused(N_("expected a list of texts"), f"{d.path}.agenda")
    items = tuple(EventData({"text": item}, f"{d.path}.agenda[{i}]").text("text")
                  for i, item in enumerate(agenda))
    people = d.data.get("attendees", [])
    if not isinstance(people, list):
        raise ChangeRefused(N_("expected a list of people"), f"{d.path}.attendees")
    attendees = []
    for i, raw in enumerate(people):
        person = EventData(raw, f"{d.path}.attendees[{i}]")
        group = person.text("group")
        if group not in ATTENDEE_GROUPS:
            raise ChangeRefused(N_("{field} must be one of {choices}"), person.path,
                                field="group", choices=", ".join(ATTENDEE_GROUPS))
        role = person.data.get("role")
        document = person.data.get("document")
        attendees.append(Attendee(person.text("name"),
                                  "" if role in (None, "") else person.text("role"), group,
                                  None if document in (None, "") else person.text("document")))
    return MinutesDetails(number, items, tuple(attendees), resolution, custody)


def minutes_details_data(details: MinutesDetails) -> dict[str, Any]:
    """The ``minutes.details_set`` data that records ``details`` (optional fields only when
    given, so that a record made before they existed hashes as it did)."""
    people = []
    for a in details.attendees:
        person = {"name": a.name, "role": a.role, "group": a.group}
        if a.document:
            person["document"] = a.document
        people.append(person)
    data: dict[str, Any] = {"agenda": list(details.agenda), "attendees": people}
    for key, value in (("number", details.number), ("resolution", details.resolution),
                       ("custody", details.custody)):
        if value:
            data[key] = value
    return data


def _score_change(kind: str, d: EventData, view: ContestView) -> ScoreChange:
    juror, proposal, criterion = d.text("juror"), d.text("proposal"), d.text("criterion")
    value = d.decimal("value")
    view.index().check_score(juror, proposal, criterion, value, d.path)
    item = f"{juror}/{proposal}/{criterion}"
    current = view.current_value(juror, proposal, criterion)
    phase = view.index().criteria[criterion][0].id
    if kind == SCORE_ENTERED:
        if current is not None:
            raise ChangeRefused(N_("already has the value {value}; changing it is a correction "
                                   "and needs a reason"), d.path, item, value=current)
        if view.is_absent(juror):
            raise ChangeRefused(N_("juror {juror} is marked absent"), d.path, item,
                                juror=juror)
        if proposal in view.index().withdrawn:
            raise ChangeRefused(N_("{proposal} was withdrawn: it is not scored"), d.path, item,
                                proposal=proposal)
        return ScoreChange(juror, proposal, criterion, value, None)
    if current is None:
        raise ChangeRefused(N_("there is no value to correct yet"), d.path, item)
    if kind == SCORE_CHANGED:
        if view.is_confirmed(juror, proposal, phase):
            raise ChangeRefused(N_("the sheet is confirmed: changing a value is a correction "
                                   "and needs a reason"), d.path, item)
        reason = None
    else:
        reason = d.text("reason")
    if "old" in d.data and d.decimal("old") != current:
        raise ChangeRefused(N_("the value being corrected is {value}, not {old}"), d.path, item,
                            value=current, old=d.data["old"])
    if value == current:
        raise ChangeRefused(N_("the value is already {value}"), d.path, item, value=current)
    return ScoreChange(juror, proposal, criterion, value, current, reason)


def _sheet_confirmed(d: EventData, view: ContestView) -> SheetConfirmed:
    juror, proposal, phase = d.text("juror"), d.text("proposal"), d.text("phase")
    index = view.index()
    item = f"{juror}/{proposal}/{phase}"
    known = index.jurors.get(juror)
    if known is None:
        raise ChangeRefused(N_("unknown juror {id}"), d.path, item, id=juror)
    if not index.is_item(proposal):
        raise ChangeRefused(N_("unknown proposal {id}"), d.path, item, id=proposal)
    if phase not in index.phases or not index.phase_fits(proposal, phase):
        raise ChangeRefused(N_("unknown phase {id}"), d.path, item, id=phase)
    if (juror, proposal, phase) in index.absent:
        raise ChangeRefused(
            N_("juror {juror} is absent from phase {phase} of {proposal}"), d.path, item,
            juror=juror, proposal=proposal, phase=phase)
    if phase not in known.phases:
        raise ChangeRefused(N_("juror {juror} does not score the phase {phase}"), d.path, item,
                            juror=juror, phase=phase)
    if (juror, proposal) in index.recused:
        raise ChangeRefused(N_("juror {juror} is recused on proposal {proposal}"), d.path,
                            item, juror=juror, proposal=proposal)
    if view.sheet_size(juror, proposal, phase) < len(index.phases[phase].criteria):
        raise ChangeRefused(N_("the sheet is not complete yet"), d.path, item)
    if view.is_confirmed(juror, proposal, phase):
        raise ChangeRefused(N_("the sheet is already confirmed"), d.path, item)
    check_confirmable(view, juror, proposal, phase, d.path, item)
    return SheetConfirmed(juror, proposal, phase)


def _first_contest(kind: str, d: EventData) -> Contest:
    raw = copy.deepcopy(d.obj("contest"))
    if kind == CONTEST_CREATED:
        for key in ("categories", "phases", "jurors", "proposals"):
            raw.setdefault(key, [])
        for key in ("recusals", "scores", "draws"):
            if raw.get(key):
                raise ChangeRefused(N_("a new contest starts with no {field}"), d.path,
                                    field=key)
    return _parse(raw, d.path, require_phases=kind == CONTEST_IMPORTED)


def _parse(raw: dict[str, Any], path: str, require_phases: bool = True) -> Contest:
    try:
        return parse_contest(raw, f"{path}.contest", require_phases=require_phases)
    except BundleError as error:
        raise ChangeRefused(error.template, error.path, error.item, **error.params) from None


def _replace_item(items: list[dict[str, Any]], new: dict[str, Any], path: str,
                  add: bool) -> None:
    ids = [item.get("id") for item in items]
    if add:
        if new.get("id") in ids:
            raise ChangeRefused(N_("the id {id} is used twice"), path, id=new.get("id"))
        items.append(new)
    else:
        if new.get("id") not in ids:
            raise ChangeRefused(N_("unknown item {id}"), path, id=new.get("id"))
        items[ids.index(new.get("id"))] = new


def _edit_definition(kind: str, d: EventData, contest: Contest) -> Contest:
    snapshot = contest_to_dict(contest)
    noun, verb = kind.split(".")
    add = verb == "added"
    edits: dict[str, Callable[[], None]] = {
        "contest": lambda: _edit_contest(snapshot, d.obj("changes")),
        "rules": lambda: snapshot.update(rules=d.obj("rules")),
        "category": lambda: _replace_item(snapshot["categories"], d.obj("category"),
                                          d.path, add),
        "phase": lambda: _replace_item(snapshot["phases"], d.obj("phase"), d.path, add),
        "juror": lambda: _replace_item(snapshot["jurors"], d.obj("juror"), d.path, add),
        "proposal": lambda: _replace_item(snapshot["proposals"], d.obj("proposal"),
                                          d.path, add),
        "criterion": lambda: _edit_criterion(snapshot, d, add),
        "followup": lambda: _replace_item(_followups(snapshot)["items"], d.obj("item"),
                                          d.path, add),
        "followup_phase": lambda: _replace_item(_followups(snapshot)["phases"],
                                                d.obj("phase"), d.path, add),
        "followup_rules": lambda: _followups(snapshot).update(rules=d.obj("rules")),
    }
    edits[noun]()
    # While a contest is being prepared it may have no phase yet.
    return _parse(snapshot, d.path, require_phases=False)


def _edit_contest(snapshot: dict[str, Any], changes: dict[str, Any]) -> None:
    """``contest.edited``: the given fields replaced; a field given as null is cleared
    (back to its default)."""
    for key, value in changes.items():
        if key not in CONTEST_EDITABLE:
            continue
        if value is None:
            snapshot.pop(key, None)
        else:
            snapshot[key] = value


def _followups(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot's follow-up section, created empty on first use."""
    section = snapshot.get("followups")
    if section is None:
        section = snapshot["followups"] = {"rules": {}, "phases": [], "items": []}
    return section


def _all_phase_dicts(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    return [*snapshot["phases"], *(snapshot.get("followups") or {}).get("phases", [])]


def _edit_criterion(snapshot: dict[str, Any], d: EventData, add: bool) -> None:
    phase_id = d.text("phase")
    for phase in _all_phase_dicts(snapshot):
        if phase["id"] == phase_id:
            _replace_item(phase["criteria"], d.obj("criterion"), d.path, add)
            return
    raise ChangeRefused(N_("unknown phase {id}"), d.path, id=phase_id)


def _recorded_about(contest: Contest, item: str) -> bool:
    """Whether a score, recusal, absence or withdrawal names the item."""
    return (any(key[1] == item for key in contest.scores)
            or any(r.proposal == item for r in contest.recusals)
            or any(a.proposal == item for a in contest.absences)
            or any(w.proposal == item for w in contest.withdrawals))


def _remove(kind: str, d: EventData, contest: Contest) -> Contest:
    """The contest without the item named by ``d["id"]``, if nothing refers to it."""
    noun = kind.split(".")[0]
    item = d.text("id")
    snapshot = contest_to_dict(contest)

    def refuse(template: str) -> ChangeRefused:
        return ChangeRefused(template, d.path, item, id=item)

    if noun == "proposal":
        if contest.proposal(item) is None:
            raise refuse(N_("unknown proposal {id}"))
        if _recorded_about(contest, item) or any(item in draw.proposals for draw in contest.draws):
            raise refuse(N_("proposal {id} already has scores, recusals or draws: it cannot "
                            "be removed"))
        snapshot["proposals"] = [p for p in snapshot["proposals"] if p["id"] != item]
    elif noun == "followup":
        if contest.followup_item(item) is None:
            raise refuse(N_("unknown follow-up item {id}"))
        if _recorded_about(contest, item):
            raise refuse(N_("follow-up item {id} already has scores, recusals, absences or a "
                            "withdrawal: it cannot be removed"))
        section = _followups(snapshot)
        section["items"] = [i for i in section["items"] if i["id"] != item]
    elif noun == "juror":
        if contest.juror(item) is None:
            raise refuse(N_("unknown juror {id}"))
        if (any(key[0] == item for key in contest.scores)
                or any(r.juror == item for r in contest.recusals)
                or any(a.juror == item for a in contest.absences)):
            raise refuse(N_("juror {id} already has scores or recusals: they cannot be "
                            "removed"))
        snapshot["jurors"] = [j for j in snapshot["jurors"] if j["id"] != item]
    elif noun == "criterion":
        if contest.criterion(item) is None:
            raise refuse(N_("unknown criterion {id}"))
        if any(key[2] == item for key in contest.scores):
            raise refuse(N_("criterion {id} already has scores: it cannot be removed"))
        for phase_dict in _all_phase_dicts(snapshot):
            phase_dict["criteria"] = [c for c in phase_dict["criteria"] if c["id"] != item]
    elif noun in ("phase", "followup_phase"):
        found = contest.phase(item)
        followup = contest.followups is not None and found in contest.followups.phases
        if found is None or followup != (noun == "followup_phase"):
            raise refuse(N_("unknown phase {id}"))
        if found.criteria:
            raise refuse(N_("phase {id} still has criteria: remove them first"))
        if any(item in juror.phases for juror in contest.jurors):
            raise refuse(N_("jurors still score phase {id}: change their phases first"))
        if followup:
            section = _followups(snapshot)
            section["phases"] = [p for p in section["phases"] if p["id"] != item]
            if not section["phases"]:
                # A bundle's second tranche has at least one phase: with items left, the last
                # phase stays; with none, the second tranche goes whole (rules included).
                if section["items"]:
                    raise refuse(N_("phase {id} is the last of the second-tranche evaluation "
                                    "and its items are scored on it: remove the items first"))
                snapshot.pop("followups")
        else:
            snapshot["phases"] = [p for p in snapshot["phases"] if p["id"] != item]
    else:
        if contest.category(item) is None:
            raise refuse(N_("unknown category {id}"))
        if any(p.category == item for p in contest.proposals):
            raise refuse(N_("category {id} still has proposals: move or remove them first"))
        snapshot["categories"] = [c for c in snapshot["categories"] if c["id"] != item]
    return _parse(snapshot, d.path, require_phases=False)
