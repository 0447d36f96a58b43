"""Languages, catalogs and the Peruvian formats of numbers, soles and dates."""

from __future__ import annotations

import os
import re
import shutil
import string
import subprocess
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from clar_desktop import i18n
from clar_desktop.i18n import N_, _, ngettext, pgettext
from clar_desktop.paths import resource_path

UNKNOWN_LANGUAGE = "Unknown language “{language}”. Choose one of: {choices}."
NBSP = "\u00a0"
NNBSP = "\u202f"  # CLDR puts a narrow no-break space before a.m./p.m.


def shipped_catalogs() -> list[Path]:
    return sorted(resource_path("locale").glob("*/LC_MESSAGES/clar_desktop.po"))


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as po_file:
        return read_po(po_file)


@pytest.fixture
def translator_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A CLAR_LOCALE_DIR whose Spanish catalog has the shipped header plus test messages."""
    catalog = read_catalog(resource_path("locale", "es", "LC_MESSAGES", "clar_desktop.po"))
    catalog.add(("{count} juror", "{count} jurors"), ("{count} jurado", "{count} jurados"))
    catalog.add("Close", "Cerrar", context="verb")
    catalog.add("Close", "Cierre", context="noun")
    folder = tmp_path / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "clar_desktop.po").open("wb") as po_file:
        write_po(po_file, catalog)
    monkeypatch.setenv("CLAR_LOCALE_DIR", str(tmp_path / "locale"))
    i18n.set_language("es")  # reload with the folder in place
    return folder


# --- choosing the language -----------------------------------------------------------------


def test_tests_start_in_spanish() -> None:
    assert i18n.current_language() == "es"
    assert str(i18n.babel_locale()) == "es_PE"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"CLAR_LANG": "qu", "LANG": "en_US.UTF-8"}, "qu"),
        ({"LANGUAGE": "fr:qu:es", "LANG": "es_PE.UTF-8"}, "qu"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "es_PE.UTF-8"}, "en"),
        ({"LANG": "es_PE.UTF-8"}, "es"),
        ({"LANG": "fr_FR.UTF-8"}, "es"),
        ({"LANG": "C.UTF-8"}, "es"),
        ({}, "es"),
    ],
)
def test_language_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], expected: str
) -> None:
    for variable in i18n.LANGUAGE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    i18n.set_language(None)
    assert i18n.current_language() == expected


def test_locale_names_choose_their_language() -> None:
    i18n.set_language("qu_PE")
    assert i18n.current_language() == "qu"
    assert str(i18n.babel_locale()) == "qu_PE"
    i18n.set_language("en-US")
    assert i18n.current_language() == "en"
    assert str(i18n.babel_locale()) == "en"


def test_an_unknown_language_is_refused_in_the_current_language() -> None:
    with pytest.raises(ValueError, match="Idioma desconocido: “fr”") as refused:
        i18n.set_language("fr")
    assert "es, qu, en" in str(refused.value)
    assert i18n.current_language() == "es"


def test_available_languages_and_their_own_names() -> None:
    assert i18n.available_languages() == ["es", "qu", "en"]
    names = [i18n.language_name(lang) for lang in i18n.available_languages()]
    assert names == ["Español", "Runasimi", "English"]


# --- translating ---------------------------------------------------------------------------


def test_switching_language_switches_translations() -> None:
    assert _(UNKNOWN_LANGUAGE).startswith("Idioma desconocido")
    i18n.set_language("qu")
    assert _(UNKNOWN_LANGUAGE).startswith("Mana riqsisqa simi")
    i18n.set_language("en")
    assert _(UNKNOWN_LANGUAGE) == UNKNOWN_LANGUAGE


@pytest.mark.parametrize("language", ["es", "qu", "en"])
def test_a_message_without_translation_falls_back_to_english(language: str) -> None:
    i18n.set_language(language)
    assert _("A message no catalog has") == "A message no catalog has"
    assert ngettext("{n} ballot", "{n} ballots", 1) == "{n} ballot"
    assert ngettext("{n} ballot", "{n} ballots", 3) == "{n} ballots"
    assert pgettext("menu", "A message no catalog has") == "A message no catalog has"
    assert _("") == ""


def test_n_marks_without_translating() -> None:
    assert N_(UNKNOWN_LANGUAGE) == UNKNOWN_LANGUAGE
    assert _(N_(UNKNOWN_LANGUAGE)).startswith("Idioma desconocido")


def test_spanish_plurals(translator_folder: Path) -> None:
    forms = {n: ngettext("{count} juror", "{count} jurors", n) for n in (0, 1, 2, 1_000_000)}
    assert forms == {
        0: "{count} jurados",
        1: "{count} jurado",
        2: "{count} jurados",
        1_000_000: "{count} jurados",
    }


def test_context_separates_homonyms(translator_folder: Path) -> None:
    assert pgettext("verb", "Close") == "Cerrar"
    assert pgettext("noun", "Close") == "Cierre"
    assert _("Close") == "Close"


def test_a_compiled_catalog_is_used_unless_its_po_is_newer(translator_folder: Path) -> None:
    po_path = translator_folder / "clar_desktop.po"
    catalog = read_catalog(po_path)
    catalog.add("Open", "Abrir (compilado)")
    with (translator_folder / "clar_desktop.mo").open("wb") as mo_file:
        write_mo(mo_file, catalog)
    i18n.set_language("es")
    assert _("Open") == "Abrir (compilado)"

    # The .po edited after compiling is the truth.
    edited = (translator_folder / "clar_desktop.mo").stat().st_mtime + 10
    os.utime(po_path, (edited, edited))
    i18n.set_language("es")
    assert _("Open") == "Open"


def test_listeners_hear_each_change_once() -> None:
    heard: list[str] = []
    unsubscribe = i18n.on_language_changed(heard.append)
    i18n.set_language("qu")
    i18n.set_language("qu_PE")  # same language: no news
    i18n.set_language("en")
    unsubscribe()
    i18n.set_language("es")
    assert heard == ["qu", "en"]


# --- the shipped catalogs ------------------------------------------------------------------


def test_spanish_and_quechua_catalogs_are_shipped() -> None:
    languages = {path.parent.parent.name for path in shipped_catalogs()}
    assert {"es", "qu"} <= languages


@pytest.mark.parametrize("path", shipped_catalogs(), ids=lambda p: p.parent.parent.name)
def test_catalog_headers_use_two_plural_forms(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text


@pytest.mark.parametrize("path", shipped_catalogs(), ids=lambda p: p.parent.parent.name)
def test_gnu_msgfmt_accepts_the_catalog(path: Path) -> None:
    """msgfmt --check also compares the {placeholders} of python-brace-format messages."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt is not installed (Debian package gettext; .ci/run installs it)")
    done = subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def _placeholders(message: str) -> set[str]:
    """The {placeholders} of a message, and the %1 arguments of Qt's own strings."""
    names = {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}
    return names | set(re.findall(r"%\d", message))


