"""A new contest prepared before its first event: ids made from names, the draft the wizard
fills, and the service that creates it whole as one logged change."""

from __future__ import annotations

import pytest

from clar_desktop.app.prepare import checks
from clar_desktop.app.prepare.draft import (
    Category,
    Criterion,
    Draft,
    Ids,
    Juror,
    Phase,
    amount_text,
    contest_data,
    decimal_text,
    from_snapshot,
)
from clar_desktop.app.prepare.ids import ID_RULE, contest_id, slug, unique
from clar_desktop.app.prepare.templates import TEMPLATES
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.domain.verify import verify
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"


def test_ids_are_made_from_names() -> None:
    assert slug("Evaluación de campo") == "evaluacion-de-campo"
    assert slug("Qhatuy llamk'aykuna") == "qhatuy-llamkaykuna"  # the ejective joins its word
    assert slug("Señora Ñusta  –  Presidenta (2026)") == "senora-nusta-presidenta-2026"
    assert slug("¿?") == ""
    long = slug("palabra " * 20)
    assert len(long) <= 64 and not long.endswith("-") and ID_RULE.fullmatch(long)
    assert unique("campo", {"campo", "campo-2"}) == "campo-3"
    assert contest_id("Concurso de planes de negocio", "2026-05-14") == \
        "concurso-de-planes-de-negocio-2026"
    assert contest_id("Concurso 2026", "2026-05-14") == "concurso-2026"  # the year once
    assert contest_id("Concurso 2026 – Oficina local Chumbivilcas", "2026-05-14") == \
        "concurso-2026-oficina-local-chumbivilcas"
    assert contest_id("Concurso", "2026-05-14", {"concurso-2026"}) == "concurso-2026-2"


def test_ids_are_unique_and_a_typed_one_is_kept() -> None:
    field = Phase("Evaluación de campo", criteria=[Criterion("Claridad", max="10"),
                                                   Criterion("Claridad", max="10")])
    public = Phase("Evaluación de campo", id="publico")
    nameless = Phase("", "Llapanpa qhawarisqan")
    draft = Draft(title="Concurso", date="2027-03-01", phases=[field, public, nameless],
                  jurors=[Juror("Rosa Huamán"), Juror("Rosa Huamán")])
    ids = Ids(draft)
    assert [ids.of(p) for p in draft.phases] == ["evaluacion-de-campo", "publico",
                                                 "llapanpa-qhawarisqan"]
    assert [ids.of(c) for c in field.criteria] == ["claridad", "claridad-2"]
    assert [ids.of(j) for j in draft.jurors] == ["rosa-huaman", "rosa-huaman-2"]
    assert ids.contest == "concurso-2027"


def test_amounts_are_read_the_peruvian_way() -> None:
    assert amount_text("S/ 150,000") == "150000.00"
    assert amount_text("12500.5") == "12500.50"
    assert amount_text("12,50") is None  # a comma only separates thousands
    assert amount_text("mucho") is None
    assert amount_text("1" * 16) is None  # more than a bundle takes
    assert decimal_text("2,5") == "2.5"
    assert [decimal_text(t) for t in ("1e5", "NaN", "-3", "0." + "1" * 11)] == [None] * 4


def test_the_templates_are_the_real_sheets() -> None:
    for key, field_total in (("pdn", 50), ("pgrn", 50)):
        draft = from_snapshot(TEMPLATES[key][1](), keep_ids=False)
        field, public = draft.phases
        assert sum(int(c.max) for c in field.criteria) == field_total
        assert [c.max for c in public.criteria] == ["10"] * 5
        assert draft.aggregation == "mean" and draft.pass_score == "70"
        assert all(c.es and c.qu for c in draft.criteria())
        assert checks.highest_total(draft) == 100


def test_the_checks_name_each_field() -> None:
    criterion = Criterion("Claridad", max="10", step="3")
    juror = Juror("", document="1234567")
    draft = Draft(phases=[Phase("Pública", criteria=[criterion])], pass_score="120",
                  categories=[Category("PDN", budget="mucho")], jurors=[juror])
    assert checks.check_data(draft, set()).at(draft, "title")
    assert "9" in checks.check_phases(draft).at(criterion, "max")  # 10 cannot be given
    assert "10" in checks.check_rules(draft).at(draft, "pass_score")  # at most 10 points
    assert checks.check_categories(draft).at(draft.categories[0], "budget")
    found = checks.check_jurors(draft)
    assert found.at(juror, "name") and "7" in found.at(juror, "document")
    assert found.at(juror, "phases")
    assert found.items() == [juror]


def _service(db_url: str) -> ContestService:
    return ContestService(open_database(db_url, create=True), actor="test")


def test_a_prepared_contest_is_one_logged_change_that_verifies(db_url: str) -> None:
    service = _service(db_url)
    draft = from_snapshot(TEMPLATES["pdn"][1](), keep_ids=False)
    draft.title, draft.date = "Concurso PDN", "2027-05-02"
    draft.categories[0].budget = "60,000"
    draft.place = {"community": "Llusco", "district": "Llusco"}
    draft.programme, draft.office_name = "Proyecto Sierra Sur II", "Oficina local Santo Tomás"
    draft.jurors = [Juror("Rosa Huamán Quispe", "24681357", "Presidenta", [draft.phases[1]])]
    committed = service.create_prepared(contest_data(draft, Ids(draft)))
    assert committed.event["kind"] == "contest.created" and committed.seq == 1
    assert [e["kind"] for e in service.events("concurso-pdn-2027")] == ["contest.created"]
    bundle = parse_bundle(service.export_bundle("concurso-pdn-2027"))
    assert verify(bundle).ok
    contest = bundle.contest
    assert contest.place is not None and contest.place.community == "Llusco"
    assert contest.office is not None and contest.office.id == "oficina-local-santo-tomas"
    assert contest.programme == "Proyecto Sierra Sur II"
    assert contest.jurors[0].phases == ("evaluacion-publica",)
    assert contest.categories[0].budget == 60000


def test_a_refused_contest_leaves_nothing(db_url: str) -> None:
    service = _service(db_url)
    data = {"id": "nuevo-2027", "title": "Nuevo", "date": "2027-01-01",
            "phases": [{"id": "f", "name": "F", "criteria": []}],
            "jurors": [{"id": "j1", "name": "Ana", "phases": ["otra"]}]}
    with pytest.raises(ChangeRefused):
        service.create_prepared(data)
    with pytest.raises(ChangeRefused):
        service.create_prepared({**data, "jurors": [], "proposals": []})
    assert service.contest_ids() == []


def test_a_copy_takes_the_definition_not_the_proposals(db_url: str) -> None:
    service = _service(db_url)
    service.import_bundle(parse_bundle(example_bundle()))
    definition = service.definition(CONTEST)
    assert "proposals" not in definition and "scores" not in definition
    assert definition["place"]["community"] == "Colquemarca"
    assert [c.title for c in service.contests()] == [example_bundle()["contest"]["title"]]
    draft = from_snapshot(definition, keep_ids=True)
    draft.title, draft.date = "Segundo concurso 2027", "2027-04-10"
    service.create_prepared(contest_data(draft, Ids(draft, {CONTEST})))
    old = service.load_state(CONTEST).contest
    new = service.load_state("segundo-concurso-2027").contest
    assert old is not None and new is not None
    assert (new.place, new.phases, new.categories, new.jurors, new.rules) == \
        (old.place, old.phases, old.categories, old.jurors, old.rules)
    assert new.proposals == [] and new.scores == {} and new.recusals == []
