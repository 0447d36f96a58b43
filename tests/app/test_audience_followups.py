"""The projector in a second-tranche session (issue 15): an item presenting — the award it
evaluates, the share justified against the minimum, the progress scores juror by juror, the
pass mark and, once every sheet is read back, whether the second tranche is released and
why not — and the second-tranche results board, withheld and revealed like the ranking."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from clar_desktop.app.audience import followup_scenes, scenes
from clar_desktop.app.audience.canvas import DrawnText
from clar_desktop.app.audience.feed import AudienceFeed
from clar_desktop.app.audience.window import (
    FOLLOWUPS,
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
from clar_desktop.domain.model import text_in
from clar_desktop.domain.numbers import format_2dp
from clar_desktop.i18n import format_money, gettext_in, ngettext_in, set_language
from tests.app.test_audience import _overlaps
from tests.app.test_languages import _strings
from tests.audience_items import (
    CONTEST,
    ITEMS,
    confirm,
    expected_items,
    expected_totals,
    items_session,
    template_session,
)
from tests.helpers import v2_bundle
from tests.visible_text import Explainer

ORGANIZATIONS = {f"f{k}": f"Organización ganadora {k}" for k in range(1, 6)}


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


@pytest.fixture
def live(tmp_path: Path) -> LiveContest:
    return items_session(tmp_path)


def _audience(live: LiveContest, qtbot: QtBot, mode: str = "es", width: int = 1920,
              height: int = 1080) -> AudienceWindow:
    window = AudienceWindow(AudienceFeed(live.state, live.applied), mode)
    window.transition_ms = 0
    qtbot.addWidget(window)
    window.resize(width, height)
    return window


def _texts(window: AudienceWindow) -> list[str]:
    window.grab()
    return [d.text for d in window.drawn]


def _present(live: LiveContest, window: AudienceWindow, item: str, phase: str) -> list[str]:
    if live.state.presenting != item:
        assert live.apply("presentation.started", {"proposal": item})
    window.follow(item, phase)
    window.show_scene(PRESENTING)
    return _texts(window)


def _es(msgid: str, **values: object) -> str:
    return gettext_in("es", msgid).format(**values)


def _money(amount: str) -> str:
    return format_money(Decimal(amount), "PEN", "es")


# --- the numbers -------------------------------------------------------------------------


def test_each_items_scene_agrees_with_the_engine(live: LiveContest) -> None:
    state, tally = live.state, live.state.tally
    contest = state.contest
    assert contest is not None and tally is not None and contest.followups is not None
    expected = expected_items()
    for before in (True, False):
        if not before:
            confirm(live)
        for item in ITEMS:
            line = expected[item]
            for phase in contest.followups.phases:
                shown = followup_scenes.item_presenting(state, item, phase.id)
                final = line["final_score"]
                assert (format_2dp(shown.final) if shown.final is not None else None) == final
                assert {p.phase: (format_2dp(p.score) if p.score is not None else None)
                        for p in shown.phases} == (line["phase_scores"] or {
                            p.id: None for p in contest.followups.phases})
                for column in shown.columns:
                    sheet = tally.book.sheet(column.juror, item, phase.id)
                    assert column.values == tuple(sheet.get(c.id) for c in phase.criteria)
                    if column.state == scenes.SCORING:
                        assert column.confirmed == (not before)
                if before and line["status"] in ("approved", "rejected"):
                    # Nothing read back yet: no item is approved or not approved yet.
                    assert shown.status == scenes.PENDING and shown.released == 0
                else:
                    assert shown.status == line["status"]
                    assert format_2dp(shown.released) == line["released"]
    page = followup_scenes.FollowupIndex().page(state, 0, 10)
    assert [r.item for r in page.rows] == list(ITEMS)
    assert [r.status for r in page.rows] == [expected[i]["status"] for i in ITEMS]
    assert [format_2dp(r.released) for r in page.rows] == [expected[i]["released"]
                                                            for i in ITEMS]
    totals = expected_totals()
    assert (format_2dp(page.due), format_2dp(page.released)) == (totals["due"],
                                                                 totals["released"])
    assert page.pending == 0


# --- an item presenting --------------------------------------------------------------------


def test_the_item_presenting_shows_its_award_its_justification_and_every_jurors_scores(
        live: LiveContest, qtbot: QtBot) -> None:
    window = _audience(live, qtbot)
    shown = _present(live, window, "f1", "campo2")
    joined = " ".join(shown)
    assert gettext_in("es", "Second-tranche evaluation") in shown
    assert "1. Organización ganadora 1" in shown
    assert "Plan 1 (segundo desembolso)" in shown
    assert _money("2349.60") in joined and _money("3524.40") in joined  # both tranches
    assert f"{_es('Contest')}: llusco-2025-1" in joined
    assert _es("Minutes No. {number}", number="004-2025-CLAR") in joined
    assert _es("Justified: {justified} of the first tranche (minimum {minimum})",
               justified="70\u00a0%", minimum="70\u00a0%") in shown
    # One column per juror of the field follow-up phase, with every value and total.
    contest = live.state.contest
    assert contest is not None
    for juror in ("Jurado 1", "Jurado 6", "Jurado 7"):
        assert juror in shown
    assert "Jurado 3" not in shown  # scores only the public follow-up phase
    assert {"6", "14", "13", "40", "46", "44"} <= set(shown)
    assert not any(t.startswith(_es("Final score")) for t in shown)  # not yet final
    assert _es("Pending: {done} of {total} sheets confirmed", done=0, total=8) in shown
    assert any("52.50" in t for t in shown)  # the follow-ups' pass mark
    approved = _es("Approved: second tranche of {amount} released", amount=_money("3524.40"))
    assert approved not in shown
    # The secretary on the public follow-up phase: its jurors and criteria.
    shown = _present(live, window, "f1", "publico2")
    assert "Jurado 3" in shown and "Jurado 5" in shown
    assert "Avance 4" in shown and "Avance 1" not in shown


@pytest.mark.parametrize("item, said", [
    ("f1", ("Approved: second tranche of {amount} released", {"amount": _money("3524.40")})),
    ("f5", ("Not approved: below the pass mark; no second tranche", {})),
    ("f2", ("Not eligible: only {justified} of the first tranche justified (minimum "
            "{minimum}); no second tranche", {"justified": "0\u00a0%", "minimum": "70\u00a0%"})),
    ("f3", ("Sheets incomplete: no result yet", {})),
])
def test_once_read_back_the_item_says_whether_its_second_tranche_is_released(
        live: LiveContest, qtbot: QtBot, item: str, said: tuple[str, dict[str, str]]) -> None:
    window = _audience(live, qtbot)
    _present(live, window, item, "campo2")
    confirm(live, [item])
    shown = _texts(window)  # repainted by the committed confirmations alone
    assert _es(said[0], **said[1]) in shown, shown
    final = expected_items()[item]["final_score"]
    if final is not None:
        assert f"{_es('Final score')}: {final}" in shown


def test_a_withdrawn_item_says_so(live: LiveContest, qtbot: QtBot) -> None:
    assert live.apply("proposal.withdrawn", {"proposal": "f4", "reason": "No vino"})
    window = _audience(live, qtbot)
    window.follow("f4", "campo2")
    window.show_scene(PRESENTING)
    assert _es("Withdrawn: not evaluated; no second tranche") in _texts(window)


def test_a_correction_on_an_item_is_shown_with_its_reason(live: LiveContest,
                                                           qtbot: QtBot) -> None:
    window = _audience(live, qtbot)
    _present(live, window, "f1", "campo2")
    confirm(live, ["f1"])
    assert live.apply("score.corrected", {"juror": "j6", "proposal": "f1", "criterion": "s1",
                                          "value": "12", "reason": "leyó mal su ficha"})
    joined = " ".join(_texts(window))
    assert "13 → 12 (leyó mal su ficha)" in joined and "Jurado 6" in joined


def test_the_read_back_of_an_item_sheet(live: LiveContest, qtbot: QtBot) -> None:
    window = _audience(live, qtbot, "es+qu")
    window.send_read_back("j1", "f1", "campo2")
    shown = _texts(window)
    assert window.scene == READ_BACK
    assert gettext_in("qu", "Read-back of the sheet of a second-tranche evaluation") in shown
    assert "Jurado 1" in shown and "1. Organización ganadora 1" in shown
    assert {"Avance 1", "Ñawpaqman 1", "6", "14", "40"} <= set(shown)
    asking = gettext_in("es", "Is this your sheet? Say “conforme”")
    assert asking in shown
    assert live.apply("sheet.confirmed", {"juror": "j1", "proposal": "f1", "phase": "campo2"})
    shown = _texts(window)
    assert asking not in shown
    assert gettext_in("qu", "“Conforme”: the juror confirmed this sheet") in shown
    # A juror absent from an item's phase has no sheet to read back.
    window.send_read_back("j7", "f3", "campo2")
    shown = _texts(window)
    assert gettext_in("es", "absent") in shown and asking not in shown


def test_a_session_of_items_only_opens_on_its_first_item(tmp_path: Path,
                                                           qtbot: QtBot) -> None:
    live = items_session(tmp_path, only_items=True)
    window = _audience(live, qtbot)
    window.show_scene(PRESENTING)
    assert "1. Organización ganadora 1" in _texts(window)
    window.show_scene(FOLLOWUPS)
    assert set(ORGANIZATIONS.values()) <= set(_texts(window))
    window.show_scene(RANKING)  # no category: nothing to rank, and the wall says why
    assert gettext_in("es", "This session ranks no proposals: it evaluates second "
                            "tranches") in _texts(window)


# --- the results board ---------------------------------------------------------------------


def _row_of(drawn: list[DrawnText], organization: str) -> list[str]:
    row = next(d for d in drawn if d.text == organization)
    middle = row.box[1] + row.box[3] / 2
    return [d.text for d in drawn if abs(d.box[1] + d.box[3] / 2 - middle) < row.box[3]]


def test_the_board_lists_every_item_with_its_status_and_what_is_released(
        live: LiveContest, qtbot: QtBot) -> None:
    window = _audience(live, qtbot)
    window.show_scene(FOLLOWUPS)
    window.grab()
    pending = gettext_in("es", "pending")
    # Nothing read back yet: the items that would be approved or not are pending, and so
    # is the total; the items not eligible say so at once.
    assert pending in _row_of(window.drawn, ORGANIZATIONS["f1"])
    assert pending in _row_of(window.drawn, ORGANIZATIONS["f5"])
    assert gettext_in("es", "not eligible: too little justified") in _row_of(
        window.drawn, ORGANIZATIONS["f2"])
    texts = [d.text for d in window.drawn]
    assert ngettext_in("es", "Provisional: {count} item still has sheets to confirm",
                       "Provisional: {count} items still have sheets to confirm", 3
                       ).format(count=3) in texts
    assert _es("Released {released} of {due} due", released=_money("0"),
               due=_money("24330.40")) in texts
    confirm(live)
    window.grab()
    texts = [d.text for d in window.drawn]
    f1 = _row_of(window.drawn, ORGANIZATIONS["f1"])
    assert gettext_in("es", "approved") in f1 and f1.count(_money("3524.40")) == 2
    assert "58.33" in f1
    assert gettext_in("es", "not approved: below the pass mark") in _row_of(
        window.drawn, ORGANIZATIONS["f5"])
    assert gettext_in("es", "sheets incomplete") in _row_of(window.drawn, ORGANIZATIONS["f3"])
    totals = expected_totals()
    assert _es("Released {released} of {due} due", released=_money(totals["released"]),
               due=_money(totals["due"])) in texts
    assert _es("Pass mark {score} · at least {minimum} of the first tranche justified",
               score="52.50", minimum="70\u00a0%") in texts


def _leaks(texts: list[str]) -> list[str]:
    """Anything of the results: organizations, scores, statuses, amounts released."""
    words = {gettext_in("es", w) for w in ("approved", "not approved: below the pass mark",
                                           "not eligible: too little justified", "pending",
                                           "sheets incomplete")}
    return [t for t in texts if t in ORGANIZATIONS.values() or t in words
            or "58.33" in t or "50.20" in t or _money("3524.40") in t]


def test_withheld_the_board_shows_nothing_until_its_results_are_final_and_revealed(
        live: LiveContest, qtbot: QtBot) -> None:
    window = _audience(live, qtbot)
    window.withhold(True)
    window.show_scene(FOLLOWUPS)
    texts = _texts(window)
    assert not _leaks(texts)
    assert _es("The second-tranche results will be shown once every sheet is read back and "
               "confirmed") in texts
    window.show_scene(WELCOME)
    assert window.reveal_followups() is False  # not final: nothing happens
    assert window.scene == WELCOME and window.followups_withheld
    confirm(live, ["f1", "f5"])
    window.show_scene(FOLLOWUPS)
    assert not _leaks(_texts(window))  # f3 still waits for its sheets
    confirm(live)
    assert not _leaks(_texts(window))  # final, but not revealed yet
    window.show_scene(WELCOME)
    assert window.reveal_followups() is True
    assert window.scene == FOLLOWUPS and window.revealing_board
    # The first moment: the items in their order, no result yet; then one row at a time,
    # the totals last.
    texts = _texts(window)
    assert set(ORGANIZATIONS.values()) <= set(texts)
    assert "58.33" not in texts and "50.20" not in texts  # no score
    f1 = _row_of(window.drawn, ORGANIZATIONS["f1"])
    assert f1.count(_money("3524.40")) == 1  # what is due, not yet what is released
    assert not [t for t in _leaks(texts) if t not in ORGANIZATIONS.values()
                and t != _money("3524.40")]
    approved = gettext_in("es", "approved")
    window._reveal_step()
    window.grab()
    assert approved in _row_of(window.drawn, ORGANIZATIONS["f1"])
    assert "50.20" not in _texts(window)  # f5, the last row, still hidden
    released = _es("Released {released} of {due} due", released=_money("3524.40"),
                   due=_money("24330.40"))
    for _step in range(len(ITEMS) - 1):
        assert released not in _texts(window)
        window._reveal_step()
    assert "50.20" in _texts(window)
    window._reveal_step()
    assert released in _texts(window)
    window._reveal_step()
    assert not window.revealing_board and not window.followups_withheld
    assert window.reveal_followups() is False  # already on the wall


def test_a_revealed_board_is_withheld_again_when_a_sheet_opens_again(
        live: LiveContest, qtbot: QtBot) -> None:
    confirm(live)
    window = _audience(live, qtbot)
    window.withhold(True)
    assert window.reveal_followups()
    while window.revealing_board:
        window._reveal_step()
    assert not window.followups_withheld
    # The juror absent from f3's field phase is back: her sheet is to be typed and read.
    assert live.apply("absence.withdrawn", {"juror": "j7", "proposal": "f3", "phase": "campo2"})
    assert window.followups_withheld
    assert not _leaks(_texts(window))


def test_a_long_board_turns_its_pages(tmp_path: Path, qtbot: QtBot) -> None:
    bundle = v2_bundle()
    followups = bundle["contest"]["followups"]
    template = followups["items"][1]  # not eligible: no sheet to wait for
    followups["items"] += [{**template, "id": f"g{k}", "order": 10 + k,
                            "organization": f"Asociación de seguimiento {k}",
                            "award": None} for k in range(12)]
    followups["items"] = [{k: v for k, v in i.items() if v is not None}
                          for i in followups["items"]]
    from tests.app.test_audience import _live

    live = _live(tmp_path, bundle)
    window = _audience(live, qtbot, "es", 1280, 720)
    window.show()
    qtbot.waitExposed(window)
    window.show_scene(FOLLOWUPS)
    assert window._pager.isActive()
    first = set(_texts(window))
    window.next_page()
    second = set(_texts(window))
    names = {f"Asociación de seguimiento {k}" for k in range(12)} | set(ORGANIZATIONS.values())
    assert first & names and second & names and not first & second & names
    assert _es("page {page} of {pages}", page=2, pages=3) in second
    window.hide()


# --- the secretary's hand ------------------------------------------------------------------


def test_ctrl_8_shows_the_board_and_the_reveal_reveals_it(live: LiveContest,
                                                          qtbot: QtBot) -> None:
    set_language("es")
    main = MainWindow(live)
    qtbot.addWidget(main)
    with qtbot.waitActive(main):
        main.show()
        main.activateWindow()
    audience = main.audience.window
    audience.transition_ms = 0
    qtbot.keyClick(main, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert audience.isVisible() and audience.scene == FOLLOWUPS
    assert not isinstance(QApplication.focusWidget(), AudienceWindow)  # keyboard stays
    main.audience.withhold(True)
    reveal = (Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier
              | Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(main, *reveal)
    said = main.statusBar().currentMessage()
    assert said == gettext_in("es", "The second-tranche results stay withheld: they are "
                                    "revealed once every sheet of the items is read back "
                                    "and confirmed.")
    assert main.audience.withhold_action.isChecked() and audience.followups_withheld
    confirm(live)
    qtbot.keyClick(main, *reveal)
    assert audience.revealing_board and audience.scene == FOLLOWUPS
    assert main.statusBar().currentMessage() == gettext_in(
        "es", "The second-tranche results are revealed.")
    assert not audience.followups_withheld
    audience.hide()
    main.close_without_asking()


def test_nothing_on_the_window_changes_the_items(live: LiveContest, qtbot: QtBot) -> None:
    window = _audience(live, qtbot, "es", 1024, 768)
    window.show()
    qtbot.waitExposed(window)
    last = live.service.events_after(CONTEST, 0, limit=0).last_seq
    assert live.apply("presentation.started", {"proposal": "f1"})
    last += 1
    window.follow("f1", "campo2")
    for scene in (PRESENTING, FOLLOWUPS, READ_BACK):
        window.show_scene(scene)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Delete, Qt.Key.Key_5):
            qtbot.keyClick(window, key)
        qtbot.mouseClick(window, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    assert live.service.events_after(CONTEST, 0, limit=0).last_seq == last
    window.hide()


# --- legible from the back of the hall, in every language -----------------------------------


def _tour(live: LiveContest, window: AudienceWindow) -> Iterator[tuple[str, list[DrawnText]]]:
    """Every state of the new scenes the hall may see, with what each drew."""

    def shot(label: str) -> tuple[str, list[DrawnText]]:
        window.grab()
        return label, list(window.drawn)

    for item in ITEMS:
        for phase in ("campo2", "publico2"):
            _present(live, window, item, phase)
            yield shot(f"presenting {item} {phase}")
    window.send_read_back("j1", "f1", "campo2")
    yield shot("read-back f1")
    window.show_scene(FOLLOWUPS)
    yield shot("board provisional")
    window.withhold(True)
    yield shot("board withheld")
    confirm(live)
    for item in ITEMS:
        _present(live, window, item, "campo2")
        yield shot(f"presenting {item}, read back")
    window.reveal_followups()
    step = 0
    while window.revealing_board:
        yield shot(f"board revealed, step {step}")
        window._reveal_step()
        step += 1
    yield shot("board final")


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (1024, 768), (800, 600)])
@pytest.mark.parametrize("mode", LANGUAGE_MODES)
def test_every_text_reads_from_the_back_of_the_hall(tmp_path: Path, qtbot: QtBot, mode: str,
                                                    size: tuple[int, int]) -> None:
    """No text below 1/50 of the screen height; a second-language line at least 70 % of the
    line it translates; every text whole inside its box, none over another; no DNI."""
    live = items_session(tmp_path)
    window = _audience(live, qtbot, mode, *size)
    width, height = size
    documents = [j.document for j in live.state.contest.jurors if j.document]  # type: ignore
    translations = 0
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
        assert not [d.text for d in drawn if any(doc in d.text for doc in documents)], label
    assert (translations > 50) == (mode == "es+qu")


@pytest.mark.parametrize("mode", ["qu", "es", "es+qu"])
def test_the_new_scenes_speak_the_projection_language(tmp_path: Path, qtbot: QtBot,
                                                       mode: str) -> None:
    set_language("en")  # the secretary's language must not leak onto the wall
    live = items_session(tmp_path)
    window = _audience(live, qtbot, mode, 1366, 768)
    shown = []
    from tests.visible_text import Shown

    for label, drawn in _tour(live, window):
        shown.extend(Shown(d.text, f"audience {label}") for d in drawn)
    languages = mode.split("+")
    data = [*_strings(v2_bundle(), languages), "llusco-2025-1", "004-2025-CLAR"]
    left = Explainer(languages, data).unexplained(shown)
    assert not left, f"{len(left)} texts are not {mode}:\n" + "\n".join(left)
    assert text_in(live.state.contest.followups.phases[0].criteria[0].name,  # type: ignore
                   languages[-1]) in [s.text for s in shown]


def test_every_scene_of_an_items_session_draws(live: LiveContest, qtbot: QtBot) -> None:
    window = _audience(live, qtbot, "es+qu", 1024, 768)
    assert live.apply("presentation.started", {"proposal": "f2"})
    window.read_back_sheet = ("j3", "f2", "publico2")
    for scene in SCENES:
        window.show_scene(scene)
        window.grab()
        assert all(d.fits for d in window.drawn), scene


@pytest.mark.parametrize("size", [(1280, 720), (1024, 768), (800, 600)])
@pytest.mark.parametrize("mode", LANGUAGE_MODES)
def test_the_template_of_criteria_reads_from_the_back_of_the_hall(
        tmp_path: Path, qtbot: QtBot, mode: str, size: tuple[int, int]) -> None:
    """The real template: eight field criteria with long names, in pages when they do not
    fit; the demo's organizations; every item on the board."""
    live = template_session(tmp_path)
    contest = live.state.contest
    assert contest is not None and contest.followups is not None
    first = contest.followups.items[0].id
    window = _audience(live, qtbot, mode, *size)
    window.follow(first, "campo2")
    seen: set[str] = set()
    labels: list[str] = []
    for item, phase in ((first, "campo2"), (first, "publico2"),
                        (contest.followups.items[1].id, "campo2")):
        _present(live, window, item, phase)
        for page in range(8):  # however many pages the criteria take (they come round)
            window._page = page
            window.grab()
            drawn = list(window.drawn)
            seen.update(d.text for d in drawn)
            labels.append(f"{item} {phase} page {page}")
            bad = [(d.text, d.pixel_size) for d in drawn
                   if not d.fits or d.pixel_size < size[1] / 50]
            assert not bad, (labels[-1], bad)
            assert not _overlaps(drawn), (labels[-1], _overlaps(drawn))
    language = mode.split("+")[-1]
    for criterion in contest.followups.phases[0].criteria:
        assert text_in(criterion.name, language) in seen  # every criterion on some page
    window.show_scene(FOLLOWUPS)
    pages = window.board_pages(window._board_geometry_for(*size)[2])
    for page in range(len(pages)):
        window._page = page
        window.grab()
        seen.update(d.text for d in window.drawn)
        assert all(d.fits for d in window.drawn) and not _overlaps(window.drawn)
    assert {i.organization for i in contest.followups.items} <= seen


