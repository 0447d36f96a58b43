"""Amounts of money in words, as award certificates and the acta write them.

Spanish follows the Peruvian cheque style the programmes use: the whole soles in words, then
the cents as a fraction of a hundred, then the currency — ``quince mil y 00/100 soles``.
The words come from num2words, with one correction: before *mil* and *millón/millones* a
number ending in *uno* takes its short form (*veintiún mil*, *treinta y un mil*,
*doscientos un millones*), which num2words 0.5 does not do.

Southern Quechua numerals are written here (no library has them), Cusco–Collao spelling:
*huk, iskay, kimsa, tawa, pichqa, suqta, qanchis, pusaq, isqun, chunka* (10), *pachak*
(100), *waranqa* (1,000), *hunu* (1,000,000; a million millions is *huk hunu hunu*);
*ch'usaq* for zero. A multiplier goes before
the power (*iskay chunka* 20, *kimsa pachak* 300, *chunka pichqayuq waranqa* 15,000; one
hundred or one thousand is plain *pachak*, *waranqa*, a million *huk hunu*), and a number
made of several parts adds the last part with *-yuq* (after a vowel) or *-niyuq* (after a
consonant): *chunka hukniyuq* 11, *pachak kimsa chunka tawayuq* 134, *waranqa hukniyuq*
1,001. The same pattern as the Spanish closes it: ``chunka pichqayuq waranqa, 00/100
soles``. A native reviewer should confirm the currency phrase (see docs/glossary.md).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words

QUECHUA_UNITS = ("", "huk", "iskay", "kimsa", "tawa", "pichqa", "suqta", "qanchis", "pusaq",
                 "isqun")
QUECHUA_ZERO = "ch'usaq"
LARGEST = 10**15
"""Amounts up to a thousand million million: far beyond any budget, and words stay exact."""

_SHORT_ONE = re.compile(r"\b(veinti)?uno (mil|millón|millones|billón|billones)\b")


def _spanish(whole: int) -> str:
    words = str(num2words(whole, lang="es"))
    return _SHORT_ONE.sub(lambda m: ("veintiún" if m.group(1) else "un") + " " + m.group(2),
                          words)


def _with_yuq(word: str) -> str:
    """``word`` + *-yuq* after a vowel, *-niyuq* after a consonant."""
    return word + ("yuq" if word[-1] in "aiu" else "niyuq")


def _quechua_parts(n: int) -> list[str]:
    """The additive parts of ``n`` (1 ≤ n < 10**15), largest first, each a phrase."""
    parts = []
    for power, name, plain_one in ((10**6, "hunu", False), (1000, "waranqa", True),
                                   (100, "pachak", True), (10, "chunka", True)):
        count, n = divmod(n, power)
        if count:
            multiplier = "" if count == 1 and plain_one else quechua_number(count)
            parts.append(f"{multiplier} {name}".strip())
    if n:
        parts.append(QUECHUA_UNITS[n])
    return parts


def quechua_number(n: int) -> str:
    """A whole number in Southern Quechua words: 21,001 → *iskay chunka hukniyuq waranqa
    hukniyuq*."""
    if n < 0 or n >= LARGEST:
        raise ValueError(f"{n} is out of range")
    if n == 0:
        return QUECHUA_ZERO
    parts = _quechua_parts(n)
    if len(parts) > 1:
        head, _space, last = parts[-1].rpartition(" ")
        parts[-1] = f"{head} {_with_yuq(last)}".strip()
    return " ".join(parts)


def spanish_number(n: int) -> str:
    """A whole number in Spanish words, with the short *un/veintiún* before *mil*."""
    if n < 0 or n >= LARGEST:
        raise ValueError(f"{n} is out of range")
    return _spanish(n)


def _split(amount: Decimal) -> tuple[int, int]:
    cents = int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if cents < 0:
        raise ValueError(f"a negative amount: {amount}")
    return divmod(cents, 100)


CURRENCY_WORDS = {"PEN": "soles"}
"""In the cheque style the currency follows the fraction, always in the plural ("uno y
00/100 soles"); other currencies are named by their code."""


def amount_in_words(amount: Decimal, language: str, currency: str = "PEN") -> str:
    """``amount`` in words for a certificate: ``quince mil y 00/100 soles`` (es),
    ``chunka pichqayuq waranqa, 00/100 soles`` (qu). Rounded half up to cents."""
    whole, cents = _split(Decimal(amount))
    unit = CURRENCY_WORDS.get(currency, currency)
    if language == "qu":
        return f"{quechua_number(whole)}, {cents:02d}/100 {unit}"
    if language == "es":
        return f"{spanish_number(whole)} y {cents:02d}/100 {unit}"
    raise ValueError(f"no words for amounts in {language!r}")
