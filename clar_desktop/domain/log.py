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

ENVELOPE = ("seq", "at", "kind", "data", "prev", "hash")
OPTIONAL = ("actor",)
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")
HEX64 = re.compile(r"[0-9a-f]{64}")


def utc_timestamp(moment: datetime | None = None) -> str:
    """The log's timestamp format, always UTC with microseconds."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def make_event(seq: int, prev: str, kind: str, data: dict[str, Any], at: str | None = None,
               actor: str | None = None) -> dict[str, Any]:
    """A new sealed event following the event whose hash is ``prev``."""
    event: dict[str, Any] = {"seq": seq, "at": at or utc_timestamp(), "kind": kind,
                             "data": data, "prev": prev}
    if actor:
        event["actor"] = actor
    event["hash"] = event_hash(event)
    return event


def check_chain(events: list[dict[str, Any]]) -> str:
    """Check every event's envelope, sequence, link and hash; return the final hash.

    Raises `ChangeRefused` naming the first bad ``seq`` and field."""
    prev = GENESIS
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
        if "actor" in event and not (isinstance(event["actor"], str) and event["actor"]):
            raise ChangeRefused(N_("event {seq}: actor must be a non-empty text"),
                                f"{path}.actor", seq=event.get("seq", i + 1))
        seq = event["seq"]
        if type(seq) is not int or seq != i + 1:
            raise ChangeRefused(N_("event number {found} where {seq} was expected (an event "
                                   "is missing or out of place)"), f"{path}.seq",
                                found=seq, seq=i + 1)
        if not isinstance(event["at"], str) or not TIMESTAMP.fullmatch(event["at"]):
            raise ChangeRefused(N_("event {seq} has a malformed time"), f"{path}.at", seq=seq)
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
