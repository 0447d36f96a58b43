"""The words the central office shows for its keys and indicators (marked with `N_`,
translated where they are shown: the command line's tables, the window)."""

from __future__ import annotations

from ..i18n import N_

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
