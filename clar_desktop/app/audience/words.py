"""Captions in the audience's language: Spanish, Quechua, or both; and how the two languages
stack in a block of text (the first at full size, the second smaller and muted)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ...domain.model import LocalizedText, text_in
from ...domain.numbers import decimal_text
from ...i18n import (
    format_date,
    format_decimal,
    format_money,
    format_number,
    gettext_in,
    ngettext_in,
)
from .canvas import MUTED, TEXT, Line

LANGUAGE_MODES = ("es", "qu", "es+qu")


class Words:
    """Captions in the audience's language: Spanish, Quechua, or both."""

    def __init__(self, mode: str) -> None:
        if mode not in LANGUAGE_MODES:
            raise ValueError(mode)
        self.mode = mode
        self.languages = ("es", "qu") if mode == "es+qu" else (mode,)
        self.number_language = self.languages[0]

    @property
    def bilingual(self) -> bool:
        return len(self.languages) > 1

    def _each(self, text_in_language: Callable[[str], str]) -> list[str]:
        """A text in each language shown, once where the languages agree."""
        out: list[str] = []
        for language in self.languages:
            text = text_in_language(language)
            if text not in out:
                out.append(text)
        return out

    def __call__(self, msgid: str) -> list[str]:
        """``msgid`` in each language shown (once where they agree)."""
        return self._each(lambda language: gettext_in(language, msgid))

    def one(self, msgid: str, separator: str = " / ") -> str:
        return separator.join(self(msgid))

    def fmt(self, msgid: str, **values: Any) -> list[str]:
        return [text.format(**values) for text in self(msgid)]

    def plural(self, pair: tuple[str, str], n: int, **values: Any) -> list[str]:
        """The form of ``pair`` (marked with ``Nn_``) that fits ``n``, in each language."""
        return self._each(lambda language: ngettext_in(language, pair[0], pair[1], n)
                          .format(count=n, **values))

    def name(self, text: LocalizedText) -> list[str]:
        return self._each(lambda language: text_in(text, language))

    def money(self, value: Decimal | Fraction, currency: str) -> str:
        return format_money(value, currency, self.number_language)

    def score(self, value: Fraction | Decimal | None) -> str:
        return "—" if value is None else format_decimal(value, 2, self.number_language)

    def percent(self, value: Decimal) -> str:
        """A share in %, with its own decimals (``82.5 %``, ``70 %``)."""
        return f"{format_number(value, language=self.number_language)}\u00a0%"

    def value(self, value: Decimal | None) -> str:
        return "·" if value is None else decimal_text(value)

    def date(self, iso: str) -> str:
        try:
            return format_date(date.fromisoformat(iso), "long", self.number_language)
        except ValueError:
            return iso


def lines(texts: list[str], colour: Any = TEXT, bold: bool = False,
          second: float = 0.8) -> list[Line]:
    """The first language at full size, the second (bilingual) smaller and muted — never
    below 70 % of the first (`canvas.SECOND_LANGUAGE`)."""
    out = [Line(texts[0], 1.0, colour, bold)] if texts else []
    out.extend(Line(t, second, MUTED if colour == TEXT else colour, False, translation=True)
               for t in texts[1:])
    return out
