"""The words both reports print: their title, what they cover, the names of the groupings,
the groups and the indicators, and the bands in which a PDF table shows the indicators."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...i18n import N_, format_date, format_number
from ..charts import group_label
from ..labels import INDICATOR_LABELS, KEY_LABELS, NO_VALUE, clean
from .content import Grouping, Report

Translate = Callable[[str], str]

TITLE = N_("Programme indicators")
BANDS = (
    ("contests", "presented", "withdrawn", "approved", "funded", "approval_rate"),
    ("families", "families_missing", "women", "youth", "women_led_share"),
    ("awarded", "first_tranche", "second_tranche", "leverage", "award_per_family"),
    ("items", "items_approved", "released", "due", "completion_rate"),
)
"""The indicators in the columns of a PDF table, in four tables of one row per group:
the proposals, the families, the money, the second tranches (all 21 in one row of an A4
page would cut the headers' words in pieces)."""
BAND_TITLES = (N_("Proposals"), N_("Families reached"), N_("Co-investment"),
               N_("Second tranches"))


def key_label(key: str, translate: Translate) -> str:
    return translate(KEY_LABELS[key])


def indicator_label(indicator: str, translate: Translate) -> str:
    return translate(INDICATOR_LABELS[indicator])


GROUPING_TITLES = {
    "programme": N_("By programme"), "office": N_("By office"), "region": N_("By region"),
    "province": N_("By province"), "district": N_("By district"), "year": N_("By year"),
    "category": N_("By category"),
}


def grouping_title(grouping: Grouping, translate: Translate) -> str:
    return translate(GROUPING_TITLES[grouping.key])


def name_of(group: Any, key: str, translate: Translate) -> str:
    """A group's value as printed: its id (``(none)`` for a value the bundles did not
    give)."""
    return clean(group_label(group, (key,), translate))


def full_name(report: Report, group: Any, key: str, language: str) -> str | None:
    """The name the bundles give an office or a category, for a group of them (None: none
    given, or the same as its id)."""
    name = report.names.name(key, group.key.get(key), language)
    return clean(name) if name else None


def value_text(key: str, value: Any, translate: Translate) -> str:
    return translate(NO_VALUE) if value is None else clean(value)


def generated(report: Report, language: str) -> str:
    moment = report.generated_at
    return f"{format_date(moment.date(), 'long', language)}, {moment:%H:%M} UTC"


def covers(report: Report, translate: Translate, language: str) -> list[tuple[str, str]]:
    """What a report covers, as label and value lines."""
    if report.filters:
        chosen = "; ".join(f"{key_label(k, translate)}: {value_text(k, v, translate)}"
                           for k, v in report.filters.items())
    else:
        chosen = translate(N_("none: every contest stored"))
    return [
        (translate(N_("Filters")), chosen),
        (translate(N_("Grouped by")),
         ", ".join(key_label(k, translate) for k in report.keys)),
        (translate(N_("Contests counted")),
         format_number(int(report.whole.figures.get("contests") or 0), 0, language)),
        (translate(N_("Generated")), generated(report, language)),
        (translate(N_("Database")), clean(report.source)),
    ]


NULL_NOTE = N_("A dash (—) or an empty cell: the figure cannot be computed (there is "
               "nothing to divide by) or does not apply (second-tranche evaluations have "
               "no category).")
