"""The argument parser: subcommands, and global options accepted before or after them."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from typing import Any, NoReturn

from .. import __version__
from ..i18n import _
from ..register_limits import MAX_CELL, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS
from .argparse_words import use_our_catalogs


class UsageError(Exception):
    """Bad usage; the message is one translated line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(_("{problem} (see {prog} --help)").format(problem=message,
                                                                    prog=self.prog))


def _log_hash(text: str) -> str:
    from .verdict import log_hash_argument

    return log_hash_argument(text)


def preparse_language(argv: Sequence[str]) -> str | None:
    """The ``--lang`` value, read before the parser is built so its help is translated."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _global_options(parser: argparse.ArgumentParser, top: bool, lang: bool = True) -> None:
    default: Any = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="URL", default=default,
                        help=_("database: a SQLAlchemy URL or a SQLite file (default: CLAR_DB, "
                               "else the file in your data folder)"))
    if lang:
        parser.add_argument("--lang", metavar=_("LANG"), default=default,
                            choices=["es", "qu", "en"],
                            help=_("language of messages: es, qu or en"))
    parser.add_argument("--version", action="version", version=f"clar-desktop {__version__}",
                        help=_("show the version and exit"))


class _Later:
    """A command's function, imported only when that command runs: ``--version`` or a
    usage error do not load what ``import`` or ``minutes`` need."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def __call__(self, args: argparse.Namespace) -> int:
        found = getattr(importlib.import_module(self.module, __package__), self.name)
        result: int = found(args)
        return result


class _Module:
    def __init__(self, module: str) -> None:
        self.module = module

    def __getattr__(self, name: str) -> _Later:
        return _Later(self.module, name)


def _count(number: int) -> str:
    """A whole number grouped by thousands as Spanish and Quechua in Peru (and English)
    write it, ``20,000`` — without loading Babel to build the help."""
    return f"{number:,}"


