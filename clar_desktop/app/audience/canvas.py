"""Drawing for the projector: type sized from the screen height, text that always fits.

Every text goes through `Canvas.block`, which picks the largest type (down to a floor) at
which the text fits its box — wrapping where allowed — and records what it drew and whether
it fitted. No type is ever smaller than 1/50 of the screen height (`minimum_pixels`), what
can be read from the back of a hall; a text that does not fit its box at that size is drawn
at it and recorded as cut, and the layout must give it room (or turn pages). A line in the
second language of a bilingual display is never below 70 % of the line it translates. The
tests read that record: nothing may be clipped or elided, nothing drawn below those sizes,
at any size in any language, and no DNI may ever be drawn. Measurements are cached, so a
repaint after one committed score measures only what changed.

Colours are from the Okabe–Ito palette, which stays distinguishable to colour-blind readers;
every status also has its own icon shape and its name in words.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from . import scenes

BACKGROUND = QColor("#0b1826")
PANEL = QColor("#16283b")
PANEL_LIGHT = QColor("#21384f")
TEXT = QColor("#ffffff")
MUTED = QColor("#c3cfdb")
DIM = QColor("#7f93a6")
ACCENT = QColor("#ffd166")
LINE = QColor("#e69f00")

STATUS_COLOURS = {
    scenes.FUNDED: QColor("#009e73"),
    scenes.PARTLY_FUNDED: QColor("#56b4e9"),
    scenes.PENDING: QColor("#e69f00"),
    scenes.TIE_DRAW: QColor("#cc79a7"),
    scenes.EXCEEDS: QColor("#f0e442"),
    scenes.EXHAUSTED: QColor("#f0e442"),
    scenes.ROW_REJECTED: QColor("#d55e00"),
    scenes.ROW_INCOMPLETE: QColor("#999999"),
    scenes.ROW_WITHDRAWN: QColor("#999999"),
    "approved": QColor("#009e73"),
}

Align = Qt.AlignmentFlag


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a text block: its text, its size relative to the block's, its colour."""

    text: str
    scale: float = 1.0
    colour: QColor | None = None
    """None: the plain text colour."""
    bold: bool = False
    translation: bool = False
    """The line above it in the second language of a bilingual display: drawn at least
    `SECOND_LANGUAGE` of that line's size."""


@dataclass(frozen=True, slots=True)
class DrawnText:
    text: str
    box: tuple[float, float, float, float]
    pixel_size: int
    fits: bool
    first_language_size: int | None = None
    """For a line in the second language: the pixel size of the line it translates."""


SMALLEST = 1 / 50
"""No text is smaller than this share of the screen height: 22 px at 1080 lines."""
SECOND_LANGUAGE = 0.7
"""A second-language line is at least this share of the size of the first-language line."""


def minimum_pixels(height: float) -> int:
    """The smallest type allowed on a screen ``height`` pixels high."""
    return max(math.ceil(height * SMALLEST - 1e-9), 1)


_FONTS: dict[tuple[int, bool], QFont] = {}
_FIT_CACHE: OrderedDict[tuple[object, ...], tuple[float, tuple[float, ...]]] = OrderedDict()
_FIT_CACHE_SIZE = 8192
SCALES = tuple(1.0 - 0.05 * k for k in range(11))  # 100 % down to 50 %


def font(pixels: int, bold: bool = False) -> QFont:
    key = (max(pixels, 1), bold)
    found = _FONTS.get(key)
    if found is None:
        found = QFont()
        found.setPixelSize(key[0])
        found.setBold(bold)
        _FONTS[key] = found
    return found


def _sizes(lines: Sequence[Line], pixels: float, scale: float, minimum: int) -> list[int]:
    """Each line's pixel size at ``scale``: never below ``minimum``, and a translation never
    below `SECOND_LANGUAGE` of the line it translates."""
    sizes: list[int] = []
    first = 0
    for ln in lines:
        size = max(round(pixels * scale * ln.scale), minimum)
        if ln.translation:
            size = max(size, math.ceil(first * SECOND_LANGUAGE - 1e-9))
        else:
            first = size
        sizes.append(size)
    return sizes


