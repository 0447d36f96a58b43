"""The parts of a contest that bundle version 2 adds (spec: bundle-v2).

The time zone, the programme and the office; absences and withdrawals; the second-tranche
evaluations (``followups``) with their rules, phases and items. Each is read strictly (the
same `Fields` as the rest of the bundle) and written back in the spec's shape.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import N_, BundleError
from .fields import MAX_ID, Fields, or_default, req
from .model import (
    AGGREGATIONS,
    DEFAULT_TIME_ZONE,
    Absence,
    AwardReference,
    FollowupItem,
    FollowupRules,
    Followups,
    Office,
    Phase,
    Withdrawal,
)
from .numbers import decimal_text

NEWER_FIELDS = ("time_zone", "programme", "office", "absences", "withdrawals", "followups")
"""Contest fields that only a version 2 bundle may hold."""
NEWER_PROPOSAL_FIELDS = ("women_led", "district")
FOLLOWUP_RULE_KEYS = ("aggregation", "trim", "pass_score", "min_jurors",
                      "min_justified_percent")
MAX_PROGRAMME = 200
OFFICE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,3}")
_ZONES: dict[str, bool] = {}


def refuse_newer_fields(raw: dict[str, Any], path: str) -> None:
    """A version 1 bundle holding a version 2 field: refused rather than half understood."""
    for key in NEWER_FIELDS:
        if key in raw:
            raise BundleError(N_("{field} needs a version 2 bundle; this one says version 1"),
                              f"{path}.{key}", field=key)
    proposals = raw.get("proposals")
    for i, proposal in enumerate(proposals if isinstance(proposals, list) else ()):
        if isinstance(proposal, dict):
            for key in NEWER_PROPOSAL_FIELDS:
                if key in proposal:
                    raise BundleError(N_("{field} needs a version 2 bundle; this one says "
                                         "version 1"), f"{path}.proposals[{i}].{key}",
                                      field=key)


def known_time_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone this machine knows (cached)."""
    found = _ZONES.get(name)
    if found is None:
        found = False
        if ZONE_NAME.fullmatch(name) and ".." not in name:
            try:
                ZoneInfo(name)
                found = True
            except (ZoneInfoNotFoundError, ValueError, OSError):
                found = False
        if len(_ZONES) < 256:
            _ZONES[name] = found
    return found


def parse_time_zone(obj: Fields) -> str:
    name = obj.string("time_zone", required=False)
    if name is None:
        return DEFAULT_TIME_ZONE
    if not known_time_zone(name):
        raise BundleError(N_("unknown time zone {value}; expected an IANA name such as "
                             "\"America/Lima\""), f"{obj.path}.time_zone", obj.item,
                          value=json.dumps(name)[:60])
    return name


def parse_programme(obj: Fields) -> str | None:
    programme = obj.string("programme", required=False)
    if programme is not None and len(programme) > MAX_PROGRAMME:
        raise BundleError(N_("may have at most {count} characters"), f"{obj.path}.programme",
                          obj.item, count=MAX_PROGRAMME)
    return programme


def parse_office(obj: Fields) -> Office | None:
    raw = obj.data.get("office")
    if raw is None:
        return None
    office = Fields(raw, f"{obj.path}.office", obj.item)
    office_id = office.req_str("id")
    if not OFFICE_ID.fullmatch(office_id):
        raise BundleError(N_("an office id may only hold letters, digits, - and _ "
                             "(1 to 64 of them)"), f"{office.path}.id", obj.item)
    return Office(office_id, office.req_str("name"))


def parse_followups(obj: Fields, contest_phase_ids: set[str], parse_phase: Any,
                    require_phases: bool) -> Followups | None:
    """The ``followups`` section without its items (they need the proposals' ids)."""
    raw = obj.data.get("followups")
    if raw is None:
        return None
    section = Fields(raw, f"{obj.path}.followups", obj.item)
    phases: list[Phase] = []
    seen: set[str] = set()
    for i, raw_phase in enumerate(section.items("phases", required=False)):
        phase_obj = Fields(raw_phase, f"{section.path}.phases[{i}]")
        phase_id = phase_obj.req_str("id")
        phase_obj.item = phase_id[:MAX_ID]
        if phase_id in contest_phase_ids or phase_id in seen:
            raise BundleError(N_("the id {id} is used twice"), f"{phase_obj.path}.id",
                              phase_id[:MAX_ID], id=phase_id[:MAX_ID])
        seen.add(phase_id)
        phases.append(parse_phase(phase_obj))
    if require_phases and not phases:
        raise BundleError(N_("the follow-up evaluations need at least one phase"),
                          f"{section.path}.phases", obj.item)
    rules = _followup_rules(Fields(section.data.get("rules", {}), f"{section.path}.rules",
                                   obj.item))
    return Followups(rules=rules, phases=tuple(phases))


