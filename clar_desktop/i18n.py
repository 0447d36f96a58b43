"""Translations and locale-aware formatting: the one door for every user-visible string.

Mark strings with :func:`_` (translate now), :func:`N_` (mark a constant now, translate it
where it is shown), :func:`ngettext` for counts and :func:`pgettext` where one English word has
two meanings. Nothing is translated at import time: the catalog is chosen on first use, or by
:func:`set_language`, and views that registered :func:`on_language_changed` retranslate then.

Catalogs live in ``locale/<lang>/LC_MESSAGES/clar_desktop.mo``; where that file is missing or
older than its ``.po`` (a source checkout), the ``.po`` is compiled with Babel once and the
result kept in the user's cache folder, named by the ``.po``'s CRC-32 and size, so that later
starts read a compiled catalog without importing Babel's catalog tools.
``CLAR_LOCALE_DIR`` names a folder of the same layout that is searched first. English is the
source language and the fallback for any message without a translation.

Numbers, money and dates are formatted by Babel for the active locale (es → es_PE,
qu → qu_PE, en → en). Soles are written ``S/`` + no-break space + amount in every language,
e.g. ``S/\u00a012,345.50``: that is what Babel prints for es_PE and qu_PE, while for ``en``
Babel would print ``PEN12,345.50``. The no-break space keeps symbol and amount on one line.
"""

from __future__ import annotations

import contextlib
import copy
import gettext
import io
import os
import sys
import zlib
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from clar_desktop.paths import resource_path

if TYPE_CHECKING:
    import babel

# Babel is imported where it is used: a command that prints no number or date (``--version``,
# ``verify``) starts without it.

DOMAIN = "clar_desktop"
SUPPORTED_LANGUAGES = ("es", "qu", "en")
DEFAULT_LANGUAGE = "es"
BABEL_LOCALES = {"es": "es_PE", "qu": "qu_PE", "en": "en"}
# Checked in this order, as gettext itself does; CLAR_LANG lets a user pick without touching
# the system locale.
LANGUAGE_VARIABLES = ("CLAR_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
# A folder laid out like locale/, searched first: lets a translator try a catalog in the
# running program without rebuilding or reinstalling it.
LOCALE_DIR_VARIABLE = "CLAR_LOCALE_DIR"
SOLES_SYMBOL = "S/"
NO_BREAK_SPACE = "\u00a0"

LanguageListener = Callable[[str], None]
Exact = Decimal | Fraction | int | str


class _State:
    def __init__(self) -> None:
        self.language: str | None = None
        self.translations: gettext.NullTranslations = gettext.NullTranslations()
        self.listeners: list[LanguageListener] = []


_state = _State()


# --- choosing the language -----------------------------------------------------------------


def _normalize(lang: str) -> str | None:
    """``"es_PE.UTF-8"`` → ``"es"``; ``None`` for a language without a catalog (or ``"C"``)."""
    base = lang.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].strip().lower()
    return base if base in SUPPORTED_LANGUAGES else None


def _language_from_environment() -> str:
    for variable in LANGUAGE_VARIABLES:
        # LANGUAGE may list several, e.g. "qu:es".
        for candidate in os.environ.get(variable, "").split(":"):
            language = _normalize(candidate) if candidate else None
            if language:
                return language
    return DEFAULT_LANGUAGE


def set_language(lang: str | None) -> None:
    """Switch every later translation and format to ``lang`` ("es", "qu", "en", "es_PE"…).

    ``None`` picks the language from ``CLAR_LANG``, then ``LANGUAGE``/``LC_ALL``/``LANG``, else
    Spanish. The catalog is (re)loaded on every call; listeners run only when the language
    really changes. Raises ``ValueError`` for a language the program has no catalog for.
    """
    if lang is None:
        language = _language_from_environment()
    else:
        normalized = _normalize(lang)
        if normalized is None:
            raise ValueError(
                _("Unknown language “{language}”. Choose one of: {choices}.").format(
                    language=lang, choices=", ".join(SUPPORTED_LANGUAGES)
                )
            )
        language = normalized
    changed = language != _state.language
    _other_catalogs.clear()
    _state.translations = _load_catalog(language)
    _state.language = language
    if changed:
        for listener in list(_state.listeners):
            listener(language)


def current_language() -> str:
    """The active language code: ``"es"``, ``"qu"`` or ``"en"``."""
    if _state.language is None:
        set_language(None)
    assert _state.language is not None
    return _state.language


def available_languages() -> list[str]:
    """The languages a user can choose, in the order a language menu should list them."""
    return list(SUPPORTED_LANGUAGES)


