"""The indicators report as PDF: it opens, prints every group's figures as
`central indicators` computes them, written as people read them in es and qu, with its
headers in the language, the charts as images, and text from the bundles printed as text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import create_engine

from clar_desktop.central.charts import CHARTED
from clar_desktop.central.database import open_central
from clar_desktop.central.indicators import FOLLOWUP, indicators
from clar_desktop.central.labels import INDICATOR_LABELS, format_indicator
from clar_desktop.central.reports import DEFAULT_KEYS, UnknownKey, write_report
from clar_desktop.central.reports.content import source_of
from clar_desktop.central.reports.text import BANDS
from clar_desktop.i18n import gettext_in
from tests.central.reports_data import HOSTILE, OFFICES, central_db, contest_bundle
from tests.pdf import page_texts, text

NAMES = {office: name for office, name, _region in OFFICES}


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):
    engine = central_db(tmp_path_factory.mktemp("central"), 10)
    yield engine
    engine.dispose()


def _category_names(count: int, language: str) -> dict[str, str]:
    """Each category's name as the latest of the first ``count`` contests gives it."""
    latest: dict[str, tuple[str, str, str]] = {}
    for number in range(count):
        contest = contest_bundle(number)["contest"]
        for category in contest["categories"]:
            name = category["name"]
            name = name.get(language) or name["es"] if isinstance(name, dict) else name
            seen = latest.get(category["id"])
            if seen is None or (contest["date"], contest["id"]) > seen[:2]:
                latest[category["id"]] = (contest["date"], contest["id"], name)
    return {category: name for category, (_d, _i, name) in latest.items()}


def _flat(words: str) -> str:
    return re.sub(r"\s+", " ", words).strip()


def _pdf(engine, tmp_path: Path, language: str, **options) -> bytes:
    path = tmp_path / f"report-{language}.pdf"
    write_report(engine, path, format="pdf", language=language,
                 **{"keys": ("region", "office", "year"), **options})
    return path.read_bytes()


@pytest.mark.parametrize("language", ["es", "qu"])
def test_every_groups_row_has_the_figures_of_indicators_written_for_the_language(
        engine, tmp_path: Path, language: str):
    data = _pdf(engine, tmp_path, language, keys=("region", "office", "year", "category"))
    printed = text(data)
    categories = _category_names(10, language)
    for key in ("region", "office", "year", "category"):
        groups = indicators(engine, (key,))
        assert len(groups) > 1
        for group in groups:
            name = str(group.key[key]).replace("\x07", " ")
            if key == "office":  # its name under its id
                name += " " + NAMES[group.key[key]].replace("\x07", " ")
            if key == "category":
                name += " " + categories[group.key[key]]
            for band in BANDS:
                if key == "category" and set(band) <= set(FOLLOWUP):
                    continue  # items have no category: the page says so instead
                row = " ".join([name, *(format_indicator(i, group.figures[i], language)
                                        for i in band)])
                assert _flat(row) in printed, (key, row)
    whole = indicators(engine, ())[0]
    for indicator in INDICATOR_LABELS:
        label = gettext_in(language, INDICATOR_LABELS[indicator])
        assert _flat(f"{label} {format_indicator(indicator, whole.figures[indicator], language)}"
                     ) in printed


@pytest.mark.parametrize("language", ["es", "qu"])
def test_title_headers_and_page_numbers_are_in_the_language(engine, tmp_path: Path,
                                                            language: str):
    data = _pdf(engine, tmp_path, language)
    pages = page_texts(data)
    title = gettext_in(language, "Programme indicators")
    assert pages[0].startswith(title) and title != "Programme indicators"
    for msgid in ("By region", "By office", "Approval rate (%)", "Second-tranche completion (%)",
                  "Contests counted", "Grouped by"):
        assert gettext_in(language, msgid) in text(data), msgid
    last = gettext_in(language, "Page {page} of {pages}").format(page=len(pages),
                                                                  pages=len(pages))
    assert pages[-1].endswith(_flat(last))
    metadata = pypdf.PdfReader(io.BytesIO(data)).metadata
    assert metadata is not None and metadata.title == title


def test_the_charts_of_each_grouping_are_images(engine, tmp_path: Path):
    reader = pypdf.PdfReader(io.BytesIO(_pdf(engine, tmp_path, "es")))
    images = sum(len(page.images) for page in reader.pages)
    assert images == 3 * len(CHARTED)


def test_a_hostile_office_name_prints_as_text(engine, tmp_path: Path):
    printed = text(_pdf(engine, tmp_path, "es"))
    assert "<b>=cmd|' /C calc'!A0" in printed  # its markup printed, not obeyed
    assert "\x07" not in printed
    assert HOSTILE[:-1] in printed  # under its office's id, and as a region


def test_without_keys_the_report_has_the_default_groupings(engine, tmp_path: Path):
    printed = text(_pdf(engine, tmp_path, "es", keys=()))
    for key in DEFAULT_KEYS:
        assert gettext_in("es", f"By {key}") in printed
    # grouped by category the second-tranche figures say why they are missing
    assert gettext_in("es", "Second-tranche evaluations have no category: their figures are "
                      "in the other groupings.") in printed


def test_filters_are_said_and_narrow_the_figures(engine, tmp_path: Path):
    printed = text(_pdf(engine, tmp_path, "es", keys=("office",),
                        filters={"region": "Cusco"}))
    cusco = indicators(engine, (), {"region": "Cusco"})[0]
    assert "Filtros Región: Cusco" in printed
    assert f"Concursos contados {cusco.figures['contests']}" in printed
    assert "ol-andahuaylas" not in printed and "ol-espinar" in printed


def test_an_empty_database_makes_a_report_that_says_so(tmp_path: Path):
    engine = open_central(f"sqlite:///{tmp_path / 'empty.db'}", create=True)
    try:
        write_report(engine, tmp_path / "r.pdf", format="pdf", keys=("region",),
                     language="qu")
    finally:
        engine.dispose()
    printed = text((tmp_path / "r.pdf").read_bytes())
    assert gettext_in("qu", "No contest has been ingested yet.") in printed


def test_the_database_is_named_without_its_password():
    engine = create_engine("postgresql+psycopg://clar:s3cret@db.example/central"
                           "?password=s3cret&sslmode=require")
    assert source_of(engine) == "postgresql+psycopg://clar@db.example/central"


def test_an_unknown_key_or_format_writes_nothing(engine, tmp_path: Path):
    with pytest.raises(UnknownKey):
        write_report(engine, tmp_path / "r.pdf", format="pdf", keys=("colour",))
    with pytest.raises(ValueError):
        write_report(engine, tmp_path / "r.odt", format="odt", keys=())
    assert list(tmp_path.iterdir()) == []


def test_too_many_groups_to_chart_say_so_instead(engine, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("clar_desktop.central.reports.pdf.MOST_CHARTED", 3)
    data = _pdf(engine, tmp_path, "es", keys=("office", "year"))
    printed = text(data)
    assert gettext_in("es", "{count} groups are too many to chart legibly: their figures "
                      "are in the tables above.").format(count=5) in printed
    images = sum(len(p.images) for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert images == len(CHARTED)  # the years' charts only


def test_each_pages_foot_names_its_grouping(engine, tmp_path: Path):
    pages = page_texts(_pdf(engine, tmp_path, "es", keys=("region", "year")))
    title = gettext_in("es", "Programme indicators")
    assert f"{title} · " not in pages[0]
    assert f"{title} · {gettext_in('es', 'By region')}" in pages[1]
    assert f"{title} · {gettext_in('es', 'By year')}" in pages[-1]
