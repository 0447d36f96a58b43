"""The audit log: events appended one by one, each chained to the previous by its hash.

An event is ``{"seq", "at", "kind", "data", "prev", "hash"}`` (and an optional ``actor``):
``seq`` counts from 1, ``at`` is the UTC time written ``YYYY-MM-DDTHH:MM:SS.ffffffZ``,
``prev`` is the previous event's ``hash`` (64 zeros for the first) and ``hash`` is the
SHA-256 of the canonical serialization of the event without ``hash`` (see canonical.py and
docs/audit-log.md).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from .canonical import GENESIS, event_hash
from .errors import N_, ChangeRefused
from .fields import clean_text

ENVELOPE = ("seq", "at", "kind", "data", "prev", "hash")
OPTIONAL = ("actor",)
TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")
"""ASCII digits only (``\\d`` would accept other scripts' digits), a fixed width, UTC."""
HEX64 = re.compile(r"[0-9a-f]{64}")
MAX_ACTOR = 200


def real_instant(text: str) -> bool:
    """Whether a log timestamp names a real UTC instant (no month 13, no 25:61:61)."""
    if not TIMESTAMP.fullmatch(text):
        return False
    try:
        datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return False
    return True


def utc_timestamp(moment: datetime | None = None) -> str:
    """The log's timestamp format, always UTC with microseconds."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def make_event(seq: int, prev: str, kind: str, data: dict[str, Any], at: str | None = None,
               actor: str | None = None, not_before: str | None = None) -> dict[str, Any]:
    """A new sealed event following the event whose hash is ``prev``.

    ``not_before``: the previous event's time. A clock set back (a laptop's battery-less
    clock, a time-zone mistake corrected) must not make the log run backwards, so the new
    event then takes the previous event's time."""
    moment = at or utc_timestamp()
    if not_before is not None and moment < not_before:
        moment = not_before
    event: dict[str, Any] = {"seq": seq, "at": moment, "kind": kind, "data": data,
                             "prev": prev}
    if actor:
        event["actor"] = actor
    event["hash"] = event_hash(event)
    return event


def check_chain(events: list[dict[str, Any]]) -> str:
    """Check every event's envelope, sequence, link and hash; return the final hash.

    Raises `ChangeRefused` naming the first bad ``seq`` and field."""
    prev = GENESIS
    previous_at = ""
    for i, event in enumerate(events):
        path = f"events[{i}]"
        for key in ENVELOPE:
            if key not in event:
                raise ChangeRefused(N_("event {seq} has no field {field}"), path,
                                    seq=event.get("seq", i + 1), field=key)
        for key in event:
            if key not in ENVELOPE and key not in OPTIONAL:
                raise ChangeRefused(N_("event {seq} has an unknown field {field}"), path,
                                    seq=event.get("seq", i + 1), field=key)
        actor = event.get("actor", "-")
        if not (isinstance(actor, str) and actor.strip() and len(actor) <= MAX_ACTOR
                and clean_text(actor)):
            raise ChangeRefused(N_("event {seq}: actor must be a non-empty text of at most "
                                   "{count} characters that can be stored"),
                                f"{path}.actor", seq=event.get("seq", i + 1), count=MAX_ACTOR)
        seq = event["seq"]
        if type(seq) is not int or seq != i + 1:
            raise ChangeRefused(N_("event number {found} where {seq} was expected (an event "
                                   "is missing or out of place)"), f"{path}.seq",
                                found=seq, seq=i + 1)
        at = event["at"]
        if not isinstance(at, str) or not real_instant(at):
            raise ChangeRefused(N_("event {seq} has a malformed time (expected a real UTC "
                                   "time written YYYY-MM-DDTHH:MM:SS.ffffffZ)"), f"{path}.at",
                                seq=seq)
        if at < previous_at:
            raise ChangeRefused(N_("event {seq} is dated before the event before it"),
                                f"{path}.at", seq=seq)
        previous_at = at
        if (not isinstance(event["kind"], str) or not isinstance(event["data"], dict)
                or not isinstance(event["prev"], str) or not isinstance(event["hash"], str)):
            raise ChangeRefused(N_("event {seq} is malformed"), path, seq=seq)
        if event["prev"] != prev:
            raise ChangeRefused(N_("event {seq} does not follow the previous event (its prev "
                                   "hash differs)"), f"{path}.prev", seq=seq)
        try:
            expected = event_hash(event)
        except ValueError as error:
            raise ChangeRefused(N_("event {seq} is malformed: {error}"), path, seq=seq,
                                error=str(error)) from None
        if event["hash"] != expected:
            raise ChangeRefused(N_("event {seq} was altered: its hash does not match its "
                                   "content"), f"{path}.hash", seq=seq)
        prev = expected
    return prev
