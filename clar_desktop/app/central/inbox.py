"""The inbox folder: a folder (a USB stick's) watched for bundles, each new or changed
``*.json`` ingested as ``central ingest`` would, in a worker thread so the window never
freezes.

Watchers miss files on removable media (and see none in subfolders), so a timer scans the
folder too; the watcher only makes the scan come sooner. A file is ingested once its size
and modification time have stayed the same for `STABLE_MS` (a copy still being written is
left for later), and a file ingested already with the same bytes (its SHA-256 remembered)
is not ingested again at every tick.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QRunnable, QThreadPool, QTimer, Signal
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from ...central.ingest import Outcome, bundle_files, ingest_bytes
from ...files import reason
from ...i18n import _
from ...store.errors import DatabaseError

STABLE_MS = 1000
"""How long a file's size and time must stay the same before it is read."""
SCAN_MS = 1000
"""The timer's period: the scan that does not rely on the watcher."""


@dataclass(slots=True)
class _Seen:
    signature: tuple[int, int]
    since: float
    """When the file was first seen with this signature (monotonic seconds)."""
    done: tuple[int, int] | None = None
    """The signature it had when it was last ingested."""
    sha256: str | None = None


class _Signals(QObject):
    finished = Signal(str, str, object)  # path, sha256, Outcome
    failed = Signal(str, str)  # path, one sentence


class _Ingest(QRunnable):
    """One file read, hashed and ingested off the window's thread."""

    def __init__(self, engine: Engine, path: str, signals: _Signals,
                 known: str | None = None) -> None:
        super().__init__()
        self.engine, self.path, self.signals, self.known = engine, path, signals, known

    def run(self) -> None:
        try:
            data = Path(self.path).read_bytes()
        except OSError as error:
            self.signals.failed.emit(self.path, _("cannot read the file: {reason}").format(
                reason=reason(error)))
            return
        digest = hashlib.sha256(data).hexdigest()
        if digest == self.known:  # touched, the same bytes: ingested already
            self.signals.finished.emit(self.path, digest, None)
            return
        try:
            outcome = ingest_bytes(self.engine, self.path, data)
        except DatabaseError as error:
            self.signals.failed.emit(self.path, error.render(_))
            return
        except SQLAlchemyError as error:
            from .window import driver_said

            self.signals.failed.emit(self.path, _(
                "the central database refused it: {error}").format(error=driver_said(error)))
            return
        except Exception as error:  # never a traceback to the officer; the line says it
            self.signals.failed.emit(self.path, _("it could not be ingested: {error}").format(
                error=str(error) or type(error).__name__))
            return
        self.signals.finished.emit(self.path, digest, outcome)


class Inbox(QObject):
    """Watches one folder at a time; ``ingested`` after each bundle, ``failed`` when one
    could not even be judged (the file unreadable, the database unreachable)."""

    ingested = Signal(object)  # Outcome
    failed = Signal(str, str)  # path, sentence
    idle = Signal()
    """No file waits or is being ingested (tests wait for it)."""

    def __init__(self, engine: Engine, parent: QObject | None = None,
                 stable_ms: int = STABLE_MS, scan_ms: int = SCAN_MS) -> None:
        super().__init__(parent)
        self.engine = engine
        self.stable_ms = stable_ms
        self.folder: Path | None = None
        self.seen: dict[str, _Seen] = {}
        self.queue: list[str] = []
        self.busy: str | None = None
        self.busy_signature: tuple[int, int] | None = None
        """The file's size and time when it was handed to the worker."""
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.signals = _Signals(self)
        self.signals.finished.connect(self._finished)
        self.signals.failed.connect(self._failed)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _path: self._soon())
        self.watcher.fileChanged.connect(lambda _path: self._soon())
        self.timer = QTimer(self)
        self.timer.setInterval(scan_ms)
        self.timer.timeout.connect(self.scan)

    def watch(self, folder: Path) -> None:
        self.stop()
        self.folder = folder
        self.seen.clear()
        self.watcher.addPath(str(folder))
        self.timer.start()
        self.scan()

    def stop(self) -> None:
        self.timer.stop()
        paths = self.watcher.directories() + self.watcher.files()
        if paths:
            self.watcher.removePaths(paths)
        self.folder = None
        self.queue.clear()

    def ingest_files(self, paths: list[str]) -> None:
        """Files chosen one by one (a bundle that came by e-mail): ingested in turn, by the
        same worker, whether or not a folder is watched."""
        for path in paths:
            if path not in self.queue and path != self.busy:
                self.queue.append(path)
        self._next()

    def _soon(self) -> None:
        QTimer.singleShot(50, self.scan)

    def scan(self) -> None:
        """Note every bundle file's size and time; queue those stable and not ingested."""
        if self.folder is None:
            return
        now = time.monotonic()
        try:
            names = list(bundle_files([str(self.folder)])) if self.folder.is_dir() else []
        except OSError:  # the stick was pulled out while it was read
            names = []
        for name in names:
            try:
                stat = Path(name).stat()
            except OSError:
                continue
            signature = (stat.st_size, stat.st_mtime_ns)
            seen = self.seen.get(name)
            if seen is None:
                self.seen[name] = seen = _Seen(signature, now)
            elif seen.signature != signature:
                seen.signature, seen.since = signature, now
            waiting = name in self.queue or name == self.busy
            if (seen.done != signature and not waiting
                    and (now - seen.since) * 1000 >= self.stable_ms):
                self.queue.append(name)
        self._next()

    def pending(self) -> bool:
        """Files seen but not ingested in their present state (still being copied, or
        waiting their turn)."""
        return bool(self.queue or self.busy) or any(
            s.done != s.signature for s in self.seen.values())

    def _next(self) -> None:
        if self.busy is not None:
            return
        if not self.queue:
            self.idle.emit()
            return
        self.busy = self.queue.pop(0)
        seen = self.seen.get(self.busy)
        self.busy_signature = seen.signature if seen else None
        self.pool.start(_Ingest(self.engine, self.busy, self.signals,
                                seen.sha256 if seen else None))

    def _finished(self, path: str, digest: str, outcome: Outcome | None) -> None:
        seen = self.seen.get(path)
        self.busy = None
        if seen is not None:
            seen.done, seen.sha256 = self.busy_signature, digest
        if outcome is not None:
            self.ingested.emit(outcome)
        self._next()

    def _failed(self, path: str, sentence: str) -> None:
        seen = self.seen.get(path)
        self.busy = None
        if seen is not None:
            seen.done = self.busy_signature  # not again until it changes
        self.failed.emit(path, sentence)
        self._next()

    def wait(self) -> None:
        """Let the worker finish (closing the window)."""
        self.stop()
        self.pool.waitForDone()
