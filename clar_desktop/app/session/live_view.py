"""The live session screen: running order, the current sheet's grid, the running result."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QTabBar, QWidget

from ...domain.changes import OPEN
from ...domain.model import text_in
from ...domain.state import Applied
from ...i18n import _, current_language
from ..forms import FormView, follow_language
from ..live import LiveContest
from .attendance import AttendanceModel
from .checklist import ChecklistModel, PointRole
from .dialogs import CorrectionDialog, RecusalDialog
from .leaving import LeavingDialog, come_back
from .presentation import PresentationTimer, clock_text
from .running_order import ProposalRole, RunningOrderModel, withdrawal_reason
from .score_delegate import ScoreDelegate
from .score_grid import ScoreGridModel
from .sheet_texts import sheet_texts
from .wrapping_header import WrappingHeader


class LiveSessionView(FormView):
    """What the secretary works in during the public session."""

    sheet_shown = Signal(str, str)
    """(proposal, phase) now on screen."""

    def __init__(self, live: LiveContest, parent: QWidget | None = None) -> None:
        super().__init__("live_session", parent)
        self.live = live
        self.order = RunningOrderModel(live)
        self.order_view = self.form.child("runningOrder")
        self.order_view.setModel(self.order)
        self.order_view.setWordWrap(True)
        self.order_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.order_view.setSpacing(2)
        self.attendance = AttendanceModel(live)
        self.form.child("attendanceList").setModel(self.attendance)
        self.attendance.leaving.connect(self.juror_leaves)
        self.attendance.returning.connect(lambda juror: come_back(self, self.live, juror))
        self.checklist = ChecklistModel(live)
        self.checklist_view = self.form.child("checklistList")
        self.checklist_view.setModel(self.checklist)
        self.checklist_view.activated.connect(self.go_to_point)
        self.checklist.changed.connect(self._show_checklist_title)
        self._show_checklist_title()
        self.grid = ScoreGridModel(live)
        self.grid_view = self.form.child("scoreGrid")
        self.grid_view.setModel(self.grid)
        delegate = ScoreDelegate(self.grid_view, self.grid.check)
        self.grid_view.setItemDelegate(delegate)
        # After the last criterion, Enter and Tab go on to the next juror's first value.
        delegate.closeEditor.connect(lambda *_args: QTimer.singleShot(0, self._wrap_cursor))
        self.grid_view.setTabKeyNavigation(True)
        self.grid_view.installEventFilter(self)
        self.grid_view.setHorizontalHeader(WrappingHeader(self.grid_view))
        header = self.grid_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        # Values are typed from paper at full speed: large, legible cells.
        plain = self.grid_view.font()
        font = self.grid_view.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.grid_view.setFont(font)
        header.setFont(plain)
        self.grid_view.verticalHeader().setFont(font)
        self.grid_view.verticalHeader().setDefaultSectionSize(
            int(self.grid_view.fontMetrics().height() * 1.9))
        title_font = self.form.child("proposalTitle").font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.5)
        title_font.setBold(True)
        self.form.child("proposalTitle").setFont(title_font)
        result_font = self.form.child("resultLabel").font()
        result_font.setPointSizeF(result_font.pointSizeF() * 1.2)
        result_font.setBold(True)
        self.form.child("resultLabel").setFont(result_font)
        self.form.child("resultLabel").setMinimumWidth(200)
        # The running order keeps a readable width; the grid takes the rest (and scrolls
        # sideways rather than squeezing the list when a sheet has many criteria).
        self.form.child("orderBox").setMinimumWidth(280)
        splitter = self.form.child("splitter")
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([330, 1000])
        header.setHighlightSections(False)
        # QUiLoader cannot build a bare QTabBar: the form holds its place.
        holder = self.form.child("phaseTabsHolder")
        self.tabs = QTabBar(holder)
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.tabs)
        holder_layout.addStretch(1)
        self.phases: list[str] = []
        self.proposal: str | None = None
        self._image_shown: tuple[str | None, str | None] | None = None
        self.order_view.selectionModel().currentChanged.connect(self._on_proposal_chosen)
        self.tabs.currentChanged.connect(self._on_phase_chosen)
        self.form.child("confirmButton").clicked.connect(self.confirm_current_sheet)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.confirm_current_sheet)
        self.form.child("correctButton").clicked.connect(self.correct_current_cell)
        QShortcut(QKeySequence("Ctrl+K"), self, self.correct_current_cell)
        self.timer = PresentationTimer(self)
        self.timer.ticked.connect(lambda _seconds: self._show_timer())
        self.form.child("presentButton").clicked.connect(self.present_current_proposal)
        QShortcut(QKeySequence("Ctrl+P"), self, self.present_current_proposal)
        self.form.child("timerButton").clicked.connect(self.timer.toggle)
        QShortcut(QKeySequence("Ctrl+T"), self, self.timer.toggle)
        self.form.child("recuseButton").clicked.connect(self.recuse_current_juror)
        QShortcut(QKeySequence("Ctrl+R"), self, self.recuse_current_juror)
        # Moving through the session by keyboard: items in running order, phases, jurors.
        QShortcut(QKeySequence("PgDown"), self, lambda: self.step_proposal(1))
        QShortcut(QKeySequence("PgUp"), self, lambda: self.step_proposal(-1))
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self.step_phase(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self.step_phase(-1))
        # Presenting in another order than planned: the entry moves among its kind.
        QShortcut(QKeySequence("Ctrl+Shift+Up"), self, lambda: self.move_current(-1))
        QShortcut(QKeySequence("Ctrl+Shift+Down"), self, lambda: self.move_current(1))
        self.form.child("moveUpButton").clicked.connect(lambda: self.move_current(-1))
        self.form.child("moveDownButton").clicked.connect(lambda: self.move_current(1))
        for number in range(1, 10):
            QShortcut(QKeySequence(f"Alt+{number}"), self,
                      lambda row=number - 1: self.go_to_juror(row))
        live.applied.connect(self._on_applied)
        follow_language(self, self._retranslate)
        self._fill_phases()
        if self.order.rowCount():
            self.order_view.setCurrentIndex(self.order.index(0))

    # -- choosing what to show ---------------------------------------------------------------
    def _fill_phases(self) -> None:
        """The phase tabs of the entry on screen: the contest's phases for a proposal, the
        follow-up phases for a second-tranche item (the tab chosen kept where it can be)."""
        contest = self.live.state.contest
        assert contest is not None
        item = self.proposal is not None and contest.followup_item(self.proposal) is not None
        phases = (contest.followups.phases if item and contest.followups is not None
                  else contest.phases)
        ids = [p.id for p in phases]
        if ids == self.phases and self.tabs.count() == len(ids):
            return
        place = self.tabs.currentIndex()
        blocked = self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        self.phases = ids
        for phase in phases:
            self.tabs.addTab(text_in(phase.name, current_language()))
        self.tabs.setCurrentIndex(min(max(place, 0), len(ids) - 1))
        self.tabs.blockSignals(blocked)

    def _retranslate(self) -> None:
        contest = self.live.state.contest
        assert contest is not None
        for index, phase_id in enumerate(self.phases):
            phase = contest.phase(phase_id)
            if phase is not None:
                self.tabs.setTabText(index, text_in(phase.name, current_language()))
        self.checklist.retranslate()
        self.grid_view.horizontalHeader().fit_minimum()
        self._refresh_texts()

    def show_proposal(self, proposal: str, phase: str | None = None) -> None:
        self.order_view.setCurrentIndex(self.order.index(self.order.row_of(proposal)))
        if phase is not None and phase in self.phases:  # the entry's own phases
            self.tabs.setCurrentIndex(self.phases.index(phase))

    def _on_proposal_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        self.proposal = current.data(ProposalRole)
        self._fill_phases()
        self._show_sheet()

    def go_to_point(self, index: QModelIndex) -> None:
        """Show the sheet or item an open point of the checklist is about."""
        point = index.data(PointRole)
        if point is None or self.order.row_of(point.item) < 0:
            return
        self.show_proposal(point.item, point.phase)
        rows = [row for row, juror in enumerate(self.grid.jurors) if juror.id == point.juror]
        if rows:
            self.grid_view.setCurrentIndex(self.grid.index(rows[0], 0))
        self.grid_view.setFocus()

    def _show_checklist_title(self) -> None:
        title = self.form.child("checklistTitle")
        title.setText(self.checklist.summary())
        font = title.font()
        font.setBold(bool(self.checklist.points))
        title.setFont(font)

    def _on_phase_chosen(self, _index: int) -> None:
        self._show_sheet()

    def current_phase(self) -> str | None:
        index = self.tabs.currentIndex()
        return self.phases[index] if 0 <= index < len(self.phases) else None

    def _show_sheet(self) -> None:
        phase = self.current_phase()
        if self.proposal is None or phase is None:
            return
        self.grid.show_sheet(self.proposal, phase)
        self.grid_view.horizontalHeader().fit_minimum()
        self.sheet_shown.emit(self.proposal, phase)
        self.grid_view.setCurrentIndex(self.grid.index(0, 0))
        self.grid_view.setFocus()
        self._refresh_texts()

    def _wrap_cursor(self) -> None:
        index = self.grid_view.currentIndex()
        if index.isValid() and index.column() >= len(self.grid.criteria):
            row = min(index.row() + 1, self.grid.rowCount() - 1)
            self.grid_view.setCurrentIndex(self.grid.index(row, 0))

    # -- actions -------------------------------------------------------------------------------
    def confirm_current_sheet(self) -> None:
        """The juror of the selected row said "conforme" after the read-back."""
        index = self.grid_view.currentIndex()
        phase = self.current_phase()
        if not index.isValid() or self.proposal is None or phase is None:
            return
        juror = self.grid.jurors[index.row()].id
        if self.live.apply("sheet.confirmed", {"juror": juror, "proposal": self.proposal,
                                               "phase": phase}):
            next_row = min(index.row() + 1, self.grid.rowCount() - 1)
            self.grid_view.setCurrentIndex(self.grid.index(next_row, 0))

    def correct_current_cell(self) -> None:
        """Correct the selected value of a confirmed sheet, with a reason."""
        index = self.grid_view.currentIndex()
        if not index.isValid() or self.proposal is None:
            return
        if index.column() >= len(self.grid.criteria):
            index = self.grid.index(index.row(), 0)
        dialog = CorrectionDialog(self, self.live, self.grid.jurors[index.row()].id,
                                  self.proposal, self.grid.criteria[index.column()])
        dialog.exec()
        self.grid_view.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's)
        """Delete and Backspace on the grid (not while typing in a cell) clear the value;
        Ctrl+End goes to the last cell a value can be typed in (not the total)."""
        if (watched is self.grid_view and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and self.grid_view.state() != QAbstractItemView.State.EditingState):
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_current_cell()
                return True
            control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if event.key() == Qt.Key.Key_End and control:
                self.go_to_last_editable_cell()
                return True
            alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if alt and Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9:
                # The grid would take Alt+digit as typing a value: the juror's row first.
                self.go_to_juror(event.key() - Qt.Key.Key_1)
                return True
        return bool(super().eventFilter(watched, event))

    # -- moving by keyboard --------------------------------------------------------------------
    def step_proposal(self, step: int) -> None:
        """The next (1) or previous (-1) proposal in running order."""
        row = self.order_view.currentIndex().row() + step
        if 0 <= row < self.order.rowCount():
            self.order_view.setCurrentIndex(self.order.index(row))

    def move_current(self, step: int) -> None:
        """Move the entry chosen in the running order a place earlier (-1) or later (1)
        among its kind; the running order keeps it chosen."""
        row = self.order_view.currentIndex().row()
        problem = self.order.move(row, step)
        if problem is not None:
            self.live.refused.emit(problem)

    def step_phase(self, step: int) -> None:
        index = self.tabs.currentIndex() + step
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def go_to_juror(self, row: int) -> None:
        """Alt+1 … Alt+9: the first value of that juror's row, in the grid's order (Ctrl+1 …
        Ctrl+7 choose the projector's scene)."""
        if 0 <= row < self.grid.rowCount():
            self.grid_view.setCurrentIndex(self.grid.index(row, 0))
            self.grid_view.setFocus()

    def go_to_last_editable_cell(self) -> None:
        editable = [(row, column) for row in range(self.grid.rowCount())
                    for column in range(len(self.grid.criteria))
                    if self.grid.flags(self.grid.index(row, column))
                    & Qt.ItemFlag.ItemIsEditable]
        if editable:
            self.grid_view.setCurrentIndex(self.grid.index(*editable[-1]))

    def clear_current_cell(self) -> None:
        """Take the selected value off: at once on a sheet not yet read back; on a confirmed
        one through the correction dialog, which asks the reason."""
        index = self.grid_view.currentIndex()
        if (not index.isValid() or self.proposal is None or self.live.state.closed
                or index.column() >= len(self.grid.criteria)
                or self.grid.unavailable_reason(index.row())):
            return
        if self.grid.is_confirmed(index.row()):
            criterion = self.grid.criteria[index.column()]
            juror = self.grid.jurors[index.row()].id
            if self.live.state.current_value(juror, self.proposal, criterion.id) is not None:
                dialog = CorrectionDialog(self, self.live, juror, self.proposal, criterion)
                dialog.fill("", "")
                dialog.form.child("reasonEdit").setFocus()
                dialog.exec()
        else:
            self.grid.clear(index)
        self.grid_view.setFocus()

    def present_current_proposal(self) -> None:
        """The selected proposal is now presenting: say so to everyone, start its timer."""
        if self.proposal is not None:
            self.live.apply("presentation.started", {"proposal": self.proposal})

    def _show_timer(self) -> None:
        # The timer is the presenting proposal's: shown beside it only, and not once the
        # session is closed.
        presenting = (self.live.state.presenting is not None
                      and self.live.state.presenting == self.proposal
                      and self.live.state.session == OPEN)
        self.form.child("timerButton").setEnabled(presenting)
        self.form.child("timerButton").setText(
            _("Pause the timer") if self.timer.running else _("Resume the timer"))
        self.form.child("timerLabel").setText(
            _("Presenting for {time}").format(time=clock_text(self.timer.seconds))
            if presenting else "")

    def _show_image(self) -> None:
        shown = (self.proposal, self.live.state.images.get(self.proposal or ""))
        if shown == self._image_shown:
            return  # the same picture: do not read it again on every keystroke
        self._image_shown = shown
        label = self.form.child("proposalImage")
        found = None
        if shown[1] is not None and self.proposal is not None:
            found = self.live.service.proposal_image(self.live.contest_id, self.proposal)
        pixmap = QPixmap()
        if found is not None and pixmap.loadFromData(found[0]):
            label.setPixmap(pixmap.scaled(180, 120, Qt.AspectRatioMode.KeepAspectRatio,
                                          Qt.TransformationMode.SmoothTransformation))
        else:
            label.clear()

    def juror_leaves(self, juror: str) -> None:
        """Ask from which proposal on she is absent (the one presenting, by default, else
        the one on screen), and record it."""
        first = self.live.state.presenting or self.proposal
        LeavingDialog(self, self.live, juror, first).exec()

    def withdraw_current_proposal(self) -> bool:
        """Record that the proposal shown did not present, or withdrew (asks its reason)."""
        if self.proposal is None:
            return False
        from .withdrawal import WithdrawalDialog

        done = WithdrawalDialog(self, self.live, self.proposal).exec()
        self.grid_view.setFocus()
        return done

    def recuse_current_juror(self) -> None:
        """Record that the selected juror takes no part in scoring this proposal."""
        index = self.grid_view.currentIndex()
        if not index.isValid() or self.proposal is None:
            return
        RecusalDialog(self, self.live, self.grid.jurors[index.row()].id, self.proposal).exec()
        self.grid_view.setFocus()

    # -- texts that follow the state -----------------------------------------------------------
    def _on_applied(self, event: dict[str, Any], applied: Applied) -> None:
        if event["kind"] == "presentation.started":
            self.timer.restart()
        elif event["kind"] == "session.closed":
            self.timer.stop()
        if applied.everything:
            self._fill_phases()
            self._keep_chosen()
        if applied.everything or self.proposal in applied.proposals or not applied.proposals:
            self._refresh_texts()

    def _keep_chosen(self) -> None:
        """After the running order was rebuilt (an entry moved, the definition changed), the
        entry on screen is chosen again, without taking the keyboard from where it is."""
        row = self.order.row_of(self.proposal) if self.proposal is not None else -1
        if row < 0:
            return
        selection = self.order_view.selectionModel()
        blocked = selection.blockSignals(True)
        self.order_view.setCurrentIndex(self.order.index(row))
        selection.blockSignals(blocked)
        self.order_view.scrollTo(self.order.index(row))

    def _refresh_texts(self) -> None:
        state = self.live.state
        if state.contest is None or state.tally is None or self.proposal is None:
            return
        if self.order.row_of(self.proposal) < 0:
            return  # removed while being prepared elsewhere
        texts = sheet_texts(state, self.proposal)
        self.form.child("proposalTitle").setText(texts.title)
        self.form.child("proposalDetails").setText(texts.details)
        self._show_image()
        reason = withdrawal_reason(state, self.proposal)
        self.form.child("presentButton").setEnabled(reason is None)  # it did not come
        self.form.child("resultLabel").setText(texts.result)
        # A place earlier or later among its kind, while the session is not closed.
        row = self.order.row_of(self.proposal)
        for name, step in (("moveUpButton", -1), ("moveDownButton", 1)):
            self.form.child(name).setEnabled(not state.closed
                                             and self.order.can_move(row, step))
        confirmed, total = self.order.total_progress()
        self.form.child("quorumLabel").setText(self.attendance.quorum_text())
        self._show_timer()
        self.form.child("progressLabel").setText(
            _("{done} of {total} sheets confirmed").format(done=confirmed, total=total))
