"""The spec's two-decimal output, written by integer arithmetic for exact values, equals the
Decimal rounding half up that the rest of the program uses."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from clar_desktop.domain.numbers import format_2dp, round_half_up


@given(st.fractions(max_denominator=10**6) | st.integers(-10**12, 10**12))
def test_format_2dp_rounds_half_up_like_decimal(value: Fraction | int) -> None:
    assert format_2dp(value) == str(round_half_up(value, 2))


def test_ties_and_signs() -> None:
    assert [format_2dp(Fraction(n, 1000)) for n in (5, -5, 15, 2675, -2675, -4)] == [
        "0.01", "-0.01", "0.02", "2.68", "-2.68", "0.00"]
