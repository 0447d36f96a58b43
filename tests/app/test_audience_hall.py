"""The projector in a hall of 200 people: every text readable from the back, results shown
only when final, and a juror who does not score a proposal shown as such (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from clar_desktop.app.audience.window import RANKING
from clar_desktop.i18n import gettext_in
from tests.app.test_audience import _audience, _confirm_all, _live
from tests.helpers import example_bundle

# --- the ranking's words ---------------------------------------------------------------------


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
