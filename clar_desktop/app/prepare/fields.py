"""The fields of the preparation tables (proposals, jurors, categories, criteria): how each
typed value is read, and where it sits in an item of the contest's bundle."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ...i18n import N_, _
from .checks import document_problem
from .draft import document_digits
from .ids import ID_RULE


@dataclass(frozen=True, slots=True)
class Field:
    """A column of a table and a line of its new-item dialog. ``choices``: a reference to
    other items, chosen by their names — ``"category"`` or ``"phase"`` (one of them, in a
    combo box) or ``"phases"`` (any of them, ticked)."""

    key: str
    label: str
    parse: Callable[[Any], Any]
    required: bool = False
    choices: str = ""
    cell: bool = True
    """Edited in place in its table (else only shown there, or changed another way)."""
    asked: bool = True
    """A line of the new-item dialog (else worked out, never typed)."""


ID = "id"
ID_SOURCES = {"proposal": ("organization", "title"), "juror": ("name",),
              "category": ("name.es", "name.qu"), "criterion": ("name.es", "name.qu"),
              "followup": ("organization", "title"), "followup_phase": ("name.es", "name.qu")}
"""The fields a new item's id is made from, the first one written."""
ID_FALLBACKS = {"proposal": "propuesta", "juror": "jurado", "category": "categoria",
                "criterion": "criterio", "followup": "segundo-tramo",
                "followup_phase": "fase"}


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError(_("write something here"))
    return value.strip()


def _optional_text(value: str) -> str | None:
    return value.strip() or None


def _id(value: str) -> str:
    if not ID_RULE.fullmatch(value.strip()):
        raise ValueError(_("An id may hold only letters without accents, digits, - and _ "
                           "(at most 64 of them)."))
    return value.strip()


def _choice(value: str) -> str:
    if not str(value or "").strip():
        raise ValueError(_("Choose one from the list."))
    return str(value).strip()


def _document(value: str) -> str | None:
    if problem := document_problem(value):
        raise ValueError(problem)
    return document_digits(value.strip()) or None


def _amount(value: str) -> str:
    if not value.strip():
        raise ValueError(_("write something here"))
    try:
        number = Decimal(value.replace(",", "").replace("S/", "").strip())
    except InvalidOperation:
        raise ValueError(_("{value} is not an amount").format(value=value)) from None
    if not number.is_finite() or number < 0:
        raise ValueError(_("{value} is not an amount").format(value=value))
    return f"{number:.2f}"


def _optional_amount(value: str) -> str | None:
    return _amount(value) if value.strip() else None


def _decimal(value: str) -> str:
    text = value.strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("{value} is not a number").format(value=value)) from None
    if not number.is_finite():
        raise ValueError(_("{value} is not a number").format(value=value))
    return text


def get_path(item: dict[str, Any], key: str) -> Any:
    """``item["name"]["es"]`` for the key ``"name.es"`` (a plain text name counts as es)."""
    head, _dot, rest = key.partition(".")
    value = item.get(head)
    if not rest:
        return value
    if isinstance(value, str):
        return value if rest == "es" else None
    return value.get(rest) if isinstance(value, dict) else None


def set_path(item: dict[str, Any], key: str, value: Any) -> None:
    """Set (or, for None, remove) a possibly nested field."""
    head, _dot, rest = key.partition(".")
    if not rest:
        if value is None:
            item.pop(head, None)
        else:
            item[head] = value
        return
    inner = item.get(head)
    inner = {"es": inner} if isinstance(inner, str) else dict(inner or {})
    if value is None:
        inner.pop(rest, None)
    else:
        inner[rest] = value
    item[head] = inner


def _count(value: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit():
        raise ValueError(_("{value} is not a whole number").format(value=value))
    return int(value)


def _order(value: str) -> int:
    number = _count(value)
    if number is None:
        raise ValueError(_("write something here"))
    return number


def _phases(value: str | list[str]) -> list[str]:
    """The ids ticked (a list), or typed with commas between them."""
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    ticked = [p.strip() for p in value if p.strip()]
    if not ticked:
        raise ValueError(_("Tick the phases this juror scores: at least one."))
    return ticked


ID_FIELD = Field(ID, N_("Id (advanced)"), _id, True)
"""Last in every table and never edited there: scores and the log refer to it. A new item's
is made from its name (``ID_SOURCES``); it is typed only under "Advanced"."""
PROPOSAL_FIELDS = (
    Field("order", N_("Order"), _order, True),
    Field("organization", N_("Organization"), _text, True),
    Field("title", N_("Plan"), _text, True),
    Field("category", N_("Category"), _choice, True, "category"),
    Field("requested", N_("Requested"), _amount, True),
    Field("own_contribution", N_("Own contribution"), _amount),
    Field("families", N_("Families"), _count), Field("women", N_("Women"), _count),
    Field("youth", N_("Youth"), _count), ID_FIELD,
)
CATEGORY_FIELDS = (
    Field("name.es", N_("Name (Spanish)"), _text, True),
    Field("name.qu", N_("Name (Quechua)"), _optional_text),
    Field("budget", N_("Budget"), _amount, True),
    Field("max_award", N_("Maximum award"), _optional_amount), ID_FIELD,
)
CRITERION_FIELDS = (
    Field("phase", N_("Phase"), _choice, True, "phase"),
    Field("name.es", N_("Name (Spanish)"), _text, True),
    Field("name.qu", N_("Name (Quechua)"), _optional_text),
    Field("max", N_("Maximum"), _decimal, True), Field("min", N_("Minimum"), _decimal),
    Field("step", N_("Step"), _decimal), Field("weight", N_("Weight"), _decimal), ID_FIELD,
)
JUROR_FIELDS = (
    Field("name", N_("Name"), _text, True), Field("document", N_("DNI"), _document),
    Field("role", N_("Cargo"), _optional_text),
    Field("phases", N_("Phases"), _phases, True, "phases"), ID_FIELD,
)
