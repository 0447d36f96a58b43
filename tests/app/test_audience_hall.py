"""The projector in a hall of 200 people: every text readable from the back, results shown
only when final, and a juror who does not score a proposal shown as such (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clar_desktop.app.audience.window import (
    RANKING,
    WELCOME,
)
from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.demo import demo_bundle
from clar_desktop.i18n import format_decimal, gettext_in, set_language
from tests.app.test_audience import _audience, _confirm_all, _live, _texts
from tests.helpers import example_bundle


def _mid_session(tmp_path: Path) -> LiveContest:
    """The demo contest late in its session: every sheet of the natural-resource plans
    confirmed, the business plans still being read back; a juror absent from one proposal's
    field evaluation, another recused on one, a value corrected after its read-back."""
    live = _live(tmp_path, demo_bundle())
    contest = live.state.contest
    assert contest is not None
    _confirm_all(live, [p.id for p in contest.proposals if p.category == "pgrn"])
    assert live.apply("absence.recorded", {"juror": "j2", "proposal": "p06", "phase": "campo",
                                           "reason": "Salió de la sala"})
    assert live.apply("sheet.confirmed", {"juror": "j3", "proposal": "p02",
                                          "phase": "publico"})
    old = live.state.current_value("j3", "p02", "claridad")
    assert live.apply("score.corrected", {"juror": "j3", "proposal": "p02",
                                          "criterion": "claridad",
                                          "value": "9" if str(old) != "9" else "8",
                                          "reason": "leyó mal su ficha"})
    assert live.apply("presentation.started", {"proposal": "p02"})
    return live


# --- revealing only what is final ------------------------------------------------------------


def _scores_and_names(live: LiveContest, category: str) -> tuple[set[str], set[str]]:
    """The organizations of a category, and its final scores as the projector writes them."""
    tally = live.state.tally
    assert tally is not None
    names, scores = set(), set()
    for result in tally.results().results:
        if result.category == category:
            names.add(tally.proposals[result.proposal].organization)
            if result.final_score is not None:
                scores.add(format_decimal(result.final_score, 2, "es"))
    return names, scores


def _leaks(texts: list[str], names: set[str], scores: set[str]) -> list[str]:
    return [t for t in texts if t in names or any(s in t for s in scores)]


def test_a_reveal_shows_only_the_categories_whose_results_are_final(
        tmp_path: Path, qtbot: QtBot) -> None:
    live = _mid_session(tmp_path)
    window = _audience(live, qtbot, "es", 1920, 1080)
    pdn_names, pdn_scores = _scores_and_names(live, "pdn")
    pgrn_names, _pgrn_scores = _scores_and_names(live, "pgrn")
    window.withhold(True)
    window.show_scene(RANKING)
    assert not _leaks(_texts(window), pdn_names | pgrn_names, pdn_scores)
    assert window.reveal() == ["pgrn"]  # the business plans still have sheets to read back
    assert window.withheld_categories() == ["pdn"]
    seen: set[str] = set()
    while window.revealing:
        texts = _texts(window)
        assert not _leaks(texts, pdn_names, pdn_scores)
        seen.update(texts)
        window._reveal_step()
    assert pgrn_names <= seen
    per_page = window._ranking_geometry_for(1920, 1080)[3]
    pages = window.pages(per_page)
    assert [p for p in pages if p[0] == "pdn"] == [("pdn", -1)]  # one page that shows none
    waiting = gettext_in("es", "The results of this category will be shown once every sheet "
                               "is read back and confirmed")
    for page in range(len(pages)):
        window._page = page
        texts = _texts(window)
        assert not _leaks(texts, pdn_names, pdn_scores)
        if pages[page][0] == "pdn":
            assert waiting in texts and "Planes de negocio" in texts
    # Once the last sheets are confirmed, a second reveal announces the business plans too.
    _confirm_all(live)
    assert window.reveal() == ["pdn"]
    assert window.withheld_categories() == []


def test_rows_are_hidden_until_their_turn_in_the_reveal(tmp_path: Path, qtbot: QtBot) -> None:
    """At the first moment of a reveal no row of the category shows anything; then the rows
    below the funding line, then the funded rows from the last to the first."""
    live = _live(tmp_path, example_bundle())
    _confirm_all(live)
    window = _audience(live, qtbot, "es", 1920, 1080)
    tally = live.state.tally
    assert tally is not None
    lines = [r for r in tally.results().results if r.category == "pdn"]
    funded = [tally.proposals[r.proposal].organization for r in lines if r.funded]
    unfunded = {tally.proposals[r.proposal].organization for r in lines if not r.funded}
    _names, scores = _scores_and_names(live, "pdn")
    window.withhold(True)
    window.show_scene(RANKING)
    assert window.reveal() == ["pdn", "pgrn"]
    texts = _texts(window)
    assert not _leaks(texts, set(funded) | unfunded, scores)
    assert not any(t in texts for t in ("1", "2", "3", "4"))  # no rank either
    window._reveal_step()
    texts = _texts(window)
    assert unfunded <= set(texts) and not set(funded) & set(texts)
    for k in range(1, len(funded) + 1):
        window._reveal_step()
        assert set(funded) & set(_texts(window)) == set(funded[-k:])


def test_a_withheld_category_comes_back_only_while_final(tmp_path: Path,
                                                         qtbot: QtBot) -> None:
    """A revealed category whose sheets are opened again (a recusal recorded afterwards)
    is withheld again: provisional results never stand as announced ones."""
    live = _live(tmp_path, example_bundle())
    absence = {"juror": "j1", "proposal": "p04", "phase": "campo"}
    assert live.apply("absence.recorded", {**absence, "reason": "Salió de la sala"})
    _confirm_all(live)
    window = _audience(live, qtbot, "es", 1920, 1080)
    window.withhold(True)
    assert window.reveal() == ["pdn", "pgrn"]
    while window.revealing:
        window._reveal_step()
    assert live.apply("absence.withdrawn", absence)  # she is back: her sheet is to be typed
    assert window.withheld_categories() == ["pdn"]
    names, scores = _scores_and_names(live, "pdn")
    for page in range(4):
        window._page = page
        assert not _leaks(_texts(window), names, scores)


def test_the_secretary_is_told_why_a_category_stays_withheld(tmp_path: Path,
                                                             qtbot: QtBot) -> None:
    set_language("es")
    live = _mid_session(tmp_path)
    main = MainWindow(live)
    qtbot.addWidget(main)
    with qtbot.waitActive(main):
        main.show()
        main.activateWindow()
    audience = main.audience.window
    audience.transition_ms = 0
    audience.show_scene(WELCOME)
    main.audience.withhold(True)
    qtbot.keyClick(main, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert audience.scene == RANKING and audience.revealed == {"pgrn"}
    said = main.statusBar().currentMessage()
    assert "Planes de negocio" in said and "reservada" in said and "confirm" in said
    assert "Planes de gestión" not in said
    assert main.audience.withhold_action.isChecked()  # one category still withheld
    audience.hide()
    main.close()


def test_nothing_is_revealed_while_no_category_is_final(tmp_path: Path, qtbot: QtBot) -> None:
    live = _live(tmp_path, example_bundle())  # not a sheet confirmed yet
    window = _audience(live, qtbot, "es", 1920, 1080)
    window.show_scene(WELCOME)
    assert window.reveal() == []
    assert window.scene == WELCOME and not window.revealing
    window.show_scene(RANKING)
    names, scores = _scores_and_names(live, "pdn")
    assert not _leaks(_texts(window), names, scores)  # and the provisional ranking is gone
    assert gettext_in("es", "The results will be announced shortly") in _texts(window)


@pytest.mark.parametrize("final", [False, True])
@pytest.mark.parametrize("language", ["es", "qu"])
def test_a_proposal_the_budget_passes_over_says_it_does_not_fit(
        tmp_path: Path, qtbot: QtBot, language: str, final: bool) -> None:
    live = _live(tmp_path, example_bundle())
    if final:
        _confirm_all(live)
    window = _audience(live, qtbot, language, 1920, 1080)
    tally = live.state.tally
    assert tally is not None
    passed_over = [tally.proposals[r.proposal].organization for r in tally.results().results
                   if r.reason == "exceeds_remaining_budget"]
    assert len(passed_over) == 2
    window.show_scene(RANKING)
    does_not_fit = gettext_in(language, "does not fit the remaining budget")
    pending = gettext_in(language, "pending")
    for page in range(len(window.pages(20))):
        window._page = page
        window.grab()
        drawn = window.drawn
        for name in passed_over:
            row = next((d for d in drawn if d.text == name), None)
            if row is None:
                continue
            same_row = [d.text for d in drawn if abs(d.box[1] + d.box[3] / 2
                                                     - (row.box[1] + row.box[3] / 2)) < 20]
            assert does_not_fit in same_row and pending not in same_row, same_row
            passed_over.remove(name)
    assert not passed_over  # each one was seen
