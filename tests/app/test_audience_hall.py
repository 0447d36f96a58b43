"""The projector in a hall of 200 people: every text readable from the back, results shown
only when final, and a juror who does not score a proposal shown as such (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from clar_desktop.app.audience.canvas import DrawnText
from clar_desktop.app.audience.window import (
    AGENDA,
    PRESENTING,
    RANKING,
    WELCOME,
    AudienceWindow,
)
from clar_desktop.app.audience.words import LANGUAGE_MODES
from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.demo import demo_bundle
from clar_desktop.domain.model import text_in
from clar_desktop.i18n import format_decimal, gettext_in, set_language
from tests.app.test_audience import _audience, _confirm_all, _live, _overlaps, _texts
from tests.helpers import example_bundle

HALL_SIZES = [(1920, 1080), (1280, 720)]


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


def _present(live: LiveContest, window: AudienceWindow, proposal: str, phase: str) -> None:
    """``proposal`` now presenting, the secretary on its sheets of ``phase``."""
    if live.state.presenting != proposal:
        assert live.apply("presentation.started", {"proposal": proposal})
    window.follow(proposal, phase)
    window.show_scene(PRESENTING)


def _tour(live: LiveContest,
          window: AudienceWindow) -> Iterator[tuple[str, list[DrawnText]]]:
    """Every scene, in every state the hall may see it, with what it drew."""

    def shot(label: str) -> tuple[str, list[DrawnText]]:
        window.grab()
        return label, list(window.drawn)

    for proposal in ("p02", "p06", "p11"):
        for phase in ("campo", "publico"):
            _present(live, window, proposal, phase)
            for page in range(3):  # criteria that do not fit turn in pages
                window._page = page
                yield shot(f"presenting {proposal} {phase} page {page}")
    for sheet in (("j1", "p02", "campo"), ("j3", "p02", "publico"), ("j4", "p11", "campo"),
                  ("j2", "p06", "campo")):
        window.send_read_back(*sheet)
        yield shot(f"read-back {sheet}")
    window.show_scene(RANKING)
    pages = window.pages(window._ranking_geometry_for(window.width(), window.height())[3])
    for page in range(len(pages)):
        window._page = page
        yield shot(f"ranking, provisional, page {page}")
    window.withhold(True)
    yield shot("ranking withheld")
    assert window.reveal() == ["pgrn"]
    step = 0
    while window.revealing:
        yield shot(f"ranking revealed, step {step}")
        window._reveal_step()
        step += 1
    for page in range(3):
        window._page = page
        yield shot(f"ranking revealed, page {page}")
    for scene in (WELCOME, AGENDA):
        window.show_scene(scene)
        yield shot(scene)
    window.set_message("Refrigerio: volvemos en 15 minutos · "
                       "Samarisunchis: 15 minutumanta kutimusun")
    yield shot("message")
    window.start_countdown(15 * 60)
    yield shot("countdown")


@pytest.mark.parametrize("size", HALL_SIZES)
@pytest.mark.parametrize("mode", LANGUAGE_MODES)
def test_every_text_reads_from_the_back_of_the_hall(tmp_path: Path, qtbot: QtBot, mode: str,
                                                    size: tuple[int, int]) -> None:
    """No text below 1/50 of the screen height; a second-language line at least 70 % of the
    line it translates; every text whole inside its box, none over another."""
    live = _mid_session(tmp_path)
    window = _audience(live, qtbot, mode, *size)
    width, height = size
    translations = 0
    seen = set()
    for label, drawn in _tour(live, window):
        assert drawn, label
        small = [(d.text, d.pixel_size) for d in drawn if d.pixel_size < height / 50]
        assert not small, (label, small)
        second = [(d.text, d.pixel_size, d.first_language_size) for d in drawn
                  if d.first_language_size is not None
                  and d.pixel_size < 0.7 * d.first_language_size]
        assert not second, (label, second)
        translations += sum(d.first_language_size is not None for d in drawn)
        cut = [(d.text, d.pixel_size) for d in drawn if not d.fits]
        assert not cut, (label, cut)
        outside = [d.text for d in drawn if d.box[0] < 0 or d.box[1] < 0
                   or d.box[0] + d.box[2] > width + 0.5 or d.box[1] + d.box[3] > height + 0.5]
        assert not outside, (label, outside)
        assert not _overlaps(drawn), (label, _overlaps(drawn))
        seen.add(label.split(" ")[0].rstrip(","))
    assert seen == {"presenting", "read-back", "ranking", "welcome", "agenda", "message",
                    "countdown"}
    assert (translations > 100) == (mode == "es+qu")  # the second language really is there


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


# --- a juror who does not score a proposal ----------------------------------------------------


def _column(drawn: list[DrawnText], juror_name: str) -> list[str]:
    """The texts drawn in a juror's column of the now-presenting scene: below her name, down
    to the row of the jurors' totals."""
    head = next(d for d in drawn if d.text == juror_name)
    totals = next(d for d in drawn if d.text in {gettext_in(language, "Juror's total")
                                                 for language in ("es", "qu")})
    left, right = head.box[0], head.box[0] + head.box[2]
    return [d.text for d in drawn if d is not head and d.box[1] > head.box[1]
            and d.box[1] < totals.box[1] + totals.box[3]
            and left < d.box[0] + d.box[2] / 2 < right]


