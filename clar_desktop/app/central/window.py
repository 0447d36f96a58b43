"""The central office window: the programme at a glance.

Every stored contest in a sortable table, filtered by programme, office, region and year;
the indicator tiles and charts over the same filtered contests (one SQL aggregation each,
`central.indicators`); an inbox folder ingested as bundles arrive; the conflicts in red.
Everything it shows is read back from the central tables after each change, nothing is
kept on the side.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QBrush, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHeaderView,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ...central.indicators import indicators
from ...central.ingest import CONFLICT, EXTENDED, NEW, REFUSED, Outcome
from ...central.labels import KEY_LABELS, NO_VALUE
from ...central.names import GroupNames, group_names
from ...central.records import ConflictRecord, ContestRecord, conflicts, contests
from ...cli.safe_text import printable
from ...i18n import (
    N_,
    _,
    available_languages,
    current_language,
    language_name,
    ngettext,
    set_language,
)
from ...store.errors import DatabaseError
from ..forms import Form, follow_language
from ..places import Places
from .charts_view import ChartsView
from .conflicts import ConflictsModel, describe, save_conflicting_copy
from .contests import FILTER_KEYS, RED, ContestsFilter, ContestsModel, key_value
from .inbox import Inbox
from .recheck import Checked, Recheck
from .tiles import TilesView

GROUPINGS = ("region", "office", "year", "category")
"""What the charts group by."""
GREEN = "#1b6e3a"
GREY = "#5f6368"
REFRESH_DELAY_MS = 150
"""Changes of filters and ingests close together are drawn once."""
_ALL = object()


def report_writer() -> Any:
    """`central.reports.write_report` (a seam: the tests put a fake in its place)."""
    from ...central.reports import write_report

    return write_report


def database_problem(error: Exception) -> str:
    """One sentence for a database that fails while the window reads it."""
    if isinstance(error, DatabaseError):
        return error.render(_)
    return _("The central database cannot be read: {error}").format(error=driver_said(error))


def driver_said(error: Exception) -> str:
    """The first line of what the database driver said (SQLAlchemy's wrapping left out)."""
    said = str(getattr(error, "orig", None) or error).strip()
    return said.splitlines()[0] if said else type(error).__name__


class CentralWindow(QMainWindow):
    """The window on one central database (``engine``, disposed of when it closes)."""

    def __init__(self, engine: Engine, places: Places | None = None,
                 parent: QWidget | None = None, stable_ms: int | None = None) -> None:
        super().__init__(parent)
        self.engine, self.places = engine, places
        self.form = Form("central_window", self)
        self.setCentralWidget(self.form.widget)
        child = self.form.child
        self.tiles = TilesView()
        child("tilesHolder").setSizePolicy(QSizePolicy.Policy.Preferred,
                                           QSizePolicy.Policy.Maximum)  # the table grows
        holder_layout = QVBoxLayout(child("tilesHolder"))
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.tiles)
        self.charts = ChartsView()
        child("chartsArea").setWidget(self.charts)
        self.tabs = child("tabs")
        self.shown_label = child("shownLabel")
        self.combos: dict[str, QComboBox] = {
            key: child(f"{key}Combo") for key in FILTER_KEYS}
        self.choices: dict[str, list[Any]] = {key: [_ALL] for key in FILTER_KEYS}
        self.group_combo: QComboBox = child("groupCombo")
        self.records: list[ContestRecord] = []
        self.names = GroupNames()
        self.conflict_rows: list[ConflictRecord] = []
        self._build_contests_table()
        self._build_conflicts_table()
        self.inbox = Inbox(engine, self, **({"stable_ms": stable_ms} if stable_ms else {}))
        self.inbox.ingested.connect(self._ingested)
        self.inbox.failed.connect(self._ingest_failed)
        self.inbox_log = child("inboxLog")
        self.log_lines: list[tuple[Outcome | None, str, str]] = []
        child("chooseInboxButton").clicked.connect(self.choose_inbox)
        child("stopInboxButton").clicked.connect(self.stop_inbox)
        child("ingestFilesButton").clicked.connect(self.choose_files)
        self.recheck = Recheck(engine, self)
        self.recheck.checked.connect(self._checked)
        self.recheck.finished.connect(self._rechecked)
        self.recheck_label = child("recheckLabel")
        self.recheck_button = child("recheckButton")
        self.recheck_button.clicked.connect(self.check_again)
        self.checking: list[str] = []
        self.check_results: list[Checked] | None = None
        """The last check's results (None: not checked again since the window opened)."""
        child("clearFiltersButton").clicked.connect(self.clear_filters)
        for combo in (*self.combos.values(), self.group_combo):
            combo.currentIndexChanged.connect(lambda _i: self._filters_changed())
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.setInterval(REFRESH_DELAY_MS)
        self.refresh_timer.timeout.connect(self.update_indicators)
        self.reload_timer = QTimer(self)
        self.reload_timer.setSingleShot(True)
        self.reload_timer.setInterval(REFRESH_DELAY_MS)
        self.reload_timer.timeout.connect(self.refresh)
        self.database_failing = False
        self._actions: list[tuple[QAction, str]] = []
        self._menus: list[tuple[Any, str]] = []
        self._build_menus()
        self._fill_groupings()
        follow_language(self, self.retranslate)
        self.retranslate()
        self.refresh()
        self.resize(1366, 768)

    # -- building ----------------------------------------------------------------------------
    def _build_contests_table(self) -> None:
        self.contests_model = ContestsModel()
        self.contests_proxy = ContestsFilter(self.contests_model)
        table = self.contests_table = self.form.child("contestsTable")
        table.setModel(self.contests_proxy)
        table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the place gives way
        table.verticalHeader().setVisible(False)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.copy_action = QAction(table)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_cell)
        table.addAction(self.copy_action)
        self.copy_log_action = QAction(table)
        self.copy_log_action.triggered.connect(lambda: self.copy_hash(ContestsModel.LOG_HASH))
        table.addAction(self.copy_log_action)
        self.copy_results_action = QAction(table)
        self.copy_results_action.triggered.connect(
            lambda: self.copy_hash(ContestsModel.RESULTS_HASH))
        table.addAction(self.copy_results_action)
        self.export_action = QAction(table)
        self.export_action.triggered.connect(self.save_stored_bundle)
        table.addAction(self.export_action)

    def _build_conflicts_table(self) -> None:
        self.conflicts_model = ConflictsModel()
        table = self.conflicts_table = self.form.child("conflictsTable")
        table.setModel(self.conflicts_model)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table.verticalHeader().setVisible(False)
        table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_conflict())
        self.conflict_details = self.form.child("conflictDetails")
        self.save_conflict_button = self.form.child("saveConflictButton")
        self.save_conflict_button.clicked.connect(self.save_conflict)

    def _action(self, text: str, slot: Any, shortcut: Any = None) -> QAction:
        action = QAction(self)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        self._actions.append((action, text))
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("")
        self._menus.append((file_menu, N_("&File")))
        file_menu.addAction(self._action(N_("&Refresh"), self.refresh,
                                         QKeySequence.StandardKey.Refresh))
        file_menu.addAction(self._action(N_("&Watch a folder…"), self.choose_inbox))
        file_menu.addAction(self._action(N_("&Ingest files…"), self.choose_files, "Ctrl+O"))
        file_menu.addAction(self._action(N_("Chec&k the stored copies again"),
                                         self.check_again))
        self.report_action = self._action(N_("Save a &report…"), self.save_report, "Ctrl+S")
        file_menu.addAction(self.report_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action(N_("&Close"), self.close, "Ctrl+W"))
        self.language_menu = bar.addMenu("")
        self._menus.append((self.language_menu, N_("&Language")))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for language in available_languages():
            action = self.language_menu.addAction(language_name(language))
            action.setCheckable(True)
            action.triggered.connect(
                lambda _checked=False, lang=language: self.choose_language(lang))
            group.addAction(action)
            self.language_actions[language] = action

    def _fill_groupings(self) -> None:
        chosen = self.group_combo.currentData() or GROUPINGS[0]
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        for key in GROUPINGS:
            self.group_combo.addItem(_(KEY_LABELS[key]), key)
        self.group_combo.setCurrentIndex(GROUPINGS.index(chosen))
        self.group_combo.blockSignals(False)

    def retranslate(self) -> None:
        for action, text in self._actions:
            action.setText(_(text))
        for menu, text in self._menus:
            menu.setTitle(_(text))
        self.language_actions[current_language()].setChecked(True)
        self.copy_action.setText(_("Copy"))
        self.copy_log_action.setText(_("Copy the log hash"))
        self.copy_results_action.setText(_("Copy the results hash"))
        self.export_action.setText(_("Save the stored bundle…"))
        url = self.engine.url.render_as_string(hide_password=True)
        self.setWindowTitle(_("Central office — {database} — CLAR Desktop").format(
            database=url))
        self.contests_model.retitle()
        self.conflicts_model.retitle()
        self._fill_groupings()
        self._fill_filters()
        self.tiles.retranslate()
        self.charts.redraw()
        self._show_inbox_folder()
        self._render_log()
        self._show_conflict()
        self._tab_counts()
        self._count_shown()
        self._say_checks()

    def choose_language(self, language: str) -> None:
        set_language(language)
        if self.places is not None:
            self.places.set_ui_language(language)

    # -- reading the database ----------------------------------------------------------------
    def _problem(self, error: Exception) -> None:
        """Say once that the database fails (not again at every ingest until it works)."""
        self.statusBar().showMessage(database_problem(error))
        if not self.database_failing:
            self.database_failing = True
            QMessageBox.warning(self, _("Central office"), database_problem(error))

    def refresh(self) -> None:
        """Read the contests and conflicts again, then the indicators."""
        try:
            self.records = contests(self.engine)
            self.conflict_rows = conflicts(self.engine)
            self.names = group_names(self.engine)
        except (DatabaseError, SQLAlchemyError) as error:
            self._problem(error)
            return
        self.database_failing = False
        self.contests_model.set_rows(self.records)
        self.conflicts_model.set_rows(self.conflict_rows)
        if self.conflict_rows:
            self.conflicts_table.selectRow(0)
        self._fill_filters()
        self._show_conflict()
        self._tab_counts()
        self._filters_changed(at_once=True)

    def filters(self) -> dict[str, Any]:
        """The filters chosen: key → value (None: the bundles gave no value)."""
        chosen: dict[str, Any] = {}
        for key, combo in self.combos.items():
            index = combo.currentIndex()
            choices = self.choices[key]
            if 0 <= index < len(choices) and choices[index] is not _ALL:
                chosen[key] = choices[index]
        return chosen

    def grouping(self) -> tuple[str, ...]:
        return (str(self.group_combo.currentData() or GROUPINGS[0]),)

    def _fill_filters(self) -> None:
        """Each filter's values from the stored contests ("All" first, "(none)" last),
        keeping the value chosen."""
        chosen = self.filters()
        for key, combo in self.combos.items():
            values = {key_value(r, key) for r in self.records}
            present = sorted((v for v in values if v is not None), key=str)
            if key in chosen and chosen[key] not in values:
                present.append(chosen[key])  # still chosen: it stays in the list
            choices: list[Any] = [_ALL, *present, *([None] if None in values else [])]
            combo.blockSignals(True)
            combo.clear()
            for value in choices:
                if value is _ALL:
                    combo.addItem(_("All"))
                elif value is None:
                    combo.addItem(_(NO_VALUE))
                elif name := self.names.name(key, value, current_language()):
                    combo.addItem(_("{name} ({id})").format(name=name, id=value))
                else:
                    combo.addItem(str(value))
            self.choices[key] = choices
            combo.setCurrentIndex(choices.index(chosen[key]) if key in chosen else 0)
            combo.blockSignals(False)

    def clear_filters(self) -> None:
        for combo in self.combos.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self._filters_changed()

    def _filters_changed(self, at_once: bool = False) -> None:
        self.contests_proxy.set_filters(self.filters())
        self._count_shown()
        if at_once:
            self.refresh_timer.stop()
            self.update_indicators()
        else:
            self.refresh_timer.start()

    def update_indicators(self) -> None:
        """The tiles (one group of the filtered contests) and the charts (by the grouping
        chosen), each one aggregation in the database."""
        filters, keys = self.filters(), self.grouping()
        try:
            overall = indicators(self.engine, (), filters)
            groups = indicators(self.engine, keys, filters)
        except (DatabaseError, SQLAlchemyError) as error:
            self._problem(error)
            return
        self.tiles.show_group(overall[0] if overall and overall[0].figures["contests"]
                              else None)
        self.charts.show_groups(groups, keys, self.names)

    def _count_shown(self) -> None:
        shown, total = self.contests_proxy.rowCount(), len(self.records)
        if shown == total:
            text = ngettext("{count} contest", "{count} contests", total).format(count=total)
        else:
            text = ngettext("{shown} of {count} contest shown", "{shown} of {count} contests "
                            "shown", total).format(shown=shown, count=total)
        self.shown_label.setText(text)

    def _tab_counts(self) -> None:
        count = len(self.conflict_rows)
        page = self.form.child("conflictsPage")
        index = self.tabs.indexOf(page)
        self.tabs.setTabText(index, _("Conflicts ({count})").format(count=count)
                             if count else _("Conflicts"))
        self.tabs.tabBar().setTabTextColor(index, RED if count else
                                           self.tabs.palette().windowText().color())

    # -- copying -------------------------------------------------------------------------------
    def copy_cell(self) -> None:
        index = self.contests_table.currentIndex()
        if index.isValid():
            QGuiApplication.clipboard().setText(str(index.data(Qt.ItemDataRole.EditRole)))

    def copy_hash(self, column: int) -> None:
        index = self.contests_table.currentIndex()
        if index.isValid():
            QGuiApplication.clipboard().setText(str(
                index.siblingAtColumn(column).data(Qt.ItemDataRole.EditRole)))

    def save_stored_bundle(self) -> None:
        """The selected contest's stored bundle, byte for byte as it was ingested (what
        ``central export`` writes), to a file."""
        index = self.contests_table.currentIndex()
        if not index.isValid():
            return
        record = self.contests_proxy.record(index.row())
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the stored bundle"), f"{record.id}.json",
            _("Contest bundles (*.json)"))
        if not name:
            return
        from ...central.records import stored_bundle
        from ...files import reason, write_file

        try:
            write_file(Path(name), stored_bundle(self.engine, record.id))
        except OSError as error:
            QMessageBox.warning(self, _("Save the stored bundle"), _(
                "The bundle could not be written: {reason}").format(reason=reason(error)))
            return
        except (DatabaseError, SQLAlchemyError) as error:
            QMessageBox.warning(self, _("Save the stored bundle"), database_problem(error))
            return
        self.statusBar().showMessage(_("Exported to {file}").format(file=name), 10000)

    # -- the inbox -----------------------------------------------------------------------------
    def choose_inbox(self) -> None:
        start = self.places.settings.value("central/inbox", "") if self.places else ""
        folder = QFileDialog.getExistingDirectory(self, _("Watch a folder"), str(start or ""))
        if folder:
            self.watch(Path(folder))

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Ingest files"), "", _("Contest bundles (*.json)"))
        if names:
            self.tabs.setCurrentWidget(self.form.child("inboxPage"))
            self.inbox.ingest_files(list(names))

    def watch(self, folder: Path) -> None:
        if self.places is not None:
            self.places.settings.setValue("central/inbox", str(folder))
            self.places.settings.sync()
        self.inbox.watch(folder)
        self.tabs.setCurrentWidget(self.form.child("inboxPage"))
        self._show_inbox_folder()

    def stop_inbox(self) -> None:
        self.inbox.stop()
        self._show_inbox_folder()

    def _show_inbox_folder(self) -> None:
        folder = self.inbox.folder
        self.form.child("stopInboxButton").setEnabled(folder is not None)
        self.form.child("inboxLabel").setText(
            _("Watching {folder}: every bundle (*.json) copied there is verified and "
              "ingested.").format(folder=folder) if folder is not None else
            _("No folder is watched. Choose the folder where the offices' bundles arrive "
              "(a USB stick's, a shared folder)."))

    def _ingested(self, outcome: Outcome) -> None:
        self.log_lines.append((outcome, outcome.file, ""))
        self._add_line(len(self.log_lines) - 1)
        if outcome.kind != REFUSED:  # a conflict is recorded too
            self.reload_timer.start()

    def _ingest_failed(self, path: str, sentence: str) -> None:
        self.log_lines.append((None, path, sentence))
        self._add_line(len(self.log_lines) - 1)

    def _line(self, number: int) -> tuple[str, str]:
        outcome, path, sentence = self.log_lines[number]
        if outcome is None:
            return printable(_("{file} was not ingested: {reason}").format(
                file=path, reason=sentence)), RED.name()
        text = printable(f"{outcome.kind} {outcome.file}: {outcome.describe(_)}")
        colour = (RED.name() if outcome.kind in (REFUSED, CONFLICT) else
                  GREEN if outcome.kind in (NEW, EXTENDED) else GREY)
        return text, colour

    def _add_line(self, number: int) -> None:
        text, colour = self._line(number)
        item = QListWidgetItem(text)
        item.setForeground(QBrush(colour))
        item.setData(Qt.ItemDataRole.UserRole, colour)
        self.inbox_log.addItem(item)
        self.inbox_log.scrollToBottom()

    def _render_log(self) -> None:
        for number in range(self.inbox_log.count()):
            text, _colour = self._line(number)
            self.inbox_log.item(number).setText(text)

    # -- checking the stored copies again -------------------------------------------------------
    def check_again(self) -> None:
        """Every stored copy verified again, in the worker; the table says how it went."""
        if not self.records or self.recheck.running:
            return
        self.checking = [r.id for r in self.records]
        self.check_results = []
        self.recheck_button.setEnabled(False)
        self.tabs.setCurrentWidget(self.form.child("contestsPage"))
        self.recheck.start(self.records)
        self._say_checks()

    def _checked(self, checked: Checked) -> None:
        if self.check_results is not None:
            self.check_results.append(checked)
        self.contests_model.set_checked(checked)
        self._say_checks()

    def _rechecked(self) -> None:
        self.recheck_button.setEnabled(True)
        self._say_checks()
        bad = [c for c in self.check_results or [] if c.problem]
        if bad:
            QMessageBox.warning(self, _("Central office"), ngettext(
                "{count} stored copy does NOT verify: {contest}: {problem}",
                "{count} stored copies do NOT verify; the first: {contest}: {problem}",
                len(bad)).format(count=len(bad), contest=bad[0].contest,
                                 problem=bad[0].problem))

    def _say_checks(self) -> None:
        results = self.check_results
        if results is None:
            self.recheck_label.setText("")
            return
        total, bad = len(self.checking), sum(1 for c in results if c.problem)
        if self.recheck.running:
            text = _("Checking the stored copies: {done} of {count}…").format(
                done=len(results), count=total)
        elif bad:
            text = ngettext("{bad} of {count} stored copy does NOT verify: it is in red.",
                            "{bad} of {count} stored copies do NOT verify: they are in red.",
                            bad).format(bad=bad, count=total)
        else:
            text = ngettext("The {count} stored copy verifies again.",
                            "All {count} stored copies verify again.", total).format(
                count=total)
        self.recheck_label.setText(text)
        self.recheck_label.setStyleSheet(f"color: {RED.name()};" if bad else "")

    # -- conflicts -----------------------------------------------------------------------------
    def _selected_conflict(self) -> ConflictRecord | None:
        index = self.conflicts_table.currentIndex()
        rows = self.conflicts_model.rows
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def _show_conflict(self) -> None:
        record = self._selected_conflict()
        self.save_conflict_button.setEnabled(record is not None)
        self.conflict_details.setPlainText(describe(record) if record else (
            _("Choose a conflict to see it whole.") if self.conflict_rows else
            _("No conflict has been recorded.")))

    def save_conflict(self) -> None:
        record = self._selected_conflict()
        if record is not None and save_conflicting_copy(self, self.engine, record):
            self.statusBar().showMessage(_("The conflicting copy was saved."), 8000)

    # -- the report ----------------------------------------------------------------------------
    def save_report(self) -> None:
        write_report = report_writer()
        pdf, xlsx = _("PDF document (*.pdf)"), _("Excel workbook (*.xlsx)")
        name, chosen = QFileDialog.getSaveFileName(
            self, _("Save a report"), _("indicators") + ".pdf", f"{pdf};;{xlsx}")
        if not name:
            return
        path = Path(name)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in ("pdf", "xlsx"):
            fmt = "xlsx" if chosen == xlsx else "pdf"
            path = path.with_name(path.name + "." + fmt)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            write_report(self.engine, path, format=fmt, keys=self.grouping(),
                         filters=self.filters(), translate=_)
        except OSError as error:
            from ...files import reason

            QMessageBox.warning(self, _("Save a report"), _(
                "The report could not be written: {reason}").format(reason=reason(error)))
            return
        except (DatabaseError, SQLAlchemyError) as error:
            QMessageBox.warning(self, _("Save a report"), database_problem(error))
            return
        except Exception as error:  # the report's own failure: a sentence, not a traceback
            QMessageBox.warning(self, _("Save a report"), _(
                "The report could not be written: {reason}").format(
                reason=str(error) or type(error).__name__))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.statusBar().showMessage(_("Report written: {file}").format(file=path), 10000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Nothing more read once closed: the pending redraws are called off, the worker
        finishes its bundle, the engine's connections are closed."""
        self.refresh_timer.stop()
        self.reload_timer.stop()
        self.inbox.wait()
        self.recheck.wait()
        super().closeEvent(event)
        self.engine.dispose()
