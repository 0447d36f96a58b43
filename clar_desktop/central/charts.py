"""The central office's indicator charts: one matplotlib Figure per indicator, drawn the same
way by the window (matplotlib's Qt back end draws the Figure of its canvas) and by the printed
report (its Agg or PDF back end), so what the officer saw is what is printed.

No pyplot: pyplot keeps figures in global state and picks a back end for the whole process;
a `Figure` made here belongs to whoever asked for it. A chart is one horizontal bar per group,
in the groups' order (by key values, as the indicators give them), its value written at the
end of the bar as the tiles and tables write it (`labels.format_indicator`), "—" for null.

Group names come from the offices' bundles, i.e. from anyone: matplotlib would read a ``$``
in them as the start of mathematical text (and fail, or draw something else), so every text
from a bundle goes through `plain`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from matplotlib.figure import Figure

from ..i18n import _
from .indicators import Group
from .labels import EVERYTHING, INDICATOR_LABELS, NO_VALUE, clean, format_indicator, numeric
from .names import GroupNames

CHARTED = ("approval_rate", "awarded", "families", "women_led_share", "leverage",
           "completion_rate")
"""The indicators the window and the report chart (issue 16), in this order."""

BAR = "#1f6f8b"
"""The bars' colour: dark enough to read on paper and on a laptop in daylight."""
NULL_TEXT = "#7f7f7f"
LONGEST_LABEL = 32
"""Characters of a group's name shown before it is cut with "…"."""

Translate = Callable[[str], str]


def plain(text: str) -> str:
    """``text`` drawn as it is: a ``$`` escaped so that matplotlib draws no mathematics,
    control characters (which fonts draw as boxes, or not at all) as spaces."""
    return clean(text).replace("$", r"\$")


def group_label(group: Group, keys: Sequence[str], translate: Translate = _,
                names: GroupNames | None = None, language: str | None = None) -> str:
    """A group's name from its key values: ``Cusco · 2025``; "(none)" for a value the bundles
    did not give; "All contests" for the one group of no keys; an office or a category by
    its name in ``names`` (in ``language``) where the bundles give one, else by its id. Not
    escaped (see `plain`)."""
    if not keys:
        return translate(EVERYTHING)

    def shown(key: str) -> str:
        value = group.key[key]
        if value is None:
            return translate(NO_VALUE)
        named = names.name(key, value, language) if names is not None else None
        return named or str(value)

    return " · ".join(shown(k) for k in keys)


def _short(text: str) -> str:
    return text if len(text) <= LONGEST_LABEL else text[:LONGEST_LABEL - 1].rstrip() + "…"


def indicator_figure(groups: Sequence[Group], keys: Sequence[str], indicator: str, *,
                     translate: Translate = _, figure: Figure | None = None,
                     language: str | None = None, width_inches: float = 6.4,
                     names: GroupNames | None = None) -> Figure:
    """The chart of ``indicator`` over ``groups`` (grouped by ``keys``), drawn into ``figure``
    (cleared first; the Qt canvas's) or into a new Figure ``width_inches`` wide whose height
    grows with the number of groups. ``language``: how the values are written (the active
    language by default); ``names``: offices and categories by name rather than id."""
    if indicator not in INDICATOR_LABELS:
        raise ValueError(f"no such indicator: {indicator!r}")
    height = 1.2 + 0.32 * max(len(groups), 1)
    if figure is None:
        figure = Figure(figsize=(width_inches, height), layout="constrained")
    else:
        figure.clear()
    axes = figure.add_subplot()
    axes.set_title(plain(translate(INDICATOR_LABELS[indicator])), loc="left",
                   fontsize="medium", fontweight="bold")
    labels = [plain(_short(group_label(g, keys, translate, names, language))) for g in groups]
    values = [g.figures.get(indicator) for g in groups]
    lengths = [numeric(v) for v in values]
    places = range(len(groups))
    axes.barh(list(places), lengths, color=BAR, height=0.7)
    axes.set_yticks(list(places), labels, fontsize="small")
    axes.invert_yaxis()
    axes.set_xticks([])
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    longest = max(lengths, default=0.0) or 1.0
    axes.set_xlim(0, longest * 1.32)
    for place, value, length in zip(places, values, lengths, strict=True):
        axes.text(length + longest * 0.02, place, plain(format_indicator(indicator, value,
                                                                         language)),
                  va="center", fontsize="small", color=NULL_TEXT if value is None else "black")
    if not groups:
        axes.text(0.5, 0.5, plain(translate("No contest has been ingested yet.")),
                  transform=axes.transAxes, ha="center", va="center", color=NULL_TEXT)
        axes.set_yticks([])
    return figure


def bars_of(figure: Figure) -> list[tuple[str, str]]:
    """What a chart shows, for tests and for a screen reader: each bar's group name and
    written value, top to bottom."""
    axes: Any = figure.axes[0]
    names = [t.get_text() for t in axes.get_yticklabels()]
    values = [t.get_text() for t in axes.texts if t.get_transform() is not axes.transAxes]
    return list(zip(names, values, strict=False))


__all__ = ["CHARTED", "bars_of", "group_label", "indicator_figure", "plain"]