def _measure(lines: Sequence[Line], width: float, height: float, pixels: float, wrap: bool,
             floor: float, minimum: int) -> tuple[float, tuple[float, ...], bool]:
    """The largest scale (of `SCALES`, not below ``floor``) at which every line fits the box,
    no line smaller than ``minimum`` pixels; returns (scale, line heights, fits)."""
    key = (tuple((ln.text, ln.scale, ln.bold, ln.translation) for ln in lines), round(width),
           round(height), round(pixels), wrap, floor, minimum)
    cached = _FIT_CACHE.get(key)
    if cached is not None:
        _FIT_CACHE.move_to_end(key)
        return cached[0], cached[1], cached[0] > 0
    flags = int(Align.AlignLeft | Align.AlignTop) | (
        int(Qt.TextFlag.TextWordWrap) if wrap else 0)
    chosen: tuple[float, tuple[float, ...], bool] | None = None
    last_heights: tuple[float, ...] = ()
    last_scale = SCALES[0]
    for scale in SCALES:
        if scale < floor - 1e-9:
            break
        sizes = _sizes(lines, pixels, scale, minimum)
        heights = []
        fits = True
        for ln, size in zip(lines, sizes, strict=True):
            metrics = QFontMetricsF(font(size, ln.bold))
            bounds = metrics.boundingRect(QRectF(0, 0, width, 1e6), flags, ln.text)
            heights.append(bounds.height())
            if bounds.width() > width + 0.5:
                fits = False
        last_heights, last_scale = tuple(heights), scale
        if fits and sum(heights) <= height + 0.5:
            chosen = (scale, last_heights, True)
            break
        if all(size == minimum for size in sizes):
            break  # the smallest type allowed: a smaller scale draws the same
    if chosen is None:
        chosen = (-last_scale, last_heights, False)
    _FIT_CACHE[key] = (chosen[0], chosen[1])
    if len(_FIT_CACHE) > _FIT_CACHE_SIZE:
        _FIT_CACHE.popitem(last=False)
    return chosen


