"""The indicator charts the window and the report share: one bar per group, in order, each
value written as people read it, and text from the bundles drawn as it is."""

from __future__ import annotations

import io

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from clar_desktop.central.charts import CHARTED, bars_of, group_label, indicator_figure
from clar_desktop.central.indicators import Group
from clar_desktop.central.labels import format_indicator
from clar_desktop.i18n import gettext_in, set_language


@pytest.fixture(autouse=True)
def spanish():
    set_language("es")
    yield
    set_language(None)


def _groups() -> list[Group]:
    return [Group({"region": "Cusco", "year": 2025},
                  {"approval_rate": "62.50", "awarded": "125000.00", "families": 1204,
                   "women_led_share": None, "leverage": "0.35", "completion_rate": "50.00"}),
            Group({"region": None, "year": 2026},
                  {"approval_rate": "100.00", "awarded": "0.00", "families": 0,
                   "women_led_share": "12.00", "leverage": None, "completion_rate": None})]


def test_one_bar_per_group_in_order_with_its_value_as_the_tiles_write_it():
    figure = indicator_figure(_groups(), ("region", "year"), "approval_rate")
    assert bars_of(figure) == [("Cusco · 2025", "62.50\u00a0%"), ("(ninguno) · 2026",
                                                                     "100.00\u00a0%")]
    assert figure.axes[0].get_title(loc="left") == gettext_in("es", "Approval rate (%)")


def test_null_is_a_dash_and_money_is_in_soles():
    groups = _groups()
    assert [v for _, v in bars_of(indicator_figure(groups, ("region", "year"),
                                                   "women_led_share"))] == ["—", "12.00\u00a0%"]
    assert [v for _, v in bars_of(indicator_figure(groups, ("region", "year"), "awarded"))] \
        == ["S/\u00a0125,000.00", "S/\u00a00.00"]
    assert format_indicator("families", 1204) == "1,204"
    assert format_indicator("leverage", "0.35") == "0.35"
    assert format_indicator("leverage", None) == "—"


def test_every_charted_indicator_draws_into_a_given_figure_and_renders():
    figure = Figure()
    for indicator in CHARTED:
        drawn = indicator_figure(_groups(), ("region", "year"), indicator, figure=figure)
        assert drawn is figure and len(figure.axes) == 1
        FigureCanvasAgg(figure).print_png(io.BytesIO())


def test_a_dollar_or_control_character_in_an_office_name_is_drawn_as_text():
    group = Group({"office": "Ofi $x^2$ \x1b[31m"}, {"families": 3})
    figure = indicator_figure([group], ("office",), "families")
    FigureCanvasAgg(figure).print_png(io.BytesIO())  # mathtext would draw x², or fail
    (name, value), = bars_of(figure)
    assert name == r"Ofi \$x^2\$  [31m" and value == "3"
    assert group_label(group, ("office",)) == "Ofi $x^2$ \x1b[31m"


def test_no_groups_says_so_instead_of_an_empty_frame():
    figure = indicator_figure([], ("region",), "awarded")
    texts = [t.get_text() for t in figure.axes[0].texts]
    assert texts == [gettext_in("es", "No contest has been ingested yet.")]
