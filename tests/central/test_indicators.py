"""``central indicators`` against a computation written here from the spec (central-v1,
Indicators), over the bundles' own tallies, for random sets of offices' bundles (versions
1 and 2, withdrawals, absences, follow-ups, open and closed sessions) and every ``--by``
key; on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from clar_desktop.central.database import open_central
from clar_desktop.central.indicators import indicators, indicators_json
from clar_desktop.central.ingest import NEW, ingest_bytes
from clar_desktop.domain.bundle import load_bundle
from clar_desktop.domain.tally import tally
from tests.central.helpers import TABLES, office_bundle, run
from tests.central.synthetic import closed_session, with_office
from tests.domain.strategies import EXAMPLES, bundles

KEYS = ("programme", "office", "region", "province", "district", "year", "category")
GROUPINGS = [(), *((k,) for k in KEYS), ("region", "year"), ("office", "category"),
             ("programme", "province", "district")]
WIDE = Context(prec=60)
CENT = Decimal("0.01")

OFFICES = st.sampled_from([None, ("ol-chumbivilcas", "Chumbivilcas"), ("ol-andahuaylas",
                           "Andahuaylas"), ("ol-puno", "Puno")])
PLACES = st.sampled_from([None, {"region": "Cusco", "province": "Chumbivilcas",
                                 "district": "Llusco"},
                          {"region": "Cusco", "province": "Chumbivilcas",
                           "district": "Colquemarca"},
                          {"region": "Apurímac", "province": "Andahuaylas"},
                          {"community": "Ccollana", "region": "Puno"}])
DATES = st.sampled_from(["2024-11-30", "2025-06-14", "2025-08-02", "2026-03-21"])
PROGRAMMES = st.sampled_from([None, "Sierra Sur II", "Proyecto Corredor"])


@st.composite
def office_bundles(draw: st.DrawFn, number: int) -> dict[str, Any]:
    bundle = draw(bundles(max_proposals=6))
    version = bundle["version"]
    office = draw(OFFICES) if version == 2 else None
    programme = draw(PROGRAMMES) if version == 2 else None
    contest = with_office(bundle["contest"], f"c{number}", date=draw(DATES), office=office,
                          programme=programme, place=draw(PLACES))
    return closed_session(contest, version=version)


@st.composite
def bundle_sets(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(1, 5))
    return [draw(office_bundles(i)) for i in range(count)]


# -- the spec, computed here -------------------------------------------------------------------

def _round(value: Fraction) -> str:
    """Half up to the cent, by decimal arithmetic (the product rounds with fractions)."""
    exact = WIDE.divide(Decimal(value.numerator), Decimal(value.denominator))
    return str(exact.quantize(CENT, rounding=ROUND_HALF_UP, context=WIDE))


def _share(part: Fraction | int, whole: Fraction | int, scale: int = 1) -> str | None:
    if whole == 0:
        return None
    return _round(Fraction(part) * scale / Fraction(whole))


def expected(bundle_set: list[dict[str, Any]], by: tuple[str, ...]) -> dict[str, Any]:
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}

    def group(key: tuple[Any, ...]) -> dict[str, Any]:
        return groups.setdefault(key, {
            "contests": set(), "presented": 0, "withdrawn": 0, "approved": 0, "funded": 0,
            "awarded": Fraction(0), "first": Fraction(0), "second": Fraction(0),
            "families": 0, "families_missing": 0, "women": 0, "youth": 0, "led": 0,
            "led_given": 0, "own": Fraction(0), "items": 0, "items_approved": 0,
            "released": Fraction(0), "due": Fraction(0)})

    for bundle in bundle_set:
        contest = bundle["contest"]
        # the bundle's own tally, its amounts exact (rounded only in the sums, as the spec's
        # totals are)
        results = tally(load_bundle(json.dumps(bundle)).contest)
        place = contest.get("place") or {}
        base = {"programme": contest.get("programme"),
                "office": (contest.get("office") or {}).get("id"),
                "region": place.get("region"), "province": place.get("province"),
                "district": place.get("district"), "year": int(contest["date"][:4])}
        proposals = {p["id"]: p for p in contest["proposals"]}
        for line in results.results:
            g = group(tuple(line.category if k == "category" else base[k] for k in by))
            g["contests"].add(contest["id"])
            proposal = proposals[line.proposal]
            g["withdrawn" if line.status == "withdrawn" else "presented"] += 1
            g["approved"] += line.status == "approved"
            if line.funded:
                g["funded"] += 1
                g["awarded"] += line.award
                g["first"] += Fraction(line.first_tranche)
                g["second"] += Fraction(line.second_tranche)
                g["families"] += proposal.get("families") or 0
                g["families_missing"] += proposal.get("families") is None
                g["women"] += proposal.get("women") or 0
                g["youth"] += proposal.get("youth") or 0
                g["led"] += proposal.get("women_led") is True
                g["led_given"] += proposal.get("women_led") is not None
                g["own"] += Fraction(proposal.get("own_contribution") or 0)
        if "category" in by:
            continue
        items = {i["id"]: i for i in (contest.get("followups") or {}).get("items", [])}
        for item in results.followups or []:
            g = group(tuple(base[k] for k in by))
            g["contests"].add(contest["id"])
            second = Fraction(items[item.item]["second_tranche"])
            if item.status != "withdrawn":
                g["items"] += 1
                g["due"] += second
            if item.status == "approved":
                g["items_approved"] += 1
                g["released"] += second
    if not by:
        group(())
    out = []
    for key, g in groups.items():
        figures = {
            "contests": len(g["contests"]), "presented": g["presented"],
            "withdrawn": g["withdrawn"], "approved": g["approved"], "funded": g["funded"],
            "approval_rate": _share(g["approved"], g["presented"], 100),
            "awarded": _round(g["awarded"]), "first_tranche": _round(g["first"]),
            "second_tranche": _round(g["second"]), "families": g["families"],
            "families_missing": g["families_missing"], "women": g["women"],
            "youth": g["youth"], "women_led_share": _share(g["led"], g["led_given"], 100),
            "leverage": _share(g["own"], g["awarded"]),
            "award_per_family": _share(g["awarded"], g["families"]),
            "items": g["items"], "items_approved": g["items_approved"],
            "released": _round(g["released"]), "due": _round(g["due"]),
            "completion_rate": _share(g["items_approved"], g["items"], 100)}
        if "category" in by:
            for name in ("items", "items_approved", "released", "due", "completion_rate"):
                figures[name] = None
        out.append({"key": dict(zip(by, key, strict=True)), **figures})
    out.sort(key=lambda g: [(g["key"][k] is None, str(g["key"][k])) for k in by])
    return {"by": list(by), "groups": out}


# -- the tests ---------------------------------------------------------------------------------

@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_central(db_url, create=True)
    yield engine
    engine.dispose()


def _empty(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(TABLES):
            connection.execute(text(f"DELETE FROM {table}"))


@settings(max_examples=max(10, EXAMPLES // 6), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(bundle_sets())
def test_indicators_are_the_spec_s(engine: Engine, bundle_set: list[dict[str, Any]]) -> None:
    _empty(engine)
    for i, bundle in enumerate(bundle_set):
        outcome = ingest_bytes(engine, f"{i}.json", json.dumps(bundle).encode())
        assert outcome.kind == NEW, outcome.describe(str)
    for by in GROUPINGS:
        found, wanted = indicators_json(list(by), indicators(engine, by)), expected(bundle_set,
                                                                                   by)
        assert found == wanted, (by, [(a, b) for a, b in zip(found["groups"], wanted["groups"],
                                                             strict=False) if a != b][:1])


def test_the_json_and_the_table(capsys: pytest.CaptureFixture[str], tmp_path: Any,
                                db_url: str) -> None:
    sessions = [office_bundle("ol-a-2026-1"), office_bundle("ol-b-2025-1", "ol-b", "Puno",
                                                             "2025-09-09")]
    for i, bundle in enumerate(sessions):
        (tmp_path / f"{i}.json").write_text(json.dumps(bundle), encoding="utf-8")
    assert run(capsys, "central", "ingest", str(tmp_path), "--db", db_url)[0] == 0
    status, out, err = run(capsys, "central", "indicators", "--by", "region", "--by", "year",
                           "--format", "json", "--db", db_url)
    assert (status, err) == (0, "")
    assert json.loads(out) == expected(sessions, ("region", "year"))
    assert [g["key"] for g in json.loads(out)["groups"]] == [
        {"region": "Cusco", "year": 2026}, {"region": "Puno", "year": 2025}]
    status, out, err = run(capsys, "central", "indicators", "--by", "office", "--format",
                           "table", "--db", db_url)
    assert (status, err) == (0, "")
    assert "Tasa de aprobación (%)" in out and "ol-a" in out and "ol-b" in out
    status, out, err = run(capsys, "--lang", "qu", "central", "indicators", "--format",
                           "table", "--db", db_url)
    assert status == 0 and "Tasa de aprobación" not in out


def test_no_contest_yet(capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    db = str(tmp_path / "c.sqlite3")
    open_central(db, create=True).dispose()
    status, out, _err = run(capsys, "central", "indicators", "--format", "json", "--db", db)
    assert status == 0
    assert json.loads(out)["groups"][0]["contests"] == 0
    assert json.loads(out)["groups"][0]["approval_rate"] is None
    status, out, _err = run(capsys, "central", "indicators", "--by", "office", "--format",
                            "json", "--db", db)
    assert json.loads(out) == {"by": ["office"], "groups": []}


def test_counts_beyond_32_bits(capsys: pytest.CaptureFixture[str], tmp_path: Any,
                               db_url: str) -> None:
    from tests.helpers import v2_bundle

    contest = with_office(v2_bundle()["contest"], "grande", date="2026-01-10")
    for proposal in contest["proposals"]:
        proposal["families"] = 2_000_000_000
        proposal["women"] = 2_000_000_000
    bundle = closed_session(contest)
    (tmp_path / "grande.json").write_text(json.dumps(bundle), encoding="utf-8")
    assert run(capsys, "central", "ingest", str(tmp_path / "grande.json"), "--db",
               db_url)[0] == 0
    status, out, _err = run(capsys, "central", "indicators", "--format", "json", "--db", db_url)
    assert status == 0
    assert json.loads(out) == expected([bundle], ())
    assert json.loads(out)["groups"][0]["families"] > 2**31


def test_filters_narrow_the_groups(engine: Engine) -> None:
    a = office_bundle("ol-a-2026-1")
    b = office_bundle("ol-b-2025-1", "ol-b", "Puno", "2025-09-09")
    for i, bundle in enumerate((a, b)):
        ingest_bytes(engine, f"{i}.json", json.dumps(bundle).encode())
    found = indicators_json(["year"], indicators(engine, ("year",), {"office": "ol-b"}))
    assert found == expected([b], ("year",))
    assert indicators(engine, (), {"region": None})[0].figures["contests"] == 0
    by_category = indicators(engine, (), {"category": "pdn"})[0].figures
    assert by_category["items"] is None
    assert by_category["presented"] == sum(
        g["presented"] for g in expected([a, b], ("category",))["groups"]
        if g["key"]["category"] == "pdn")


def test_the_indicators_are_one_statement(engine: Engine) -> None:
    from sqlalchemy import event

    for i in range(3):
        bundle = office_bundle(f"ol-{i}-2026-1", f"ol-{i}", "Cusco", "2026-02-02")
        ingest_bytes(engine, f"{i}.json", json.dumps(bundle).encode())
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith("BEGIN"):  # SQLite's transaction, begun immediately
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        groups = indicators(engine, ("office", "year"))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(groups) == 3
    assert len(statements) == 1 and "GROUP BY" in statements[0]