class Canvas:
    """A painter on a scene of ``width`` × ``height`` pixels, recording the texts it draws."""

    def __init__(self, painter: QPainter, width: int, height: int,
                 record: list[DrawnText] | None = None) -> None:
        self.painter = painter
        self.width = width
        self.height = height
        self.u = height / 100.0
        """One hundredth of the screen height: the unit every size is given in."""
        self.minimum = minimum_pixels(height)
        """The smallest type drawn, in pixels."""
        self.record = record

    # -- text ------------------------------------------------------------------------------
    def block(self, box: QRectF, lines: Sequence[Line], pixels: float,
              align: Qt.AlignmentFlag = Align.AlignLeft | Align.AlignVCenter,
              wrap: bool = False, floor: float = 0.5) -> float:
        """Draw ``lines`` stacked in ``box`` at the largest size that fits; returns the
        pixel size used for a line of scale 1."""
        lines = [ln for ln in lines if ln.text]
        if not lines or box.width() <= 0 or box.height() <= 0:
            return 0.0
        scale, heights, fits = _measure(lines, box.width(), box.height(), pixels, wrap, floor,
                                        self.minimum)
        scale = abs(scale)
        total = sum(heights)
        if align & Align.AlignBottom:
            y = box.bottom() - total
        elif align & Align.AlignTop:
            y = box.top()
        else:
            y = box.top() + (box.height() - total) / 2
        horizontal = align & (Align.AlignLeft | Align.AlignRight | Align.AlignHCenter)
        flags = int(horizontal | Align.AlignTop) | (int(Qt.TextFlag.TextWordWrap) if wrap else 0)
        painter = self.painter
        first = 0
        for ln, height, size in zip(lines, heights, _sizes(lines, pixels, scale, self.minimum),
                                    strict=True):
            painter.setFont(font(size, ln.bold))
            painter.setPen(ln.colour if ln.colour is not None else TEXT)
            rect = QRectF(box.left(), y, box.width(), height)
            painter.drawText(rect, flags, ln.text)
            if self.record is not None:
                self.record.append(DrawnText(ln.text, (rect.x(), rect.y(), rect.width(),
                                                       rect.height()), size, fits,
                                             first if ln.translation else None))
            if not ln.translation:
                first = size
            y += height
        return pixels * scale

    def fit(self, items: Sequence[tuple[QRectF, Sequence[Line]]], pixels: float,
            wrap: bool = False, floor: float = 0.5) -> float:
        """One pixel size at which every item fits its box: for texts that sit side by side
        (headings, a table's cells, a list), which look wrong at different sizes. Draw them
        with ``block(..., size, floor=1.0)``."""
        scale = 1.0
        for box, item in items:
            shown = [ln for ln in item if ln.text]
            if shown and box.width() > 0 and box.height() > 0:
                found, _heights, _fits = _measure(shown, box.width(), box.height(), pixels,
                                                  wrap, floor, self.minimum)
                scale = min(scale, abs(found))
        return pixels * scale

    def fits(self, box: QRectF, lines: Sequence[Line], pixels: float, wrap: bool = False,
             floor: float = 0.5) -> bool:
        """Whether ``lines`` fit ``box`` at a size `block` would draw them (for a layout that
        must choose how much to show)."""
        shown = [ln for ln in lines if ln.text]
        return not shown or _measure(shown, box.width(), box.height(), pixels, wrap, floor,
                                     self.minimum)[2]

    def height_of(self, width: float, lines: Sequence[Line], pixels: float,
                  wrap: bool = True) -> float:
        """The height ``lines`` take at ``pixels`` (never below the smallest type; 0: at the
        smallest) in a box ``width`` wide: what a layout must leave for them."""
        shown = [ln for ln in lines if ln.text]
        if not shown:
            return 0.0
        return sum(_measure(shown, width, 1e6, pixels, wrap, 1.0, self.minimum)[1])

    def text(self, box: QRectF, text: str, pixels: float, colour: QColor = TEXT,
             bold: bool = False, align: Qt.AlignmentFlag = Align.AlignLeft | Align.AlignVCenter,
             wrap: bool = False, floor: float = 0.5) -> float:
        return self.block(box, [Line(text, 1.0, colour, bold)], pixels, align, wrap, floor)

    # -- shapes ----------------------------------------------------------------------------
    def fill(self, box: QRectF, colour: QColor, radius: float = 0.0) -> None:
        painter = self.painter
        if radius:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawRoundedRect(box, radius, radius)
        else:
            painter.fillRect(box, colour)

    def corner(self, box: QRectF, colour: QColor, side: float) -> None:
        """A small triangle in the top right corner of ``box``: the value was corrected."""
        path = QPainterPath(QPointF(box.right() - side, box.top()))
        path.lineTo(box.right(), box.top())
        path.lineTo(box.right(), box.top() + side)
        path.closeSubpath()
        self.painter.fillPath(path, colour)

    def line(self, a: QPointF, b: QPointF, colour: QColor, width: float,
             dashed: bool = False) -> None:
        pen = QPen(colour, width)
        if dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.painter.setPen(pen)
        self.painter.drawLine(a, b)

    def icon(self, box: QRectF, status: str) -> None:
        """The status's own shape in its colour (never colour alone)."""
        painter = self.painter
        colour = STATUS_COLOURS.get(status, DIM)
        side = min(box.width(), box.height())
        c = box.center()
        r = side / 2 * 0.92
        circle = QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)
        stroke = max(side / 9, 1.5)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        dark = QPen(BACKGROUND, stroke, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin)
        if status in (scenes.FUNDED, "approved"):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(circle)
            painter.setPen(dark)
            path = QPainterPath(QPointF(c.x() - r * 0.5, c.y()))
            path.lineTo(c.x() - r * 0.1, c.y() + r * 0.4)
            path.lineTo(c.x() + r * 0.55, c.y() - r * 0.4)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        elif status == scenes.PARTLY_FUNDED:
            painter.setPen(QPen(colour, stroke))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawPie(circle, 90 * 16, 180 * 16)
        elif status == scenes.PENDING:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            top = QPainterPath(QPointF(c.x() - r * 0.7, c.y() - r))
            top.lineTo(c.x() + r * 0.7, c.y() - r)
            top.lineTo(c.x(), c.y())
            top.closeSubpath()
            bottom = QPainterPath(QPointF(c.x() - r * 0.7, c.y() + r))
            bottom.lineTo(c.x() + r * 0.7, c.y() + r)
            bottom.lineTo(c.x(), c.y())
            bottom.closeSubpath()
            painter.drawPath(top)
            painter.drawPath(bottom)
        elif status == scenes.TIE_DRAW:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(circle)
            painter.setPen(dark)
            for dy in (-0.25, 0.25):
                painter.drawLine(QPointF(c.x() - r * 0.5, c.y() + r * dy),
                                 QPointF(c.x() + r * 0.5, c.y() + r * dy))
        elif status in (scenes.EXCEEDS, scenes.EXHAUSTED):
            painter.setPen(QPen(colour, stroke))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle)
            painter.drawLine(QPointF(c.x() - r * 0.55, c.y()), QPointF(c.x() + r * 0.55, c.y()))
        elif status == scenes.ROW_REJECTED:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(circle)
            painter.setPen(dark)
            d = r * 0.4
            painter.drawLine(QPointF(c.x() - d, c.y() - d), QPointF(c.x() + d, c.y() + d))
            painter.drawLine(QPointF(c.x() - d, c.y() + d), QPointF(c.x() + d, c.y() - d))
        else:  # incomplete: an open dotted ring
            pen = QPen(colour, stroke)
            pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle)
        painter.restore()
