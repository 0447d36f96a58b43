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
from ..i18n import _
from ..paths import current_umask
from ..services import ContestService
from ..store.database import open_database, resolve_url
from . import CommandFailed, InvalidInput
from .safe_text import printable, write_data
from .table import render_table


def read_input(name: str) -> bytes:
    """The bytes of a file named on the command line (``-``: standard input)."""
    try:
        if name == "-":
            return sys.stdin.buffer.read()
        return Path(name).read_bytes()
    except OSError as error:
        raise InvalidInput(_("cannot read {file}: {reason}").format(
            file=name, reason=error.strerror or error)) from None


def _read_bundle(name: str) -> Bundle:
    text = read_input(name)
    try:
        return load_bundle(text)
    except DomainError as error:
        raise InvalidInput(_("{file}: {problem}").format(file=name,
                                                         problem=error.render(_))) from None


def _write_json(name: str, data: Any) -> None:
    """Write JSON atomically: a reader never sees half a file, a failure leaves none."""
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if name == "-":
        write_data(text)
        return
    target = Path(name)
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent.resolve(), prefix=f".{target.name}.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~current_umask())
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
        write_data(json.dumps(results.to_json(), ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(render_table(bundle.contest, results))
    return 0


def import_(args: argparse.Namespace) -> int:
    bundle = _read_bundle(args.bundle)
    service = _service(args)
    done = service.import_bundle(bundle, replace=args.replace)
    print(_("Imported contest {id}: {proposals} proposals, {scores} scores, {events} events "
            "in the log.").format(id=printable(done.contest_id), proposals=done.proposals,
                                  scores=done.scores, events=done.events))
    return 0


def export(args: argparse.Namespace) -> int:
    data = _service(args).export_bundle(args.contest)
    _write_json(args.output, data)
    return 0


def verify(args: argparse.Namespace) -> int:
    from .verdict import run_verify

    return run_verify(args)


def demo_data(args: argparse.Namespace) -> int:
    from ..demo import demo_session_bundle

    _write_json(args.output, demo_session_bundle())
    return 0


def list_contests(args: argparse.Namespace) -> int:
    for contest_id in _service(args).contest_ids():
        print(printable(contest_id))
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
    return run_window(service, bundle.contest.id, smoke=args.smoke, audience=True,
                      language_given=bool(getattr(args, "lang", None)))


def open_app(args: argparse.Namespace) -> int:
    """No command: the desktop app on the database (default: the user's data folder)."""
    _require_screen()
    from ..app.main import run_window

    return run_window(_service(args), smoke=getattr(args, "smoke", False),
                      language_given=bool(getattr(args, "lang", None)))


def record(args: argparse.Namespace) -> int:
    from .record import run_record

    return run_record(_service(args), args.contest, sys.stdin, sys.stdout)


def document(args: argparse.Namespace) -> int:
    """minutes | certificates | sheets | poster: one PDF from a bundle or a stored contest."""
    from ..documents import DocumentError, DocumentOptions, SignWith, make_document, save_document
    from ..documents.record import record_from_bundle
    from ..documents.signing import SigningError
    from ..domain.bundle import parse_bundle

    source = args.source
    if source == "-" or Path(source).is_file():
        bundle = _read_bundle(source)
    else:
        service = _service(args)
        if source not in service.contest_ids():
            raise InvalidInput(_("{source} is neither a bundle file nor a contest in the "
                                 "database {url}").format(source=source,
                                                          url=resolve_url(args.db)))
        bundle = parse_bundle(service.export_bundle(source))
    try:
        record = record_from_bundle(bundle)
    except DomainError as error:
        raise InvalidInput(_("{file}: {problem}").format(file=source,
                                                         problem=error.render(_))) from None
    logos = tuple(Path(p) for p in getattr(args, "logo", []))
    for logo in logos:
        if not logo.is_file():
            raise InvalidInput(_("--logo: the file {file} does not exist").format(file=logo))
    sign = None
    if getattr(args, "sign", None):
        sign = SignWith(Path(args.sign), _passphrase())
    options = DocumentOptions(language=args.lang or "es", page_size=args.paper, logos=logos)
    try:
        data = make_document(args.kind, record, options, sign)
    except (DocumentError, SigningError) as error:
        raise InvalidInput(str(error)) from None
    try:
        save_document(data, Path(args.output))
    except OSError as error:
        raise CommandFailed(_("cannot write {file}: {reason}").format(
            file=args.output, reason=error.strerror or error)) from None
    return 0


def _passphrase() -> bytes | None:
    """The PKCS#12 passphrase: CLAR_P12_PASSPHRASE, else asked on a terminal, else none."""
    value = os.environ.get("CLAR_P12_PASSPHRASE")
    if value is not None:
        return value.encode()
    if sys.stdin.isatty():
        import getpass

        typed = getpass.getpass(_("Passphrase of the certificate: "))
        return typed.encode() if typed else None
    return None