def _marked_messages() -> dict[tuple[str | None, str], int]:
    """What the code and the forms mark for translation today (as ``make extract`` would):
    (context, msgid) → number of plural forms (1 for a plain message)."""
    root = Path(__file__).resolve().parent.parent
    with (root / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = {}
    for _file, _line, message, _comments, context in extract_from_dir(
            str(root), method_map, options_map):
        msgid = message[0] if isinstance(message, tuple) else message
        found[(context, msgid)] = 2 if isinstance(message, tuple) else 1
    return found


@pytest.mark.parametrize("language", ["es", "qu"])
def test_every_marked_message_is_translated(language: str) -> None:
    """Spanish and Quechua are complete: every message marked in the code and the forms is
    in the catalog, translated in every plural form, and none is fuzzy (a guess by
    ``make update`` that nobody checked)."""
    catalog = read_catalog(resource_path("locale", language, "LC_MESSAGES", "clar_desktop.po"))
    marked = _marked_messages()
    assert len(marked) > 500
    problems = []
    for (context, msgid), forms in sorted(marked.items(), key=str):
        message = catalog.get(msgid, context=context)
        strings = () if message is None else (
            message.string if isinstance(message.string, tuple) else (message.string,))
        if message is None:
            problems.append(f"missing (run make extract update): {msgid!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        elif len(strings) != forms or not all(strings):
            problems.append(f"untranslated: {msgid!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", shipped_catalogs(), ids=lambda p: p.parent.parent.name)
def test_translations_keep_the_placeholders_of_their_source(path: Path) -> None:
    """A translation that renames or drops a {placeholder} would crash or mislead at run time."""
    wrong = []
    for message in read_catalog(path):
        if not message.id or not message.string:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        translations = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(_placeholders(s) for s in sources))
        for translation in translations:
            if translation and _placeholders(translation) != expected:
                wrong.append(f"{message.id!r} -> {translation!r}")
    assert not wrong, "\n".join(wrong)


# --- numbers and money ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["es", "qu", "en"])
def test_soles_are_written_the_peruvian_way_in_every_language(language: str) -> None:
    i18n.set_language(language)
    assert i18n.format_money(Decimal("12345.5")) == f"S/{NBSP}12,345.50"
    assert i18n.format_money("-12345.505") == f"-S/{NBSP}12,345.51"
    assert i18n.format_money(0) == f"S/{NBSP}0.00"
    assert i18n.format_money("-0.004") == f"S/{NBSP}0.00"


def test_other_currencies_follow_babel() -> None:
    i18n.set_language("en")
    assert i18n.format_money("1234.5", "USD") == "$1,234.50"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("2.675", 2, "2.68"),  # a float would hold 2.67499… and print 2.67
        (Decimal("2.665"), 2, "2.67"),  # half up, not to even
        ("-2.675", 2, "-2.68"),
        (Fraction(1, 3), 2, "0.33"),
        (Fraction(2, 3), 2, "0.67"),
        (Decimal("1234567.125"), 2, "1,234,567.13"),
        ("2.5", 0, "3"),
        (7, 2, "7.00"),
        (Decimal("78.3333333333"), 3, "78.333"),
    ],
)
def test_exact_decimals_round_half_up(value: object, places: int, expected: str) -> None:
    assert i18n.format_decimal(value, places) == expected  # type: ignore[arg-type]


