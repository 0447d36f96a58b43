"""What the phones see follows what the projector shows.

`PhonePublisher` builds a `web.snapshot` of the live contest's committed state, withheld as
the audience window withholds it, and hands it to the `PhoneServer` (which never blocks the
GUI thread: it takes the immutable snapshot in its own thread). It publishes

- once per turn of the event loop after committed events (a burst of events, one snapshot);
- whenever what the projector keeps back, or the item and phase it presents, has changed —
  checked every `CHECK_MS`, so that no path of the audience window (a withhold, a reveal, a
  reveal's last row, a new phase) can leave the phones showing more than the wall.

A category whose reveal is still running on the projector (its rows appearing one by one)
stays withheld on the phones until the wall shows all of it.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QObject, QTimer

from ...domain.state import Applied
from ...web.server import PhoneServer
from ...web.snapshot import Snapshot, build_snapshot
from ..audience.window import AudienceWindow
from ..live import LiveContest

CHECK_MS = 250


class PhonePublisher(QObject):
    """Publishes `live`'s state as `audience` shows it to `server` (see the module)."""

    def __init__(self, live: LiveContest, audience: AudienceWindow, server: PhoneServer,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live, self.audience, self.server = live, audience, server
        self.counter = 0
        self.published = 0
        self.log_hash = live.service.events_after(live.contest_id, 0, limit=0).last_hash
        self._shown: tuple[Any, ...] | None = None
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.publish)
        self._check = QTimer(self)
        self._check.setInterval(CHECK_MS)
        self._check.timeout.connect(self._check_shown)
        live.applied.connect(self._applied)
        self._check.start()
        self.publish()

    def _applied(self, event: dict[str, Any], _applied: Applied) -> None:
        self.log_hash = str(event.get("hash", self.log_hash))
        self._pending.start()

    def shown(self) -> tuple[frozenset[str], bool, str | None, str | None]:
        """What the projector keeps back and presents: (withheld categories, board withheld,
        item presenting, its phase shown)."""
        window = self.audience
        withheld = set(window.withheld_categories()) | window.being_revealed()
        board = bool(window.followups_withheld or window.revealing_board)
        presenting = self.live.state.presenting
        followed, phase = window.followed
        return (frozenset(withheld), board, presenting,
                phase if followed == presenting else None)

    def _check_shown(self) -> None:
        if self.shown() != self._shown:
            self.publish()

    def snapshot(self) -> Snapshot:
        shown = self.shown()
        self._shown = shown
        withheld, board, _presenting, phase = shown
        self.counter += 1
        return build_snapshot(self.live.state, seq=self.live.last_seq, log_hash=self.log_hash,
                              withheld=withheld, followups_withheld=board,
                              counter=self.counter, phase=phase)

    def publish(self) -> None:
        """Hand the server the snapshot of now (a few tenths of a millisecond)."""
        self._pending.stop()
        if self.live.state.contest is None or self.live.state.tally is None:
            return
        self.server.publish(self.snapshot())
        self.published += 1

    def stop(self) -> None:
        """No more snapshots (the server is stopped by its owner)."""
        self._check.stop()
        self._pending.stop()
        with contextlib.suppress(RuntimeError, TypeError):  # already gone with the window
            self.live.applied.disconnect(self._applied)
