"""The service's named changes take a second-tranche item's id wherever they take a
proposal's: a value entered, changed, confirmed, corrected and taken off, a recusal, an
absence and its withdrawal, an item withdrawn and an item moved in the running order — each
logged, stored, and replayed from the log to the same contest and tally."""

from __future__ import annotations

from pathlib import Path

from clar_desktop.domain.running_order import move
from clar_desktop.domain.state import replay
from tests.session_items import CONTEST, items_service


def test_every_change_of_a_session_works_on_items(tmp_path: Path) -> None:
    service = items_service(tmp_path, without_item_scores=True)
    for criterion, value in (("s1", "10"), ("s2", "12"), ("s3", "8")):
        service.enter_score(CONTEST, "j1", "f1", criterion, value)
    service.change_score(CONTEST, "j1", "f1", "s3", "9")
    service.confirm_sheet(CONTEST, "j1", "f1", "campo2")
    service.correct_score(CONTEST, "j1", "f1", "s2", "13", "Leyó 13 en su ficha")
    service.remove_score(CONTEST, "j1", "f1", "s1", "El valor no era de esta ficha")
    service.enter_score(CONTEST, "j6", "f5", "s1", "7")
    service.recuse(CONTEST, "j6", "f5", "Es socio de la organización")
    service.record_absence(CONTEST, "j7", "f1", "publico2", "Se retiró")
    service.withdraw_absence(CONTEST, "j7", "f1", "publico2")
    service.withdraw_item(CONTEST, "f3", "No se presentó")
    service.apply_many(CONTEST, move(service.load_state(CONTEST).snapshot(), "f5", -1))
    state = service.load_state(CONTEST)
    contest = state.snapshot()
    assert contest.scores.get(("j1", "f1", "s1")) is None
    assert contest.scores[("j1", "f1", "s2")].value == 13
    assert not state.is_confirmed("j1", "f1", "campo2")  # a value taken off it
    assert state.corrections_of("j1", "f1", "s2") == (("12", "13", "Leyó 13 en su ficha"),)
    assert contest.is_recused("j6", "f5") and ("j6", "f5", "s1") not in contest.scores
    assert not contest.absences or all(a.proposal != "f1" for a in contest.absences)
    assert contest.is_withdrawn("f3")
    assert {i.id: i.order for i in contest.followup_items}["f5"] == 4
    replayed = replay(service.events(CONTEST))
    assert replayed.tally is not None and state.tally is not None
    assert replayed.tally.results().to_json() == state.tally.results().to_json()
    assert {i.id: i.order for i in replayed.snapshot().followup_items} == {
        i.id: i.order for i in contest.followup_items}
    assert replayed.confirmed == state.confirmed
