"""``clar-desktop central ingest|indicators|conflicts|export`` (spec: central-v1), a thin
shell over clar_desktop.central.

Lines that name a file or hold text from a bundle go through `printable`; JSON output to a
pipe or a file stays byte for byte (`write_data`). Bad arguments are one sentence, exit 2.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from ..i18n import _, ngettext
from . import CommandFailed, InvalidInput
from .safe_text import printable, write_data

EXIT_OK, EXIT_FAILED = 0, 1


def add_central_parser(command: Any) -> None:
    """The ``central`` command and its own subcommands (``command`` makes a subparser the
    way every command of the parser is made)."""
    from .parser import _Parser

    p = command("central", _("the central office: ingest the offices' bundles, the "
                             "programme's indicators, conflicts and re-export"), no_action)
    sub = p.add_subparsers(dest="central_command", metavar=_("ACTION"), parser_class=_Parser)

    def action(name: str, help_text: str, run: Any) -> argparse.ArgumentParser:
        from .parser import _global_options

        q = sub.add_parser(name, help=help_text, description=help_text, add_help=False)
        q.add_argument("-h", "--help", action="help", help=_("show this help and exit"))
        _global_options(q, top=False)
        q.set_defaults(run=run)
        return q

    q = action("ingest", _("verify bundles and store them in the central database, each "
                           "all or nothing; one line per bundle"), ingest)
    q.add_argument("paths", nargs="+", metavar=_("FILE_OR_FOLDER"),
                   help=_("a bundle file, or a folder whose *.json files are read, "
                          "recursively"))
    q = action("indicators", _("the programme's indicators, by the keys given"), indicators)
    q.add_argument("--by", action="append", default=[], metavar=_("KEY"),
                   help=_("group by programme, office, region, province, district, year or "
                          "category (repeat it for several keys; none: one group of all). "
                          "A pdf or xlsx report has one section per key instead, and "
                          "without --by one per region, office, year and category"))
    q.add_argument("--format", choices=["json", "table", "pdf", "xlsx"], default=None,
                   help=_("output format (default: pdf or xlsx as the -o file's name ends, "
                          "else table on a terminal, else json)"))
    q.add_argument("-o", "--output", metavar=_("FILE"), default=None,
                   help=_("the report file to write, for --format pdf or xlsx; its words "
                          "in the language of --lang"))
    q = action("conflicts", _("list the copies refused because their log parts from the "
                              "stored one"), conflicts)
    q.add_argument("--format", choices=["json", "table"], default=None,
                   help=_("output format (default: table on a terminal, else json)"))
    q = action("export", _("write a stored bundle exactly as it was ingested"), export)
    q.add_argument("contest", metavar=_("CONTEST_ID"))
    q.add_argument("-o", "--output", metavar=_("FILE"), required=True,
                   help=_("bundle file to write (- for standard output)"))


def no_action(args: argparse.Namespace) -> int:
    """No action: the central office window on ``--db`` when there is a screen to show it
    on; else the hint (exit 2)."""
    if not _screen_usable():
        raise InvalidInput(_("say what to do: clar-desktop central ingest, indicators, "
                             "conflicts or export (see clar-desktop central --help)"))
    from ..app.central.opening import run_central

    # The database is opened here, as every action opens it: a missing or wrong one is one
    # sentence on the terminal the command was typed in (exit 2), before any window.
    engine = _open(args)
    return run_central(engine, language_given=bool(getattr(args, "lang", None)))


def _screen_usable() -> bool:
    """A window can be shown (on Linux: an X or Wayland display, or a Qt platform named)."""
    import os

    return not sys.platform.startswith("linux") or bool(
        os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY"))


def _open(args: argparse.Namespace, create: bool = False) -> Any:
    """The central database; only ingest creates one, the others say that it does."""
    from ..central.database import NoCentralData, open_central
    from ..store.errors import EmptyDatabase, MissingDatabase

    try:
        return open_central(getattr(args, "db", None), create=create)
    except MissingDatabase as missing:
        raise InvalidInput(_("there is no database at {path}; clar-desktop central ingest "
                             "creates one").format(path=missing.path)) from None
    except EmptyDatabase as empty:
        raise NoCentralData(empty.url) from None


def _table_wanted(args: argparse.Namespace) -> bool:
    if args.format is not None:
        return bool(args.format == "table")
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


# -- ingest ------------------------------------------------------------------------------------

def ingest(args: argparse.Namespace) -> int:
    from ..central.ingest import FAILED, bundle_files, ingest_file

    for name in args.paths:
        if not Path(name).exists():
            raise InvalidInput(_("there is no file or folder {path}; nothing was "
                                 "ingested").format(path=name))
    engine = _open(args, create=True)
    status = EXIT_OK
    try:
        for name in bundle_files(args.paths):
            outcome = ingest_file(engine, name)
            print(printable(f"{outcome.kind} {name}: {outcome.describe(_)}"), flush=True)
            if outcome.kind in FAILED:
                status = EXIT_FAILED
    finally:
        engine.dispose()
    return status


# -- indicators --------------------------------------------------------------------------------

def indicators(args: argparse.Namespace) -> int:
    from ..central.indicators import KEYS, indicators_json
    from ..central.indicators import indicators as compute

    for key in args.by:
        if key not in KEYS:
            raise InvalidInput(_("--by {key}: unknown key; the keys are {keys}").format(
                key=key, keys=", ".join(KEYS)))
    if len(set(args.by)) != len(args.by):
        raise InvalidInput(_("--by names a key twice"))
    report = _report_format(args)
    engine = _open(args)
    try:
        if report is not None:
            _write_report(engine, args, report)
            return EXIT_OK
        groups = compute(engine, tuple(args.by))
    finally:
        engine.dispose()
    if _table_wanted(args):
        print(indicator_table(args.by, groups))
    else:
        write_data(json.dumps(indicators_json(args.by, groups), ensure_ascii=False,
                              indent=1) + "\n")
    return EXIT_OK


def _report_format(args: argparse.Namespace) -> str | None:
    """"pdf" or "xlsx" when a report file is asked for (by --format, or by the name of the
    -o file when --format is not given); None for json and table."""
    chosen = args.format
    if chosen is None and args.output is not None:
        chosen = {".pdf": "pdf", ".xlsx": "xlsx"}.get(Path(args.output).suffix.lower())
        if chosen is None:
            raise InvalidInput(_("-o {file}: say --format pdf or --format xlsx (the name "
                                 "ends in neither .pdf nor .xlsx)").format(file=args.output))
    if chosen in ("pdf", "xlsx"):
        if args.output is None:
            raise InvalidInput(_("--format {format} writes a file: name it with -o FILE")
                               .format(format=chosen))
        return str(chosen)
    if args.output is not None:
        raise InvalidInput(_("-o writes a pdf or xlsx report; --format {format} prints to "
                             "the standard output").format(format=chosen))
    return None


def _write_report(engine: Any, args: argparse.Namespace, format: str) -> None:
    from ..central.reports import write_report
    from ..files import reason
    try:
        write_report(engine, args.output, format=format, keys=tuple(args.by))
    except OSError as error:
        raise CommandFailed(_("cannot write {file}: {reason}").format(
            file=args.output, reason=reason(error))) from None


def _cell(value: Any) -> str:
    return "—" if value is None else printable(str(value))


def indicator_table(by: list[str], groups: list[Any], width: int | None = None) -> str:
    """One row per indicator, one column per group (the group's key values at its head),
    the groups in as many blocks as the terminal's width needs."""
    from ..central.indicators import INDICATORS
    from ..central.labels import EVERYTHING, INDICATOR_LABELS, KEY_LABELS, NO_VALUE

    width = width or shutil.get_terminal_size((100, 24)).columns
    labels = [_(INDICATOR_LABELS[name]) for name in INDICATORS]
    heads = [_(KEY_LABELS[k]) for k in by] or [""]
    first = max(len(text) for text in (*labels, *heads)) + 2
    if not groups:
        return _("No contest has been ingested yet.")
    columns = []
    for group in groups:
        head = [(_(NO_VALUE) if group.key[k] is None else printable(str(group.key[k])))
                for k in by] or [_(EVERYTHING)]
        cells = [_cell(group.figures[name]) for name in INDICATORS]
        columns.append((head, cells, max(len(t) for t in (*head, *cells)) + 2))
    blocks: list[list[Any]] = []
    block: list[Any] = []
    used = first
    for column in columns:
        if block and used + column[2] > width:
            blocks.append(block)
            block, used = [], first
        block.append(column)
        used += column[2]
    blocks.append(block)
    out: list[str] = []
    for block in blocks:
        for line, key_head in enumerate(heads):
            out.append(key_head.ljust(first) + "".join(
                c[0][line].rjust(c[2]) for c in block).rstrip())
        out.append("-" * (first + sum(c[2] for c in block)))
        for row, label in enumerate(labels):
            out.append(label.ljust(first) + "".join(c[1][row].rjust(c[2]) for c in block))
        out.append("")
    return "\n".join(out).rstrip("\n")


# -- conflicts ---------------------------------------------------------------------------------

def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def conflicts(args: argparse.Namespace) -> int:
    from ..central.records import conflicts as recorded

    engine = _open(args)
    try:
        found = recorded(engine)
    finally:
        engine.dispose()
    if not _table_wanted(args):
        data = {"conflicts": [{
            "contest": c.contest, "seq": c.seq, "stored_hash": c.stored_hash,
            "incoming_hash": c.incoming_hash, "stored_log_hash": c.stored_log_hash,
            "incoming_log_hash": c.incoming_log_hash, "file": c.file_name,
            "recorded_at": c.recorded_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "bundle_sha256": c.bundle_sha256} for c in found]}
        write_data(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
        return EXIT_OK
    if not found:
        print(_("No conflict has been recorded."))
        return EXIT_OK
    print(ngettext("{count} conflict recorded:", "{count} conflicts recorded:",
                   len(found)).format(count=len(found)))
    for c in found:
        print(printable(_("contest {contest}: the copies part at event {seq}").format(
            contest=c.contest, seq=c.seq)))
        print("  " + printable(_("file {file}, recorded {time}").format(
            file=c.file_name, time=_time(c.recorded_at))))
        labels = [_("stored copy:"), _("this file:")]
        width = max(map(len, labels)) + 1
        for label, digest in zip(labels, (c.stored_hash, c.incoming_hash), strict=True):
            print("  " + label.ljust(width) + digest)
    return EXIT_OK


# -- export ------------------------------------------------------------------------------------

def export(args: argparse.Namespace) -> int:
    from ..central.records import UnknownContest, stored_bundle
    from .commands import _write

    engine = _open(args)
    try:
        data = stored_bundle(engine, args.contest)
    except UnknownContest as unknown:
        raise InvalidInput(unknown.render(_)) from None
    finally:
        engine.dispose()
    _write(args.output, data)
    return EXIT_OK


__all__ = ["add_central_parser", "conflicts", "export", "indicators",
           "ingest", "no_action"]
