"""Where the secretary was: the contest, proposal and phase last shown, per database.

Saved on every move (not only on quitting), so that after a power cut or a crash the app
reopens exactly where the session stood.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from ..i18n import available_languages
from ..paths import data_dir


class Places:
    """A small settings file in the user's data folder."""

    def __init__(self) -> None:
        self.settings = QSettings(str(data_dir() / "places.ini"), QSettings.Format.IniFormat)

    @staticmethod
    def _key(database: str) -> str:
        return "db-" + "".join(ch if ch.isalnum() else "_" for ch in database)[-120:]

    def last_contest(self, database: str) -> str | None:
        value = self.settings.value(f"{self._key(database)}/contest")
        return str(value) if value else None

    def last_sheet(self, database: str, contest: str) -> tuple[str, str] | None:
        key = self._key(database)
        if self.settings.value(f"{key}/contest") != contest:
            return None
        proposal, phase = (self.settings.value(f"{key}/proposal"),
                           self.settings.value(f"{key}/phase"))
        return (str(proposal), str(phase)) if proposal and phase else None

    def remember(self, database: str, contest: str, proposal: str | None = None,
                 phase: str | None = None) -> None:
        key = self._key(database)
        self.settings.setValue(f"{key}/contest", contest)
        if proposal and phase:
            self.settings.setValue(f"{key}/proposal", proposal)
            self.settings.setValue(f"{key}/phase", phase)
        self.settings.sync()

    # -- the secretary's language -------------------------------------------------------------
    def ui_language(self) -> str | None:
        """The language last chosen from the Language menu (None: never chosen)."""
        value = self.settings.value("ui/language")
        return str(value) if value in available_languages() else None

    def set_ui_language(self, language: str) -> None:
        self.settings.setValue("ui/language", language)
        self.settings.sync()

    # -- the audience window's choices (display only, not part of the contest's record) ------
    def audience_language(self) -> str:
        value = self.settings.value("audience/language")
        return str(value) if value in ("es", "qu", "es+qu") else "es"

    def set_audience_language(self, mode: str) -> None:
        self.settings.setValue("audience/language", mode)
        self.settings.sync()

    # -- the phones' server (Audience ▸ Phones) ----------------------------------------------
    def phones_choice(self) -> tuple[str | None, int]:
        """The address and port the phones' server last listened on."""
        address = self.settings.value("phones/address")
        try:
            port = int(str(self.settings.value("phones/port", 8080)))
        except ValueError:
            port = 8080
        return (None if address is None else str(address),
                port if 1024 <= port <= 65535 else 8080)

    def set_phones_choice(self, address: str, port: int) -> None:
        self.settings.setValue("phones/address", address)
        self.settings.setValue("phones/port", port)
        self.settings.sync()

    # -- the documents dialog's choices ------------------------------------------------------
    def document_choice(self, name: str, default: str) -> str:
        """A remembered choice of the documents dialog (language, paper, folder, logos)."""
        value = self.settings.value(f"documents/{name}")
        return default if value is None else str(value)

    def set_document_choice(self, name: str, value: str) -> None:
        self.settings.setValue(f"documents/{name}", value)
        self.settings.sync()
