"""What each subcommand does. Each returns the exit status."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..domain.bundle import Bundle, load_bundle
from ..domain.errors import DomainError
from ..domain.tally import tally as compute_tally
from ..domain.verify import verify as verify_bundle
from ..i18n import _
from ..services import ContestService
from ..store.database import open_database, resolve_url
from . import CommandFailed, InvalidInput
from .table import render_table


def _read_text(name: str) -> bytes:
    try:
        if name == "-":
            return sys.stdin.buffer.read()
        return Path(name).read_bytes()
    except OSError as error:
        raise InvalidInput(_("cannot read {file}: {reason}").format(
            file=name, reason=error.strerror or error)) from None


def _read_bundle(name: str) -> Bundle:
    text = _read_text(name)
    try:
        return load_bundle(text)
    except DomainError as error:
        raise InvalidInput(_("{file}: {problem}").format(file=name,
                                                         problem=error.render(_))) from None


def _write_json(name: str, data: Any) -> None:
    """Write JSON atomically: a reader never sees half a file, a failure leaves none."""
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if name == "-":
        sys.stdout.write(text)
        return
    target = Path(name)
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent.resolve(), prefix=f".{target.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as error:
        raise CommandFailed(_("cannot write {file}: {reason}").format(
            file=name, reason=error.strerror or error)) from None


def _require_screen() -> None:
    """The desktop app needs a screen; say so in one line instead of letting Qt abort."""
    if sys.platform.startswith("linux") and not (
            os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY")
            or os.environ.get("WAYLAND_DISPLAY")):
        raise CommandFailed(_("the desktop app needs a screen, and none was found (no DISPLAY); "
                              "the command-line commands work without one"))


def _service(args: argparse.Namespace) -> ContestService:
    return ContestService(open_database(getattr(args, "db", None)), actor="clar-desktop")


def tally(args: argparse.Namespace) -> int:
    bundle = _read_bundle(args.bundle)
    results = compute_tally(bundle.contest)
    fmt = args.format or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        json.dump(results.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_table(bundle.contest, results))
    return 0


def import_(args: argparse.Namespace) -> int:
    bundle = _read_bundle(args.bundle)
    service = _service(args)
    done = service.import_bundle(bundle, replace=args.replace)
    print(_("Imported contest {id}: {proposals} proposals, {scores} scores, {events} events "
            "in the log.").format(id=done.contest_id, proposals=done.proposals,
                                  scores=done.scores, events=done.events))
    return 0


def export(args: argparse.Namespace) -> int:
    data = _service(args).export_bundle(args.contest)
    _write_json(args.output, data)
    return 0


def verify(args: argparse.Namespace) -> int:
    text = _read_text(args.bundle)
    try:
        bundle = load_bundle(text)
    except DomainError as error:
        if error.path in (None, "$", "format", "version"):
            raise InvalidInput(_("{file}: {problem}").format(
                file=args.bundle, problem=error.render(_))) from None
        # Readable, but the snapshot breaks the rules: an exported bundle never does.
        print(_("NOT VERIFIED: {problem}").format(problem=error.render(_)))
        return 1
    verdict = verify_bundle(bundle)
    if verdict.ok:
        print(_("VERIFIED: {events} events; log hash {log}; results hash {results}").format(
            events=verdict.events, log=verdict.final_hash, results=verdict.results_hash))
        return 0
    assert verdict.problem is not None
    print(_("NOT VERIFIED: {problem}").format(problem=verdict.problem.render(_)))
    return 1


def demo_data(args: argparse.Namespace) -> int:
    from ..demo import demo_bundle

    _write_json(args.output, demo_bundle())
    return 0


def list_contests(args: argparse.Namespace) -> int:
    for contest_id in _service(args).contest_ids():
        print(contest_id)
    return 0


def demo(args: argparse.Namespace) -> int:
    """A fresh demo contest in a temporary database, opened in the desktop app."""
    from ..demo import demo_bundle
    from ..domain.bundle import parse_bundle

    folder = Path(tempfile.mkdtemp(prefix="clar-demo-"))
    db = getattr(args, "db", None) or str(folder / "demo.sqlite3")
    service = ContestService(open_database(db), actor="demo")
    bundle = parse_bundle(demo_bundle())
    service.import_bundle(bundle, replace=True)
    if args.print:
        state = service.load_state(bundle.contest.id)
        assert state.tally is not None
        sys.stdout.write(render_table(bundle.contest, state.tally.results()))
        print(_("Demo contest {id} is in {url}.").format(id=bundle.contest.id,
                                                         url=resolve_url(db)))
        return 0
    _require_screen()
    from ..app.main import run_window

    service.open_session(bundle.contest.id)
    return run_window(service, bundle.contest.id, smoke=args.smoke, audience=True)


def open_app(args: argparse.Namespace) -> int:
    """No command: the desktop app on the database (default: the user's data folder)."""
    _require_screen()
    from ..app.main import run_window

    return run_window(_service(args), smoke=getattr(args, "smoke", False))


def record(args: argparse.Namespace) -> int:
    from .record import run_record

    return run_record(_service(args), args.contest, sys.stdin, sys.stdout)
