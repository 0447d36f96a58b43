"""The ``clar-desktop`` command line: a thin shell over the service layer.

Exit status: 0 ok, 1 a failure the command reports (a bundle that does not verify, a
database that cannot be opened or is not CLAR Desktop's, rows changed behind the program's
back), 2 invalid input or usage (a database file named that does not exist). Errors are one
line on standard error, in the user's language; a traceback is a bug. Everything printed goes
through `safe_text`: no control, C1 or bidirectional character of a bundle reaches the
terminal.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence

from ..domain.errors import DomainError
from ..i18n import _, set_language
from ..store.errors import DatabaseError, MissingDatabase, StoreChanged
from .parser import UsageError, build_parser, preparse_language
from .safe_text import guarded_output, printable

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


class CommandFailed(Exception):
    """A failure the command reports with exit status 1 (the message is already translated)."""


class InvalidInput(Exception):
    """Bad input: exit status 2 (the message is already translated)."""


_LEFT_FOR_EXIT: list[object] = []
"""What a command asked to be left for the process's end (`leave_for_exit`)."""


def leave_for_exit(*objects: object) -> None:
    """A read-only command's large results (a bundle of a third of a million scores and its
    tally): the process ends right after the command, so `run` then ends it without
    freeing them one by one (a tenth of a second for nothing; mypy does the same). Output
    is flushed first; nothing else is left to do for such a command."""
    _LEFT_FOR_EXIT.extend(objects)


def main(argv: Sequence[str] | None = None, ending: bool = False) -> int:
    """Run one command; ``ending``: the process ends right after (`run`), so what the
    command left for the exit stays."""
    collecting = gc.isenabled()  # a command may switch the cyclic collector off
    try:
        with guarded_output():
            return _main(argv)
    finally:
        if not ending:
            _LEFT_FOR_EXIT.clear()
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # A document's --lang may be "es+qu": messages then come in its first language.
    wanted = (preparse_language(args_list) or "").split("+")[0]
    # An unknown --lang is refused by the parser below, in the default language.
    set_language(wanted if wanted in ("es", "qu", "en") else None)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
        if getattr(args, "lang", None):
            set_language(args.lang.split("+")[0])
        if not getattr(args, "command", None):
            from .commands import open_app

            return open_app(args)
        result: int = args.run(args)
        return result
    except UsageError as error:
        return _fail(str(error), EXIT_INVALID)
    except InvalidInput as error:
        return _fail(str(error), EXIT_INVALID)
    except CommandFailed as error:
        return _fail(str(error), EXIT_FAILED)
    except StoreChanged as error:  # the database, not the input, is at fault
        return _fail(error.render(_), EXIT_FAILED)
    except DomainError as error:
        return _fail(error.render(_), EXIT_INVALID)
    except MissingDatabase as error:  # a mistyped --db: nothing was created
        return _fail(error.render(_), EXIT_INVALID)
    except DatabaseError as error:
        return _fail(error.render(_), EXIT_FAILED)
    except RecursionError:
        return _fail(_("the input is nested too deeply to be a contest bundle"), EXIT_INVALID)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        # SQLAlchemy is loaded by the commands that open a database, not at start-up: an
        # error of it can only come from one of them.
        found = sys.modules.get("sqlalchemy.exc")
        if found is None or not isinstance(error, found.SQLAlchemyError):
            raise
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        return _fail(_("the database failed: {reason}").format(reason=reason), EXIT_FAILED)


def _fail(message: str, status: int) -> int:
    # One line: a newline in the message (a file name, an argument) is shown, not obeyed.
    print(_("clar-desktop: {message}").format(message=printable(message)), file=sys.stderr)
    return status


def run() -> None:
    """Console-script entry point."""
    status = main(ending=True)
    if _LEFT_FOR_EXIT:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except (BrokenPipeError, ValueError):  # a reader gone: the command was done
            pass
        os._exit(status)
    sys.exit(status)
