"""Reading and writing contest bundles (spec: bundle-v1 and bundle-v2), with the validation.

`load_bundle` is the one strict reader every command and window uses: `parse_bundle`
refuses a bundle whole with a `BundleError` naming the JSON path and the id involved;
`contest_to_dict` writes the snapshot back in the spec's shape (always version 2).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date as Date
from decimal import Decimal
from typing import Any

from . import sections
from .errors import N_, BundleError, ChangeRefused
from .fields import _MISSING, MAX_DOCUMENT, MAX_ID, Fields, clean_text, or_default, req
from .index import ContestIndex
from .jsontext import DuplicateKey, ForbiddenConstant, bulk, loads_strict
from .model import (
    AGGREGATIONS,
    ALLOCATIONS,
    CRITERION_TIE_BREAK,
    PLAIN_TIE_BREAKS,
    Category,
    Contest,
    Criterion,
    Draw,
    Followups,
    Juror,
    Phase,
    Place,
    Proposal,
    Recusal,
    Rules,
    Score,
)
from .numbers import BOUNDED_DECIMAL, decimal_text
from .score_columns import fill_scores, read_columns
from .scoring import Sheets, index_sheets, sheet_count

__all__ = ["Bundle", "bundle_to_dict", "clean_text", "contest_to_dict", "decode_bundle",
           "load_bundle",
           "parse_bundle", "parse_contest"]

FORMAT = "clar-bundle"
VERSION = 2
VERSIONS = (1, 2)
CONTEST_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(slots=True)
class Bundle:
    contest: Contest
    events: list[dict[str, Any]] | None
    sheets: Sheets | None = None
    """Read with ``sheets_only``: the scores, indexed for the tally (``contest.scores`` is
    then empty, and this bundle is good for `tally_bundle` only)."""


def load_bundle(text: str | bytes) -> Bundle:
    """Parse and validate a bundle from its JSON text."""
    with bulk():
        return parse_bundle(decode_bundle(text))


def decode_bundle(text: str | bytes) -> Any:
    """A bundle's JSON text decoded by the strict reader (`loads_strict`), not yet validated:
    `parse_bundle` does that. A text that is not JSON is a `BundleError`."""
    try:
        return loads_strict(text)
    except DuplicateKey as duplicate:
        raise BundleError(N_("the file is not valid JSON: the key {key} appears twice in "
                             "one object"), key=json.dumps(duplicate.key)[:60]) from None
    except ForbiddenConstant as constant:
        raise BundleError(N_("the file is not valid JSON: {name} is not a JSON value"),
                          name=constant.name) from None
    except json.JSONDecodeError as exc:  # where, not the parser's English words
        raise BundleError(N_("the file is not valid JSON: something is wrong at line {line}, "
                             "column {column}"), line=exc.lineno, column=exc.colno) from None
    except UnicodeDecodeError as exc:
        raise BundleError(N_("the file is not valid JSON: it is not UTF-8 text (byte "
                             "{position})"), position=exc.start + 1) from None
    except ValueError:  # e.g. a number of more digits than Python converts
        raise BundleError(N_("the file is not valid JSON: a number in it is too long"),
                          ) from None
    except RecursionError:
        raise BundleError(N_("the file is not valid JSON: it is nested too deeply")) from None


def parse_bundle(data: object, *, sheets_only: bool = False) -> Bundle:
    """Validate a decoded bundle. Raises `BundleError` on the first problem found.

    ``sheets_only``: the scores, every one checked all the same, go to ``sheets`` instead of
    ``contest.scores`` — for a tally from scratch (`tally_bundle`), which needs no more and
    is spared a third of a million objects in a large contest."""
    top = Fields(data, "$")
    if top.data.get("format") != FORMAT:
        raise BundleError(N_("unknown format {value}; expected \"clar-bundle\""), "format",
                          value=json.dumps(top.data.get("format"))[:60])
    version = top.data.get("version")
    if type(version) is not int or version not in VERSIONS:
        raise BundleError(N_("unknown version {value}; this program reads versions 1 and 2"),
                          "version", value=json.dumps(version)[:60])
    raw = top.data.get("contest", _MISSING)
    if version == 1 and isinstance(raw, dict):
        sections.refuse_newer_fields(raw, "contest")
    contest, sheets = _parse_contest(raw, "contest", True, sheets_only)
    events = top.data.get("events")
    if events is not None and not (
            isinstance(events, list) and all(isinstance(e, dict) for e in events)):
        raise BundleError(N_("expected a list of event objects"), "events")
    return Bundle(contest, events, sheets)


def parse_contest(data: object, path: str = "contest", require_phases: bool = True) -> Contest:
    """Validate one contest object (the bundle's ``contest``) into a `Contest`.

    ``require_phases=False`` accepts a contest still being prepared, with no phase yet."""
    return _parse_contest(data, path, require_phases, False)[0]


def _parse_contest(data: object, path: str, require_phases: bool,
                   sheets_only: bool) -> tuple[Contest, Sheets | None]:
    if data is _MISSING:
        raise BundleError(N_("the required field {field} is missing"), "$", field="contest")
    obj = Fields(data, path)
    contest_id = obj.req_str("id")
    if not CONTEST_ID.fullmatch(contest_id):
        raise BundleError(N_("a contest id may only hold letters, digits, - and _ "
                             "(1 to 64 of them)"), f"{path}.id", contest_id)
    obj.item = contest_id
    day = obj.req_str("date")
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day):
            raise ValueError(day)
        Date.fromisoformat(day)
    except ValueError:
        raise BundleError(N_("expected a date written YYYY-MM-DD"), f"{path}.date",
                          contest_id) from None
    currency = obj.string("currency", required=False) or "PEN"
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise BundleError(N_("expected an ISO 4217 currency code such as PEN"),
                          f"{path}.currency", contest_id)
    contest = Contest(id=contest_id, title=obj.req_str("title"), date=day, currency=currency,
                      place=_place(obj), time_zone=sections.parse_time_zone(obj),
                      programme=sections.parse_programme(obj),
                      office=sections.parse_office(obj))
    contest.categories = _unique(obj, "categories", _category)
    contest.phases = _unique(obj, "phases", _phase)
    phase_ids = {p.id for p in contest.phases}
    followups = sections.parse_followups(obj, phase_ids, _phase, require_phases)
    contest.followups = followups
    _unique_criteria(contest.all_phases, path)
    if require_phases and not contest.phases and followups is None:
        raise BundleError(N_("a contest needs at least one phase"), f"{path}.phases", contest_id)
    all_phase_ids = {p.id for p in contest.all_phases}
    contest.jurors = _unique(obj, "jurors", lambda o: _juror(o, all_phase_ids))
    category_ids = {c.id for c in contest.categories}
    contest.proposals = _unique(obj, "proposals", lambda o: _proposal(o, category_ids))
    _unique_orders(contest.proposals, path)
    if followups is not None:
        contest.followups = sections.parse_items(obj, followups,
                                                 {p.id for p in contest.proposals})
    rules_data = obj.data.get("rules", {})
    contest.rules = _rules(Fields(rules_data, f"{path}.rules", contest_id), contest)
    return contest, _fill_records(obj, contest, sheets_only)


def parse_followups_section(data: dict[str, Any], contest: Contest) -> Followups:
    """A stored ``followups`` section (the store keeps it whole), read like a bundle's."""
    obj = Fields({"followups": data}, "contest", contest.id)
    section = sections.parse_followups(obj, {p.id for p in contest.phases}, _phase, False)
    assert section is not None
    return sections.parse_items(obj, section, {p.id for p in contest.proposals})


def _place(obj: Fields) -> Place | None:
    raw = obj.data.get("place")
    if raw is None:
        return None
    place = Fields(raw, f"{obj.path}.place", obj.item)
    return Place(*(place.string(k, required=False)
                   for k in ("community", "district", "province", "region")))


def _unique(obj: Fields, key: str, build: Any) -> list[Any]:
    items: list[Any] = []
    seen: set[str] = set()
    for i, raw in enumerate(obj.items(key)):
        item_obj = Fields(raw, f"{obj.path}.{key}[{i}]")
        item_id = item_obj.req_str("id")
        item_obj.item = item_id[:MAX_ID]
        if len(item_id) > MAX_ID:
            raise BundleError(N_("an id may have at most {count} characters"),
                              f"{item_obj.path}.id", item_id[:40] + "…", count=MAX_ID)
        if item_id in seen:
            raise BundleError(N_("the id {id} is used twice"), f"{item_obj.path}.id", item_id,
                              id=item_id)
        seen.add(item_id)
        items.append(build(item_obj))
    return items


def _category(o: Fields) -> Category:
    return Category(id=o.req_str("id"), name=o.text("name"),
                    budget=req(o.decimal("budget", amount=True)),
                    max_award=o.decimal("max_award", required=False, amount=True))


def _phase(o: Fields) -> Phase:
    criteria = []
    for i, raw in enumerate(o.items("criteria")):
        c = Fields(raw, f"{o.path}.criteria[{i}]")
        cid = c.req_str("id")
        c.item = cid
        crit = Criterion(id=cid, name=c.text("name"), max=req(c.decimal("max")),
                         min=or_default(c.decimal("min", required=False), Decimal("0")),
                         step=or_default(c.decimal("step", required=False), Decimal("1")),
                         weight=or_default(c.decimal("weight", required=False), Decimal("1")))
        if crit.max <= crit.min:
            raise BundleError(N_("the maximum {max} must be above the minimum {min}"),
                              f"{c.path}.max", cid, max=crit.max, min=crit.min)
        if crit.step <= 0:
            raise BundleError(N_("the step {step} must be positive"), f"{c.path}.step", cid,
                              step=crit.step)
        criteria.append(crit)
    return Phase(id=o.req_str("id"), name=o.text("name"), criteria=tuple(criteria))


def _unique_criteria(phases: tuple[Phase, ...], path: str) -> None:
    seen: set[str] = set()
    for pi, phase in enumerate(phases):
        for ci, crit in enumerate(phase.criteria):
            if crit.id in seen:
                raise BundleError(N_("the id {id} is used twice"),
                                  f"{path}.phases[{pi}].criteria[{ci}].id", crit.id, id=crit.id)
            seen.add(crit.id)


def _juror(o: Fields, phase_ids: set[str]) -> Juror:
    phases = o.items("phases")
    for i, ph in enumerate(phases):
        if not isinstance(ph, str):
            raise BundleError(N_("expected a text"), f"{o.path}.phases[{i}]", o.item)
        if ph not in phase_ids:
            raise BundleError(N_("unknown phase {id}"), f"{o.path}.phases[{i}]", o.item, id=ph)
    if len(set(phases)) != len(phases):
        raise BundleError(N_("a phase is listed twice"), f"{o.path}.phases", o.item)
    document = o.string("document", required=False)
    if document is not None and len(document) > MAX_DOCUMENT:
        raise BundleError(N_("an identity document may have at most {count} characters"),
                          f"{o.path}.document", o.item, count=MAX_DOCUMENT)
    return Juror(id=o.req_str("id"), name=o.req_str("name"), phases=tuple(phases),
                 document=o.string("document", required=False),
                 role=o.string("role", required=False))


def _proposal(o: Fields, category_ids: set[str]) -> Proposal:
    category = o.req_str("category")
    if category not in category_ids:
        raise BundleError(N_("unknown category {id}"), f"{o.path}.category", o.item, id=category)
    return Proposal(
        id=o.req_str("id"), category=category, organization=o.req_str("organization"),
        title=o.req_str("title"), requested=req(o.decimal("requested", amount=True)),
        order=req(o.integer("order", minimum=None)),
        own_contribution=o.decimal("own_contribution", required=False, amount=True),
        families=o.integer("families", required=False), women=o.integer("women", required=False),
        youth=o.integer("youth", required=False), women_led=o.boolean("women_led"),
        district=o.string("district", required=False))


def _unique_orders(proposals: list[Proposal], path: str) -> None:
    seen: dict[int, str] = {}
    for i, p in enumerate(proposals):
        if p.order in seen:
            raise BundleError(N_("presentation order {order} is also used by {other}"),
                              f"{path}.proposals[{i}].order", p.id, order=p.order,
                              other=seen[p.order])
        seen[p.order] = p.id


RULE_KEYS = ("aggregation", "trim", "pass_score", "min_jurors", "tie_break", "allocation",
             "partial_min_percent", "first_tranche_percent")


def _rules(o: Fields, contest: Contest) -> Rules:
    defaults = Rules()
    for key in o.data:
        if key not in RULE_KEYS:
            # A misspelt rule would silently leave its default in force.
            raise BundleError(N_("unknown rule {key}; the rules are {allowed}"),
                              f"{o.path}.{key}", o.item, key=json.dumps(key),
                              allowed=", ".join(RULE_KEYS))
    aggregation = o.string("aggregation", required=False) or defaults.aggregation
    allocation = o.string("allocation", required=False) or defaults.allocation
    for key, value, allowed in (("aggregation", aggregation, AGGREGATIONS),
                                ("allocation", allocation, ALLOCATIONS)):
        if value not in allowed:
            raise BundleError(N_("unknown rule value {value}; expected one of {allowed}"),
                              f"{o.path}.{key}", o.item, value=json.dumps(value),
                              allowed=", ".join(allowed))
    tie_break = o.data.get("tie_break", list(defaults.tie_break))
    if not isinstance(tie_break, list) or not all(isinstance(k, str) for k in tie_break):
        raise BundleError(N_("expected a list of tie-break keys"), f"{o.path}.tie_break", o.item)
    criteria = {c.id for ph in contest.phases for c in ph.criteria}
    for i, key in enumerate(tie_break):
        if key.startswith(CRITERION_TIE_BREAK):
            if key[len(CRITERION_TIE_BREAK):] not in criteria:
                raise BundleError(N_("the tie-break key {key} names an unknown criterion"),
                                  f"{o.path}.tie_break[{i}]", o.item, key=key)
        elif key not in PLAIN_TIE_BREAKS:
            raise BundleError(N_("unknown tie-break key {key}"), f"{o.path}.tie_break[{i}]",
                              o.item, key=key)
    rules = Rules(
        aggregation=aggregation, allocation=allocation, tie_break=tuple(tie_break),
        trim=or_default(o.integer("trim", required=False), defaults.trim),
        pass_score=or_default(o.decimal("pass_score", required=False), defaults.pass_score),
        min_jurors=or_default(o.integer("min_jurors", required=False), defaults.min_jurors),
        partial_min_percent=or_default(o.decimal("partial_min_percent", required=False),
                                defaults.partial_min_percent),
        first_tranche_percent=or_default(o.decimal("first_tranche_percent", required=False),
                                  defaults.first_tranche_percent))
    for key in ("partial_min_percent", "first_tranche_percent"):
        value = getattr(rules, key)
        if not Decimal(0) <= value <= Decimal(100):
            raise BundleError(N_("a percentage must lie between 0 and 100"), f"{o.path}.{key}",
                              o.item)
    return rules


def _fill_records(obj: Fields, contest: Contest, sheets_only: bool) -> Sheets | None:
    """Recusals, scores and draws: every reference checked against the definition; the
    scores, with ``sheets_only``, as sheets instead of in the contest."""
    index = ContestIndex.of(contest)
    path = obj.path
    try:
        for i, raw in enumerate(obj.items("recusals", required=False)):
            r = Fields(raw, f"{path}.recusals[{i}]")
            juror, proposal = r.req_str("juror"), r.req_str("proposal")
            index.check_recusal(juror, proposal, r.path)
            recusal = Recusal(juror, proposal, r.req_str("reason"))
            index.recused[(juror, proposal)] = recusal
            contest.recusals.append(recusal)
        for i, raw in enumerate(obj.items("absences", required=False)):
            absence = sections.parse_absence(Fields(raw, f"{path}.absences[{i}]"))
            index.check_absence(absence.juror, absence.proposal, absence.phase,
                                f"{path}.absences[{i}]")
            index.absent[(absence.juror, absence.proposal, absence.phase)] = absence
            contest.absences.append(absence)
        for i, raw in enumerate(obj.items("withdrawals", required=False)):
            withdrawal = sections.parse_withdrawal(Fields(raw, f"{path}.withdrawals[{i}]"))
            index.check_withdrawal(withdrawal.proposal, f"{path}.withdrawals[{i}]")
            index.withdrawn[withdrawal.proposal] = withdrawal
            contest.withdrawals.append(withdrawal)
        sheets = _read_scores(obj.items("scores", required=False), index, f"{path}.scores",
                              contest.scores, sheets_only)
        for i, raw in enumerate(obj.items("draws", required=False)):
            d = Fields(raw, f"{path}.draws[{i}]")
            proposals, order = d.items("proposals"), d.items("order")
            if not all(isinstance(x, str) for x in (*proposals, *order)):
                raise BundleError(N_("expected a list of proposal ids"), d.path)
            index.check_draw(tuple(proposals), tuple(order), d.path)
            contest.draws.append(Draw(tuple(proposals), tuple(order)))
    except ChangeRefused as refused:
        raise BundleError(refused.template, refused.path, refused.item,
                          **refused.params) from None
    return sheets


_UNSEEN = object()


def _read_scores(raws: list[Any], index: ContestIndex, path: str,
                 scores: dict[tuple[str, str, str], Score],
                 sheets_only: bool = False) -> Sheets | None:
    """Every score checked, the common case fast: bundles hold hundreds of thousands of
    scores over a few dozen jurors, criteria and values, so each (juror, criterion) pair and
    each (criterion, value) text is judged once; a score that fails any fast test is judged
    again by `ContestIndex.check_score`, which says what is wrong. A valid bundle is read by
    columns first (`read_columns`); this loop then runs only to say what is wrong.

    ``sheets_only``: the scores are returned as sheets (`index_sheets`), not put in
    ``scores``; a sheet holding fewer values than were read means two scores named the
    same juror, item and criterion, found again by the loop."""
    columns = read_columns(raws, index,
                           lambda criterion, text: _value_of(index, criterion, text))
    if columns is not None:
        if sheets_only:
            phases = {criterion: phase.id for criterion, (phase, _c) in index.criteria.items()}
            sheets = index_sheets(columns.rows(), phases)
            if sheet_count(sheets) == len(columns):
                return sheets
        elif fill_scores(scores, columns):
            return None
    # phase_of[juror][criterion]: the phase, for each criterion of a phase the juror scores.
    phase_of: dict[str, dict[str, str]] = {
        j.id: {c: ph.id for c, (ph, _crit) in index.criteria.items() if ph.id in j.phases}
        for j in index.jurors.values()}
    followup, proposals, items = index.followup_phases, index.proposals, index.items
    recused, absent = index.recused, index.absent
    values: dict[str, dict[str, Any]] = {c: {} for c in index.criteria}
    names: dict[str, str] = {}
    intern = names.setdefault
    nothing: dict[str, str] = {}
    for i, raw in enumerate(raws):
        if type(raw) is dict:
            try:
                juror, proposal = raw["juror"], raw["proposal"]
                criterion, value = raw["criterion"], raw["value"]
                # Only texts are keys of these tables: anything else is not found, or
                # (unhashable) raises TypeError, and goes to the slow path below.
                phase = phase_of.get(juror, nothing).get(criterion)
                if phase is not None:
                    known = values[criterion]
                    number = known.get(value, _UNSEEN)
                    if number is _UNSEEN:
                        number = known[value] = _value_of(index, criterion, value)
                    if (number is not None
                            and ((proposal in proposals and phase not in followup)
                                 or (proposal in items and phase in followup))
                            and (not recused or (juror, proposal) not in recused)
                            and (not absent or (juror, proposal, phase) not in absent)):
                        # One string object per id: the contest then holds a few dozen,
                        # not three per score.
                        key = (intern(juror, juror), intern(proposal, proposal),
                               intern(criterion, criterion))
                        if key not in scores:
                            scores[key] = Score(*key, number)
                            continue
            except (KeyError, TypeError):
                pass
        where = f"{path}[{i}]"
        score = _slow_score(raw, where)
        index.check_score(score.juror, score.proposal, score.criterion, score.value, where)
        raise BundleError(N_("a second score for the same juror, proposal and criterion"),
                          where, "/".join(score.key))
    return None  # the columns said otherwise; this loop found the scores good


def _value_of(index: ContestIndex, criterion: str, text: object) -> Decimal | None:
    """The value a score's text stands for, if it is on that criterion's scale."""
    found = index.criteria.get(criterion)
    if found is None or type(text) is not str or not BOUNDED_DECIMAL.fullmatch(text):
        return None
    number = Decimal(text)
    return number if found[1].accepts(number) else None


def _slow_score(raw: Any, path: str) -> Score:
    s = Fields(raw, path)
    return Score(s.req_str("juror"), s.req_str("proposal"), s.req_str("criterion"),
                 req(s.decimal("value")))


# -- writing -----------------------------------------------------------------------------------

def _dec(value: Decimal) -> str:
    return decimal_text(value)


def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def rules_to_dict(rules: Rules) -> dict[str, Any]:
    return {"aggregation": rules.aggregation, "trim": rules.trim,
            "pass_score": _dec(rules.pass_score), "min_jurors": rules.min_jurors,
            "tie_break": list(rules.tie_break), "allocation": rules.allocation,
            "partial_min_percent": _dec(rules.partial_min_percent),
            "first_tranche_percent": _dec(rules.first_tranche_percent)}


def place_to_dict(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return _drop_none({"community": place.community, "district": place.district,
                       "province": place.province, "region": place.region})


def category_to_dict(c: Category) -> dict[str, Any]:
    return _drop_none({"id": c.id, "name": c.name, "budget": _dec(c.budget),
                       "max_award": None if c.max_award is None else _dec(c.max_award)})


def criterion_to_dict(c: Criterion) -> dict[str, Any]:
    return {"id": c.id, "name": c.name, "max": _dec(c.max), "min": _dec(c.min),
            "step": _dec(c.step), "weight": _dec(c.weight)}


def phase_to_dict(p: Phase) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "criteria": [criterion_to_dict(c) for c in p.criteria]}


def juror_to_dict(j: Juror) -> dict[str, Any]:
    return _drop_none({"id": j.id, "name": j.name, "document": j.document, "role": j.role,
                       "phases": list(j.phases)})


def proposal_to_dict(p: Proposal) -> dict[str, Any]:
    own = None if p.own_contribution is None else _dec(p.own_contribution)
    return _drop_none({"id": p.id, "category": p.category, "organization": p.organization,
                       "title": p.title, "requested": _dec(p.requested), "own_contribution": own,
                       "order": p.order, "families": p.families, "women": p.women,
                       "youth": p.youth, "women_led": p.women_led, "district": p.district})


def contest_to_dict(contest: Contest) -> dict[str, Any]:
    """The contest snapshot in the spec's shape (lists in the contest's own order)."""
    return _drop_none({
        "id": contest.id, "title": contest.title, "date": contest.date,
        "place": place_to_dict(contest.place), "currency": contest.currency,
        "rules": rules_to_dict(contest.rules),
        "categories": [category_to_dict(c) for c in contest.categories],
        "phases": [phase_to_dict(p) for p in contest.phases],
        "jurors": [juror_to_dict(j) for j in contest.jurors],
        "proposals": [proposal_to_dict(p) for p in contest.proposals],
        "recusals": [{"juror": r.juror, "proposal": r.proposal, "reason": r.reason}
                     for r in contest.recusals],
        "scores": [{"juror": s.juror, "proposal": s.proposal, "criterion": s.criterion,
                    "value": _dec(s.value)} for s in contest.scores.values()],
        "draws": [{"proposals": list(d.proposals), "order": list(d.order)}
                  for d in contest.draws],
        "time_zone": contest.time_zone, "programme": contest.programme,
        "office": sections.office_to_dict(contest.office),
        "absences": [sections.absence_to_dict(a) for a in contest.absences],
        "withdrawals": [sections.withdrawal_to_dict(w) for w in contest.withdrawals],
        "followups": sections.followups_to_dict(contest.followups, phase_to_dict),
    })


def bundle_to_dict(contest: Contest, events: list[dict[str, Any]] | None) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION,
                            "contest": contest_to_dict(contest)}
    if events is not None:
        data["events"] = events
    return data
