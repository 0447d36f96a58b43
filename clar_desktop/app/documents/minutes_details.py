"""The minutes' details: the acta's number, its agenda, the other attendees (with their DNI),
the resolution that constituted the CLAR and the custody of the paper sheets, recorded
through the live contest as ``minutes.details_set`` (Designer form).

The custody statement starts empty, the acta's usual sentence (`labels.custody_sentence`, with
the contest's office or place) shown in its place; an empty box prints that sentence in each
of the acta's languages, a typed one is printed as typed.

The agenda is the session's one agenda: the projector's agenda scene shows it and the acta
prints it. With none recorded both use the usual one (`labels.DEFAULT_AGENDA`), in each
reader's languages; the dialog shows that usual agenda in the secretary's language to start
from, and an agenda left exactly as shown stays "the usual one".
"""


from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QHeaderView, QTableWidgetItem, QWidget

from ...domain.changes import (
    ATTENDEE_GROUPS,
    MINUTES_DETAILS_SET,
    Attendee,
    MinutesDetails,
    minutes_details_data,
)
from ...i18n import _
from ...labels import ATTENDEE_GROUP_LABELS, DEFAULT_AGENDA, custody_sentence
from ..forms import Form, Message, follow_language
from ..live import LiveContest


class MinutesDetailsDialog:
    """The acta's number, agenda, other attendees, resolution and custody statement, recorded
    as ``minutes.details_set``."""

    def __init__(self, parent: QWidget | None, live: LiveContest,
                 focus: str | None = None) -> None:
        """``focus="agenda"``: the cursor starts in the agenda (Audience ▸ Edit the agenda)."""
        self.live = live
        self.form = Form("minutes_details", parent)
        self.dialog: QDialog = self.form.widget  # type: ignore[assignment]
        self.message = Message(self.form.child("problemLabel"))
        self.table = self.form.child("attendeesTable")
        buttons = self.form.child("buttons")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.dialog.reject)
        self.form.child("addButton").clicked.connect(lambda: self.add_person())
        self.form.child("removeButton").clicked.connect(self.remove_selected)
        follow_language(self.dialog, self._retranslate)
        details = live.state.minutes
        self.form.child("numberEdit").setText(details.number or "")
        self.form.child("resolutionEdit").setText(details.resolution or "")
        self.form.child("custodyEdit").setPlainText(details.custody or "")
        self.usual_agenda = [_(item) for item in DEFAULT_AGENDA]
        agenda = self.form.child("agendaEdit")
        agenda.setPlainText("\n".join(details.agenda or self.usual_agenda))
        if focus == "agenda":
            agenda.setFocus()
        for person in details.attendees:
            self.add_person(person)
        self._retranslate()

    def _retranslate_agenda(self) -> None:
        """The usual agenda, as long as it is shown untouched, in the new language."""
        box = self.form.child("agendaEdit")
        usual = [_(item) for item in DEFAULT_AGENDA]
        if box.toPlainText().splitlines() == self.usual_agenda and usual != self.usual_agenda:
            box.setPlainText("\n".join(usual))
        self.usual_agenda = usual

    def _retranslate(self) -> None:
        self._retranslate_agenda()
        self._retranslate_table()
        contest = self.live.state.contest
        if contest is not None:  # the usual sentence, as the acta would print it
            msgid, params = custody_sentence(contest)
            self.form.child("custodyEdit").setPlaceholderText(
                _("Empty: the usual sentence, “{sentence}”").format(
                    sentence=_(msgid).format(**params)))

    def _retranslate_table(self) -> None:
        self.table.setHorizontalHeaderLabels([_("Name"), _("Role or cargo"), _("Group"),
                                              _("DNI")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        for row in range(self.table.rowCount()):
            box = self.table.cellWidget(row, 2)
            for i, group in enumerate(ATTENDEE_GROUPS):
                box.setItemText(i, _(ATTENDEE_GROUP_LABELS[group]))

    def add_person(self, person: Attendee | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(person.name if person else ""))
        self.table.setItem(row, 1, QTableWidgetItem(person.role if person else ""))
        box = QComboBox()
        for group in ATTENDEE_GROUPS:
            box.addItem(_(ATTENDEE_GROUP_LABELS[group]), group)
        box.setCurrentIndex(ATTENDEE_GROUPS.index(person.group if person else "guest"))
        self.table.setCellWidget(row, 2, box)
        self.table.setItem(row, 3, QTableWidgetItem(person.document or "" if person else ""))
        if person is None:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(self.table.item(row, 0))

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def details(self) -> MinutesDetails:
        people = []

        def cell(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return (item.text() if item else "").strip()

        for row in range(self.table.rowCount()):
            if name := cell(row, 0):
                people.append(Attendee(name, cell(row, 1),
                                       self.table.cellWidget(row, 2).currentData(),
                                       cell(row, 3) or None))
        agenda = [line.strip() for line in
                  self.form.child("agendaEdit").toPlainText().splitlines() if line.strip()]
        if agenda == self.usual_agenda:
            agenda = []  # the usual agenda, in every reader's language
        number = self.form.child("numberEdit").text().strip() or None
        resolution = self.form.child("resolutionEdit").text().strip() or None
        custody = self.form.child("custodyEdit").toPlainText().strip() or None
        return MinutesDetails(number, tuple(agenda), tuple(people), resolution, custody)

    def submit(self) -> str | None:
        """Record the details; None when committed, else why not (one sentence)."""
        return self.live.explain_apply(MINUTES_DETAILS_SET,
                                       minutes_details_data(self.details()))

    def _submit(self) -> None:
        problem = self.submit()
        if problem is None:
            self.dialog.accept()
        else:
            self.message.say(problem)

    def exec(self) -> bool:
        return bool(self.dialog.exec() == QDialog.DialogCode.Accepted)
