"""``clar-desktop serve``: the phones' server without a window (tests, a second laptop).

It opens the contest read-only (the database is never written, not even migrated), builds a
snapshot of its committed state and serves it; every `POLL_SECONDS` it compares the log's
last seq with the one it has (one small query) and, when events were committed, applies them
to its state and publishes a new snapshot. Ctrl+C or SIGTERM stop it: exit 0.

Without a projector to follow, every category and the second-tranche board are withheld
until the session is closed; ``--reveal`` shows them at once, the rows still waiting for
sheets marked provisional, as the projector does when nothing is withheld.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from types import FrameType

from ..domain.state import ContestState
from ..i18n import _
from ..services import ContestService
from ..web.server import PhoneServer
from ..web.snapshot import Snapshot, build_snapshot, withheld_without_projector
from . import InvalidInput
from .safe_text import printable

POLL_SECONDS = 0.2


def run(args: argparse.Namespace) -> int:
    from ..store.database import open_database

    service = ContestService(open_database(getattr(args, "db", None), migrate=False),
                             actor="clar-desktop")
    return serve(service, args.contest, args.host, args.port, args.reveal,
                 getattr(args, "lang", None))


class _Follower:
    """The contest's committed state, kept current from its log."""

    def __init__(self, service: ContestService, contest_id: str, reveal: bool) -> None:
        self.service, self.contest_id, self.reveal = service, contest_id, reveal
        self.state: ContestState = service.load_state(contest_id)
        log = service.events_after(contest_id, 0, limit=0)
        self.seq, self.log_hash = log.last_seq, log.last_hash

    def snapshot(self) -> Snapshot:
        withheld, board_withheld = withheld_without_projector(self.state, self.reveal)
        return build_snapshot(self.state, seq=self.seq, log_hash=self.log_hash,
                              withheld=withheld, followups_withheld=board_withheld)

    def catch_up(self) -> bool:
        """Apply what was committed since; whether anything was."""
        if self.service.events_after(self.contest_id, 0, limit=0).last_seq <= self.seq:
            return False
        events = self.service.events_after(self.contest_id, self.seq).events
        for event, _applied in zip(events, self.state.apply_events(
                events, lambda i: f"events[{events[i]['seq']}]"), strict=True):
            self.seq, self.log_hash = int(event["seq"]), str(event["hash"])
        return bool(events)


ANY_ADDRESS = ("0.0.0.0", "::", "")


def phone_urls(host: str, port: int, bound: str) -> list[str]:
    """The addresses a phone types: on every interface (``0.0.0.0``) this computer's own
    addresses on the hall's networks (none found: the bound one), else the bound one."""
    if host not in ANY_ADDRESS:
        return [bound]
    from ..app.phones.addresses import hall_addresses

    found = [f"http://{a.address}:{port}/" for a in hall_addresses()]
    return found or [bound]


def serve(service: ContestService, contest_id: str, host: str, port: int, reveal: bool,
          language: str | None = None) -> int:
    follower = _Follower(service, contest_id, reveal)
    server = PhoneServer(host, port, default_mode=language if language in ("es", "qu")
                         else "es")
    server.publish(follower.snapshot())
    try:
        url = server.start()
    except OSError as error:
        raise InvalidInput(_("cannot listen on {host} port {port}: {reason}").format(
            host=host, port=port, reason=error.strerror or error)) from None
    stopping = threading.Event()

    def stop(_signal: int, _frame: FrameType | None) -> None:
        stopping.set()

    previous = signal.signal(signal.SIGTERM, stop)
    for shown in phone_urls(host, server.port, url):
        print(_("Serving the contest {id} to phones at {url} (Ctrl+C stops)").format(
            id=printable(contest_id), url=printable(shown)), flush=True)
    failing = False
    try:
        while not stopping.wait(POLL_SECONDS):
            try:
                if follower.catch_up():
                    server.publish(follower.snapshot())
                failing = False
            except Exception as error:  # the database went away: say so once, keep trying
                if not failing:
                    print(_("clar-desktop: the database cannot be read now ({reason}); "
                            "trying again").format(reason=printable(str(error).splitlines()[0]
                                                                    if str(error) else
                                                                    type(error).__name__)),
                          file=sys.stderr, flush=True)
                failing = True
                time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
    return 0