def build_parser() -> argparse.ArgumentParser:
    from .signing import add_key_options

    commands = _Module(".commands")
    registers = _Module(".registers")
    signing = _Module(".signing")
    signature_check = _Module(".signature_check")

    use_our_catalogs()
    parser = _Parser(prog="clar-desktop", description=_(
        "CLAR Desktop: public jury sessions of a local resource-allocation committee."),
        add_help=False)
    parser.add_argument("-h", "--help", action="help", help=_("show this help and exit"))
    _global_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)

    def command(name: str, help_text: str, run: Any, lang: bool = True
                ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, add_help=False)
        p.add_argument("-h", "--help", action="help", help=_("show this help and exit"))
        _global_options(p, top=False, lang=lang)
        p.set_defaults(run=run)
        return p

    p = command("tally", _("compute the results of a bundle exactly as the rules say"),
                commands.tally)
    p.add_argument("bundle", metavar=_("BUNDLE"), help=_("bundle file (- for standard input)"))
    p.add_argument("--format", choices=["json", "table"], default=None,
                   help=_("output format (default: table on a terminal, else json)"))

    p = command("import", _("store a bundle in the database, all or nothing"),
                commands.import_)
    p.add_argument("bundle", metavar=_("BUNDLE"), help=_("bundle file (- for standard input)"))
    p.add_argument("--replace", action="store_true",
                   help=_("overwrite a contest with the same id"))

    p = command("export", _("write a contest and its full event log as a bundle"),
                commands.export)
    p.add_argument("contest", metavar=_("CONTEST_ID"))
    p.add_argument("-o", "--output", metavar=_("FILE"), required=True,
                   help=_("bundle file to write (- for standard output)"))

    p = command("verify", _("check a bundle's event log against its contents"),
                commands.verify)
    p.add_argument("bundle", metavar=_("BUNDLE"), help=_("bundle file (- for standard input)"))
    p.add_argument("--codes", action="store_true",
                   help=_("also list the verification code of every award certificate "
                          "and constancia de segundo desembolso"))
    p.add_argument("--expect", metavar=_("HASH"), type=_log_hash,
                   help=_("the log hash printed on the acta or in its QR code: the log must "
                          "end with it (a log cut short or sealed anew verifies by itself)"))
    p.add_argument("--acta", metavar=_("ACTA.pdf"),
                   help=_("the acta (PDF): the log and results hashes it carries must match, "
                          "and its digital signature, if any, must be intact"))
    p.add_argument("--trust", metavar=_("CERT.pem"), action="append",
                   help=_("with --acta: a certificate (PEM or DER) the acta's signers must "
                          "chain to (repeat it for several authorities); without it, who "
                          "signed is shown but not checked"))

    p = command("record", _("apply changes read as JSON lines from standard input"),
                commands.record)
    p.add_argument("contest", metavar=_("CONTEST_ID"))

    for name, run, help_text, columns in (
            ("import-proposals", registers.import_proposals,
             _("add the proposals listed in a CSV or Excel file to a contest, all or nothing"),
             _("The first row names the columns, in Spanish or English (case and accents "
               "aside): Organización, Título or Plan, Categoría (its id or name), Monto "
               "solicitado; and if wanted Id, Aporte propio, Familias, Mujeres, Jóvenes, "
               "Orden. A row without an id or order gets the next free one.")),
            ("import-jurors", registers.import_jurors,
             _("add the jurors listed in a CSV or Excel file to a contest, all or nothing"),
             _("The first row names the columns, in Spanish or English (case and accents "
               "aside): Nombre, Fases (the phases the juror scores, by id or name, separated "
               "by commas); and if wanted Id, DNI (8 digits), Cargo."))):
        p = command(name, help_text, run)
        p.epilog = columns + " " + _(
            "Every bad row is reported with its line and column, and then nothing is "
            "imported (exit status 2). Limits: {rows} rows, {columns} columns, {cell} "
            "characters in a cell, {size} MB.").format(
                rows=_count(MAX_ROWS), columns=MAX_COLUMNS,
                cell=_count(MAX_CELL), size=MAX_FILE_BYTES // 2**20)
        p.add_argument("contest", metavar=_("CONTEST_ID"))
        p.add_argument("file", metavar=_("FILE"),
                       help=_("a CSV file (UTF-8 or Windows-1252; comma, semicolon or tab) "
                              "or an Excel file (.xlsx: its first sheet)"))

    p = command("demo-data", _("write a realistic demo contest, with the log of its closed "
                               "public session, as a bundle"),
                commands.demo_data)
    p.add_argument("-o", "--output", metavar=_("FILE"), required=True,
                   help=_("bundle file to write (- for standard output)"))

    p = command("followups", _("write the bundle of the second-tranche evaluation of a "
                               "closed contest's funded proposals"), commands.followups)
    p.add_argument("source", metavar=_("BUNDLE_OR_CONTEST_ID"),
                   help=_("a bundle file, or the id of a contest in the database"))
    p.add_argument("--id", dest="new_id", metavar=_("CONTEST_ID"),
                   help=_("id of the new evaluation session"))
    p.add_argument("--date", metavar="YYYY-MM-DD",
                   help=_("date of the new evaluation session"))
    p.add_argument("-o", "--output", metavar=_("FILE"),
                   help=_("bundle file to write (- for standard output)"))
    p.add_argument("--into", metavar=_("CONTEST_ID"),
                   help=_("add the items to this contest of the database, still being "
                          "prepared, instead of writing a new bundle"))
    p.add_argument("--title", metavar=_("TEXT"),
                   help=_("title of the new session (default: made from the source's)"))
    p.add_argument("--pass-score", metavar="N",
                   help=_("points out of 100 an item needs to be approved (default: 70)"))
    p.add_argument("--min-justified", metavar="N",
                   help=_("percent of the first tranche whose use must be justified for the "
                          "second to be approved (default: 70)"))

    p = command("list", _("list the contests in the database"), commands.list_contests)

    p = command("check", _("check that the database still holds what was written: every "
                           "contest's log (hash chain, replay) against its stored rows"),
                commands.check)
    p.add_argument("contest", metavar=_("CONTEST_ID"), nargs="?",
                   help=_("only this contest (default: every contest in the database)"))

    for kind, help_text in (
            ("minutes", _("print the acta (minutes) of the session as PDF")),
            ("certificates", _("print an award certificate for every funded proposal")),
            ("sheets", _("print the scoring sheets, one per juror and phase")),
            ("poster", _("print the results poster for the notice board")),
            ("constancias", _("print a constancia de segundo desembolso for every "
                              "second-tranche item approved"))):
        p = command(kind, help_text, commands.document, lang=False)
        p.set_defaults(kind=kind)
        p.add_argument("source", metavar=_("BUNDLE_OR_CONTEST_ID"),
                       help=_("a bundle file, or the id of a contest in the database"))
        p.add_argument("-o", "--output", metavar=_("FILE.pdf"),
                       required=kind not in ("certificates", "constancias"),
                       help=_("PDF file to write"))
        p.add_argument("--lang", metavar=_("LANG"), default=argparse.SUPPRESS,
                       choices=["es", "qu", "es+qu"],
                       help=_("language of the document: es, qu or es+qu (bilingual); "
                              "messages follow its first language"))
        p.add_argument("--paper", default="a4", choices=["a4", "letter", "a3"],
                       help=_("paper size (default: a4)"))
        if kind in ("minutes", "certificates", "constancias"):
            add_key_options(p)
            p.add_argument("--logo", metavar=_("IMAGE"), action="append", default=[],
                           help=_("a logo (PNG or JPEG) for the top of the acta or of each "
                                  "certificate; give it twice for two logos"))
        if kind == "certificates":
            p.add_argument("--split", metavar=_("FOLDER"),
                           help=_("write one PDF per funded proposal into FOLDER (made if "
                                  "missing), each printable and signable alone; -o is then "
                                  "not needed"))
        if kind == "constancias":
            p.add_argument("--split", metavar=_("FOLDER"),
                           help=_("write one PDF per approved item into FOLDER (made if "
                                  "missing), each printable and signable alone; -o is then "
                                  "not needed"))

    p = command("sign", _("add a digital signature to a PDF (signed already or not): the "
                          "president's after the secretary's, each one valid"),
                signing.sign, lang=False)
    p.add_argument("file", metavar=_("FILE.pdf"), help=_("the PDF to sign"))
    p.add_argument("-o", "--output", metavar=_("FILE.pdf"), required=True,
                   help=_("signed PDF to write (it may be the same file)"))
    add_key_options(p)
    p.add_argument("--reason", metavar=_("TEXT"),
                   help=_("why it is signed (default: that of the first signature, else the "
                          "document's title)"))
    p.add_argument("--location", metavar=_("PLACE"), help=_("where it is signed"))
    p.add_argument("--invisible", action="store_true",
                   help=_("leave the signature off the page (it is in the file only)"))
    p.add_argument("--lang", metavar=_("LANG"), default=argparse.SUPPRESS,
                   choices=["es", "qu", "es+qu"],
                   help=_("language of the visible signature: es, qu or es+qu; messages "
                          "follow its first language"))

    p = command("check-signature", _("check each digital signature of a PDF: who signed, "
                                     "when, what it covers and whether it is valid"),
                signature_check.check_signature)
    p.add_argument("file", metavar=_("FILE.pdf"), help=_("the signed PDF"))
    p.add_argument("--trust", metavar=_("CERT.pem"), action="append",
                   help=_("a certificate (PEM or DER) of an authority to trust, such as "
                          "RENIEC's; give it once for each"))

    from .central import add_central_parser

    add_central_parser(command)

    from .serve_args import add_serve_parser

    add_serve_parser(command, _Module(".serve").run)

    p = command("demo", _("open the desktop app on a fresh demo contest"), commands.demo)
    p.add_argument("--print", action="store_true",
                   help=_("print the demo contest's results instead of opening the app"))
    p.add_argument("--smoke", action="store_true",
                   help=_("open the window, wait until it has painted, and exit"))
    p.add_argument("--closed", action="store_true",
                   help=_("the demo contest after its public session, closed: its results, "
                          "documents and second-tranche evaluation"))
    return parser
