"""The language of a document: Spanish, Quechua or both, chosen apart from the program's.

A bilingual document prints each label as "Spanish / Quechua" and each sentence twice, the
Quechua under the Spanish. Every message goes through the catalogs (`gettext_in`); `Words`
remembers the message ids it used, so a test can check that each one really appears in the
document's other language.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ..amounts import amount_in_words
from ..domain.model import LocalizedText, text_in
from ..i18n import format_date, format_decimal, format_money, gettext_in, ngettext_in

DOCUMENT_LANGUAGES = ("es", "qu", "es+qu")
PerLanguage = Callable[[str], Any]


class Words:
    """Translated text for one document language (``es``, ``qu`` or ``es+qu``)."""

    def __init__(self, mode: str) -> None:
        if mode not in DOCUMENT_LANGUAGES:
            raise ValueError(mode)
        self.mode = mode
        self.languages: tuple[str, ...] = ("es", "qu") if mode == "es+qu" else (mode,)
        self.used: set[str] = set()
        self._labels: dict[str, str] = {}

    @property
    def first(self) -> str:
        return self.languages[0]

    @property
    def bilingual(self) -> bool:
        return len(self.languages) > 1

    def each(self, msgid: str, **params: Any) -> list[str]:
        """``msgid`` in each language of the document, formatted; a parameter that is a
        callable is called with the language (for names, money and dates)."""
        self.used.add(msgid)
        return [self._format(gettext_in(lang, msgid), lang, params) for lang in self.languages]

    def each_n(self, forms: tuple[str, str], n: int, **params: Any) -> list[str]:
        self.used.add(forms[0])
        return [self._format(ngettext_in(lang, forms[0], forms[1], n), lang, {"n": n, **params})
                for lang in self.languages]

    def __call__(self, msgid: str, **params: Any) -> str:
        """A label: one language, or "Spanish / Quechua" (the same text once)."""
        if params:
            return self.join(self.each(msgid, **params))
        label = self._labels.get(msgid)
        if label is None:  # a document repeats its column titles thousands of times
            label = self._labels[msgid] = self.join(self.each(msgid))
        return label

    @staticmethod
    def join(texts: list[str], separator: str = " / ") -> str:
        unique: list[str] = []
        for text in texts:
            if text not in unique:
                unique.append(text)
        return separator.join(unique)

    @staticmethod
    def _format(template: str, lang: str, params: dict[str, Any]) -> str:
        if not params:
            return template
        return template.format(**{k: v(lang) if callable(v) else v for k, v in params.items()})

    # -- values in each language -------------------------------------------------------------
    @staticmethod
    def name(text: LocalizedText) -> PerLanguage:
        return lambda lang: text_in(text, lang)

    @staticmethod
    def money(amount: Any, currency: str) -> PerLanguage:
        return lambda lang: format_money(amount, currency, language=lang)

    @staticmethod
    def number(value: Any, places: int = 2) -> PerLanguage:
        return lambda lang: format_decimal(value, places, language=lang)

    @staticmethod
    def percent(value: Any) -> PerLanguage:
        """A share as the rules write it: whole (40) or with its two decimals (37.50)."""
        return Words.number(value, 0 if value == int(value) else 2)

    @staticmethod
    def day(value: date) -> PerLanguage:
        return lambda lang: format_date(value, "long", language=lang)

    @staticmethod
    def in_words(amount: Any, currency: str) -> PerLanguage:
        return lambda lang: amount_in_words(amount, lang, currency)

    def value(self, per_language: PerLanguage) -> str:
        """A language-dependent value on its own (joined with " / " when bilingual)."""
        return self.join([str(per_language(lang)) for lang in self.languages])
