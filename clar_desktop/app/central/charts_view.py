"""The charts of the central office window: one per charted indicator, a bar per group
(region, office, year or category), drawn by `central.charts` into matplotlib's Qt canvas —
the same Figure the printed report draws."""

from __future__ import annotations

import time
from collections.abc import Sequence

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

from ...central.charts import CHARTED, indicator_figure
from ...central.indicators import Group
from ...central.names import GroupNames
from ...i18n import _, current_language

COLUMNS = 2
ROW_HEIGHT = 20
"""Pixels of a chart per bar, so that many groups stay readable (the page scrolls)."""


class ChartsView(QWidget):
    """A grid of canvases, redrawn together (`show_groups`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.canvases: dict[str, FigureCanvasQTAgg] = {}
        for place, indicator in enumerate(CHARTED):
            canvas = FigureCanvasQTAgg(Figure(layout="constrained"))
            canvas.setObjectName(f"chart_{indicator}")
            canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            layout.addWidget(canvas, place // COLUMNS, place % COLUMNS)
            self.canvases[indicator] = canvas
        self.groups: list[Group] = []
        self.keys: tuple[str, ...] = ()
        self.names = GroupNames()
        self.last_draw_ms = 0.0

    def show_groups(self, groups: Sequence[Group], keys: Sequence[str],
                    names: GroupNames | None = None) -> None:
        """Chart ``groups`` (by ``keys``), offices and categories by their ``names``."""
        self.groups, self.keys = list(groups), tuple(keys)
        if names is not None:
            self.names = names
        self.redraw()

    def redraw(self) -> None:
        started = time.perf_counter()
        height = 90 + ROW_HEIGHT * max(len(self.groups), 1)
        for indicator, canvas in self.canvases.items():
            canvas.setFixedHeight(height)
            indicator_figure(self.groups, self.keys, indicator, translate=_,
                             figure=canvas.figure, names=self.names,
                             language=current_language())
            canvas.draw_idle()
        self.last_draw_ms = (time.perf_counter() - started) * 1000