def language_name(lang: str) -> str:
    """A language's name in that language ("Español", "Runasimi", "English"), for menus."""
    from babel import Locale

    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def languages_name(modes: str) -> str:
    """A language, or a pair of them ("es+qu"), as every menu names it: each language in
    itself, "Español + Runasimi" for the two together (one name per language, everywhere)."""
    return " + ".join(language_name(code) for code in modes.split("+"))


def babel_locale(language: str | None = None) -> babel.Locale:
    """The Babel locale for numbers and dates in ``language`` (default: the active one)."""
    from babel import Locale

    return Locale.parse(BABEL_LOCALES[language or current_language()])


def on_language_changed(callback: LanguageListener) -> Callable[[], None]:
    """Call ``callback(new_language)`` after each language change; returns an unsubscribe."""
    _state.listeners.append(callback)

    def unsubscribe() -> None:
        if callback in _state.listeners:
            _state.listeners.remove(callback)

    return unsubscribe


# --- catalogs ------------------------------------------------------------------------------


def _catalog_folders(language: str) -> list[Path]:
    folders = []
    if override := os.environ.get(LOCALE_DIR_VARIABLE):
        folders.append(Path(override, language, "LC_MESSAGES"))
    with contextlib.suppress(FileNotFoundError):  # a broken install still runs, in English
        folders.append(resource_path("locale", language, "LC_MESSAGES"))
    return folders


def _load_catalog(language: str) -> gettext.NullTranslations:
    for folder in _catalog_folders(language):
        mo_path, po_path = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
        if mo_path.is_file() and (
            not po_path.is_file() or mo_path.stat().st_mtime >= po_path.stat().st_mtime
        ):
            with mo_path.open("rb") as mo_file:
                return gettext.GNUTranslations(mo_file)
        if po_path.is_file():
            return gettext.GNUTranslations(io.BytesIO(_compiled(po_path, language)))
    return gettext.NullTranslations()


def _cache_folder() -> Path:
    """The user's cache folder for CLAR Desktop (as platformdirs names it; on Linux without
    importing it, which would load tempfile and shutil at every start)."""
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return Path(base, "clar-desktop")
    import platformdirs

    return Path(platformdirs.user_cache_dir("clar-desktop", appauthor=False))


def _compiled(po_path: Path, language: str) -> bytes:
    """The ``.mo`` bytes of a ``.po`` catalog: from the cache when this very ``.po`` was
    compiled before, else compiled now (and cached, when the cache folder is writable)."""
    source = po_path.read_bytes()
    name = f"{language}-{zlib.crc32(source):08x}-{len(source)}.mo"
    cache = _cache_folder() / "catalogs"
    with contextlib.suppress(OSError):
        return (cache / name).read_bytes()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=BABEL_LOCALES[language], domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    data = compiled.getvalue()
    import tempfile

    with contextlib.suppress(OSError):
        cache.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=cache, prefix=f".{name}.")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(temporary, cache / name)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
    return data


def _translations() -> gettext.NullTranslations:
    if _state.language is None:
        set_language(None)
    return _state.translations


_other_catalogs: dict[str, gettext.NullTranslations] = {}


def translations_in(language: str) -> gettext.NullTranslations:
    """The catalog of ``language`` whatever the active language is: for a window or a
    document whose language is chosen apart from the secretary's (the audience window)."""
    normalized = _normalize(language)
    if normalized is None:
        raise ValueError(f"no catalog for {language!r}")
    if normalized == _state.language:
        return _state.translations
    if normalized not in _other_catalogs:
        _other_catalogs[normalized] = _load_catalog(normalized)
    return _other_catalogs[normalized]


def gettext_in(language: str, msgid: str) -> str:
    """``msgid`` translated into ``language`` (not necessarily the active language)."""
    return translations_in(language).gettext(msgid) if msgid else msgid


def has_translation(language: str, msgid: str, context: str | None = None) -> bool:
    """Whether the catalog of ``language`` holds a translation of ``msgid`` (in ``context``).

    For strings translated elsewhere when ours has none: Qt's own words."""
    key = f"{context}\x04{msgid}" if context else msgid
    catalog: dict[object, str] = getattr(translations_in(language), "_catalog", {})
    return key in catalog


def ngettext_in(language: str, singular: str, plural: str, n: int) -> str:
    return translations_in(language).ngettext(singular, plural, n)


# --- marking and translating ---------------------------------------------------------------


def _(msgid: str) -> str:
    """The translation of ``msgid`` in the active language (``msgid`` itself if none)."""
    # gettext("") would return the catalog header.
    return _translations().gettext(msgid) if msgid else msgid


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction without translating it; translate it with ``_`` later."""
    return msgid


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a singular/plural pair for extraction; pick the form later with a count."""
    return singular, plural


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural translation that fits ``n`` under the language's plural rule."""
    return _translations().ngettext(singular, plural, n)


