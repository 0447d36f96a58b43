"""Breaking words at syllables, with a hyphen, where a narrow cell needs it.

Spanish words break where the Spanish hyphenation dictionary of LibreOffice (shipped by
pyphen) says: "Co-fi-nan-cia-mien-to", never "Cofinanciamie-nto". pyphen has no Quechua
dictionary (and we know of no maintained one), so Quechua words break by the rule of its
official alphabet: a syllable is (C)V(C), one consonant between two vowels
opens the next syllable and of two the second does ("ya-na-pa-kuy-nin"); the aspirated and
ejective consonants (``chh``, ``ch'``, ``ph``, ``qh``, ``t'`` …) and ``ll`` are one consonant,
never split. Either way at least two letters stay on each side of a break, and a word with a
digit in it ("10kama") never breaks.

`wrap` lays words of both languages into lines no wider than a width; a break that would make
a word unreadable (after one letter, inside a consonant) is never made: the caller gets `None`
and tries a smaller type instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache

from reportlab.pdfbase.pdfmetrics import stringWidth

MIN_SIDE = 2
"""Letters that stay on each side of a break (as pyphen's and TeX's defaults)."""

_VOWELS = set("aeiouáéíóúü")
_QUECHUA_CONSONANTS = sorted(
    ["chh", "ch'", "ch", "kh", "k'", "ph", "p'", "qh", "q'", "th", "t'", "ll", "sh", "rr"],
    key=len, reverse=True)
_LETTERS = re.compile(r"^(\W*)(.*?)(\W*)$")
_APOSTROPHES = "'’"

Word = tuple[str, str | None]
"""A word and its language (``es``, ``qu``; ``None``: never broken, as "/")."""


@cache
def _dictionary(language: str) -> Callable[[str], list[int]]:
    """Where pyphen's dictionary of ``language`` breaks a word."""
    import pyphen

    return pyphen.Pyphen(lang=language, left=MIN_SIDE, right=MIN_SIDE).positions  # type: ignore[no-any-return]


def quechua_positions(word: str) -> list[int]:
    """Where ``word`` may break, by the syllable rule of the Quechua alphabet."""
    lower = word.lower().replace("’", "'")
    units: list[tuple[int, bool]] = []  # (start, is a vowel)
    i = 0
    while i < len(lower):
        unit = next((c for c in _QUECHUA_CONSONANTS if lower.startswith(c, i)), lower[i])
        units.append((i, unit in _VOWELS))
        i += len(unit)
    positions: list[int] = []
    vowels = [k for k, (_start, vowel) in enumerate(units) if vowel]
    for a, b in zip(vowels, vowels[1:], strict=False):
        if b - a > 1:  # consonants between two vowels: the last one opens the next syllable
            positions.append(units[b - 1][0])
    return [p for p in positions if MIN_SIDE <= p <= len(word) - MIN_SIDE
            and word[p - 1].isalpha() and word[p].isalpha()]


def positions(word: str, language: str | None) -> list[int]:
    """Where ``word`` (it may carry punctuation: "(familias)," "gestión/") may break."""
    if language is None or any(ch.isdigit() for ch in word):
        return []
    match = _LETTERS.match(word)
    assert match is not None
    lead, core, _trail = match.groups()
    if len(core) < 2 * MIN_SIDE or not all(c.isalpha() or c in _APOSTROPHES for c in core):
        return []
    found = quechua_positions(core) if language == "qu" else _dictionary(language)(core)
    return [len(lead) + p for p in found]


def wrap(paragraphs: Sequence[Sequence[Word]], font: str, size: float, width: float,
         hyphenate: bool) -> list[str] | None:
    """Lines no wider than ``width``, each paragraph starting a line; a word breaks (at a
    syllable, with a hyphen) only with ``hyphenate``. `None` when a word does not fit."""
    def fits(text: str) -> bool:
        return stringWidth(text, font, size) <= width

    lines: list[str] = []
    for words in paragraphs:
        line = ""
        for word, language in words:
            while True:
                joined = f"{line} {word}" if line else word
                if fits(joined):
                    line = joined
                    break
                # Only a word too wide for a line of its own breaks; another starts the
                # next line whole.
                alone = fits(word)
                head = _break(line, word, language, fits) if hyphenate and not alone else None
                if head is not None:
                    lines.append(f"{line} {head[0]}-" if line else f"{head[0]}-")
                    line, word = "", word[head[1]:]
                    continue
                if not line or not (alone or hyphenate):
                    return None  # the word alone is too wide, and cannot break
                lines.append(line)
                line = ""
        if line:
            lines.append(line)
    return lines


def _break(line: str, word: str, language: str | None,
           fits: Callable[[str], bool]) -> tuple[str, int] | None:
    """The longest start of ``word`` that, with a hyphen, still fits after ``line``."""
    for position in reversed(positions(word, language)):
        head = word[:position]
        if fits(f"{line} {head}-" if line else f"{head}-"):
            return head, position
    return None
