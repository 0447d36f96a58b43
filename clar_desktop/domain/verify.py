"""`verify`: recompute the hash chain, replay the log, compare with the snapshot, re-tally.

A bundle verifies when every event's hash and link is right, the events replay into exactly
the contest the bundle's ``contest`` holds, and the tally can be recomputed. The verdict
names the final hash of the log and the hash of the results (SHA-256 of the canonical
serialization of the ``tally --format json`` object), which the printed minutes carry.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from .bundle import Bundle
from .canonical import sha256_hex
from .errors import N_, ChangeRefused, DomainError
from .log import check_chain
from .model import Contest
from .state import replay
from .tally import TallyResults, tally


@dataclass(frozen=True, slots=True)
class Verdict:
    ok: bool
    events: int
    final_hash: str | None
    results_hash: str | None
    problem: DomainError | None


def results_hash(contest: Contest) -> str:
    return sha256_hex(tally(contest).to_json())


def certificate_code(results_hash: str, proposal: str) -> str:
    """The verification code printed on a proposal's award certificate: the first 12 hex
    digits of SHA-256 over ``"<results hash>:<proposal id>"`` (UTF-8), upper case, in three
    groups of four: ``17C8-9C8B-DE80``. Anyone with the exported bundle can recompute it."""
    digest = hashlib.sha256(f"{results_hash}:{proposal}".encode()).hexdigest()[:12].upper()
    return "-".join(digest[i:i + 4] for i in range(0, 12, 4))


def verify(bundle: Bundle) -> Verdict:
    """Check a parsed bundle's log against its snapshot. Never raises for a bad log."""
    return verify_with_tally(bundle)[0]


def verify_with_tally(bundle: Bundle) -> tuple[Verdict, TallyResults | None]:
    """`verify`, and the tally its results hash was computed from (None when the bundle
    does not verify): for a caller that needs both, at the cost of one tally."""
    events = bundle.events
    if not events:
        return Verdict(False, 0, None, None, ChangeRefused(
            N_("the bundle has no event log, so it cannot be verified"), "events")), None
    try:
        final = check_chain(events)
        state = replay(events)
    except ChangeRefused as problem:
        return Verdict(False, len(events), None, None, problem), None
    assert state.contest is not None
    difference = first_difference(bundle.contest, state.contest, "contest")
    if difference is not None:
        return Verdict(False, len(events), final, None, difference), None
    results = tally(bundle.contest)
    return Verdict(True, len(events), final, sha256_hex(results.to_json()), None), results


def first_difference(snapshot: Any, logged: Any, path: str) -> ChangeRefused | None:
    """The first place where the snapshot and the replayed log disagree, or None."""
    if is_dataclass(snapshot) and type(snapshot) is type(logged):
        for f in fields(snapshot):
            found = first_difference(getattr(snapshot, f.name), getattr(logged, f.name),
                                     f"{path}.{f.name}")
            if found is not None:
                return found
        return None
    if isinstance(snapshot, dict) and isinstance(logged, dict) and path.endswith(".scores"):
        for key in [*snapshot, *(k for k in logged if k not in snapshot)]:
            a, b = snapshot.get(key), logged.get(key)
            if a != b:
                return _mismatch(path, "/".join(key), a and a.value, b and b.value)
        return None
    if isinstance(snapshot, list | tuple) and isinstance(logged, list | tuple):
        for i, (a, b) in enumerate(zip(snapshot, logged, strict=False)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found is not None:
                return found
        if len(snapshot) != len(logged):
            return ChangeRefused(N_("the bundle lists {found} items where the log has "
                                    "{expected}"), path, found=len(snapshot),
                                 expected=len(logged))
        return None
    if snapshot != logged:
        return _mismatch(path, None, snapshot, logged)
    return None


def _mismatch(path: str, item: str | None, snapshot: Any, logged: Any) -> ChangeRefused:
    return ChangeRefused(N_("the bundle says {found} but the log says {expected}"), path, item,
                         found=_show(snapshot), expected=_show(logged))


def _show(value: Any) -> str:
    return "(nothing)" if value is None else str(value)
