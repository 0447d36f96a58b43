"""The rules form of the Preparation tab shows only the settings that do something under the
current choices: the trim with the trimmed mean, the partial percentage with partial funding."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from clar_desktop.app.live import LiveContest
from clar_desktop.app.prepare.view import PrepareView
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import example_bundle

CONTEST = "colquemarca-2026-1"


@pytest.fixture
def view(tmp_path: Path, qtbot: QtBot) -> PrepareView:
    bundle = example_bundle()  # the mean of the totals; skip what does not fit
    bundle["contest"]["rules"]["partial_min_percent"] = "60"
    service = ContestService(open_database(str(tmp_path / "rules.sqlite3"), create=True))
    service.import_bundle(parse_bundle(bundle))
    prepare = PrepareView(LiveContest(service, CONTEST))
    qtbot.addWidget(prepare)
    prepare.show()
    qtbot.waitExposed(prepare)
    return prepare


def _shown(view: PrepareView, *names: str) -> list[bool]:
    form = view.contest_form.form
    return [form.child(name).isVisibleTo(form.widget) for name in names]


def test_only_the_settings_that_apply_are_shown(view: PrepareView) -> None:
    child = view.contest_form.form.child
    # Mean and skip: neither the trim nor the partial percentage does anything.
    assert _shown(view, "trimLabel", "trimSpin", "partialLabel", "partialEdit") == \
        [False, False, False, False]
    assert _shown(view, "passEdit", "minJurorsSpin", "trancheEdit") == [True, True, True]
    box = child("aggregationBox")
    box.setCurrentIndex(box.findData("trimmed_mean"))
    assert _shown(view, "trimLabel", "trimSpin") == [True, True]
    box = child("allocationBox")
    box.setCurrentIndex(box.findData("partial"))
    assert _shown(view, "partialLabel", "partialEdit") == [True, True]
    assert child("partialEdit").text() == "60"
    box.setCurrentIndex(box.findData("stop"))
    assert _shown(view, "partialLabel", "partialEdit") == [False, False]


def test_a_hidden_setting_keeps_its_value_and_the_form_follows_a_logged_change(
        view: PrepareView) -> None:
    child = view.contest_form.form.child
    child("passEdit").setText("65")
    assert view.contest_form.apply()
    rules = view.live.state.contest.rules  # type: ignore[union-attr]
    assert rules.pass_score == 65 and str(rules.partial_min_percent) == "60"
    # A change recorded elsewhere (an import, another window) shows the rows it needs.
    data = dict(view.live.service.export_bundle(CONTEST)["contest"]["rules"])
    data.update(aggregation="trimmed_mean", trim=1, allocation="partial")
    assert view.live.explain_apply("rules.changed", {"rules": data}) is None
    assert _shown(view, "trimSpin", "partialEdit") == [True, True]
    assert child("trimSpin").value() == 1
