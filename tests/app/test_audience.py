"""The audience window: right numbers, live, read-only, private, legible in every language."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from clar_desktop.app.audience import scenes
from clar_desktop.app.audience.canvas import DrawnText
from clar_desktop.app.audience.feed import AudienceFeed, ReadOnlyState
from clar_desktop.app.audience.window import (
    AGENDA,
    BLANK,
    COUNTDOWN,
    MESSAGE,
    PRESENTING,
    RANKING,
    READ_BACK,
    SCENES,
    WELCOME,
    AudienceWindow,
)
from clar_desktop.app.audience.words import LANGUAGE_MODES
from clar_desktop.app.live import LiveContest
from clar_desktop.app.main_window import MainWindow
from clar_desktop.demo import demo_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.changes import (
    MINUTES_DETAILS_SET,
    MinutesDetails,
    minutes_details_data,
)
from clar_desktop.domain.numbers import format_2dp
from clar_desktop.i18n import gettext_in
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle
from tests.test_session_records import PNG

CONTEST = "colquemarca-2026-1"


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture(autouse=True)
def no_scene_fails_to_draw(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """The window logs (rather than crashes on) a scene it cannot draw: here that fails."""
    yield
    failures = [r.getMessage() for r in caplog.records
                if r.name == "clar_desktop.app.audience.window" and r.levelname == "ERROR"]
    assert not failures, failures


def _live(tmp_path: Path, bundle: dict) -> LiveContest:  # type: ignore[type-arg]
    service = ContestService(open_database(str(tmp_path / "audience.sqlite3"), create=True),
                             actor="test")
    parsed = parse_bundle(bundle)
    service.import_bundle(parsed)
    service.open_session(parsed.contest.id)
    return LiveContest(service, parsed.contest.id)


@pytest.fixture
def live(tmp_path: Path) -> LiveContest:
    bundle = example_bundle()
    # p01 has no values yet: the session types them.
    bundle["contest"]["scores"] = [s for s in bundle["contest"]["scores"]
                                   if s["proposal"] != "p01"]
    return _live(tmp_path, bundle)


def _audience(live: LiveContest, qtbot: QtBot, mode: str = "es", width: int = 1024,
              height: int = 768) -> AudienceWindow:
    window = AudienceWindow(AudienceFeed(live.state, live.applied), mode)
    window.transition_ms = 0
    qtbot.addWidget(window)
    window.resize(width, height)
    return window


def _texts(window: AudienceWindow) -> list[str]:
    window.grab()  # paints, and records what was drawn
    return [drawn.text for drawn in window.drawn]


# --- the numbers --------------------------------------------------------------------------


def test_every_proposal_scene_agrees_with_the_engine(tmp_path: Path) -> None:
    live = _live(tmp_path, example_bundle())
    state, tally = live.state, live.state.tally
    assert state.contest is not None and tally is not None
    for proposal in state.contest.proposals:
        result = tally.result(proposal.id)
        for phase in state.contest.phases:
            shown = scenes.presenting(state, proposal.id, phase.id)
            assert shown.final == result.final_score
            assert {line.phase: line.score for line in shown.phases} == (
                result.phase_scores or {p.id: None for p in state.contest.phases})
            for column in shown.columns:
                sheet = tally.book.sheet(column.juror, proposal.id, phase.id)
                assert column.values == tuple(sheet.get(c.id) for c in phase.criteria)
                if column.state == scenes.RECUSED:
                    assert state.contest.is_recused(column.juror, proposal.id)
            # Nothing is confirmed yet: every scored proposal is pending, never final.
            assert shown.status == (scenes.PENDING if result.status != "incomplete"
                                    else "incomplete")


def test_the_ranking_pages_are_the_engines_ranking(tmp_path: Path) -> None:
    live = _live(tmp_path, example_bundle())
    state, tally = live.state, live.state.tally
    assert state.contest is not None and tally is not None
    index = scenes.RankingIndex()
    expected = tally.results()
    for category in state.contest.categories:
        lines = [r for r in expected.results if r.category == category.id]
        rows = []
        for first in range(0, len(lines), 3):  # pages of three rows
            page = index.page(state, category.id, first, 3)
            rows.extend(page.rows)
        assert [r.proposal for r in rows] == [r.proposal for r in lines]
        for row, line in zip(rows, lines, strict=True):
            assert (row.rank, row.tie, row.final, row.award) == (
                line.rank, line.tie, line.final_score, line.award)
            assert row.status == scenes.row_status(line, True)
        summary = tally.category_result(category.id)
        assert (page.budget, page.allocated, page.remaining) == (
            summary.budget, summary.allocated, summary.remaining)
        funded = [k for k, line in enumerate(lines) if line.funded]
        assert page.funding_line == (funded[-1] + 1 if funded else 0)


def test_confirmed_sheets_make_a_ranking_row_final(live: LiveContest) -> None:
    state = live.state
    index = scenes.RankingIndex()
    page = index.page(state, "pdn", 0, 20)
    row = next(r for r in page.rows if r.proposal == "p02")
    assert row.provisional and row.status == scenes.PENDING
    for juror, phase in list(state.unconfirmed_sheets("p02")):
        assert live.apply("sheet.confirmed", {"juror": juror, "proposal": "p02",
                                              "phase": phase})
        index.touched(state, {"p02"})
    row = next(r for r in index.page(state, "pdn", 0, 20).rows if r.proposal == "p02")
    result = state.tally.result("p02")  # type: ignore[union-attr]
    assert not row.provisional
    assert row.status == scenes.row_status(result, False) != scenes.PENDING


# --- live ---------------------------------------------------------------------------------


def test_a_committed_score_appears_without_anyone_touching_the_window(
        live: LiveContest, qtbot: QtBot) -> None:
    window = _audience(live, qtbot)
    assert live.apply("presentation.started", {"proposal": "p01"})
    before = _texts(window)
    assert "1. Asociación de Productores de Cuyes Sumaq Kawsay" in before
    assert "7" not in before and "3" not in before
    assert live.apply("score.entered", {"juror": "j1", "proposal": "p01",
                                        "criterion": "participacion", "value": "7"})
    qtbot.waitUntil(lambda: "7" in _texts(window))
    # One committed by another program (a second laptop, `clar-desktop record`) too.
    live.service.apply(CONTEST, "score.entered", {"juror": "j2", "proposal": "p01",
                                                  "criterion": "participacion", "value": "3"})
    live.poll()
    assert "3" in _texts(window)


def test_the_scene_follows_the_presenting_proposal_and_its_result(live: LiveContest,
                                                                  qtbot: QtBot) -> None:
    window = _audience(live, qtbot)
    assert live.apply("presentation.started", {"proposal": "p02"})
    shown = _texts(window)
    organization = live.state.tally.proposals["p02"].organization  # type: ignore[union-attr]
    assert any(organization in t for t in shown)
    final = live.state.tally.result("p02").final_score  # type: ignore[union-attr]
    assert final is not None
    assert any(format_2dp(final) in t for t in shown)
    assert any(gettext_in("es", "Pending: {done} of {total} sheets confirmed")
               .format(done=0, total=9) == t for t in shown)


def test_the_read_back_scene_shows_the_sheet_and_then_its_confirmation(
        live: LiveContest, qtbot: QtBot) -> None:
    window = _audience(live, qtbot)
    window.send_read_back("j3", "p04", "publico")
    assert window.scene == READ_BACK
    shown = _texts(window)
    assert "Juana Ccahuana Ttito" in shown
    asking = gettext_in("es", "Is this your sheet? Say “conforme”")
    assert asking in shown
    assert live.apply("sheet.confirmed", {"juror": "j3", "proposal": "p04",
                                          "phase": "publico"})
    shown = _texts(window)
    assert asking not in shown
    assert gettext_in("es", "“Conforme”: the juror confirmed this sheet") in shown


def test_f3_in_the_secretarys_window_sends_the_selected_sheet(live: LiveContest,
                                                              qtbot: QtBot) -> None:
    main = MainWindow(live)
    qtbot.addWidget(main)
    with qtbot.waitActive(main):
        main.show()
        main.activateWindow()
    main.view.show_proposal("p04", "publico")
    main.view.grid_view.setCurrentIndex(main.view.grid.index(1, 0))
    qtbot.keyClick(main.view.grid_view, Qt.Key.Key_F3)
    audience = main.audience.window
    assert audience.isVisible() and audience.scene == READ_BACK
    assert audience.read_back_sheet == (main.view.grid.jurors[1].id, "p04", "publico")
    # The keyboard stays with the secretary: the next keystroke still goes to the grid.
    assert QApplication.focusWidget() is not None
    assert not isinstance(QApplication.focusWidget(), AudienceWindow)
    audience.hide()


# --- read-only and private ------------------------------------------------------------------


def test_nothing_on_the_window_can_change_data(live: LiveContest, qtbot: QtBot) -> None:
    window = _audience(live, qtbot)
    window.show()
    qtbot.waitExposed(window)
    last = live.service.events_after(CONTEST, 0, limit=0).last_seq
    assert window.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert all(child.focusPolicy() == Qt.FocusPolicy.NoFocus
               for child in window.findChildren(QWidget))
    for scene in SCENES:
        window.show_scene(scene)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Delete, Qt.Key.Key_5, Qt.Key.Key_Escape):
            qtbot.keyClick(window, key)
        qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(50, 50))
        qtbot.mouseDClick(window, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    assert live.service.events_after(CONTEST, 0, limit=0).last_seq == last
    # What the window holds can only read: no service, no state that applies changes.
    feed = window.feed
    assert isinstance(feed.state, ReadOnlyState)
    for name in ("apply", "apply_change", "check", "service"):
        assert not hasattr(feed.state, name) and not hasattr(feed, name)
    with pytest.raises(AttributeError):
        feed.state._state2 = None  # type: ignore[attr-defined]
    window.close()
    assert not window.isVisible()  # closing only hides it


def _all_drawn(window: AudienceWindow, live: LiveContest) -> dict[str, list[DrawnText]]:
    """What each scene drew (the window's record is replaced at every paint)."""
    contest = live.state.contest
    assert contest is not None
    window.read_back_sheet = (contest.jurors[0].id, contest.proposals[0].id,
                              contest.phases[0].id)
    window.message = "Refrigerio: volvemos en 15 minutos"
    drawn = {}
    for scene in SCENES:
        if scene == COUNTDOWN:
            window.start_countdown(600)
        else:
            window.show_scene(scene)
        window.grab()
        drawn[scene] = list(window.drawn)
    window.withhold(True)
    window.show_scene(RANKING)
    window.grab()
    drawn["withheld"] = list(window.drawn)
    window.withhold(False)
    return drawn


def _all_scenes(window: AudienceWindow, live: LiveContest) -> dict[str, list[str]]:
    return {scene: [d.text for d in drawn]
            for scene, drawn in _all_drawn(window, live).items()}


def _overlaps(drawn: list[DrawnText]) -> list[tuple[str, str]]:
    """Pairs of texts drawn over each other (boxes sharing more than a pixel each way)."""
    found = []
    for i, a in enumerate(drawn):
        ax, ay, aw, ah = a.box
        for b in drawn[i + 1:]:
            bx, by, bw, bh = b.box
            if (min(ax + aw, bx + bw) - max(ax, bx) > 1
                    and min(ay + ah, by + bh) - max(ay, by) > 1):
                found.append((a.text, b.text))
    return found


@pytest.mark.parametrize("mode", LANGUAGE_MODES)
def test_no_dni_is_ever_drawn(tmp_path: Path, qtbot: QtBot, mode: str) -> None:
    live = _live(tmp_path, demo_bundle())
    window = _audience(live, qtbot, mode)
    documents = [j.document for j in live.state.contest.jurors if j.document]  # type: ignore
    assert documents
    drawn = " ".join(t for texts in _all_scenes(window, live).values() for t in texts)
    assert drawn  # something was drawn
    for document in documents:
        assert document not in drawn


@pytest.mark.parametrize("size", [(800, 600), (1024, 768), (1920, 1080), (3840, 2160)])
@pytest.mark.parametrize("mode", LANGUAGE_MODES)
def test_no_text_is_cut_off(tmp_path: Path, qtbot: QtBot, mode: str,
                            size: tuple[int, int]) -> None:
    live = _live(tmp_path, demo_bundle())
    window = _audience(live, qtbot, mode, *size)
    contest = live.state.contest
    assert contest is not None
    for proposal in contest.proposals[:4]:
        window.follow(proposal.id, contest.phases[-1].id)
        for scene, drawn_texts in _all_drawn(window, live).items():
            bad = [(d.text, d.pixel_size) for d in drawn_texts if not d.fits]
            assert not bad, (scene, bad)
            for drawn in drawn_texts:
                x, y, w, h = drawn.box
                assert x >= 0 and y >= 0 and x + w <= size[0] + 0.5 and y + h <= size[1] + 0.5, \
                    (scene, drawn.text, drawn.box)
            overlapping = _overlaps(drawn_texts)
            assert not overlapping, (scene, overlapping)
        for scene in SCENES:
            window.show_scene(scene)
            window.grab()
            assert all(d.fits for d in window.drawn), scene


def test_type_is_sized_from_the_screen_height(live: LiveContest, qtbot: QtBot) -> None:
    small = _audience(live, qtbot, "es", 1024, 768)
    large = _audience(live, qtbot, "es", 2048, 1536)
    for window in (small, large):
        window.show_scene(WELCOME)
        window.grab()
    title = live.state.contest.title  # type: ignore[union-attr]
    size = {w.height(): next(d.pixel_size for d in w.drawn if d.text == title)
            for w in (small, large)}
    assert size[1536] >= 1.8 * size[768]
    assert size[768] >= 24  # the title reads from the back of the hall


# --- languages ------------------------------------------------------------------------------


def test_the_projection_has_its_own_language(live: LiveContest, qtbot: QtBot) -> None:
    window = _audience(live, qtbot, "qu")
    window.show_scene(RANKING)
    quechua = _texts(window)
    assert gettext_in("qu", "Rank") in quechua
    assert gettext_in("qu", "Rank") != "Rank"
    assert gettext_in("es", "Rank") not in quechua
    window.set_language("es+qu")
    both = _texts(window)
    assert gettext_in("qu", "Rank") in both and gettext_in("es", "Rank") in both
    category = live.state.contest.categories[0].name  # type: ignore[union-attr]
    assert category["es"] in both and category["qu"] in both  # type: ignore[index]


# --- withholding and revealing --------------------------------------------------------------


def test_withheld_results_are_revealed_from_the_last_funded_row_up(tmp_path: Path,
                                                                   qtbot: QtBot) -> None:
    live = _live(tmp_path, example_bundle())
    _confirm_all(live)  # only final results are revealed
    window = _audience(live, qtbot, "es", 1920, 1080)
    tally = live.state.tally
    assert tally is not None
    funded = [r.proposal for r in tally.results().results if r.category == "pdn" and r.funded]
    names = [tally.proposals[p].organization for p in funded]
    assert len(names) >= 2
    window.withhold(True)
    window.show_scene(RANKING)
    assert not set(names) & set(_texts(window))
    window.reveal()
    assert not set(names) & set(_texts(window))  # the first moment: nothing yet
    window._reveal_step()
    assert not set(names) & set(_texts(window))  # the rows below the funding line
    window._reveal_step()
    assert set(names) & set(_texts(window)) == {names[-1]}
    window._reveal_step()
    assert set(names) & set(_texts(window)) == {names[-1], names[-2]}
    for _step in range(40):
        if not window.revealing:
            break
        window._reveal_step()
    assert not window.revealing
    window.show_scene(RANKING)
    window._page = 0
    assert set(names) <= set(_texts(window))


# --- interludes ----------------------------------------------------------------------------


def test_interludes(live: LiveContest, qtbot: QtBot) -> None:
    window = _audience(live, qtbot)
    contest = live.state.contest
    assert contest is not None
    window.show_scene(WELCOME)
    shown = _texts(window)
    assert contest.title in shown
    assert all(juror.name in shown for juror in contest.jurors)
    window.show_scene(AGENDA)
    assert gettext_in("es", "Public presentation of the proposals and scoring") \
        in _texts(window)
    # The agenda is the minutes' details' agenda, logged: recorded while it is on the
    # screen, the projector repaints with it.
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(200)  # every paint of the opening is done
    window.drawn.clear()
    assert live.explain_apply(MINUTES_DETAILS_SET, minutes_details_data(MinutesDetails(
        agenda=("Ceremonia de apertura", "Almuerzo")))) is None
    qtbot.waitUntil(lambda: "Almuerzo" in [d.text for d in window.drawn], timeout=2000)
    window.set_message("Volvemos en 10 minutos")
    assert window.scene == MESSAGE and "Volvemos en 10 minutos" in _texts(window)
    window.start_countdown(125)
    assert window.scene == COUNTDOWN and "2:05" in _texts(window)
    window.start_countdown(0)
    assert gettext_in("es", "Time is up") in _texts(window)
    window.show_scene(BLANK)
    assert _texts(window) == []
    window.show_scene(PRESENTING)


# --- screens --------------------------------------------------------------------------------

SCREENS_SCRIPT = """
import json, sys
from clar_desktop.app.main import application
from clar_desktop.app.audience.feed import AudienceFeed
from clar_desktop.app.audience.window import AudienceWindow
from clar_desktop.domain.state import ContestState
from PySide6.QtCore import QObject, Signal

class Source(QObject):
    applied = Signal(object, object)

app = application()
source = Source()
window = AudienceWindow(AudienceFeed(ContestState(), source.applied))
window.show()
window.place()
app.processEvents()
out = {"screens": [s.name() for s in app.screens()],
       "on": window.screen().name(), "full": window.isFullScreen(),
       "geometry": [window.geometry().x(), window.geometry().width()]}
window.choose_screen("laptop")
app.processEvents()
out["chosen"] = window.screen().name()
print(json.dumps(out))
"""


def test_the_window_goes_full_screen_on_the_projector(tmp_path: Path) -> None:
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1},
        {"name": "projector", "x": 1366, "y": 0, "width": 1024, "height": 768,
         "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "XDG_DATA_HOME": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-c", SCREENS_SCRIPT], env=env, text=True,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["screens"] == ["laptop", "projector"]
    assert out["on"] == "projector" and out["full"]
    assert out["geometry"] == [1366, 1024]
    assert out["chosen"] == "laptop"


