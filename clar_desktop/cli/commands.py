"""What each subcommand does. Each returns the exit status."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.bundle import Bundle, decode_bundle, load_bundle, parse_bundle
from ..domain.errors import DomainError
from ..domain.tally import tally_bundle
from ..files import reason, write_file
from ..i18n import _
from ..store.errors import MissingDatabase
from . import CommandFailed, InvalidInput, leave_for_exit
from .safe_text import printable, write_data
from .table import render_table

if TYPE_CHECKING:
    from ..services import ContestService

# The service layer and the database (SQLAlchemy, Alembic) are imported by the commands that
# use them: `tally`, `verify` and `--version` start without them.


def read_input(name: str) -> bytes:
    """The bytes of a file named on the command line (``-``: standard input)."""
    try:
        if name == "-":
            return sys.stdin.buffer.read()
        return Path(name).read_bytes()
    except OSError as error:
        raise InvalidInput(_("cannot read {file}: {reason}").format(
            file=name, reason=error.strerror or error)) from None


def document_language(args: argparse.Namespace) -> str:
    """The language of a document: the command's ``--lang`` (es, qu, es+qu), else the
    messages' ``--lang`` given before the command (``clar-desktop --lang qu minutes …``),
    else Spanish (the messages' English has no documents)."""
    language = getattr(args, "lang", None)
    return language if language in ("es", "qu", "es+qu") else "es"


def source_bundle(args: argparse.Namespace) -> Bundle:
    """The bundle ``args.source`` names: a bundle file (``-``: standard input) or, failing
    that, a contest of the database ``--db``; refused in one sentence when it is neither."""
    source = args.source
    if source == "-" or Path(source).is_file():
        return _read_bundle(source)
    try:
        service = _service(args)
    except MissingDatabase as missing:
        raise InvalidInput(_("{source} is not a bundle file, and {problem}").format(
            source=source, problem=missing.render(_))) from None
    if source not in service.contest_ids():
        from ..store.database import resolve_url

        raise InvalidInput(_("{source} is neither a bundle file nor a contest in the "
                             "database {url}").format(source=source, url=resolve_url(args.db)))
    return parse_bundle(service.export_bundle(source))


def _read_bundle(name: str, leave: bool = False) -> Bundle:
    """The bundle read strictly from a file or standard input (``-``); ``leave``: for a
    tally only (`tally_bundle`), its decoded JSON left for the process's end
    (`leave_for_exit`)."""
    text = read_input(name)
    try:
        if not leave:
            return load_bundle(text)
        data = decode_bundle(text)
        leave_for_exit(data)
        return parse_bundle(data, sheets_only=True)
    except DomainError as error:
        raise InvalidInput(_("{file}: {problem}").format(file=name,
                                                         problem=error.render(_))) from None


def _write_json(name: str, data: Any) -> None:
    """A bundle as JSON, written by the rules of clar_desktop.files (to a terminal, with
    control characters as JSON escapes: see safe_text.write_data)."""
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if name == "-":
        write_data(text)
        return
    _write(name, text.encode("utf-8"))


def json_by_lines(data: dict[str, Any]) -> str:
    """An object as the spec prints the tally: each key on a line of its own, and a list of
    objects one object per line (made by json's C encoder: the indented form is written by
    Python code, and took a tenth of the tally of a 3,000-proposal contest)."""
    def line(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            body = ",\n  ".join(map(line, value))
            parts.append(f" {line(key)}: [\n  {body}\n ]")
        else:
            parts.append(f" {line(key)}: {line(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _write(name: str, data: bytes) -> None:
    """``-o NAME``: standard output for ``-``, else a file (see clar_desktop.files)."""
    try:
        write_file(name, data)
    except OSError as error:
        if isinstance(error, BrokenPipeError) and name == "-":
            raise  # whoever read our output stopped reading: not worth a message
        raise CommandFailed(_("cannot write {file}: {reason}").format(
            file=name, reason=reason(error))) from None


def _require_screen() -> None:
    """The desktop app needs a screen; say so in one line instead of letting Qt abort."""
    if sys.platform.startswith("linux") and not (
            os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY")
            or os.environ.get("WAYLAND_DISPLAY")):
        raise CommandFailed(_("the desktop app needs a screen, and none was found (no DISPLAY); "
                              "the command-line commands work without one"))


def _service(args: argparse.Namespace, create: bool = False) -> ContestService:
    """The service on ``--db``; only the commands that may create a database say
    ``create`` (import, demo): the others refuse a missing or empty one."""
    from ..services import ContestService
    from ..store.database import open_database

    return ContestService(open_database(getattr(args, "db", None), create=create),
                          actor="clar-desktop")


def tally(args: argparse.Namespace) -> int:
    # Reading and tallying make millions of objects and no reference cycle, and the process
    # ends with this command: the cyclic collector would only walk them all, twice.
    gc.disable()
    bundle = _read_bundle(args.bundle, leave=True)
    results = tally_bundle(bundle)
    leave_for_exit(bundle, results)
    fmt = args.format or ("table" if sys.stdout.isatty() else "json")
    if fmt == "json":
        write_data(json_by_lines(results.to_json()))
    else:
        sys.stdout.write(render_table(bundle.contest, results))
    return 0


def followups(args: argparse.Namespace) -> int:
    from .followups import run

    return run(args)


def import_(args: argparse.Namespace) -> int:
    bundle = _read_bundle(args.bundle)
    service = _service(args, create=True)
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


def check(args: argparse.Namespace) -> int:
    """The full check of stored contests: 0 when every one holds what was written."""
    service = _service(args)
    ids = [args.contest] if args.contest else service.contest_ids()
    failed = False
    for contest_id in ids:
        found = service.full_check(contest_id)
        if isinstance(found, DomainError):
            failed = True
            print(_("{id}: CHANGED — {problem}").format(id=printable(contest_id),
                                                        problem=printable(found.render(_))))
        else:
            print(_("{id}: intact — {events} events; log hash {log}").format(
                id=printable(contest_id), events=found[0], log=found[1]))
    return 1 if failed else 0


def demo(args: argparse.Namespace) -> int:
    """A fresh demo contest in a temporary database, opened in the desktop app; with
    ``--closed``, the same contest after its public session (its whole log), from which a
    second-tranche evaluation can be made."""
    from ..demo import demo_bundle, demo_session_bundle
    from ..domain.bundle import parse_bundle
    from ..services import ContestService
    from ..store.database import open_database, resolve_url

    folder = Path(tempfile.mkdtemp(prefix="clar-demo-"))
    db = getattr(args, "db", None) or str(folder / "demo.sqlite3")
    service = ContestService(open_database(db, create=True), actor="demo")
    closed = getattr(args, "closed", False)
    bundle = parse_bundle(demo_session_bundle() if closed else demo_bundle())
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

    if not closed:
        service.open_session(bundle.contest.id)
    return run_window(service, bundle.contest.id, smoke=args.smoke, audience=True,
                      language_given=bool(getattr(args, "lang", None)))


def open_app(args: argparse.Namespace) -> int:
    """No command: the desktop app on the database (default: the user's data folder)."""
    _require_screen()
    from ..app.main import follow_remembered_language, run_window
    from ..app.opening import open_service

    smoke = getattr(args, "smoke", False)
    language_given = bool(getattr(args, "lang", None))
    follow_remembered_language(language_given)  # the questions below speak it too
    service = open_service(getattr(args, "db", None), ask=not smoke)
    return run_window(service, smoke=smoke, language_given=language_given)


def record(args: argparse.Namespace) -> int:
    from .record import run_record

    # Not a creating command: every action needs a contest, which a new database lacks.
    return run_record(_service(args), args.contest, sys.stdin, sys.stdout)


def document(args: argparse.Namespace) -> int:
    """minutes | certificates | sheets | poster | constancias: one PDF from a bundle or a
    stored contest (certificates and constancias also one file each, ``--split``)."""
    from ..documents import DocumentError, DocumentOptions, make_document
    from ..documents.record import record_from_bundle
    from ..documents.signing import SigningError
    from .signing import sign_with, signing_failure

    source = args.source
    bundle = source_bundle(args)
    try:
        record = record_from_bundle(bundle)
    except DomainError as error:
        raise InvalidInput(_("{file}: {problem}").format(file=source,
                                                         problem=error.render(_))) from None
    logos = tuple(Path(p) for p in getattr(args, "logo", []))
    for logo in logos:
        if not logo.is_file():
            raise InvalidInput(_("--logo: the file {file} does not exist").format(file=logo))
        _check_logo(logo)
    sign = sign_with(args)
    options = DocumentOptions(language=document_language(args), page_size=args.paper, logos=logos)
    split = getattr(args, "split", None)
    if split is None and not args.output and args.kind == "constancias":
        raise InvalidInput(_("give -o FILE.pdf, or --split FOLDER for one file per "
                             "constancia"))
    if split is None and not args.output:
        raise InvalidInput(_("give -o FILE.pdf, or --split FOLDER for one file per "
                             "certificate"))
    try:
        data = make_document(args.kind, record, options, sign) if args.output else b""
        # Every file made before any is written: a refusal leaves no file behind.
        parts = _split_documents(args.kind, record, options, sign) if split else []
    except DocumentError as error:
        raise InvalidInput(str(error)) from None
    except SigningError as error:
        raise InvalidInput(signing_failure(error, sign) if sign else str(error)) from None
    if args.output:
        _write(args.output, data)
    if split:
        folder = Path(split)
        try:
            folder.mkdir(exist_ok=True)
        except OSError as error:
            raise CommandFailed(_("cannot write {file}: {reason}").format(
                file=folder, reason=reason(error))) from None
        if not folder.is_dir():
            raise InvalidInput(_("--split: {file} is not a folder").format(file=folder))
        for name, part in parts:
            _write(str(folder / name), part)
    return 0


def _split_documents(kind: str, record: Any, options: Any,
                     sign: Any) -> list[tuple[str, bytes]]:
    """``--split``: each funded proposal's certificate (or each approved item's constancia)
    as a PDF of its own, with its file name (`certificate_file_names`,
    `constancia_file_names`); each signed when asked, so a page taken out alone is."""
    from dataclasses import replace

    from ..documents import make_document
    from ..documents.certificates import certificate_file_names
    from ..documents.constancias import constancia_file_names

    names = (constancia_file_names(record) if kind == "constancias"
             else certificate_file_names(record))
    if not names:  # the documents' own sentence: nothing funded, or nothing approved
        make_document(kind, record, options, sign)
    return [(name, make_document(kind, record, replace(options, proposal=pid), sign))
            for pid, name in names]


def _check_logo(path: Path) -> None:
    """Refuse, before anything is made, a logo that is not a whole PNG or JPEG or is too
    large (images.py)."""
    from ..images import ImageRefused, read_image

    try:
        read_image(path)
    except OSError as error:
        raise InvalidInput(_("cannot read {file}: {reason}").format(
            file=path, reason=error.strerror or error)) from None
    except ImageRefused as refused:
        raise InvalidInput(_("--logo {file}: {problem}").format(
            file=path, problem=refused.render(_))) from None