def test_inexact_or_malformed_numbers_are_refused() -> None:
    with pytest.raises(TypeError):
        i18n.format_decimal(2.675)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        i18n.format_decimal("12,5")
    with pytest.raises(ValueError):
        i18n.format_money("NaN")


@pytest.mark.parametrize("language", ["es", "qu", "en"])
def test_plain_numbers(language: str) -> None:
    """Peru writes 1,234.5 (comma for thousands, point for decimals) in Spanish and Quechua
    alike, like English: Babel's es_PE and qu_PE say so."""
    i18n.set_language(language)
    assert i18n.format_number(1234567) == "1,234,567"
    assert i18n.format_number(Decimal("1234.5")) == "1,234.5"
    assert i18n.format_number(Decimal("0.125")) == "0.125"
    assert i18n.format_number(2.675, decimals=2) == "2.68"
    assert i18n.format_number(Fraction(1, 3)) == "0.33"
    assert i18n.format_number(Fraction(1, 8), decimals=3) == "0.125"


# --- dates and times -----------------------------------------------------------------------

SESSION_DAY = date(2025, 3, 7)
SESSION_START = datetime(2025, 3, 7, 14, 5)


@pytest.mark.parametrize(
    ("language", "long_date", "short_time"),
    [
        ("es", "7 de marzo de 2025", f"2:05{NNBSP}p.{NNBSP}m."),
        ("qu", "7 Marzo 2025", f"2:05{NNBSP}p.m."),
        ("en", "March 7, 2025", f"2:05{NNBSP}PM"),
    ],
)
def test_dates_and_times(language: str, long_date: str, short_time: str) -> None:
    i18n.set_language(language)
    assert i18n.format_date(SESSION_DAY) == long_date
    assert i18n.format_time(time(14, 5)) == short_time
    assert i18n.format_time(SESSION_START) == short_time
    shown = i18n.format_datetime(SESSION_START)
    assert re.search(r"\b2025\b", shown) and "2:05" in shown


def test_full_spanish_date_names_the_weekday() -> None:
    assert i18n.format_date(SESSION_DAY, "full") == "viernes, 7 de marzo de 2025"


def test_a_reviewers_saved_catalog_shows_at_the_next_switch(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """docs/translating.md: save the .po, switch the language away and back, and the running
    program shows the new words — no build step, no restart."""
    shipped = read_catalog(resource_path("locale", "qu", "LC_MESSAGES", "clar_desktop.po"))
    folder = tmp_path / "locale" / "qu" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    monkeypatch.setenv("CLAR_LOCALE_DIR", str(tmp_path / "locale"))

    def save(translation: str) -> None:
        shipped.get("Live session").string = translation  # type: ignore[union-attr]
        with (folder / "clar_desktop.po").open("wb") as po_file:
            write_po(po_file, shipped)

    save("Kunan tantanakuy (1)")
    i18n.set_language("qu")
    assert _("Live session") == "Kunan tantanakuy (1)"
    save("Kunan tantanakuy (2)")
    i18n.set_language("es")
    i18n.set_language("qu")
    assert _("Live session") == "Kunan tantanakuy (2)"


def test_a_compiled_catalog_is_kept_so_later_starts_need_no_catalog_tools(tmp_path: Path
                                                                         ) -> None:
    """A source checkout has only .po files: the first start compiles one and keeps it in the
    user's cache; the next start reads it without importing Babel's catalog code."""
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "CLAR_LANG": "qu"}
    script = ("import sys; from clar_desktop import i18n; i18n.set_language('qu'); "
              "print(i18n._('approved'), 'babel.messages.pofile' in sys.modules)")
    runs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                           text=True, check=True).stdout.split() for _ in range(2)]
    assert runs[0][0] == runs[1][0] != "approved"  # translated both times
    assert runs[0][1] == "True" and runs[1][1] == "False"
    assert list((tmp_path / "cache" / "clar-desktop" / "catalogs").glob("qu-*.mo"))
