"""Reading JSON strictly: one text means one thing to every reader.

Python's `json` keeps the last of two equal keys in an object and accepts ``NaN`` and
``Infinity``; two honest verifiers could then disagree about one file. `loads_strict` refuses
both, so the bundle readers (tally, verify, import, the documents) and ``record``'s lines all
see a file the same way.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class DuplicateKey(ValueError):
    """An object holds the same key twice."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class ForbiddenConstant(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity``: not JSON (RFC 8259), refused."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return obj


def _constant(name: str) -> Any:
    raise ForbiddenConstant(name)


def loads_strict(text: str | bytes) -> Any:
    """Decode JSON, refusing duplicate keys (`DuplicateKey`) and non-standard constants
    (`ForbiddenConstant`); otherwise as `json.loads` (ValueError, RecursionError)."""
    return json.loads(text, object_pairs_hook=_object, parse_constant=_constant)


@contextmanager
def bulk() -> Iterator[None]:
    """No cyclic garbage collection while a bundle is read or tallied: they make hundreds of
    thousands of dicts, tuples and numbers and no reference cycle, and each collection pass
    would walk them all again (a third of the time of a 3,000-proposal tally). The collector
    is back, as it was, afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
