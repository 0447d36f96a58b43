"""What every dialog that submits a change shares (Designer forms).

Each dialog submits through the live contest and stays open, saying why in one sentence,
when the change is refused; it closes only once the change is committed. The dialogs are in
their rooms: session/dialogs.py (a correction, a recusal, a draw) and
prepare/import_preview.py.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from .forms import Form, Message
from .live import LiveContest


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

    def _message(self) -> Message:
        return Message(self.form.child("problemLabel"))

    def say(self, problem: str) -> None:
        """Show why the change was not made (a `Later` follows a change of language)."""
        self.message.say(problem)

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
