"""Quitting while the session is open: the secretary confirms first, since the projector goes
dark with the main window. Nothing else is at stake — every score is saved as it is entered —
so while the session is being prepared or is closed the program quits without a question."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ..i18n import _


def confirm_quit(parent: QWidget) -> bool:
    """Ask whether to quit while the session is open; True: quit. Cancel (the default, and
    Escape) keeps everything open."""
    box = QMessageBox(QMessageBox.Icon.Question, _("Quit CLAR Desktop"), _(
        "The session is still open. If you quit now, the projector goes dark."), parent=parent)
    box.setInformativeText(_(
        "Nothing is lost: every score is already saved. Opening CLAR Desktop again brings "
        "the session back where it stands."))
    quit_button = box.addButton(_("Quit"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is quit_button
