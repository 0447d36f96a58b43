"""The indicator tiles: the programme at a glance — approval rate, awarded, families
reached, women-led share, leverage and second-tranche completion over the contests the
filters leave — big numbers written as the tables and charts write them."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ...central.indicators import Group
from ...central.labels import INDICATOR_LABELS, format_indicator
from ...i18n import _, format_number, ngettext

TILED = ("approval_rate", "awarded", "families", "women_led_share", "leverage",
         "completion_rate")


def _count(n: Any) -> str:
    return format_number(int(n or 0), 0)


def detail(indicator: str, figures: dict[str, Any]) -> str:
    """The small line under a tile's number: what it was computed from."""
    if indicator == "approval_rate":
        return ngettext("{approved} approved of {presented} presented",
                        "{approved} approved of {presented} presented",
                        int(figures["approved"] or 0)).format(
            approved=_count(figures["approved"]), presented=_count(figures["presented"]))
    if indicator == "awarded":
        return ngettext("{count} proposal funded", "{count} proposals funded",
                        int(figures["funded"] or 0)).format(count=_count(figures["funded"]))
    if indicator == "families":
        missing = int(figures["families_missing"] or 0)
        if missing:
            return ngettext("{count} funded proposal gave no count",
                            "{count} funded proposals gave no count", missing).format(
                count=_count(missing))
        return _("{women} women, {youth} young people").format(
            women=_count(figures["women"]), youth=_count(figures["youth"]))
    if indicator == "women_led_share":
        return _("of the funded proposals that said who leads them")
    if indicator == "leverage":
        return _("the families' own investment per sol awarded")
    return ngettext("{approved} approved of {items} evaluated",
                    "{approved} approved of {items} evaluated",
                    int(figures["items_approved"] or 0)).format(
        approved=_count(figures["items_approved"]), items=_count(figures["items"]))


class Tile(QFrame):
    def __init__(self, indicator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.indicator = indicator
        self.setObjectName(f"tile_{indicator}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        self.caption, self.value, self.detail = QLabel(self), QLabel(self), QLabel(self)
        self.value.setObjectName("tileValue")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        self.value.setFont(font)
        self.detail.setStyleSheet("color: #5f6368;")
        for label in (self.caption, self.value, self.detail):
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addStretch(1)

    def show_figures(self, figures: dict[str, Any] | None) -> None:
        self.caption.setText(_(INDICATOR_LABELS[self.indicator]))
        value = None if figures is None else figures.get(self.indicator)
        self.value.setText(format_indicator(self.indicator, value))
        self.detail.setText("" if figures is None else detail(self.indicator, figures))


class TilesView(QWidget):
    """Six tiles in a row over the one group of the filtered contests."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.tiles = {name: Tile(name, self) for name in TILED}
        for column, tile in enumerate(self.tiles.values()):
            layout.addWidget(tile, 0, column)
        self.figures: dict[str, Any] | None = None
        self.show_group(None)

    def show_group(self, group: Group | None) -> None:
        self.figures = None if group is None else group.figures
        for tile in self.tiles.values():
            tile.show_figures(self.figures)

    def retranslate(self) -> None:
        for tile in self.tiles.values():
            tile.show_figures(self.figures)
