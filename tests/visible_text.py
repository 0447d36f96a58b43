"""What a user can read on a window, and whether each text came from the catalog.

`shown_texts(widget)` collects every text a user can see or hear from a widget tree: labels,
buttons, titles, tabs, menus and their actions, table headers and cells, combo-box items,
placeholders, tooltips and accessible names. `Explainer(language, data)` then accounts for
each text: a message of the language's catalog (its placeholders filled with anything that is
itself accounted for), contest data, a number or a date, or an allowed proper noun. What is
left over reached the screen without the catalog: English source text, a Spanish message
shown to a Quechua reader, or a string nobody marked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.dates import get_day_names, get_month_names, get_period_names
from babel.messages.pofile import read_po
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QSpinBox,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolBar,
    QToolButton,
    QTreeView,
    QWidget,
)

from clar_desktop.app.qt_language import QT_STRINGS
from clar_desktop.i18n import available_languages, babel_locale, language_name, languages_name
from clar_desktop.paths import resource_path

LETTER = re.compile(r"[^\W\d_]")
MONEY = re.compile(r"-?S/\s?[\d,.]+")
ENUMERATION = re.compile(r"^\d+\.\s+")
FILE_PATH = re.compile(r"^(/|[A-Za-z]:[\\/])\S*$")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\d")
# Proper nouns a screen may show in any language: the program, the institution, languages
# named in themselves, the units and formats every language writes the same.
PROPER_NOUNS = {"CLAR Desktop", "CLAR", "PDF", "CSV", "JSON", "A4", "A3", "DNI", "S/", "PEN",
                *(language_name(lang) for lang in available_languages()),
                languages_name("es+qu")}


@dataclass(frozen=True)
class Shown:
    text: str
    where: str


def _plain(text: str) -> str:
    if re.search(r"<[a-zA-Z][^>]*>", text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return text


def _describe(widget: Any) -> str:
    name = widget.objectName() if hasattr(widget, "objectName") else ""
    return f"{type(widget).__name__}#{name}" if name else type(widget).__name__


def _model_texts(model: QAbstractItemModel, where: str, tree: bool,
                 parent: QModelIndex | None = None, limit: int = 2000) -> Iterable[Shown]:
    parent = parent or QModelIndex()
    rows = model.rowCount(parent)
    try:
        columns = model.columnCount(parent)
    except TypeError:  # a list model: one column, and Qt keeps columnCount private
        columns = 1
    if parent == QModelIndex():
        for column in range(columns):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.headerData(column, Qt.Orientation.Horizontal, role)
                if isinstance(value, str):
                    yield Shown(value, f"{where} header {column}")
    for row in range(min(rows, limit)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                         Qt.ItemDataRole.AccessibleTextRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    yield Shown(value, f"{where} cell {row},{column}")
            if tree and column == 0 and model.rowCount(index):
                yield from _model_texts(model, where, tree, index, limit)


def _menu_texts(menu: QMenu, where: str) -> Iterable[Shown]:
    yield Shown(menu.title(), f"{where} menu")
    for action in menu.actions():
        if action.menu() is not None:
            yield from _menu_texts(action.menu(), f"{where} › {menu.title()}")
        elif action.isVisible() and not action.isSeparator():
            yield Shown(action.text(), f"{where} › {menu.title()} action")
            if action.statusTip():
                yield Shown(action.statusTip(), f"{where} › {action.text()} status tip")


def shown_texts(root: QWidget) -> list[Shown]:
    """Every text of ``root`` and the widgets inside it that would be visible with it."""
    found: list[Shown] = [Shown(root.windowTitle(), f"{_describe(root)} title")]
    widgets = [root, *(w for w in root.findChildren(QWidget) if w.isVisibleTo(root))]
    for widget in widgets:
        where = _describe(widget)
        for text, what in ((widget.toolTip(), "tooltip"), (widget.statusTip(), "status tip"),
                           (widget.whatsThis(), "what's this"),
                           (widget.accessibleName(), "accessible name"),
                           (widget.accessibleDescription(), "accessible description")):
            if text:
                found.append(Shown(_plain(text), f"{where} {what}"))
        if isinstance(widget, QLabel):
            found.append(Shown(_plain(widget.text()), where))
        elif isinstance(widget, QAbstractButton):
            found.append(Shown(widget.text(), where))
        elif isinstance(widget, QGroupBox):
            found.append(Shown(widget.title(), where))
        if isinstance(widget, QLineEdit):
            # Editable too: what a form is filled with must be data or a catalog message.
            found.append(Shown(widget.placeholderText(), f"{where} placeholder"))
            if not isinstance(widget.parent(), QAbstractSpinBox):
                found.append(Shown(widget.text(), where))
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            found.append(Shown(widget.placeholderText(), f"{where} placeholder"))
            found.append(Shown(widget.toPlainText(), where))
        elif isinstance(widget, QComboBox):
            found.extend(Shown(widget.itemText(i), f"{where} item {i}")
                         for i in range(widget.count()))
        elif isinstance(widget, QProgressBar) and widget.isTextVisible():
            found.append(Shown(widget.text(), where))
        elif isinstance(widget, QTabBar | QTabWidget):
            for i in range(widget.count()):
                found.append(Shown(widget.tabText(i), f"{where} tab {i}"))
                found.append(Shown(widget.tabToolTip(i), f"{where} tab {i} tooltip"))
        elif isinstance(widget, QAbstractSpinBox):
            found.append(Shown(widget.specialValueText(), f"{where} special value"))
            if isinstance(widget, QSpinBox | QDoubleSpinBox):
                found.append(Shown(widget.prefix(), f"{where} prefix"))
                found.append(Shown(widget.suffix(), f"{where} suffix"))
        elif (isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView)
              and widget.model() is not None):
            found.extend(_model_texts(widget.model(), where, isinstance(widget, QTreeView)))
        elif isinstance(widget, QMainWindow):
            for action in widget.menuBar().actions():
                if action.menu() is not None:
                    found.extend(_menu_texts(action.menu(), "menu bar"))
            found.append(Shown(widget.statusBar().currentMessage(), "status bar"))
    for action in root.findChildren(QAction):
        # Only actions a user can see: on a tool bar or button, or in a context menu (those of
        # the menu bar are read above; an action added for its shortcut alone is never shown).
        seen = [w for w in action.associatedObjects()
                if isinstance(w, QToolBar | QToolButton) or (
                    isinstance(w, QWidget) and not isinstance(w, QMenu) and
                    w.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu)]
        if seen and action.isVisible() and not action.isSeparator():
            found.append(Shown(action.text(), f"action {action.objectName()}"))
            found.append(Shown(action.toolTip(), f"action {action.text()} tooltip"))
    return [shown for shown in found if shown.text and shown.text.strip()]


# --- accounting for each text -------------------------------------------------------------


def _strip_accelerator(text: str) -> str:
    return re.sub(r"&(&?)", r"\1", text)


def _date_words(language: str) -> set[str]:
    locale = babel_locale(language)
    words: set[str] = set()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            words |= set(get_month_names(width, context, locale).values())
            words |= set(get_day_names(width, context, locale).values())
            words |= set(get_period_names(width, context, locale).values())
    words |= {"de", "del"} if language in ("es", "qu") else {"at"}
    return {w.lower() for word in words for w in re.findall(r"[^\W\d_]+", word)}


QT_CONTEXTS = {context for context, _source in QT_STRINGS}


def _catalog(language: str) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """(context, msgid) → its translations (accelerators taken out, blank ones dropped)."""
    path = resource_path("locale", language, "LC_MESSAGES", "clar_desktop.po")
    with Path(path).open("rb") as po_file:
        catalog = read_po(po_file)
    found = {}
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found[(message.context, msgid)] = tuple(
            _strip_accelerator(string).strip() for string in strings if string)
    return found


class Explainer:
    """Accounts for shown texts in one language (or two, for a bilingual projection)."""

    def __init__(self, languages: Iterable[str], data: Iterable[str] = ()) -> None:
        self.languages = list(languages)
        self.patterns: list[tuple[str, re.Pattern[str]]] = []
        self.exact: set[str] = set(PROPER_NOUNS)
        catalogs = {lang: _catalog(lang) for lang in ("es", "qu")}
        for language in self.languages:
            for key, strings in catalogs[language].items():
                # Qt's file and print dialogs are deliberately Spanish in the Quechua
                # catalog: Spanish words there, not Quechua ones for our own screens.
                if (language != "es" and key[0] in QT_CONTEXTS
                        and strings == catalogs["es"].get(key)):
                    continue
                for string in strings:
                    self._add(string)
        # A contest's data may hold what is also a message of another language (a Spanish
        # column heading in a spreadsheet, a Spanish agenda): on this screen it is not data.
        own = {text.rstrip(":…. ") for text in self.exact}
        foreign = {text.rstrip(":…. ")
                   for lang, catalog in catalogs.items() if lang not in self.languages
                   for strings in catalog.values() for text in strings}
        if "en" not in self.languages:
            foreign |= {_strip_accelerator(key[1]).strip().rstrip(":…. ")
                        for catalog in catalogs.values() for key in catalog}
        self.data = {piece.strip() for text in data for piece in [text, *text.splitlines()]
                     if piece.strip() and (piece.strip().rstrip(":…. ") not in foreign
                                           or piece.strip().rstrip(":…. ") in own)}
        self.date_words = set().union(*(_date_words(lang) for lang in self.languages))

    def _add(self, message: str) -> None:
        message = message.strip()
        if not PLACEHOLDER.search(message):
            self.exact.add(message)
            # Labels end in ":" or "…" in one place and not in another.
            self.exact.add(message.rstrip(":…. "))
            return
        literals = [piece for piece in PLACEHOLDER.split(message) if LETTER.search(piece)]
        if not literals:
            return  # "{file}: {problem}": only separators; split below instead
        self.patterns.append((max(literals, key=len).strip(), re.compile(_regex(message), re.S)))

    def explained(self, text: str, depth: int = 0) -> bool:
        # "1. " before an item of a list; " *" after a required field's label.
        text = ENUMERATION.sub("", _strip_accelerator(text).strip()).removesuffix(" *")
        if not LETTER.search(MONEY.sub("", text)) or text in self.exact or text in self.data:
            return True
        if FILE_PATH.match(text):  # a file the user chose or the program keeps
            return True
        if text.rstrip(":…. ") in self.exact or text.strip("()[]«»“”\"'") in self.data:
            return True
        if depth > 5:
            return False
        if "\n" in text:
            return all(self.explained(line, depth + 1) for line in text.splitlines()) or any(
                self.explained(text.replace("\n", joint), depth + 1) for joint in (" ", ""))
        for literal, pattern in self.patterns:
            if literal in text:
                match = pattern.fullmatch(text)
                if match and all(self.explained(group, depth + 1) for group in match.groups()):
                    return True
        for separator in (" / ", " · ", " — ", " – ", ": ", "; ", ", ", " (", ") "):
            if separator in text:
                parts = [p.strip(" ()") for p in text.split(separator)]
                if all(self.explained(p, depth + 1) for p in parts if p):
                    return True
        words = re.findall(r"[^\W\d_]+", text.lower())
        return bool(words) and all(word in self.date_words for word in words)

    def unexplained(self, shown: Iterable[Shown]) -> list[str]:
        return sorted({f"{s.where}: {s.text!r}" for s in shown if not self.explained(s.text)})


def _literal(text: str) -> str:
    """A literal part of a message; any run of spaces or line breaks matches any other (a
    narrow column wraps a header where it must)."""
    return r"\s+".join(re.escape(piece) for piece in re.split(r"\s+", text))


def _regex(message: str) -> str:
    out, last = [], 0
    for match in PLACEHOLDER.finditer(message):
        out.append(_literal(message[last:match.start()]))
        out.append("(.+?)")
        last = match.end()
    out.append(_literal(message[last:]))
    return "".join(out)
