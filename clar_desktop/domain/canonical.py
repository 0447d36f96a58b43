"""The canonical serialization that the audit log's hashes are computed over.

It is JSON as RFC 8785 (JCS) writes it, for the subset of JSON the log uses (objects with
ASCII keys, lists, texts, whole numbers, true/false/null, never a fractional number):
keys sorted, no insignificant white space, texts as UTF-8 with only ``"``, ``\\`` and control
characters escaped. ``docs/audit-log.md`` states it precisely for independent verifiers.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def _check(value: Any) -> None:
    """Refuse what the canonical form does not allow: fractional numbers, non-ASCII keys,
    and texts that PostgreSQL and SQLite would not store alike (NUL, lone surrogates).
    (Iterative and type-exact: logs hold hundreds of thousands of values.)"""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            if "\x00" in item or not _encodable(item):
                raise ValueError("a text in the log holds NUL or a lone surrogate")
        elif kind is dict:
            for key in item:
                if type(key) is not str or not key.isascii() or "\x00" in key:
                    raise ValueError("keys in the log must be ASCII texts")
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif isinstance(item, float):
            raise ValueError("fractional numbers are not allowed in the log; use a text")


def _encodable(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def canonical_text(value: Any, checked: bool = False) -> str:
    """The canonical JSON text of a value (``checked``: the caller already ran the check)."""
    if not checked:
        _check(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)


def canonical_bytes(value: Any) -> bytes:
    """The canonical UTF-8 bytes of a JSON value (see the module docstring)."""
    return canonical_text(value).encode("utf-8")


def sha256_hex(value: Any) -> str:
    return hashlib.sha256(canonical_bytes(value)).hexdigest()


def event_hash(event: dict[str, Any]) -> str:
    """SHA-256 over the canonical serialization of the event without its ``hash`` field."""
    return sha256_hex({k: v for k, v in event.items() if k != "hash"})