def test_a_long_ranking_turns_its_pages_by_itself(tmp_path: Path, qtbot: QtBot) -> None:
    from tests.benchmarks.synthetic import synthetic_bundle

    live = _live(tmp_path, synthetic_bundle(60, 5, 2, seed=3))
    window = _audience(live, qtbot, "es", 1024, 768)
    window.show()  # pages turn while the ranking is on the wall
    qtbot.waitExposed(window)
    window.show_scene(RANKING)
    assert window._pager.isActive() and window._pager.interval() >= 10_000  # readable pace
    first = set(_texts(window))
    _top, _row_h, _gap, per_page = window._ranking_geometry_for(1024, 768)
    pages = window.pages(per_page)
    assert len(pages) >= 4  # two categories of 30, a handful of rows per page
    window.next_page()
    second = set(_texts(window))
    organizations = {p.organization for p in live.state.contest.proposals}  # type: ignore
    assert first & organizations and second & organizations
    assert not (first & second & organizations)  # other rows on the next page
    for _turn in range(len(pages) - 1):
        window.next_page()
    assert set(_texts(window)) & organizations == first & organizations  # and round again


def test_a_contest_still_being_prepared_shows_every_scene_without_error(
        tmp_path: Path, qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    service = ContestService(open_database(str(tmp_path / "empty.sqlite3"), create=True))
    service.create_contest({"id": "nuevo", "title": "Concurso nuevo", "date": "2027-03-15"})
    live = LiveContest(service, "nuevo")
    window = _audience(live, qtbot)
    for scene in SCENES:
        window.show_scene(scene)
        window.grab()
    window.send_read_back("j1", "p1", "campo")
    window.grab()
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_a_correction_is_shown_with_its_reason(live: LiveContest, qtbot: QtBot) -> None:
    window = _audience(live, qtbot, "es", 800, 600)
    assert live.apply("presentation.started", {"proposal": "p04"})
    window.follow("p04", "publico")
    assert live.apply("sheet.confirmed", {"juror": "j3", "proposal": "p04",
                                          "phase": "publico"})
    old = live.state.current_value("j3", "p04", "claridad")
    new = "9" if str(old) != "9" else "8"
    assert live.apply("score.corrected", {"juror": "j3", "proposal": "p04",
                                          "criterion": "claridad", "value": new,
                                          "reason": "la jurado leyó mal su ficha"})
    shown = " ".join(_texts(window))
    assert f"{old} → {new} (la jurado leyó mal su ficha)" in shown
    assert "Juana Ccahuana Ttito" in shown
    assert all(d.fits for d in window.drawn)
    # The same after the program is restarted: the corrections come back from the log.
    state = live.service.load_state(CONTEST)
    assert state.corrections[("j3", "p04", "claridad")] == [
        (str(old), new, "la jurado leyó mal su ficha")]



def _confirm_all(live: LiveContest, proposals: list[str] | None = None) -> None:
    for proposal in proposals or list(live.state.tally.proposals):  # type: ignore[union-attr]
        for juror, phase in list(live.state.unconfirmed_sheets(proposal)):
            assert live.apply("sheet.confirmed", {"juror": juror, "proposal": proposal,
                                                  "phase": phase})


def test_final_ranking_rows_carry_every_status_of_the_engine(tmp_path: Path) -> None:
    live = _live(tmp_path, example_bundle())
    _confirm_all(live)
    state, tally = live.state, live.state.tally
    assert tally is not None and state.contest is not None
    index = scenes.RankingIndex()
    statuses = set()
    for category in state.contest.categories:
        lines = [r for r in tally.results().results if r.category == category.id]
        page = index.page(state, category.id, 0, 100)
        for row, line in zip(page.rows, lines, strict=True):
            assert not row.provisional
            assert row.status == scenes.row_status(line, False)
            assert (row.status in (scenes.FUNDED, scenes.PARTLY_FUNDED)) == line.funded
            statuses.add(row.status)
    assert scenes.FUNDED in statuses and len(statuses) >= 3


def test_the_read_back_follows_a_retyped_value(live: LiveContest, qtbot: QtBot) -> None:
    """p01 is incomplete, so its result does not move; the sheet on the wall still must."""
    window = _audience(live, qtbot)
    assert live.apply("score.entered", {"juror": "j1", "proposal": "p01",
                                        "criterion": "claridad", "value": "4"})
    window.send_read_back("j1", "p01", "publico")
    assert "4" in _texts(window)
    assert live.apply("score.changed", {"juror": "j1", "proposal": "p01",
                                        "criterion": "claridad", "value": "6", "old": "4"})
    qtbot.waitUntil(lambda: "6" in _texts(window) and "4" not in _texts(window))


def test_now_presenting_is_current_after_another_scene(live: LiveContest,
                                                       qtbot: QtBot) -> None:
    window = _audience(live, qtbot)
    assert live.apply("presentation.started", {"proposal": "p04"})
    pending = gettext_in("es", "Pending: {done} of {total} sheets confirmed")
    assert any(t.startswith(pending.split("{")[0]) for t in _texts(window))
    window.show_scene(RANKING)
    _confirm_all(live, ["p04"])
    window.show_scene(PRESENTING)
    shown = _texts(window)
    assert not any(t.startswith(pending.split("{")[0]) for t in shown)


def test_a_new_photo_replaces_the_old_one(live: LiveContest, qtbot: QtBot) -> None:
    window = _audience(live, qtbot)
    window._image = ("p02", None)
    live.service.set_proposal_image(CONTEST, "p02", PNG, "image/png")
    live.poll()
    assert window._image is None  # read again at the next paint


def test_paging_and_reveal_run_only_while_the_ranking_is_on_the_wall(
        tmp_path: Path, qtbot: QtBot) -> None:
    live = _live(tmp_path, example_bundle())
    _confirm_all(live)
    window = _audience(live, qtbot)
    window.show()
    qtbot.waitExposed(window)
    window.reveal()
    assert window._revealer.isActive() and not window._pager.isActive()
    window.show_scene(WELCOME)
    assert not window._revealer.isActive() and not window._pager.isActive()
    window.show_scene(RANKING)
    assert window._revealer.isActive()
    window.hide()
    assert not window._revealer.isActive()


def test_the_menu_tick_follows_the_window(live: LiveContest, qtbot: QtBot) -> None:
    main = MainWindow(live)
    qtbot.addWidget(main)
    main.audience.set_visible(True)
    assert main.audience.show_action.isChecked()
    main.audience.window.close()  # only hides it
    assert not main.audience.show_action.isChecked()
    main.close()


def test_counts_take_the_right_plural(live: LiveContest) -> None:
    from clar_desktop.app.audience.ranking import PROVISIONAL
    from clar_desktop.app.audience.words import Words

    assert Words("es").plural(PROVISIONAL, 1)[0].startswith(
        gettext_in("es", "Provisional: {count} proposal of this category still has sheets "
                         "to confirm").format(count=1)[:20])
    one, many = Words("es").plural(PROVISIONAL, 1)[0], Words("es").plural(PROVISIONAL, 2)[0]
    assert one != many.replace("2", "1")


def test_a_recused_jurors_column_gives_the_reason_to_the_hall(live: LiveContest,
                                                               qtbot: QtBot) -> None:
    """The recusal dialog says the reason is shown: the column reads "recused" and the
    recorded reason under it (it once said only "recused")."""
    window = _audience(live, qtbot, width=1920, height=1080)
    window.follow("p05", "campo")
    window.show_scene(PRESENTING)
    shown = _texts(window)
    assert gettext_in("es", "recused") in shown
    assert "Es hermana de la presidenta de la asociación" in " ".join(shown)
