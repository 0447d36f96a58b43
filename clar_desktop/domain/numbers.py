"""Exact decimal arithmetic for scores and money.

Bundles carry every decimal as a JSON string. The domain parses each to a `Decimal` (exact,
keeps the text the user wrote) and computes with `Fraction`; values are rounded half up to
two decimals only when they are written out.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
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


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round an exact value half up (away from zero on a tie) to ``places`` decimals."""
    if isinstance(value, Decimal):
        exact = value
    else:
        frac = Fraction(value)
        scale = 10**places
        scaled = frac * scale
        # Half up on the absolute value, then restore the sign: 2.675 -> 2.68, -2.675 -> -2.68.
        magnitude = abs(scaled)
        rounded = magnitude.numerator * 2 + magnitude.denominator
        whole = rounded // (2 * magnitude.denominator)
        signed = -whole if scaled < 0 else whole
        with localcontext(Context(prec=60)):
            return Decimal(signed).scaleb(-places).quantize(Decimal(1).scaleb(-places))
    with localcontext(Context(prec=60)):
        return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_2dp(value: Fraction | Decimal | int) -> str:
    """The spec's output format: rounded half up to exactly two decimals (``"78.33"``)."""
    if type(value) is Fraction or type(value) is int:
        # Integer arithmetic, as round_half_up does it, without making a Decimal: a tally
        # writes eight amounts and scores per proposal.
        frac = Fraction(value)
        scaled = abs(frac) * 100
        whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
        sign = "-" if frac < 0 and whole else ""
        return f"{sign}{whole // 100}.{whole % 100:02d}"
    return str(round_half_up(value, 2))


def decimal_text(value: Decimal) -> str:
    """Write a decimal back in plain positional notation (never exponent form)."""
    return format(value, "f")
