"""The service layer on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.domain.tally import tally
from clar_desktop.domain.verify import verify
from clar_desktop.services import ContestService
from clar_desktop.store.database import DatabaseError, current_revision, open_database
from tests.helpers import confirm_all, example_bundle, expected_tally
from tests.test_session_records import PNG as PNG_1X1

CONTEST = "colquemarca-2026-1"


def _service(url: str) -> ContestService:
    return ContestService(open_database(url, create=True), actor="test")


def _unscored(proposal: str = "p01") -> dict[str, object]:
    bundle = example_bundle()
    bundle["contest"]["scores"] = [s for s in bundle["contest"]["scores"]
                                   if s["proposal"] != proposal]
    return bundle


def test_import_then_tally_matches_the_spec(db_url: str) -> None:
    service = _service(db_url)
    service.import_bundle(parse_bundle(example_bundle()))
    state = service.load_state(CONTEST)
    assert state.tally is not None
    assert state.tally.results().to_json() == expected_tally()


def test_import_export_verify(db_url: str) -> None:
    service = _service(db_url)
    service.import_bundle(parse_bundle(example_bundle()))
    service.open_session(CONTEST)
    service.correct_score(CONTEST, "j1", "p01", "participacion", "4", "misread")
    confirmed = confirm_all(service, CONTEST)
    service.close_session(CONTEST)
    exported = parse_bundle(service.export_bundle(CONTEST))
    verdict = verify(exported)
    assert verdict.ok, verdict.problem
    assert verdict.events == 4 + confirmed
    assert exported.contest.scores[("j1", "p01", "participacion")].value == 4


def test_scores_change_the_tally_and_the_log(db_url: str) -> None:
    service = _service(db_url)
    service.import_bundle(parse_bundle(_unscored()))
    before = service.load_state(CONTEST)
    assert before.tally is not None and before.tally.result("p01").status == "incomplete"
    full = example_bundle()["contest"]["scores"]
    seqs = [service.enter_score(CONTEST, s["juror"], s["proposal"], s["criterion"],
                                s["value"]).seq
            for s in full if s["proposal"] == "p01"]
    assert seqs == list(range(2, 2 + len(seqs)))
    after = service.load_state(CONTEST)
    assert after.tally is not None
    assert after.tally.results().to_json() == expected_tally()
    events = service.events(CONTEST)
    assert [e["kind"] for e in events[1:]] == ["score.entered"] * len(seqs)


def test_a_refused_change_writes_nothing(db_url: str) -> None:
    service = _service(db_url)
    service.import_bundle(parse_bundle(example_bundle()))
    before = service.export_bundle(CONTEST)
    with pytest.raises(ChangeRefused, match="correction"):
        service.enter_score(CONTEST, "j1", "p01", "participacion", "9")
    with pytest.raises(ChangeRefused, match="maximum"):
        service.correct_score(CONTEST, "j1", "p01", "participacion", "99", "typo")
    with pytest.raises(ChangeRefused, match="recused"):
        service.recuse(CONTEST, "j3", "p05", "again")
    # Version 2: a recusal after values takes them off; one without a reason writes nothing.
    with pytest.raises(ChangeRefused, match="reason"):
        service.recuse(CONTEST, "j1", "p01", " ")
    with pytest.raises(ChangeRefused, match="unknown phase"):
        service.record_absence(CONTEST, "j1", "p01", "nowhere")
    with pytest.raises(ChangeRefused, match="no value to remove"):
        service.remove_score(CONTEST, "j3", "p05", "participacion")
    assert service.export_bundle(CONTEST) == before


def test_closed_session_refuses_changes_until_reopened_with_reason(db_url: str) -> None:
    service = _service(db_url)
    service.import_bundle(parse_bundle(example_bundle()))
    service.open_session(CONTEST)
    confirmed = confirm_all(service, CONTEST)
    service.close_session(CONTEST)
    with pytest.raises(ChangeRefused, match="closed"):
        service.correct_score(CONTEST, "j1", "p01", "participacion", "5", "misread")
    with pytest.raises(ChangeRefused, match="reason"):
        service.reopen_session(CONTEST, " ")
    service.reopen_session(CONTEST, "a juror's sheet was misread")
    assert service.correct_score(CONTEST, "j1", "p01", "participacion", "5",
                                 "misread").seq == 5 + confirmed
    last = service.events(CONTEST)[-1]
    assert last["data"] == {"juror": "j1", "proposal": "p01", "criterion": "participacion",
                            "value": "5", "reason": "misread", "old": "3"}


def test_definition_changes_are_validated_and_logged(db_url: str) -> None:
    service = _service(db_url)
    service.import_bundle(parse_bundle(example_bundle()))
    juror = {"id": "j6", "name": "Lucio Quispe Ccama", "document": "40011223",
             "role": "Miembro", "phases": ["publico"]}
    service.apply(CONTEST, "juror.added", {"juror": juror})
    state = service.load_state(CONTEST)
    assert state.contest is not None and state.contest.juror("j6") is not None
    # The new juror has not scored anything: every proposal is now incomplete.
    assert state.tally is not None and state.tally.result("p10").status == "incomplete"
    with pytest.raises(ChangeRefused, match="used twice"):
        service.apply(CONTEST, "juror.added", {"juror": juror})
    lowered = {"id": "participacion", "name": "Participación", "max": "5"}
    with pytest.raises(ChangeRefused, match="maximum"):
        service.apply(CONTEST, "criterion.edited", {"phase": "campo", "criterion": lowered})
    assert verify(parse_bundle(service.export_bundle(CONTEST))).ok


def test_new_contest_from_scratch_verifies(db_url: str) -> None:
    service = _service(db_url)
    service.create_contest({"id": "new-1", "title": "Concurso", "date": "2026-12-01"})
    service.apply("new-1", "category.added", {"category": {
        "id": "pdn", "name": {"es": "Planes de negocio"}, "budget": "1000.00"}})
    service.apply("new-1", "phase.added", {"phase": {
        "id": "pub", "name": "Pública", "criteria": [{"id": "c1", "name": "Claridad",
                                                       "max": "10"}]}})
    service.apply("new-1", "juror.added", {"juror": {"id": "j1", "name": "Ana",
                                                     "phases": ["pub"]}})
    service.apply("new-1", "proposal.added", {"proposal": {
        "id": "p1", "category": "pdn", "organization": "Asociación", "title": "Cuyes",
        "requested": "800.00", "order": 1}})
    service.enter_score("new-1", "j1", "p1", "c1", "7")
    bundle = parse_bundle(service.export_bundle("new-1"))
    assert verify(bundle).ok
    result = tally(bundle.contest).results[0]
    assert result.funded and str(result.first_tranche) == "320.00"


def test_two_writers_keep_one_unbroken_chain(db_url: str) -> None:
    first, second = _service(db_url), _service(db_url)
    first.import_bundle(parse_bundle(_unscored()))
    criteria = ["participacion", "relaciones", "gestion", "mujeres_jovenes", "actividades",
                "recursos", "cronograma", "visitas", "cofinanciamiento"]
    errors: list[BaseException] = []

    def write(service: ContestService, juror: str) -> None:
        try:
            for criterion in criteria:
                service.enter_score(CONTEST, juror, "p01", criterion, "1")
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(first, "j1")),
               threading.Thread(target=write, args=(second, "j2"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    bundle = parse_bundle(first.export_bundle(CONTEST))
    assert bundle.events is not None and len(bundle.events) == 1 + 2 * len(criteria)
    assert verify(bundle).ok


def test_migrations_run_on_open_and_newer_schema_is_refused(sqlite_url: str) -> None:
    engine = open_database(sqlite_url, create=True)
    assert current_revision(engine) is not None
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(DatabaseError, match="newer version"):
        open_database(sqlite_url)


def test_sqlite_is_durable_by_configuration(tmp_path: Path) -> None:
    engine = open_database(str(tmp_path / "d.sqlite3"), create=True)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_an_older_database_is_migrated_when_opened(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from clar_desktop.store.database import _alembic_config

    path = tmp_path / "old.sqlite3"
    config = _alembic_config()
    with create_engine(f"sqlite:///{path}").begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    assert current_revision(create_engine(f"sqlite:///{path}")) == "0001"
    service = _service(str(path))
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(config).get_current_head()
    assert current_revision(service.engine) == head
    service.import_bundle(parse_bundle(example_bundle()))
    service.open_session(CONTEST)
    service.apply(CONTEST, "presentation.started", {"proposal": "p03"})
    assert service.load_state(CONTEST).presenting == "p03"


def test_a_refused_batch_leaves_no_stale_definition_behind(tmp_path: Path) -> None:
    """A batch that bumped the definition version and then rolled back must not leave its
    index behind for a later, different change that reaches the same version."""
    db = str(tmp_path / "stale.sqlite3")
    first = _service(db)
    first.import_bundle(parse_bundle(_unscored("p03")))
    with pytest.raises(ChangeRefused):
        first.apply_many(CONTEST, [
            ("recusal.recorded", {"juror": "j4", "proposal": "p03", "reason": "a"}),
            ("recusal.recorded", {"juror": "zz", "proposal": "p03", "reason": "b"})])
    # Another program (another process, with its own cache) records a different recusal.
    import json
    import subprocess
    import sys

    line = json.dumps({"action": "recuse", "juror": "j5", "proposal": "p03",
                       "reason": "cuñado del presidente"})
    done = subprocess.run([sys.executable, "-m", "clar_desktop", "record", CONTEST, "--db", db],
                          input=line, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    with pytest.raises(ChangeRefused, match="recused"):
        first.enter_score(CONTEST, "j5", "p03", "claridad", "3")
    first.enter_score(CONTEST, "j4", "p03", "claridad", "3")
    assert verify(parse_bundle(first.export_bundle(CONTEST))).ok


def test_a_new_contest_reuses_the_sheets_and_rules_of_a_previous_one(db_url: str) -> None:
    service = _service(db_url)
    service.import_bundle(parse_bundle(example_bundle()))
    service.contest_from(CONTEST, {"id": "colquemarca-2027-1", "title": "Concurso 2027",
                                   "date": "2027-04-10"})
    old = service.load_state(CONTEST).contest
    new = service.load_state("colquemarca-2027-1").contest
    assert old is not None and new is not None
    assert new.rules == old.rules and new.phases == old.phases
    assert new.categories == old.categories
    assert new.proposals == [] and new.jurors == [] and new.scores == {}
    assert verify(parse_bundle(service.export_bundle("colquemarca-2027-1"))).ok
    with pytest.raises(ChangeRefused):
        service.contest_from(CONTEST, {"id": "bad id!", "title": "x", "date": "2027-01-01"})
    assert "bad id!" not in service.contest_ids()


def test_an_item_added_by_mistake_is_removed_while_preparing(db_url: str) -> None:
    service = _service(db_url)
    service.import_bundle(parse_bundle(_unscored()))
    cid = "colquemarca-2026-1"
    service.apply(cid, "proposal.added", {"proposal": {
        "id": "p99", "category": "pdn", "organization": "Por error", "title": "Duplicado",
        "requested": "800.00", "order": 99}})
    service.apply(cid, "juror.added", {"juror": {"id": "j9", "name": "Duplicado",
                                                 "phases": ["publico"]}})
    service.apply(cid, "attendance.marked", {"juror": "j9", "present": False})
    service.set_proposal_image(cid, "p99", PNG_1X1, "image/png")
    service.apply(cid, "proposal.removed", {"id": "p99"})
    service.apply(cid, "juror.removed", {"id": "j9"})
    state = service.load_state(cid)
    assert state.contest is not None
    assert "p99" not in {p.id for p in state.contest.proposals}
    assert "j9" not in {j.id for j in state.contest.jurors}
    assert "p99" not in state.images and "j9" not in state.absent
    assert service.proposal_image(cid, "p99") is None
    # The log keeps both the addition and the removal, and still verifies.
    bundle = parse_bundle(service.export_bundle(cid))
    kinds = [e["kind"] for e in bundle.events]
    assert kinds[-2:] == ["proposal.removed", "juror.removed"]
    assert verify(bundle).ok


def test_what_is_referred_to_or_recorded_cannot_be_removed(db_url: str) -> None:
    service = _service(db_url)
    service.import_bundle(parse_bundle(example_bundle()))  # with scores and recusals
    cid = "colquemarca-2026-1"
    refused = {
        "proposal.removed": ("p01", "already has scores"),
        "juror.removed": ("j1", "already has scores"),
        "criterion.removed": ("claridad", "already has scores"),
        "phase.removed": ("publico", "still has criteria"),
        "category.removed": ("pdn", "still has proposals"),
    }
    last = service.events_after(cid, 0, limit=0).last_seq
    for kind, (item, reason) in refused.items():
        with pytest.raises(ChangeRefused) as caught:
            service.apply(cid, kind, {"id": item})
        assert reason in caught.value.render(lambda s: s)
    with pytest.raises(ChangeRefused) as caught:
        service.apply(cid, "proposal.removed", {"id": "nope"})
    assert "unknown proposal nope" in caught.value.render(lambda s: s)
    service.open_session(cid)
    with pytest.raises(ChangeRefused) as caught:
        service.apply(cid, "category.removed", {"id": "pgrn"})
    assert "only while the contest is being prepared" in caught.value.render(lambda s: s)
    assert service.events_after(cid, 0, limit=0).last_seq == last + 1  # only the opening
