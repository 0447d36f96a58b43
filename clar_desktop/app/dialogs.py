"""What every dialog that submits a change shares (Designer forms).

Each dialog submits through the live contest and stays open, saying why in one sentence,
when the change is refused; it closes only once the change is committed. The dialogs are in
their rooms: session/dialogs.py (a correction, a recusal, a draw) and
prepare/import_preview.py.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget
from shiboken6 import isValid

from .forms import Form, Message
from .live import LiveContest


class _FitOnShow(QObject):
    def __init__(self, owner: _SubmitDialog) -> None:
        super().__init__(owner.dialog)
        self.owner = owner

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # A language change may reach the filter while its dialog is being deleted.
        if event.type() in (QEvent.Type.Show, QEvent.Type.LanguageChange) \
                and isValid(self.owner.dialog):
            self.owner.fit()
        return False


class _SubmitDialog:
    """A form whose OK button submits a change; refusals are shown, not closing it."""

    def __init__(self, form_name: str, parent: QWidget | None, live: LiveContest) -> None:
        self.form = Form(form_name, parent)
        self.dialog: QDialog = self.form.widget
        self.live = live
        buttons = self.form.child("buttons")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.dialog.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.message = self._message()
        # Long sentences (the values a recusal takes off, a refusal) wrap and the dialog
        # grows to show them whole, never cut at its top or bottom.
        self.dialog.setMinimumWidth(max(self.dialog.width(), 560))
        self._fitter = _FitOnShow(self)
        self.dialog.installEventFilter(self._fitter)

    def fit(self) -> None:
        """As tall as its wrapped texts need at its width (up to the screen's height)."""
        layout = self.dialog.layout()
        if layout is None:
            return
        width = self.dialog.width()
        needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() \
            else layout.totalSizeHint().height()
        screen = self.dialog.screen()
        if screen is not None:
            needed = min(needed, screen.availableGeometry().height() - 60)
        if needed > self.dialog.height():
            self.dialog.resize(width, needed)

    def _message(self) -> Message:
        return Message(self.form.child("problemLabel"))

    def say(self, problem: str) -> None:
        """Show why the change was not made (a `Later` follows a change of language)."""
        self.message.say(problem)
        self.fit()

    def _submit(self) -> None:
        problem = self.submit()
        if problem is None:
            self.dialog.accept()
        else:
            self.say(problem)

    def submit(self) -> str | None:
        raise NotImplementedError

    def exec(self) -> bool:
        """Run the dialog; it is deleted afterwards (with its language listener)."""
        accepted = self.dialog.exec() == QDialog.DialogCode.Accepted
        self.dialog.deleteLater()
        return bool(accepted)
