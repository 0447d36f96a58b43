"""The phones' words: a sentence in Spanish, Quechua or both, already escaped for HTML.

Like the projector's `app.audience.words` (which paints, so it needs Qt), but every text is
passed through `html.escape` here: a name typed into a bundle (an organization called
``<script>``) can only ever show as text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

from ..i18n import format_date, format_decimal, format_money, gettext_in, ngettext_in
from .snapshot import Name

MODES = ("es", "qu", "es+qu")
"""The phone's choice: Spanish, Quechua, or both (Spanish first, Quechua under it)."""


class Words:
    def __init__(self, mode: str) -> None:
        assert mode in MODES
        self.mode = mode
        self.languages = ("es", "qu") if mode == "es+qu" else (mode,)
        self.first = self.languages[0]

    def _join(self, texts: list[str]) -> str:
        out: list[str] = []
        for text in texts:
            if text not in out:
                out.append(text)
        first = escape(out[0])
        return first + "".join(f'<span class="tr" lang="qu">{escape(t)}</span>'
                               for t in out[1:])

    def __call__(self, msgid: str, **values: Any) -> str:
        """``msgid`` in each language shown, its ``{named}`` values put in, escaped."""
        return self._join([gettext_in(lang, msgid).format(**values)
                           for lang in self.languages])

    def plural(self, pair: tuple[str, str], n: int, **values: Any) -> str:
        return self._join([ngettext_in(lang, pair[0], pair[1], n).format(count=n, **values)
                           for lang in self.languages])

    def plain(self, msgid: str, **values: Any) -> str:
        """In the first language only, not escaped (a title attribute, the page's title)."""
        return gettext_in(self.first, msgid).format(**values)

    def name(self, name: Name) -> str:
        return self._join([name.in_(lang) for lang in self.languages])

    def money(self, value: Decimal, currency: str) -> str:
        return escape(format_money(value, currency, self.first))

    def score(self, value: Decimal | None) -> str:
        return "—" if value is None else escape(format_decimal(value, 2, self.first))

    def date(self, iso: str) -> str:
        """A date as the projector writes it (``14 de agosto de 2026``)."""
        try:
            return escape(format_date(date.fromisoformat(iso), "long", self.first))
        except ValueError:
            return escape(iso)
