"""A new contest as the wizard holds it while the secretary types it: every value as typed
(texts), jurors' phases by reference, ids made from the names (ids.py) unless typed under
"Advanced". `contest_data` turns it into the contest a ``contest.created`` event holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ...domain.model import CRITERION_TIE_BREAK, DEFAULT_TIME_ZONE
from .ids import assign, contest_id, slug

PLACE_KEYS = ("community", "district", "province", "region")
NUMBER = re.compile(r"[0-9]{1,15}(\.[0-9]{1,10})?")
AMOUNT = re.compile(r"([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]{1,2})?")


@dataclass(eq=False)
class Criterion:
    es: str = ""
    qu: str = ""
    max: str = ""
    step: str = "1"
    weight: str = "1"
    min: str = "0"
    id: str = ""
    """Typed under "Advanced" (or kept from a copied contest); empty: made from the name."""


@dataclass(eq=False)
class Phase:
    es: str = ""
    qu: str = ""
    criteria: list[Criterion] = field(default_factory=list)
    id: str = ""


@dataclass(eq=False)
class Category:
    es: str = ""
    qu: str = ""
    budget: str = ""
    max_award: str = ""
    id: str = ""


@dataclass(eq=False)
class Juror:
    name: str = ""
    document: str = ""
    role: str = ""
    phases: list[Phase] = field(default_factory=list)
    id: str = ""


TieBreak = str | Criterion
"""A plain tie-break key ("requested_asc", "order", "draw") or a criterion of the draft."""


@dataclass(eq=False)
class Draft:
    title: str = ""
    date: str = ""
    time_zone: str = DEFAULT_TIME_ZONE
    place: dict[str, str] = field(default_factory=dict)
    contest_id: str = ""
    currency: str = "PEN"
    programme: str = ""
    office_name: str = ""
    office_id: str = ""
    aggregation: str = "mean"
    trim: int = 1
    pass_score: str = "0"
    min_jurors: int = 1
    tie_break: list[TieBreak] = field(default_factory=lambda: ["draw"])
    allocation: str = "skip"
    partial_min_percent: str = "50"
    first_tranche_percent: str = "40"
    phases: list[Phase] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    jurors: list[Juror] = field(default_factory=list)

    def criteria(self) -> list[Criterion]:
        return [c for phase in self.phases for c in phase.criteria]


def name_of(item: Phase | Criterion | Category) -> str:
    """The name an id is made from: the Spanish one, else the Quechua one."""
    return item.es.strip() or item.qu.strip()


class Ids:
    """The ids of everything in a draft, as they stand (made again after every change)."""

    def __init__(self, draft: Draft, contests: set[str] | frozenset[str] = frozenset()) -> None:
        self.contest = draft.contest_id.strip() or contest_id(draft.title, draft.date,
                                                              contests)
        self.office = draft.office_id.strip() or slug(draft.office_name) or "oficina"
        self._ids: dict[int, str] = {}
        kinds: tuple[tuple[list[Any], str, Callable[[Any], str]], ...] = (
            (draft.phases, "fase", name_of), (draft.criteria(), "criterio", name_of),
            (draft.categories, "categoria", name_of),
            (draft.jurors, "jurado", lambda juror: juror.name))
        for items, fallback, name in kinds:
            made = assign(items, lambda item: item.id, name, fallback)
            self._ids.update(zip((id(item) for item in items), made, strict=True))

    def of(self, item: object) -> str:
        return self._ids[id(item)]


def names(item: Phase | Criterion | Category) -> dict[str, str]:
    return {lang: text.strip() for lang, text in (("es", item.es), ("qu", item.qu))
            if text.strip()}


def decimal_text(text: str, negative: bool = False) -> str | None:
    """A typed number (not negative unless allowed) as the bundle writes it ("2,5" →
    "2.5"); None if it is none or has more digits than a bundle takes (15 before the point,
    10 after)."""
    cleaned = text.strip().replace(",", ".")
    unsigned = cleaned[1:] if negative and cleaned.startswith("-") else cleaned
    return cleaned if NUMBER.fullmatch(unsigned) else None


def amount_text(text: str) -> str | None:
    """A typed amount of money ("S/ 150,000", "12500.5") as "150000.00"; None if it is none.
    Commas only separate thousands, the Peruvian way."""
    cleaned = re.sub(r"\s", "", text.replace("S/", ""))
    if not AMOUNT.fullmatch(cleaned) or len(cleaned.split(".")[0].replace(",", "")) > 15:
        return None
    return f"{Decimal(cleaned.replace(',', '')):.2f}"


def contest_data(draft: Draft, ids: Ids) -> dict[str, Any]:
    """The new contest as ``ContestService.create_prepared`` takes it (the draft checked)."""
    criteria_ids = {id(c): ids.of(c) for c in draft.criteria()}
    tie_break = [key if isinstance(key, str) else CRITERION_TIE_BREAK + criteria_ids[id(key)]
                 for key in draft.tie_break
                 if isinstance(key, str) or id(key) in criteria_ids]
    rules: dict[str, Any] = {
        "aggregation": draft.aggregation, "pass_score": decimal_text(draft.pass_score) or "0",
        "min_jurors": draft.min_jurors, "tie_break": tie_break, "allocation": draft.allocation,
        "first_tranche_percent": decimal_text(draft.first_tranche_percent) or "40"}
    # The settings that do not apply keep their defaults, so that nothing unseen is stored.
    if draft.aggregation == "trimmed_mean":
        rules["trim"] = draft.trim
    if draft.allocation == "partial":
        rules["partial_min_percent"] = decimal_text(draft.partial_min_percent) or "50"
    data: dict[str, Any] = {
        "id": ids.contest, "title": draft.title.strip(), "date": draft.date,
        "currency": draft.currency, "rules": rules, "time_zone": draft.time_zone,
        "categories": [_category(c, ids) for c in draft.categories],
        "phases": [{"id": ids.of(p), "name": names(p),
                    "criteria": [_criterion(c, ids) for c in p.criteria]}
                   for p in draft.phases],
        "jurors": [_juror(j, ids, draft) for j in draft.jurors]}
    place = {k: draft.place.get(k, "").strip() for k in PLACE_KEYS}
    if any(place.values()):
        data["place"] = {k: v for k, v in place.items() if v}
    if draft.programme.strip():
        data["programme"] = draft.programme.strip()
    if draft.office_name.strip():
        data["office"] = {"id": ids.office, "name": draft.office_name.strip()}
    return data


def _category(c: Category, ids: Ids) -> dict[str, Any]:
    made: dict[str, Any] = {"id": ids.of(c), "name": names(c),
                            "budget": amount_text(c.budget)}
    if c.max_award.strip():
        made["max_award"] = amount_text(c.max_award)
    return made


def _criterion(c: Criterion, ids: Ids) -> dict[str, Any]:
    return {"id": ids.of(c), "name": names(c), "max": decimal_text(c.max),
            "min": decimal_text(c.min, negative=True) or "0", "step": decimal_text(c.step),
            "weight": decimal_text(c.weight)}


def _juror(j: Juror, ids: Ids, draft: Draft) -> dict[str, Any]:
    made: dict[str, Any] = {"id": ids.of(j), "name": j.name.strip(),
                            "phases": [ids.of(p) for p in draft.phases
                                       if any(p is mine for mine in j.phases)]}
    if j.document.strip():
        made["document"] = document_digits(j.document)
    if j.role.strip():
        made["role"] = j.role.strip()
    return made


def document_digits(text: str) -> str:
    """A DNI as typed, without the spaces, dots or hyphens written between its digits."""
    return re.sub(r"[\s.\-]", "", text)


def from_snapshot(snapshot: dict[str, Any], keep_ids: bool) -> Draft:
    """A draft from a contest snapshot — an earlier contest's definition (``keep_ids``: its
    ids stay, so the programme's sheets keep theirs) or a template (ids made from names)."""
    def own(item: dict[str, Any]) -> str:
        return str(item.get("id", "")) if keep_ids else ""

    def localized(value: Any) -> tuple[str, str]:
        if isinstance(value, str):
            return value, ""
        value = value or {}
        return str(value.get("es", "")), str(value.get("qu", ""))

    draft = Draft()
    by_id: dict[str, Criterion] = {}
    for raw in snapshot.get("phases", []):
        criteria = []
        for c in raw.get("criteria", []):
            es, qu = localized(c.get("name"))
            made = Criterion(es, qu, str(c.get("max", "")), str(c.get("step", "1")),
                             str(c.get("weight", "1")), str(c.get("min", "0")), own(c))
            criteria.append(made)
            by_id[str(c.get("id", ""))] = made
        es, qu = localized(raw.get("name"))
        draft.phases.append(Phase(es, qu, criteria, own(raw)))
    phases = {str(raw.get("id", "")): phase
              for raw, phase in zip(snapshot.get("phases", []), draft.phases, strict=True)}
    for raw in snapshot.get("categories", []):
        es, qu = localized(raw.get("name"))
        draft.categories.append(Category(es, qu, _shown_amount(raw.get("budget")),
                                         _shown_amount(raw.get("max_award")), own(raw)))
    for raw in snapshot.get("jurors", []):
        draft.jurors.append(Juror(str(raw.get("name", "")), str(raw.get("document") or ""),
                                  str(raw.get("role") or ""),
                                  [phases[p] for p in raw.get("phases", []) if p in phases],
                                  own(raw)))
    rules = snapshot.get("rules", {})
    draft.aggregation = rules.get("aggregation", draft.aggregation)
    draft.trim = int(rules.get("trim", draft.trim))
    draft.pass_score = str(rules.get("pass_score", draft.pass_score))
    draft.min_jurors = int(rules.get("min_jurors", draft.min_jurors))
    draft.allocation = rules.get("allocation", draft.allocation)
    draft.partial_min_percent = str(rules.get("partial_min_percent",
                                              draft.partial_min_percent))
    draft.first_tranche_percent = str(rules.get("first_tranche_percent",
                                                draft.first_tranche_percent))
    draft.tie_break = [by_id[key[len(CRITERION_TIE_BREAK):]]
                       if key.startswith(CRITERION_TIE_BREAK) else key
                       for key in rules.get("tie_break", ["draw"])
                       if not key.startswith(CRITERION_TIE_BREAK)
                       or key[len(CRITERION_TIE_BREAK):] in by_id]
    draft.title = str(snapshot.get("title", ""))
    draft.currency = str(snapshot.get("currency", "PEN"))
    draft.time_zone = str(snapshot.get("time_zone", DEFAULT_TIME_ZONE))
    draft.place = {k: str(v) for k, v in (snapshot.get("place") or {}).items()}
    draft.programme = str(snapshot.get("programme") or "")
    office = snapshot.get("office") or {}
    draft.office_name = str(office.get("name", ""))
    draft.office_id = str(office.get("id", "")) if keep_ids else ""
    return draft


def _shown_amount(value: Any) -> str:
    """An amount of a snapshot as the secretary would type it: "150,000.00"."""
    if value in (None, ""):
        return ""
    return f"{Decimal(str(value)):,.2f}"


__all__ = ["Category", "Criterion", "Draft", "Ids", "Juror", "Phase", "amount_text",
           "contest_data", "decimal_text", "from_snapshot", "names"]