def pgettext(context: str, msgid: str) -> str:
    """Translate ``msgid`` in ``context``, for a word whose meaning depends on where it is."""
    return _translations().pgettext(context, msgid)


class Later(str):
    """A message translated now that can be translated again after a change of language:
    ``Later(lambda: _("…").format(…))``. It is the text it renders to; ``render()`` gives it
    in the language active then (a refusal shown in a dialog follows a live switch)."""

    render: Callable[[], str]

    def __new__(cls, render: Callable[[], str]) -> Later:
        message = super().__new__(cls, render())
        message.render = render
        return message


def again(message: str) -> str:
    """``message`` in the active language if it is a `Later`, else as it is."""
    return message.render() if isinstance(message, Later) else message


# --- numbers and money ---------------------------------------------------------------------


def _exact(value: Exact) -> Fraction:
    """The exact value of a Decimal, Fraction, int or decimal string; floats are refused."""
    if isinstance(value, bool | float):
        raise TypeError(f"{value!r} is not exact; pass a Decimal, Fraction, int or string")
    if isinstance(value, str):
        try:
            value = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"not a decimal number: {value!r}") from None
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return Fraction(value)


def _round_half_up(value: Fraction, places: int) -> Decimal:
    """``value`` rounded to ``places`` decimals, ties away from zero (2.675 → 2.68)."""
    scaled = abs(value) * 10**places
    whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    return Decimal(-whole if value < 0 else whole).scaleb(-places)


def _with_places(value: Decimal, places: int, language: str | None = None) -> str:
    """``value`` (already rounded) with exactly ``places`` decimals in the locale's style."""
    locale = babel_locale(language)
    pattern = copy.copy(locale.decimal_formats[None])
    pattern.frac_prec = (places, places)
    return pattern.apply(value, locale)


def format_number(value: float | Exact, decimals: int | None = None,
                  language: str | None = None) -> str:
    """A number in the active locale, e.g. ``12,345.5`` in es_PE.

    With ``decimals`` the value is rounded half up to exactly that many places. Without it,
    ints, Decimals and decimal strings show all their significant digits, floats those of
    their shortest form (``repr``), and Fractions two places (the precision the program
    writes).
    """
    if isinstance(value, float):
        value = Decimal(repr(value))
    if decimals is None and not isinstance(value, Fraction):
        _exact(value)  # refuses bools, NaN, infinities and malformed strings
        exact = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
        from babel import numbers as babel_numbers

        return babel_numbers.format_decimal(
            exact, locale=babel_locale(language), decimal_quantization=False
        )
    return format_decimal(value, 2 if decimals is None else decimals, language)


def format_decimal(value: Exact, places: int = 2, language: str | None = None) -> str:
    """An exact value rounded half up to ``places`` decimals: ``"2.675"`` → ``2.68``."""
    return _with_places(_round_half_up(_exact(value), places), places, language)


def format_money(value: Exact, currency: str = "PEN", language: str | None = None) -> str:
    """An amount of money in the active locale: ``S/\u00a012,345.50`` for soles.

    Rounded half up to the currency's usual number of decimals.
    """
    from babel import numbers as babel_numbers

    places = babel_numbers.get_currency_precision(currency)
    amount = _round_half_up(_exact(value), places)
    if currency == "PEN":
        sign = "-" if amount < 0 else ""
        return (f"{sign}{SOLES_SYMBOL}{NO_BREAK_SPACE}"
                f"{_with_places(abs(amount), places, language)}")
    return babel_numbers.format_currency(amount, currency, locale=babel_locale(language))


# --- dates and times -----------------------------------------------------------------------


def format_date(d: date, format: str = "long", language: str | None = None) -> str:
    """A date in the active locale, e.g. ``7 de marzo de 2025`` (es, long)."""
    from babel import dates as babel_dates

    return babel_dates.format_date(d, format=format, locale=babel_locale(language))


def format_datetime(dt: datetime, format: str = "medium") -> str:
    """A date and time in the active locale, shown in the datetime's own time zone."""
    from babel import dates as babel_dates

    return babel_dates.format_datetime(dt, format=format, locale=babel_locale())


def format_time(t: time | datetime, format: str = "short") -> str:
    """A time of day in the active locale, e.g. ``2:05 p. m.`` (es_PE, short)."""
    from babel import dates as babel_dates

    return babel_dates.format_time(t, format=format, locale=babel_locale())
