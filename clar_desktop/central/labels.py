"""The words the central office shows for its keys and indicators (marked with `N_`,
translated where they are shown: the command line's tables, the window)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..i18n import N_, NO_BREAK_SPACE, format_decimal, format_money, format_number

KEY_LABELS = {
    "programme": N_("Programme"), "office": N_("Office"), "region": N_("Region"),
    "province": N_("Province"), "district": N_("District"), "year": N_("Year"),
    "category": N_("Category"),
}
INDICATOR_LABELS = {
    "contests": N_("Contests"),
    "presented": N_("Proposals presented"),
    "withdrawn": N_("Proposals withdrawn"),
    "approved": N_("Proposals approved"),
    "funded": N_("Proposals funded"),
    "approval_rate": N_("Approval rate (%)"),
    "awarded": N_("Awarded"),
    "first_tranche": N_("First tranches"),
    "second_tranche": N_("Second tranches"),
    "families": N_("Families reached"),
    "families_missing": N_("Funded without a count of families"),
    "women": N_("Women"),
    "youth": N_("Young people"),
    "women_led_share": N_("Led by women (%)"),
    "leverage": N_("Own contribution per sol awarded"),
    "award_per_family": N_("Award per family"),
    "items": N_("Second-tranche evaluations"),
    "items_approved": N_("Second tranches approved"),
    "released": N_("Second tranches released"),
    "due": N_("Second tranches due"),
    "completion_rate": N_("Second-tranche completion (%)"),
}
NO_VALUE = N_("(none)")
"""A key value the bundles did not give (``null``)."""
EVERYTHING = N_("All contests")
"""The one group of indicators asked for without ``--by``."""

RATES = ("approval_rate", "women_led_share", "completion_rate")
"""Indicators that are percentages (the spec writes them as "62.50")."""
AMOUNTS = ("awarded", "first_tranche", "second_tranche", "award_per_family", "released", "due")
"""Indicators that are amounts of money, in soles."""


def format_indicator(indicator: str, value: Any, language: str | None = None) -> str:
    """An indicator's value as people read it in ``language`` (the active one by default):
    ``62,50 %``, ``S/ 1 250,00``, ``0,35`` for leverage, ``1 204`` families; "—" when the
    spec gives null (nothing to divide by, or a follow-up figure grouped by category). The
    window's tiles, the report's tables and the charts' bar labels all write them so."""
    if value is None:
        return "—"
    if indicator in RATES:
        return f"{format_decimal(value, 2, language)}{NO_BREAK_SPACE}%"
    if indicator in AMOUNTS:
        return format_money(value, "PEN", language)
    if indicator == "leverage":
        return format_decimal(value, 2, language)
    return format_number(int(value), 0, language)


def numeric(value: Any) -> float:
    """An indicator's value as a length to draw (0 for null)."""
    return 0.0 if value is None else float(Decimal(str(value)))


def clean(text: Any) -> str:
    """Text from a bundle as it can be drawn, printed or stored in a cell: control characters
    (which fonts draw as boxes, or not at all, and spreadsheets refuse) as spaces."""
    return "".join(" " if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 else ch for ch in str(text))