@pytest.mark.parametrize("mode", LANGUAGE_MODES)
def test_absent_and_recused_jurors_columns_say_so(tmp_path: Path, qtbot: QtBot,
                                                  mode: str) -> None:
    live = _mid_session(tmp_path)
    contest = live.state.contest
    assert contest is not None
    names = {j.id: j.name for j in contest.jurors}
    window = _audience(live, qtbot, mode, 1920, 1080)
    languages = mode.split("+")
    for proposal, juror, word in (("p06", "j2", "absent"), ("p11", "j4", "recused")):
        _present(live, window, proposal, "campo")
        window.grab()
        column = _column(window.drawn, names[juror])
        # The word, then the reason recorded with the recusal or the absence.
        reason = next(iter([r.reason for r in contest.recusals
                       if (r.juror, r.proposal) == (juror, proposal)]
                      + [a.reason for a in live.state.contest.absences  # type: ignore[union-attr]
                         if (a.juror, a.proposal, a.phase) == (juror, proposal, "campo")]))
        assert reason
        assert column == [*(gettext_in(language, word) for language in languages), reason], \
            column
        others = _column(window.drawn, names["j1"])
        assert len(others) == len(contest.phases[0].criteria) + 1  # values and the total


def test_a_juror_absent_from_the_session_before_her_sheet_was_typed(
        tmp_path: Path, qtbot: QtBot) -> None:
    bundle = example_bundle()
    bundle["contest"]["scores"] = [s for s in bundle["contest"]["scores"]
                                   if s["proposal"] != "p01"]
    live = _live(tmp_path, bundle)
    contest = live.state.contest
    assert contest is not None
    assert live.apply("attendance.marked", {"juror": "j2", "present": False})
    window = _audience(live, qtbot, "es+qu", 1920, 1080)
    names = {j.id: j.name for j in contest.jurors}
    for proposal, shown in (("p01", ["ausente", "mana kachkaq"]), ("p02", None)):
        _present(live, window, proposal, "publico")
        window.grab()
        column = _column(window.drawn, names["j2"])
        if shown:
            assert column == shown
        else:  # her sheet was typed before she left: it counts, and shows
            assert len(column) == len(contest.phases[1].criteria) + 1


@pytest.mark.parametrize("juror, proposal, word", [("j4", "p11", "recused"),
                                                   ("j2", "p06", "absent")])
def test_the_read_back_of_a_juror_who_did_not_score(tmp_path: Path, qtbot: QtBot, juror: str,
                                                   proposal: str, word: str) -> None:
    live = _mid_session(tmp_path)
    window = _audience(live, qtbot, "es+qu", 1920, 1080)
    window.send_read_back(juror, proposal, "campo")
    texts = _texts(window)
    assert gettext_in("es", word) in texts and gettext_in("qu", word) in texts
    assert gettext_in("es", "Is this your sheet? Say “conforme”") not in texts
    assert "·" not in texts  # no empty values waiting to be typed
    contest = live.state.contest
    assert contest is not None
    assert text_in(contest.phases[0].name, "qu") in texts


def test_criteria_that_do_not_fit_turn_in_pages(tmp_path: Path, qtbot: QtBot) -> None:
    """Nine criteria in two languages on a 4:3 projector: pages of criteria at a readable
    size, every criterion on one of them, the next proposal from its first page."""
    live = _mid_session(tmp_path)
    contest = live.state.contest
    assert contest is not None
    window = _audience(live, qtbot, "es+qu", 1024, 768)
    window.show()
    qtbot.waitExposed(window)
    _present(live, window, "p02", "campo")
    assert window._pager.isActive()
    first_page = gettext_in("es", "criteria {first} to {last} of {count}").split("{")[0]
    seen: set[str] = set()
    labels = []
    for _turn in range(2):
        texts = _texts(window)
        labels += [t for t in texts if t.startswith(first_page)]
        seen.update(texts)
        window.next_page()
    assert len(set(labels)) == 2  # "criterios 1 a 5 de 9", "criterios 6 a 9 de 9"
    for criterion in contest.phases[0].criteria:
        assert {text_in(criterion.name, "es"), text_in(criterion.name, "qu")} <= seen
    assert all(d.pixel_size >= 768 / 50 and d.fits for d in window.drawn)
    window.next_page()  # on the second page again
    _present(live, window, "p06", "campo")
    assert any(t.startswith(f"{first_page}1 ") for t in _texts(window))
    window.hide()
