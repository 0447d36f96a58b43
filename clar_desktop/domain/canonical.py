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


def _check(value: Any, path: str) -> None:
    if isinstance(value, float):
        raise ValueError(f"{path}: fractional numbers are not allowed in the log; use a text")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str) or not key.isascii():
                raise ValueError(f"{path}: keys must be ASCII texts")
            _check(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check(item, f"{path}[{i}]")


def canonical_bytes(value: Any) -> bytes:
    """The canonical UTF-8 bytes of a JSON value (see the module docstring)."""
    _check(value, "$")
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def sha256_hex(value: Any) -> str:
    return hashlib.sha256(canonical_bytes(value)).hexdigest()


def event_hash(event: dict[str, Any]) -> str:
    """SHA-256 over the canonical serialization of the event without its ``hash`` field."""
    return sha256_hex({k: v for k, v in event.items() if k != "hash"})
