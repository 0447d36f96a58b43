"""A table header that never cuts a word: each title wrapped to its section, in smaller type
when a word would not fit ("Cofinanciamiento", "Kawsayninchik"), the full title in the
model's tool tip."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

SMALLEST_POINTS = 6.0
MARGIN = 4
FLAGS = int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)


def fitting_font(font: QFont, text: str, width: int, height: int) -> QFont:
    """``font``, or a smaller copy of it, in which every word of ``text`` fits ``width`` and
    the wrapped text fits ``height`` (down to 6 points; below that, words stay whole and the
    text is clipped at the bottom rather than cut mid-word)."""
    fitted = QFont(font)
    size = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
    words = text.split()
    while True:
        fitted.setPointSizeF(size)
        metrics = QFontMetrics(fitted)
        widest = max((metrics.horizontalAdvance(word) for word in words), default=0)
        needed = metrics.boundingRect(QRect(0, 0, width, 10_000), FLAGS, text).height()
        if (widest <= width and needed <= height) or size <= SMALLEST_POINTS:
            return fitted
        size = max(SMALLEST_POINTS, size - 0.5)


class WrappingHeader(QHeaderView):
    """Horizontal header whose titles wrap at spaces and shrink to keep words whole."""

    def __init__(self, parent: QWidget | None = None, lines: int = 5) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.lines = lines
        self.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def fit_minimum(self, floor: int = 56) -> None:
        """Make every section at least as wide as the longest word of any title at the
        smallest type (a long Quechua word: "Kamachikuqkunawan"); the table then scrolls
        sideways rather than cut it."""
        model = self.model()
        if model is None:
            return
        small = QFont(self.font())
        small.setPointSizeF(SMALLEST_POINTS)
        metrics = QFontMetrics(small)
        widest = 0
        for section in range(model.columnCount()):
            text = str(model.headerData(section, self.orientation(),
                                        Qt.ItemDataRole.DisplayRole) or "")
            widest = max([widest, *(metrics.horizontalAdvance(w) for w in text.split())])
        self.setMinimumSectionSize(max(floor, widest + 2 * MARGIN + 2))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's)
        hint = super().sizeHint()
        return QSize(hint.width(), QFontMetrics(self.font()).lineSpacing() * self.lines + 8)

    def paintSection(self, painter: QPainter, rect: QRect,  # noqa: N802 (Qt's)
                     logical_index: int) -> None:
        if not rect.isValid():
            return
        model = self.model()
        text = "" if model is None else str(model.headerData(
            logical_index, self.orientation(), Qt.ItemDataRole.DisplayRole) or "")
        option = QStyleOptionHeader()
        self.initStyleOption(option)
        option.rect = rect
        option.section = logical_index
        option.text = ""
        style = self.style()
        painter.save()
        style.drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        inner = rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        base = self.font()
        wanted = None if model is None else model.headerData(
            logical_index, self.orientation(), Qt.ItemDataRole.FontRole)
        if isinstance(wanted, QFont):
            base = wanted
        painter.setFont(fitting_font(base, text, inner.width(), inner.height()))
        painter.drawText(inner, FLAGS, text)
        painter.restore()
