"""The presentation timer: started when a proposal starts presenting, paused and resumed by
the secretary. It runs in the app (the audience window reads it), not in the log."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal


class PresentationTimer(QObject):
    """Elapsed presentation time with pause; `ticked` once a second while running."""

    ticked = Signal(int)
    """Whole seconds elapsed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = QElapsedTimer()
        self._banked_ms = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(lambda: self.ticked.emit(self.seconds))

    @property
    def running(self) -> bool:
        return self._clock.isValid()

    @property
    def seconds(self) -> int:
        running_ms = self._clock.elapsed() if self._clock.isValid() else 0
        return (self._banked_ms + running_ms) // 1000

    def restart(self) -> None:
        self._banked_ms = 0
        self._clock.start()
        self._tick.start()
        self.ticked.emit(0)

    def stop(self) -> None:
        """The presentation is over (the session closed): the time stays, nothing runs."""
        if self._clock.isValid():
            self._banked_ms += self._clock.elapsed()
            self._clock.invalidate()
        self._tick.stop()
        self.ticked.emit(self.seconds)

    def toggle(self) -> None:
        if self._clock.isValid():
            self._banked_ms += self._clock.elapsed()
            self._clock.invalidate()
            self._tick.stop()
        else:
            self._clock.start()
            self._tick.start()
        self.ticked.emit(self.seconds)


def clock_text(seconds: int) -> str:
    """Minutes and seconds, ``12:05``."""
    return f"{seconds // 60:d}:{seconds % 60:02d}"
