"""Automatic backups during a session: every few minutes, and when the session closes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from ..backup import backup
from ..files import reason
from ..i18n import _
from ..paths import data_dir
from ..store.integrity import StoreChanged
from .live import LiveContest

DEFAULT_MINUTES = 10


class BackupSettings:
    """Where backups go and how often (kept beside the remembered places)."""

    def __init__(self) -> None:
        self.settings = QSettings(str(data_dir() / "places.ini"), QSettings.Format.IniFormat)

    @property
    def folder(self) -> Path:
        value = self.settings.value("backup/folder")
        return Path(str(value)) if value else data_dir() / "backups"

    @folder.setter
    def folder(self, path: Path) -> None:
        self.settings.setValue("backup/folder", str(path))
        self.settings.sync()

    @property
    def minutes(self) -> int:
        try:
            return max(1, int(str(self.settings.value("backup/minutes", DEFAULT_MINUTES))))
        except ValueError:
            return DEFAULT_MINUTES


class AutoBackup(QObject):
    """Backs up while the session is open and once more when it is closed."""

    done = Signal(str)
    """The path of a backup just written."""
    failed = Signal(str)
    """Why a backup could not be written (the folder is gone: the stick was pulled out)."""

    def __init__(self, live: LiveContest, settings: BackupSettings | None = None) -> None:
        super().__init__(live)
        self.live = live
        self.settings = settings or BackupSettings()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.backup_now)
        live.applied.connect(self._on_applied)
        self._follow_session()

    def _follow_session(self) -> None:
        if self.live.state.session == "open":
            self.timer.start(self.settings.minutes * 60_000)
        else:
            self.timer.stop()

    def _on_applied(self, event: dict[str, Any], _applied: object) -> None:
        if event["kind"] in ("session.opened", "session.reopened", "session.closed"):
            self._follow_session()
        if event["kind"] == "session.closed":
            self.backup_now()

    def backup_now(self) -> Path | None:
        try:
            path = backup(self.live.service, self.live.contest_id, self.settings.folder)
        except OSError as error:
            self.failed.emit(reason(error))
            return None
        except StoreChanged as problem:
            # Every backup checks the rows against the log: from now on nothing is written.
            self.live.service.read_only[self.live.contest_id] = problem
            self.failed.emit(problem.render(_))
            return None
        self.done.emit(str(path))
        return path