def _followup_rules(o: Fields) -> FollowupRules:
    defaults = FollowupRules()
    for key in o.data:
        if key not in FOLLOWUP_RULE_KEYS:
            raise BundleError(N_("unknown rule {key}; the rules are {allowed}"),
                              f"{o.path}.{key}", o.item, key=json.dumps(key)[:60],
                              allowed=", ".join(FOLLOWUP_RULE_KEYS))
    aggregation = o.string("aggregation", required=False) or defaults.aggregation
    if aggregation not in AGGREGATIONS:
        raise BundleError(N_("unknown rule value {value}; expected one of {allowed}"),
                          f"{o.path}.aggregation", o.item, value=json.dumps(aggregation)[:60],
                          allowed=", ".join(AGGREGATIONS))
    rules = FollowupRules(
        aggregation=aggregation,
        trim=or_default(o.integer("trim", required=False), defaults.trim),
        pass_score=or_default(o.decimal("pass_score", required=False), defaults.pass_score),
        min_jurors=or_default(o.integer("min_jurors", required=False), defaults.min_jurors),
        min_justified_percent=or_default(o.decimal("min_justified_percent", required=False),
                                         defaults.min_justified_percent))
    if not Decimal(0) <= rules.min_justified_percent <= Decimal(100):
        raise BundleError(N_("a percentage must lie between 0 and 100"),
                          f"{o.path}.min_justified_percent", o.item)
    return rules


def parse_items(obj: Fields, followups: Followups, proposal_ids: set[str]) -> Followups:
    """The follow-up items: ids unique across proposals and items, orders unique."""
    raw = obj.data.get("followups")
    assert isinstance(raw, dict)
    section = Fields(raw, f"{obj.path}.followups", obj.item)
    items: list[FollowupItem] = []
    seen: set[str] = set()
    orders: dict[int, str] = {}
    for i, raw_item in enumerate(section.items("items", required=False)):
        o = Fields(raw_item, f"{section.path}.items[{i}]")
        item_id = o.req_str("id")
        o.item = item_id[:MAX_ID]
        if len(item_id) > MAX_ID:
            raise BundleError(N_("an id may have at most {count} characters"),
                              f"{o.path}.id", item_id[:40] + "…", count=MAX_ID)
        if item_id in seen or item_id in proposal_ids:
            raise BundleError(N_("the id {id} is used twice"), f"{o.path}.id", item_id,
                              id=item_id)
        seen.add(item_id)
        item = _item(o, item_id)
        if item.order in orders:
            raise BundleError(N_("presentation order {order} is also used by {other}"),
                              f"{o.path}.order", item_id, order=item.order,
                              other=orders[item.order])
        orders[item.order] = item_id
        items.append(item)
    return Followups(followups.rules, followups.phases, tuple(items))


def _item(o: Fields, item_id: str) -> FollowupItem:
    justified = req(o.decimal("justified_percent"))
    if not Decimal(0) <= justified <= Decimal(100):
        raise BundleError(N_("a percentage must lie between 0 and 100"),
                          f"{o.path}.justified_percent", item_id)
    award = None
    if o.data.get("award") is not None:
        a = Fields(o.data["award"], f"{o.path}.award", item_id)
        award = AwardReference(a.string("contest", required=False),
                               a.string("proposal", required=False),
                               a.string("acta", required=False))
    return FollowupItem(
        id=item_id, organization=o.req_str("organization"), title=o.req_str("title"),
        order=req(o.integer("order", minimum=None)),
        first_tranche=req(o.decimal("first_tranche", amount=True)),
        second_tranche=req(o.decimal("second_tranche", amount=True)),
        justified_percent=justified, award=award,
        families=o.integer("families", required=False), women=o.integer("women", required=False),
        youth=o.integer("youth", required=False))


def parse_absence(o: Fields) -> Absence:
    reason = o.string("reason", required=False)
    return Absence(o.req_str("juror"), o.req_str("proposal"), o.req_str("phase"),
                   reason if reason and reason.strip() else None)


def parse_withdrawal(o: Fields) -> Withdrawal:
    return Withdrawal(o.req_str("proposal"), o.req_str("reason"))


# -- writing -----------------------------------------------------------------------------------

def _drop_none(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}


def office_to_dict(office: Office | None) -> dict[str, Any] | None:
    return None if office is None else {"id": office.id, "name": office.name}


def absence_to_dict(a: Absence) -> dict[str, Any]:
    return _drop_none({"juror": a.juror, "proposal": a.proposal, "phase": a.phase,
                       "reason": a.reason})


def withdrawal_to_dict(w: Withdrawal) -> dict[str, Any]:
    return {"proposal": w.proposal, "reason": w.reason}


def followup_rules_to_dict(rules: FollowupRules) -> dict[str, Any]:
    return {"aggregation": rules.aggregation, "trim": rules.trim,
            "pass_score": decimal_text(rules.pass_score), "min_jurors": rules.min_jurors,
            "min_justified_percent": decimal_text(rules.min_justified_percent)}


def item_to_dict(item: FollowupItem) -> dict[str, Any]:
    award = None
    if item.award is not None:
        award = _drop_none({"contest": item.award.contest, "proposal": item.award.proposal,
                            "acta": item.award.acta})
    return _drop_none({
        "id": item.id, "organization": item.organization, "title": item.title,
        "order": item.order, "award": award,
        "first_tranche": decimal_text(item.first_tranche),
        "second_tranche": decimal_text(item.second_tranche),
        "justified_percent": decimal_text(item.justified_percent),
        "families": item.families, "women": item.women, "youth": item.youth})


def followups_to_dict(followups: Followups | None, phase_to_dict: Any) -> dict[str, Any] | None:
    if followups is None:
        return None
    return {"rules": followup_rules_to_dict(followups.rules),
            "phases": [phase_to_dict(p) for p in followups.phases],
            "items": [item_to_dict(i) for i in followups.items]}
