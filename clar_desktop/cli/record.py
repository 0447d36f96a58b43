"""``clar-desktop record``: changes read as JSON lines, each acknowledged once durable.

One action per line; after each commit the command prints ``{"ok": SEQ}`` and flushes, so a
feeding program knows the change is on disk. A bad line gets ``{"error": "…"}`` and changes
nothing — a line that is not JSON, not an object, nested too deeply, not UTF-8, or longer
than `MAX_LINE_BYTES` (read and dropped piece by piece, never held whole) — and the command
goes on with the next line; it exits 1 at the end if any line failed. The replies are JSON
with every control, C1 and bidi character escaped (``\u202e``), so that echoing them to a
terminal is harmless.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any, TextIO

from sqlalchemy.exc import SQLAlchemyError

from ..domain.errors import DomainError
from ..domain.jsontext import DuplicateKey, loads_strict
from ..i18n import _, format_number
from ..services import ContestService
from .safe_text import json_for_terminal

MAX_LINE_BYTES = 1024 * 1024
"""The longest line accepted, newline excluded (1 MiB: a change is a few hundred bytes)."""

ACTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    # action: (event kind, its fields; a "?" marks one that may be left out)
    "score": ("score.entered", ("juror", "proposal", "criterion", "value")),
    "change": ("score.changed", ("juror", "proposal", "criterion", "value")),
    "correct": ("score.corrected", ("juror", "proposal", "criterion", "value", "reason")),
    "confirm": ("sheet.confirmed", ("juror", "proposal", "phase")),
    "attendance": ("attendance.marked", ("juror", "present")),
    "observe": ("observation.added", ("text",)),
    "present": ("presentation.started", ("proposal",)),
    "recuse": ("recusal.recorded", ("juror", "proposal", "reason")),
    "absent": ("absence.recorded", ("juror", "proposal", "phase", "reason?")),
    "back": ("absence.withdrawn", ("juror", "proposal", "phase")),
    "withdraw": ("proposal.withdrawn", ("proposal", "reason")),
    "remove": ("score.removed", ("juror", "proposal", "criterion", "reason?")),
    "draw": ("draw.recorded", ("proposals", "order")),
    "second": ("sheet.second_entry", ("juror", "proposal", "phase", "values")),
    "reconcile": ("sheet.entries_reconciled", ("juror", "proposal", "phase", "kept")),
    "double_entry": ("session.double_entry_set", ("required",)),
    "open": ("session.opened", ()),
    "close": ("session.closed", ()),
    "reopen": ("session.reopened", ("reason",)),
}


class BadLine(Exception):
    pass


def parse_action(line: str) -> tuple[str, dict[str, Any]]:
    """The event kind and data for one input line."""
    try:
        item = loads_strict(line)
    except DuplicateKey as duplicate:
        raise BadLine(_("the key {key} appears twice").format(
            key=json.dumps(duplicate.key)[:60])) from None
    except ValueError:
        raise BadLine(_("not valid JSON")) from None
    except RecursionError:
        raise BadLine(_("the line is nested too deeply to be a change")) from None
    if not isinstance(item, dict):
        raise BadLine(_("expected a JSON object"))
    action = item.get("action")
    if action not in ACTIONS:
        raise BadLine(_("unknown action {action}; expected one of {allowed}").format(
            action=json.dumps(action), allowed=", ".join(ACTIONS)))
    kind, fields = ACTIONS[action]
    data: dict[str, Any] = {}
    for wanted in fields:
        field = wanted.rstrip("?")
        if field not in item:
            if wanted.endswith("?"):
                continue
            raise BadLine(_("the field {field} is missing").format(field=field))
        value = item[field]
        if field in ("value",) and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if field in ("value",) and isinstance(value, float):
            raise BadLine(_("write the value as a text, such as \"7.5\""))
        data[field] = value
    return kind, data


def run_record(service: ContestService, contest_id: str, lines: IO[Any], out: TextIO) -> int:
    """Apply the changes read from ``lines`` (a binary stream, or a text stream with a
    ``buffer``, or plain text), one reply per line on ``out``; 1 if any line was refused."""
    service.require(contest_id)
    problem = service.problem(contest_id)
    if problem is not None:
        # Rows changed behind the program's back: nothing is accepted on top of them.
        _emit(out, {"error": problem.render(_)})
        return 1
    failed = False
    for number, line in read_lines(getattr(lines, "buffer", lines)):
        if isinstance(line, BadLine):
            failed = True
            _emit(out, {"error": _("line {n}: {problem}").format(n=number, problem=line)})
            continue
        if not line.strip():
            continue
        try:
            kind, data = parse_action(line)
            committed = service.apply(contest_id, kind, data, path=f"line {number}")
        except BadLine as error:
            failed = True
            _emit(out, {"error": _("line {n}: {problem}").format(n=number, problem=error)})
            continue
        except DomainError as error:
            failed = True
            _emit(out, {"error": error.render(_)})
            continue
        except SQLAlchemyError as error:
            # Not acknowledged, so nothing is lost; stop rather than guess what the store holds.
            _emit(out, {"error": _("the database refused the change: {reason}").format(
                reason=str(error.orig if hasattr(error, "orig") else error).splitlines()[0])})
            return 1
        _emit(out, {"ok": committed.seq})
    return 1 if failed else 0


def read_lines(stream: IO[Any], limit: int = MAX_LINE_BYTES
               ) -> Iterator[tuple[int, str | BadLine]]:
    """Each line of ``stream`` with its number, or a `BadLine` for one too long or not
    UTF-8. At most ``limit`` + 1 bytes (characters, for a text stream) are held at a time."""
    number = 0
    while True:
        chunk = stream.readline(limit + 1)
        if not chunk:
            return
        number += 1
        newline = b"\n" if isinstance(chunk, bytes) else "\n"
        if len(chunk) > limit and not chunk.endswith(newline):
            while True:  # the rest of the line, dropped as it comes
                more = stream.readline(limit)
                if not more or more.endswith(newline):
                    break
            yield number, BadLine(_("the line is longer than {limit} bytes").format(
                limit=format_number(limit)))
            continue
        if isinstance(chunk, bytes):
            try:
                chunk = chunk.decode("utf-8")
            except UnicodeDecodeError as error:
                yield number, BadLine(_("the line is not UTF-8 text (byte {n})").format(
                    n=error.start + 1))
                continue
        yield number, chunk


def _emit(out: TextIO, obj: dict[str, Any]) -> None:
    out.write(json_for_terminal(json.dumps(obj, ensure_ascii=False)) + "\n")
    out.flush()
