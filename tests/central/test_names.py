"""The names reports and charts print for offices and categories: from the stored bundles,
the latest contest's where two differ, in Spanish or Quechua; and filled in for contests
ingested before the names were stored (migration c0002)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from clar_desktop.central.charts import bars_of, indicator_figure
from clar_desktop.central.database import MIGRATIONS, open_central
from clar_desktop.central.indicators import indicators
from clar_desktop.central.ingest import NEW, ingest_bytes
from clar_desktop.central.names import GroupNames, group_names
from clar_desktop.i18n import set_language
from tests.central.helpers import office_bundle
from tests.central.synthetic import resealed


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_central(db_url, create=True)
    yield engine
    engine.dispose()


def _ingest(engine: Engine, contest: str, office: str, date: str, office_name: str,
            category: dict[str, str]) -> None:
    bundle = office_bundle(contest, office, date=date)
    categories = [{**c, "name": category} for c in bundle["contest"]["categories"]]
    bundle = resealed(bundle, {"office": {"id": office, "name": office_name},
                               "categories": categories})
    assert ingest_bytes(engine, f"{contest}.json", json.dumps(bundle).encode()).kind == NEW


def test_the_latest_contest_names_an_office_and_a_category(engine: Engine) -> None:
    _ingest(engine, "ol-a-2026-2", "ol-a", "2026-09-01", "Oficina Local Llusco",
            {"es": "Planes de negocio", "qu": "Qhatuy llamk'aykuna"})
    _ingest(engine, "ol-a-2025-1", "ol-a", "2025-03-01", "Oficina antigua",
            {"es": "Negocios"})
    names = group_names(engine)
    assert names.name("office", "ol-a") == "Oficina Local Llusco"
    assert names.name("category", "pdn", "es") == "Planes de negocio"
    assert names.name("category", "pdn", "qu") == "Qhatuy llamk'aykuna"
    assert names.name("category", "nonesuch") is None
    assert names.name("region", "Cusco") is None


def test_a_category_without_a_quechua_name_is_printed_in_spanish(engine: Engine) -> None:
    _ingest(engine, "ol-b-2026-1", "ol-b", "2026-05-04", "Oficina B", {"es": "Negocios"})
    assert group_names(engine).name("category", "pdn", "qu") == "Negocios"


def test_charts_name_a_category_instead_of_its_id(engine: Engine) -> None:
    _ingest(engine, "ol-a-2026-2", "ol-a", "2026-09-01", "Oficina Local Llusco",
            {"es": "Planes de negocio", "qu": "Qhatuy llamk'aykuna"})
    groups = indicators(engine, ("category",))
    set_language("qu")
    try:
        bars = bars_of(indicator_figure(groups, ("category",), "awarded",
                                        names=group_names(engine), language="qu"))
    finally:
        set_language(None)
    assert [name for name, _value in bars] == ["Qhatuy llamk'aykuna"]
    plain = bars_of(indicator_figure(groups, ("category",), "awarded", names=GroupNames()))
    assert [name for name, _value in plain] == ["pdn"]


def test_contests_ingested_before_names_were_stored_get_them(engine: Engine) -> None:
    _ingest(engine, "ol-a-2026-2", "ol-a", "2026-09-01", "Oficina Local Llusco",
            {"es": "Planes de negocio", "qu": "Qhatuy llamk'aykuna"})
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "c0001")
        assert "central_categories" not in _tables(connection)
    engine.dispose()
    reopened = open_central(engine.url.render_as_string(hide_password=False))
    try:
        assert group_names(reopened).name("category", "pdn", "qu") == "Qhatuy llamk'aykuna"
    finally:
        reopened.dispose()


def _tables(connection) -> set[str]:
    from sqlalchemy import inspect

    return set(inspect(connection).get_table_names())
