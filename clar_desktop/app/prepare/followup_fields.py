"""The fields of the second-tranche pages: the items under evaluation and their phases (the
criteria of a follow-up phase are a contest's criteria: `fields.CRITERION_FIELDS`).

``review`` is not a field of the item: it is the reference of the local office's review
behind the justified percent ("Informe 012-2026-OL"), which the bundle has no field for and
the log keeps as the event's ``reason`` (see followup_tables.py).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ...i18n import N_, _, ngettext
from .fields import (
    ID_FIELD,
    Field,
    _amount,
    _count,
    _optional_text,
    _order,
    _text,
)

LONGEST_REVIEW = 200
REVIEW = "review"
"""The key of the office's review reference in a table row (never sent in the item)."""
PERCENT_PROBLEM = N_("Write a percentage from 0 to 100.")


def percent(value: str) -> str:
    """A percentage from 0 to 100 as the bundle writes it ("82,5" → "82.5")."""
    text = value.strip().replace(",", ".").rstrip("%").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(_(PERCENT_PROBLEM)) from None
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise ValueError(_(PERCENT_PROBLEM))
    return text


def too_long(text: str) -> str:
    """What is wrong with a review's reference as typed: empty when it is short enough."""
    if len(text) <= LONGEST_REVIEW:
        return ""
    return ngettext("At most {limit} characters; this has {count}.",
                    "At most {limit} characters; this has {count}.", len(text)).format(
                        limit=LONGEST_REVIEW, count=len(text))


def review_reference(value: str) -> str | None:
    """The reference of the office's review, as typed (at most 200 characters)."""
    text = value.strip()
    if problem := too_long(text):
        raise ValueError(problem)
    return text or None


FOLLOWUP_ITEM_FIELDS = (
    Field("order", N_("Order"), _order, True),
    Field("organization", N_("Organization"), _text, True),
    Field("title", N_("Plan"), _text, True),
    Field("award.acta", N_("Acta of the award"), _optional_text),
    Field("award.contest", N_("Contest of the award"), _optional_text),
    Field("award.proposal", N_("Proposal awarded"), _optional_text),
    Field("first_tranche", N_("First tranche"), _amount, True),
    Field("second_tranche", N_("Second tranche"), _amount, True),
    Field("justified_percent", N_("Justified (%)"), percent, True),
    Field(REVIEW, N_("Office's review"), review_reference, cell=False),
    Field("families", N_("Families"), _count), Field("women", N_("Women"), _count),
    Field("youth", N_("Youth"), _count), ID_FIELD,
)
FOLLOWUP_PHASE_FIELDS = (
    Field("name.es", N_("Name (Spanish)"), _text, True),
    Field("name.qu", N_("Name (Quechua)"), _optional_text),
    Field("count", N_("Criteria"), _count, cell=False, asked=False),
    Field("points", N_("Most points"), _count, cell=False, asked=False),
    ID_FIELD,
)
"""``count`` and ``points`` (the phase's criteria and the most points its sheet gives) are
worked out, never typed: the criteria are on their own table."""