def test_revealing_one_board_keeps_the_other_final_results_on_the_wall(
        live: LiveContest, qtbot: QtBot) -> None:
    """Nothing withheld, everything final: announcing the second-tranche results does not
    hide the ranking, nor announcing the ranking the second-tranche results."""
    confirm(live)
    confirm(live, [p.id for p in live.state.contest.proposals])  # type: ignore[union-attr]
    window = _audience(live, qtbot)
    assert window.reveal_followups()
    assert window.withheld_categories() == [] and not window.followups_withheld
    window.withhold(False)
    assert window.reveal() == ["pdn"]
    assert not window.followups_withheld


def test_the_board_of_a_window_without_a_contest_yet(qtbot: QtBot) -> None:
    """The secretary's window before any contest is open: the board is shown withheld, and
    nothing fails (the timers ask whether it may be on the wall)."""
    from PySide6.QtCore import QObject, Signal

    from clar_desktop.domain.state import ContestState

    class Source(QObject):
        applied = Signal(object, object)

    source = Source()
    window = AudienceWindow(AudienceFeed(ContestState(), source.applied))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.withhold(True)
    window.show_scene(FOLLOWUPS)
    assert window.reveal_followups() is False
    assert _texts(window) == []
    window.hide()


def test_ctrl_8_is_no_other_actions_shortcut(live: LiveContest, qtbot: QtBot) -> None:
    from PySide6.QtGui import QAction, QKeySequence

    main = MainWindow(live)
    qtbot.addWidget(main)
    taken = [(a.text(), s.toString()) for a in main.findChildren(QAction)
             for s in a.shortcuts() if s == QKeySequence("Ctrl+8")]
    assert len(taken) == 1, taken
    main.close_without_asking()


def test_an_item_not_eligible_shows_no_hourglass(live: LiveContest, qtbot: QtBot,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """f2 is not eligible (too little justified): no sheet of it is waited for, so its
    jurors' columns carry no hourglass — an attendee would read one as "still scoring".
    An eligible item with sheets open (f1) keeps them."""
    from clar_desktop.app.audience.canvas import Canvas

    drawn: list[str] = []
    original = Canvas.icon

    def icon(self: Canvas, box: object, status: str) -> None:
        drawn.append(status)
        original(self, box, status)  # type: ignore[arg-type]

    monkeypatch.setattr(Canvas, "icon", icon)
    window = _audience(live, qtbot)
    shown = followup_scenes.item_presenting(live.state, "f2", "publico2")
    assert shown.columns and not any(c.awaited for c in shown.columns)
    _present(live, window, "f2", "publico2")
    assert scenes.PENDING not in drawn
    drawn.clear()
    _present(live, window, "f1", "publico2")
    assert scenes.PENDING in drawn
