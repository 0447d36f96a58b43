"""A live preview of the projector in the main window: a small copy of what the audience sees.

Essential with one screen (the audience window then hides the secretary's, or is not shown at
all), and reassuring with two: the secretary sees the scene, the language and whether results
are withheld without turning round. The copy is the audience window itself, painted into the
preview at its scale; it is repainted at most a few times a second, and only while the
preview is visible, so the projector's own frames do not wait for it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractButton, QDockWidget, QSizePolicy, QWidget

REFRESH_MS = 250


class ProjectorPreview(QWidget):
    """Paints ``audience`` (a QWidget) scaled into itself, keeping its proportions."""

    def __init__(self, audience: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectorPreview")
        self.audience = audience
        self.setMinimumSize(240, 135)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.paints = 0
        """How many times the preview has painted the audience (for tests)."""
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._refresh)
        self._timer.start()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's)
        return QSize(320, 180)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt's)
        source = self._source_size()
        return max(1, width * source.height() // max(1, source.width()))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's)
        return True

    def _source_size(self) -> QSize:
        size = self.audience.size()
        return size if size.width() > 0 and size.height() > 0 else QSize(1920, 1080)

    def target(self) -> QRect:
        """Where the copy goes: the largest rectangle of the audience's proportions."""
        source = self._source_size()
        scaled = source.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        corner = QPoint((self.width() - scaled.width()) // 2,
                        (self.height() - scaled.height()) // 2)
        return QRect(corner, scaled)

    def _refresh(self) -> None:
        if self.isVisible():
            self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt's)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202020"))
        target = self.target()
        source = self._source_size()
        if target.isEmpty():
            painter.end()
            return
        painter.translate(target.topLeft())
        painter.scale(target.width() / source.width(), target.height() / source.height())
        self.audience.render(painter, QPoint(0, 0))
        self.paints += 1
        painter.end()


DOCK_BUTTONS = {
    "qt_dockwidget_floatbutton": ("Float", "Undocks and re-attaches the dock widget"),
    "qt_dockwidget_closebutton": ("Close", "Closes the dock widget"),
}


def retranslate_dock_buttons(dock: QDockWidget) -> None:
    """Qt names a dock's title buttons for screen readers once, when it makes them: name
    them again in the language now active (see app/qt_language.py)."""
    for button in dock.findChildren(QAbstractButton):
        words = DOCK_BUTTONS.get(button.objectName())
        if words is not None:
            button.setAccessibleName(QCoreApplication.translate("QDockWidget", words[0]))
            button.setAccessibleDescription(
                QCoreApplication.translate("QDockWidget", words[1]))
