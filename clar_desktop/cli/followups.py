"""``clar-desktop followups``: the second-tranche evaluation bundle of a closed contest.

SOURCE is a bundle file or a contest id in the database (``--db``); its log must show the
session closed. The bundle written (version 2, no events) holds the same jurors, one
follow-up item per funded proposal and the follow-up phases of the template
(`clar_desktop.domain.followup_plan`). Every refusal names the option or field, exits with
status 2 and writes nothing; the file is written atomically (clar_desktop.files).
"""

from __future__ import annotations

import argparse
import re
from datetime import date as Date
from decimal import Decimal, InvalidOperation

from ..domain.bundle import CONTEST_ID, Bundle, bundle_to_dict, parse_bundle
from ..domain.errors import DomainError
from ..domain.followup_plan import (
    MIN_JUSTIFIED_PERCENT,
    PASS_SCORE,
    closed_state,
    followup_contest,
    followups_for,
)
from ..domain.model import Contest
from ..domain.state import ContestState
from ..i18n import _, ngettext
from . import InvalidInput
from .commands import _service, _write_json, source_bundle
from .safe_text import printable


def _closed_state(source: str, bundle: Bundle) -> ContestState:
    """The source's session as its log tells it; refused unless the log closes it."""
    try:
        return closed_state(bundle)
    except DomainError as error:
        raise InvalidInput(_("{file}: {problem}").format(
            file=source, problem=error.render(_))) from None


def _percent(option: str, text: str | None, default: Decimal) -> Decimal:
    if text is None:
        return default
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", text) or not 0 <= value <= 100:
        raise InvalidInput(_("{option}: expected a number from 0 to 100, not {value}").format(
            option=option, value=printable(text)))
    return value


def _checked_options(args: argparse.Namespace, source_id: str, source_date: str) -> None:
    if not CONTEST_ID.fullmatch(args.new_id):
        raise InvalidInput(_("--id: a contest id may only hold letters, digits, - and _ "
                             "(1 to 64 of them), not {value}").format(
            value=printable(args.new_id)))
    if args.new_id == source_id:
        raise InvalidInput(_("--id: {id} is the id of the source contest; the evaluation "
                             "session needs an id of its own").format(id=printable(source_id)))
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", args.date):
            raise ValueError(args.date)
        Date.fromisoformat(args.date)
    except ValueError:
        raise InvalidInput(_("--date: expected a date written YYYY-MM-DD, not {value}").format(
            value=printable(args.date))) from None
    if args.date < source_date:
        raise InvalidInput(_("--date: {date} is before {source}, the date of the source "
                             "contest").format(date=args.date, source=source_date))


def _required(args: argparse.Namespace) -> None:
    """Without ``--into`` the new bundle needs its id, date and file; with it, none of them."""
    given = {"--id": args.new_id, "--date": args.date, "-o": args.output,
             "--title": args.title}
    if args.into is not None:
        for option, value in given.items():
            if value is not None:
                raise InvalidInput(_("{option}: not used with --into, which adds the items "
                                     "to a contest that already exists").format(option=option))
        return
    for option in ("--id", "--date", "-o"):
        if given[option] is None:
            raise InvalidInput(_("{option}: required, unless --into names the contest that "
                                 "receives the items").format(option=option))


def _into(args: argparse.Namespace, source: Contest, state: ContestState,
          pass_score: Decimal, min_justified: Decimal) -> int:
    """``--into``: the plan's follow-ups added to a contest of the database, all or none."""
    from ..followup_services import add_followups

    service = _service(args)
    if args.into not in service.contest_ids():
        from ..store.database import resolve_url

        raise InvalidInput(_("--into: there is no contest {id} in the database {url}").format(
            id=printable(args.into), url=resolve_url(args.db)))
    target = service.load_state(args.into).snapshot()
    if target.date < source.date:
        raise InvalidInput(_("--into: contest {id} is dated {date}, before {source}, the date "
                             "of the source contest").format(
            id=printable(target.id), date=target.date, source=source.date))
    try:
        followups = followups_for(state, target, pass_score=pass_score,
                                  min_justified_percent=min_justified)
    except DomainError as error:
        raise InvalidInput(_("{file}: {problem}").format(
            file=args.source, problem=error.render(_))) from None
    add_followups(service, target.id, followups)  # a refusal: exit 2, nothing written
    items = len(followups.items)
    print(ngettext("Added {count} second-tranche item to contest {id}.",
                   "Added {count} second-tranche items to contest {id}.", items).format(
        count=items, id=printable(target.id)))
    return 0


def run(args: argparse.Namespace) -> int:
    _required(args)
    pass_score = _percent("--pass-score", args.pass_score, PASS_SCORE)
    min_justified = _percent("--min-justified", args.min_justified, MIN_JUSTIFIED_PERCENT)
    bundle = source_bundle(args)
    state = _closed_state(args.source, bundle)
    contest = state.snapshot()
    if args.into is not None:
        return _into(args, contest, state, pass_score, min_justified)
    _checked_options(args, contest.id, contest.date)
    assert state.tally is not None
    title = args.title or _("Second-tranche evaluation: {title}").format(title=contest.title)
    try:
        planned = followup_contest(
            contest, state.tally.results(), contest_id=args.new_id, date=args.date,
            title=title, acta=state.minutes.number, pass_score=pass_score,
            min_justified_percent=min_justified)
        data = bundle_to_dict(planned, None)
        parse_bundle(data)  # what is written reads back by the strict reader
    except DomainError as error:
        raise InvalidInput(_("{file}: {problem}").format(
            file=args.source, problem=error.render(_))) from None
    _write_json(args.output, data)
    return 0
