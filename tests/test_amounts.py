"""Amounts in words for certificates and the acta, in Spanish and Quechua."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clar_desktop.amounts import (
    LARGEST,
    QUECHUA_UNITS,
    amount_in_words,
    quechua_number,
    spanish_number,
)

CASES = [
    ("0.50", "cero y 50/100 soles", "ch'usaq, 50/100 soles"),
    ("1000", "mil y 00/100 soles", "waranqa, 00/100 soles"),
    ("15000.00", "quince mil y 00/100 soles", "chunka pichqayuq waranqa, 00/100 soles"),
    ("21001.10", "veintiún mil uno y 10/100 soles",
     "iskay chunka hukniyuq waranqa hukniyuq, 10/100 soles"),
    ("1000000", "un millón y 00/100 soles", "huk hunu, 00/100 soles"),
    ("12800.00", "doce mil ochocientos y 00/100 soles",
     "chunka iskayniyuq waranqa pusaq pachakniyuq, 00/100 soles"),
    ("31000.005", "treinta y un mil y 01/100 soles",
     "kimsa chunka hukniyuq waranqa, 01/100 soles"),  # half up to the cent
]


@pytest.mark.parametrize(("amount", "spanish", "quechua"), CASES)
def test_amounts_read_as_on_a_certificate(amount: str, spanish: str, quechua: str) -> None:
    assert amount_in_words(Decimal(amount), "es") == spanish
    assert amount_in_words(Decimal(amount), "qu") == quechua


@pytest.mark.parametrize(("n", "words"), [
    (11, "chunka hukniyuq"), (12, "chunka iskayniyuq"), (15, "chunka pichqayuq"),
    (20, "iskay chunka"), (37, "kimsa chunka qanchisniyuq"), (100, "pachak"),
    (110, "pachak chunkayuq"), (134, "pachak kimsa chunka tawayuq"),
    (300, "kimsa pachak"), (1001, "waranqa hukniyuq"), (1100, "waranqa pachakniyuq"),
    (2000, "iskay waranqa"), (2_000_000, "iskay hunu"),
])
def test_quechua_numerals(n: int, words: str) -> None:
    assert quechua_number(n) == words


@pytest.mark.parametrize(("n", "words"), [
    (21, "veintiuno"), (21_000, "veintiún mil"), (31_000, "treinta y un mil"),
    (201_000, "doscientos un mil"), (21_000_000, "veintiún millones"),
    (1_000_001, "un millón uno"), (41_001, "cuarenta y un mil uno"),
])
def test_spanish_uses_the_short_one_before_mil_and_millones(n: int, words: str) -> None:
    assert spanish_number(n) == words


POWERS = {"chunka": 10, "pachak": 100, "waranqa": 1000, "hunu": 10**6}


def _value(words: str) -> int:
    """Evaluate by splitting on the largest power first (recursive descent)."""
    if words == "ch'usaq":
        return 0
    tokens = [t.removesuffix("niyuq") if t.endswith("niyuq") else t.removesuffix("yuq")
              for t in words.split()]
    return _parse(tokens)


def _parse(tokens: list[str]) -> int:
    if not tokens:
        return 0
    for name, power in sorted(POWERS.items(), key=lambda item: -item[1]):
        if name in tokens:
            # The LAST occurrence of the largest power closes its multiplier phrase
            # (1,000,000,000,000 is "huk hunu hunu").
            k = len(tokens) - 1 - tokens[::-1].index(name)
            multiplier = _parse(tokens[:k]) or 1
            return multiplier * power + _parse(tokens[k + 1:])
    assert len(tokens) == 1, tokens
    return QUECHUA_UNITS.index(tokens[0])


@given(st.integers(min_value=0, max_value=LARGEST - 1))
def test_quechua_numerals_read_back_to_the_number(n: int) -> None:
    words = quechua_number(n)
    assert _value(words) == n
    # -yuq / -niyuq only ever closes a number, never starts one.
    assert not words.split()[0].endswith("yuq")


@given(st.integers(min_value=0, max_value=10**12))
def test_spanish_never_says_uno_mil(n: int) -> None:
    words = spanish_number(n)
    assert "uno mil" not in words and "uno millones" not in words


def test_out_of_range_and_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError):
        quechua_number(LARGEST)
    with pytest.raises(ValueError):
        amount_in_words(Decimal("-1"), "es")
    with pytest.raises(ValueError):
        amount_in_words(Decimal("1"), "en")
