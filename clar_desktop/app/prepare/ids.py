"""Ids made from names: "Evaluación de campo" → ``evaluacion-de-campo``.

Ids are what scores, the log and the bundle refer to; the secretary names things and the
program makes their ids: ASCII letters, digits and hyphens (within the spec's
``[A-Za-z0-9_-]{1,64}``), unique among their kind, stable while a name is unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

MAX_LENGTH = 64
ID_RULE = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""What an id typed by hand must be (a contest's or an office's id in the spec)."""
_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_NOT_DECOMPOSED = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
                                 "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"})

T = TypeVar("T")


def slug(text: str, limit: int = MAX_LENGTH) -> str:
    """The words of ``text`` in lower-case ASCII joined by hyphens, whole words up to
    ``limit`` characters. Accents go (ñ → n); a Quechua ejective's apostrophe joins its
    word (llamk'ay → llamkay). Empty when the text holds no letter or digit."""
    plain = unicodedata.normalize("NFKD", text.translate(_NOT_DECOMPOSED))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    words = re.findall(r"[a-z0-9]+", _APOSTROPHES.sub("", plain).lower())
    made = ""
    for word in words:
        longer = f"{made}-{word}" if made else word
        if len(longer) > limit:
            break
        made = longer
    return made or (words[0][:limit] if words else "")


def unique(base: str, taken: set[str], limit: int = MAX_LENGTH) -> str:
    """``base``, or ``base-2``, ``base-3``… the first not in ``taken`` (cut to ``limit``)."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = base[:limit - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        number += 1


def contest_id(title: str, date: str, taken: Iterable[str] = ()) -> str:
    """A contest's id from its title and the year of its session: "Concurso de planes de
    negocio" on 2026-05-14 → ``concurso-de-planes-de-negocio-2026``."""
    year = date[:4] if re.fullmatch(r"[0-9]{4}", date[:4]) else ""
    if year and year in slug(title).split("-"):  # "Concurso 2027 – Oficina local…"
        base = slug(title)
    else:
        base = slug(title, MAX_LENGTH - (len(year) + 1 if year else 0)) or "concurso"
        base = f"{base}-{year}" if year else base
    return unique(base, set(taken))


def assign(items: Sequence[T], typed: Callable[[T], str], name: Callable[[T], str],
           fallback: str) -> list[str]:
    """The id of each item, in order: the one typed for it (under "Advanced"), else one
    made from its name, unique among all of them (``fallback`` for an item with no name
    yet: ``fallback-1``…)."""
    taken = {typed(item).strip() for item in items if typed(item).strip()}
    ids: list[str] = []
    for position, item in enumerate(items, start=1):
        own = typed(item).strip()
        if own:
            ids.append(own)
            continue
        made = unique(slug(name(item)) or f"{fallback}-{position}", taken)
        taken.add(made)
        ids.append(made)
    return ids
