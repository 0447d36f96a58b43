"""Exact decimal arithmetic for scores and money.

Bundles carry every decimal as a JSON string. The domain parses each to a `Decimal` (exact,
keeps the text the user wrote) and computes with `Fraction`; values are rounded half up to
two decimals only when they are written out.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

DECIMAL_PATTERN = re.compile(r"-?[0-9]+(\.[0-9]+)?")
BOUNDED_DECIMAL = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,10})?")
"""At most 15 digits before the point and 10 after: far beyond any score or budget, and
within what every database stores and exact decimal arithmetic handles."""
TWO_PLACES = Decimal("0.01")


class TooManyDigits(ValueError):
    """A decimal written correctly but with more digits than `BOUNDED_DECIMAL` allows."""


def parse_decimal(text: str) -> Decimal:
    """Parse a bundle decimal string such as ``"12.5"``; raise ``ValueError`` otherwise
    (`TooManyDigits` for one with more than 15 digits before the point or 10 after)."""
    if not isinstance(text, str) or not DECIMAL_PATTERN.fullmatch(text):
        raise ValueError(text)
    if not BOUNDED_DECIMAL.fullmatch(text):
        raise TooManyDigits(text)
    return Decimal(text)


def to_fraction(value: Decimal | int | Fraction) -> Fraction:
    """The exact rational value of a decimal."""
    return Fraction(value)


WIDE = Context(prec=60)
"""Enough digits for any value `BOUNDED_DECIMAL` admits, and its products with percents."""
_PLACES = {places: Decimal(1).scaleb(-places) for places in range(11)}


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round an exact value half up (away from zero on a tie) to ``places`` decimals."""
    step = _PLACES.get(places) or Decimal(1).scaleb(-places)
    if isinstance(value, Decimal):
        return value.quantize(step, rounding=ROUND_HALF_UP, context=WIDE)
    frac = Fraction(value)
    scale = 10**places
    # Half up on the absolute value, then restore the sign: 2.675 -> 2.68, -2.675 -> -2.68.
    numerator, denominator = abs(frac.numerator) * scale, frac.denominator
    whole = (numerator * 2 + denominator) // (2 * denominator)
    signed = -whole if frac < 0 else whole
    return Decimal(signed).scaleb(-places, context=WIDE)


def format_2dp(value: Fraction | Decimal | int) -> str:
    """The spec's output format: rounded half up to exactly two decimals (``"78.33"``)."""
    if type(value) is Fraction or type(value) is int:
        # Integer arithmetic, as round_half_up does it, without making a Decimal or another
        # Fraction: a tally writes eight amounts and scores per proposal.
        numerator, denominator = value.numerator, value.denominator
        whole = (abs(numerator) * 200 + denominator) // (2 * denominator)
        sign = "-" if numerator < 0 and whole else ""
        return f"{sign}{whole // 100}.{whole % 100:02d}"
    return str(round_half_up(value, 2))


def decimal_text(value: Decimal) -> str:
    """Write a decimal back in plain positional notation (never exponent form)."""
    return format(value, "f")
