"""Qt Designer forms (``ui/*.ui``) loaded at run time, their texts through our catalogs.

A form is loaded with `QUiLoader` (no generated code to keep in step), then every text that
Designer stored — labels, buttons, titles, tool tips, placeholders — is remembered in its
English source form and set through ``clar_desktop.i18n``; `Form.retranslate` sets them
again after the language changes, so an open window follows a live switch.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ..i18n import _, again, on_language_changed
from ..paths import resource_path

# (getter, setter) names of the text properties Designer writes.
TEXT_PROPERTIES = (
    ("text", "setText"), ("title", "setTitle"), ("windowTitle", "setWindowTitle"),
    ("toolTip", "setToolTip"), ("placeholderText", "setPlaceholderText"),
    ("statusTip", "setStatusTip"),
)


class Form:
    """A loaded form: its root widget, its named children, and live retranslation."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        path = resource_path("ui", f"{name}.ui")
        handle = QFile(str(path))
        if not handle.open(QIODevice.OpenModeFlag.ReadOnly):
            raise FileNotFoundError(path)
        try:
            widget = QUiLoader().load(handle, parent)
        finally:
            handle.close()
        if widget is None:
            raise RuntimeError(f"cannot load the form {path}")
        self.widget: QWidget = widget
        self._sources: list[tuple[QObject, Callable[[str], Any], str]] = []
        for tabs in widget.findChildren(QTabWidget):
            # Page titles are attributes of the tab widget, not properties of the pages.
            # Kept by page, not by index: the code may insert pages before them.
            for i in range(tabs.count()):
                if tabs.tabText(i).strip():
                    self._sources.append((tabs.widget(i), partial(_set_tab_text, tabs,
                                                                  tabs.widget(i)),
                                          tabs.tabText(i)))
        for obj in [widget, *widget.findChildren(QObject)]:
            if _standard_button(obj):
                continue  # Qt names it, in Qt's catalogs (see qt_language)
            for getter, setter in TEXT_PROPERTIES:
                if hasattr(obj, getter) and hasattr(obj, setter):
                    source = getattr(obj, getter)()
                    if isinstance(source, str) and source.strip():
                        self._sources.append((obj, getattr(obj, setter), source))
        self.retranslate()
        follow_language(widget, self.retranslate)

    def retranslate(self) -> None:
        for owner, setter, source in self._sources:
            if isValid(owner):  # a page or widget the code took out is gone
                setter(_(source))

    def child(self, name: str) -> Any:
        found = self.widget.findChild(QObject, name)
        if found is None:
            raise LookupError(name)
        return found


def _set_tab_text(tabs: QTabWidget, page: QWidget, text: str) -> None:
    index = tabs.indexOf(page)
    if index >= 0:
        tabs.setTabText(index, text)


def _standard_button(obj: QObject) -> bool:
    box = obj.parent()
    return (isinstance(obj, QAbstractButton) and isinstance(box, QDialogButtonBox)
            and box.standardButton(obj) != QDialogButtonBox.StandardButton.NoButton)


class FormView(QWidget):
    """A widget whose whole content is a Designer form (``self.form``)."""

    def __init__(self, form_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = Form(form_name, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form.widget)


class Message:
    """A label that says what happened last — a refusal, a result — and says it again in
    the new language after a switch (when it was given as a `Later`). With nothing said it
    shows ``idle()``, if given."""

    def __init__(self, label: QLabel, idle: Callable[[], str] | None = None) -> None:
        self.label, self.idle, self.text = label, idle, ""
        follow_language(label, self.show)

    def say(self, text: str) -> None:
        self.text = text
        self.show()

    def show(self) -> None:
        """(Re)write the label in the active language."""
        self.label.setText(again(self.text) or (self.idle() if self.idle else ""))


def follow_language(widget: QObject, callback: Callable[[], object]) -> None:
    """Call ``callback`` after every change of language, for as long as ``widget`` lives."""
    def listener(_language: str) -> None:
        if not isValid(widget):  # deleted without its `destroyed` reaching us
            unsubscribe()
            return
        callback()

    unsubscribe = on_language_changed(listener)
    widget.destroyed.connect(lambda *_args: unsubscribe())
