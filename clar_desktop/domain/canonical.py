"""The canonical serialization that the audit log's hashes are computed over.

It is JSON as RFC 8785 (JCS) writes it, for the subset of JSON the log uses (objects with
ASCII keys, lists, texts, whole numbers, true/false/null, never a fractional number):
keys sorted, no insignificant white space, texts as UTF-8 with only ``"``, ``\\`` and control
characters escaped. ``docs/audit-log.md`` states it precisely for independent verifiers.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

GENESIS = "0" * 64


def _check(value: Any) -> None:
    """Refuse what the canonical form does not allow: fractional numbers and non-ASCII keys.
    Texts are checked on the serialized form (NUL there, lone surrogates when encoding).
    (Iterative and type-exact: logs hold hundreds of thousands of values.)"""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            for key in item:
                if type(key) is not str or not key.isascii():
                    raise ValueError("keys in the log must be ASCII texts")
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif kind is not str and isinstance(item, float):
            raise ValueError("fractional numbers are not allowed in the log; use a text")


_NUL = re.compile(r"(?<!\\)(?:\\\\)*\\u0000")
"""NUL as json.dumps writes it, ``\\u0000`` after an even number of backslashes (an odd
number is a backslash of the text itself, followed by the letters u0000)."""


def canonical_text(value: Any, checked: bool = False) -> str:
    """The canonical JSON text of a value (``checked``: the caller already ran the check).
    A text holding NUL is refused (`ValueError`): PostgreSQL and SQLite do not store it
    alike."""
    if not checked:
        _check(value)
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    if not checked and "\\u0000" in text and _NUL.search(text):
        raise ValueError("a text in the log holds NUL")
    return text


def canonical_bytes(value: Any) -> bytes:
    """The canonical UTF-8 bytes of a JSON value (see the module docstring); a lone
    surrogate cannot be written in UTF-8 and is refused (`ValueError`)."""
    try:
        return canonical_text(value).encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("a text in the log holds a lone surrogate") from None


def sha256_hex(value: Any) -> str:
    return hashlib.sha256(canonical_bytes(value)).hexdigest()


def event_hash(event: dict[str, Any]) -> str:
    """SHA-256 over the canonical serialization of the event without its ``hash`` field."""
    return sha256_hex({k: v for k, v in event.items() if k != "hash"})
