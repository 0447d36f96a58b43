"""A table that carries what must close it — a budget line, a total — and never lets that
stand alone on a page.

reportlab splits a long table where the page ends and lets the paragraphs after it fall
where they may: the poster's "Budget … · left …" once headed a sheet of its own. Here the
closing flowables (the *tail*) are drawn under the table's last part, and a split always
leaves at least `MIN_TAIL_ROWS` of the table's rows with them (reportlab makes the parts of a
split with the table's own class, so each part keeps the rule).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Table

MIN_TAIL_ROWS = 2


class TailedTable(Table):
    tail: tuple[Flowable, ...] = ()

    @classmethod
    def of(cls, made: Table, tail: Sequence[Flowable]) -> TailedTable:
        made.__class__ = cls  # a table made by layout.table, with its style
        assert isinstance(made, TailedTable)
        made.tail = tuple(tail)
        return made

    def _tail_height(self, width: float) -> float:
        return sum(f.wrap(width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                   for f in self.tail)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = super().wrap(available_width, available_height)
        self._tail_h = self._tail_height(available_width) if self.tail else 0.0
        self._available_width = available_width
        return width, height + self._tail_h

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.translate(0, self._tail_h)
        super().draw()
        canvas.restoreState()
        y = self._tail_h
        for f in self.tail:
            _, h = f.wrap(self._available_width, 10_000)
            y -= f.getSpaceBefore() + h
            f.drawOn(canvas, 0, y)
            y -= f.getSpaceAfter()

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        body_rows = len(self._cellvalues) - self.repeatRows
        if not self.tail:
            return list(super().split(available_width, available_height))
        self.wrap(available_width, available_height)
        table_h = sum(self._rowHeights)
        limit = min(available_height, table_h - 0.01)
        while limit > 0:
            parts = list(Table.split(self, available_width, limit))
            if len(parts) != 2:
                return []  # not even a first row here: all of it on the next page
            first, rest = parts
            left = len(rest._cellvalues) - rest.repeatRows
            if left >= min(MIN_TAIL_ROWS, body_rows - 1):
                assert isinstance(first, TailedTable) and isinstance(rest, TailedTable)
                first.tail, rest.tail = (), self.tail
                return [first, rest]
            first.wrap(available_width, limit)
            limit = sum(first._rowHeights) - first._rowHeights[-1] - 0.01
        return []
