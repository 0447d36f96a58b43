"""Dialogs of the live session (Designer forms): correcting a confirmed value, a recusal.

Each dialog submits through the live contest and stays open, saying why in one sentence,
when the change is refused; it closes only once the change is committed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QListWidgetItem, QWidget

from ...domain.model import Criterion, text_in
from ...domain.numbers import decimal_text
from ...i18n import Later, _, current_language, ngettext
from ..dialogs import _SubmitDialog
from ..forms import follow_language
from ..live import LiveContest
from .score_grid import check_typed, parse_value


def taken_off(count: int, listed: str) -> str:
    """The sentence a recusal or an absence shows before it takes values off."""
    return ngettext("{count} value already entered is taken off, and the minutes say so: "
                    "{values}.",
                    "{count} values already entered are taken off, and the minutes say so: "
                    "{values}.", count).format(count=count, values=listed)


class CorrectionDialog(_SubmitDialog):
    """A new value and its reason for one cell of a confirmed sheet."""

    def __init__(self, parent: QWidget | None, live: LiveContest, juror: str, proposal: str,
                 criterion: Criterion) -> None:
        super().__init__("correction_dialog", parent, live)
        self.juror, self.proposal, self.criterion = juror, proposal, criterion
        contest = live.state.contest
        assert contest is not None
        self.juror_name = next(j.name for j in contest.jurors if j.id == juror)
        self._retranslate()
        follow_language(self.dialog, self._retranslate)
        self.form.child("valueEdit").setFocus()

    def _retranslate(self) -> None:
        current = self.live.state.current_value(self.juror, self.proposal, self.criterion.id)
        self.form.child("cellLabel").setText(
            _("{juror} — {criterion}: the value now is {value}").format(
                juror=self.juror_name,
                criterion=text_in(self.criterion.name, current_language()),
                value="—" if current is None else decimal_text(current))
            + "\n" + _("Leave the new value empty to take the value off."))

    def fill(self, value: str, reason: str) -> None:
        self.form.child("valueEdit").setText(value)
        self.form.child("reasonEdit").setText(reason)

    def submit(self) -> str | None:
        text = self.form.child("valueEdit").text()
        reason = self.form.child("reasonEdit").text().strip()
        if not text.strip():
            return self._remove(reason)
        if check_typed(self.criterion, text) is not None:
            return Later(lambda: check_typed(self.criterion, text) or "")
        if not reason:
            return Later(lambda: _("Say why the value is corrected: the reason is printed in "
                                   "the minutes."))
        value = parse_value(text)
        assert value is not None
        return self.live.explain_apply("score.corrected", {
            "juror": self.juror, "proposal": self.proposal, "criterion": self.criterion.id,
            "value": decimal_text(value), "reason": reason})


    def _remove(self, reason: str) -> str | None:
        """No new value: the value is taken off, with the reason (printed in the acta)."""
        if not reason:
            return Later(lambda: _("Say why the value is taken off: the reason is printed in "
                                   "the minutes."))
        return self.live.explain_apply("score.removed", {
            "juror": self.juror, "proposal": self.proposal, "criterion": self.criterion.id,
            "reason": reason})


class RecusalDialog(_SubmitDialog):
    """The reason a juror takes no part in scoring a proposal."""

    def __init__(self, parent: QWidget | None, live: LiveContest, juror: str,
                 proposal: str) -> None:
        super().__init__("recusal_dialog", parent, live)
        self.juror, self.proposal = juror, proposal
        contest = live.state.contest
        assert contest is not None
        found = contest.proposal(proposal) or contest.followup_item(proposal)
        self.juror_name = next(j.name for j in contest.jurors if j.id == juror)
        self.organization = found.organization if found else proposal
        self._retranslate()
        follow_language(self.dialog, self._retranslate)
        self.form.child("reasonEdit").setFocus()

    def _retranslate(self) -> None:
        text = _("{juror} takes no part in scoring {organization}.").format(
            juror=self.juror_name, organization=self.organization)
        values = self.live.state.juror_values(self.juror, self.proposal)
        if values:
            contest = self.live.state.contest
            assert contest is not None
            names = {c.id: text_in(c.name, current_language())
                     for phase in contest.all_phases for c in phase.criteria}
            listed = "; ".join(f"{names.get(c, c)}: {decimal_text(v)}" for c, v in values.items())
            text += "\n" + taken_off(len(values), listed)
        self.form.child("cellLabel").setText(text)

    def fill(self, reason: str) -> None:
        self.form.child("reasonEdit").setText(reason)

    def submit(self) -> str | None:
        reason = self.form.child("reasonEdit").text().strip()
        if not reason:
            return Later(lambda: _("Say why the juror is recused: the reason is shown and "
                                   "printed."))
        return self.live.explain_apply("recusal.recorded", {
            "juror": self.juror, "proposal": self.proposal, "reason": reason})


class DrawDialog(_SubmitDialog):
    """The order a public draw gave to tied proposals, winner first."""

    def __init__(self, parent: QWidget | None, live: LiveContest, proposals: list[str]) -> None:
        super().__init__("draw_dialog", parent, live)
        self.proposals = list(proposals)
        contest = live.state.contest
        assert contest is not None
        self.names = {p.id: p.organization for p in contest.proposals}
        self.list = self.form.child("orderList")
        for pid in self.proposals:
            item = QListWidgetItem(self.names.get(pid, pid))
            item.setData(Qt.ItemDataRole.UserRole, pid)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.form.child("upButton").clicked.connect(lambda: self.move(-1))
        self.form.child("downButton").clicked.connect(lambda: self.move(1))
        QShortcut(QKeySequence("Alt+Up"), self.dialog, lambda: self.move(-1))
        QShortcut(QKeySequence("Alt+Down"), self.dialog, lambda: self.move(1))

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)

    def order(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.list.count())]

    def submit(self) -> str | None:
        return self.live.explain_apply("draw.recorded", {"proposals": self.proposals,
                                                         "order": self.order()})
