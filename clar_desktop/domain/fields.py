"""Typed, strict access to the fields of decoded JSON objects, shared by every reader.

`Fields` wraps one JSON object and refuses, with the field's path, whatever the spec does not
allow: a wrong type, an empty required text, a text that cannot be stored identically on
SQLite and PostgreSQL (NUL, lone surrogates), a decimal with too many digits, a language key
that is not a language tag.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .errors import N_, BundleError
from .model import LocalizedText
from .numbers import TooManyDigits, parse_decimal

MAX_WHOLE = 2_000_000_000
"""Whole numbers (orders, counts) stay within what every database stores."""
MAX_ID = 200
MAX_DOCUMENT = 40
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*")
"""The keys of a name map: BCP 47 language tags such as ``es``, ``qu`` or ``qu-PE``."""
_MISSING = object()


class Fields:
    """Typed access to the fields of one JSON object, refusing with the field's path."""

    def __init__(self, data: object, path: str, item: str | None = None) -> None:
        if not isinstance(data, dict):
            raise BundleError(N_("expected an object"), path, item)
        self.data: dict[str, Any] = data
        self.path = path
        self.item = item

    def _get(self, key: str, required: bool) -> Any:
        value = self.data.get(key, _MISSING)
        if value is _MISSING or (value is None and required):
            if required:
                raise BundleError(N_("the required field {field} is missing"),
                                  self.path, self.item, field=key)
            return None
        return value

    def _fail(self, key: str, template: str, **params: object) -> BundleError:
        return BundleError(template, f"{self.path}.{key}", self.item, **params)

    def string(self, key: str, required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is not None and not isinstance(value, str):
            raise self._fail(key, N_("expected a text"))
        if value is not None and not clean_text(value):
            raise self._fail(key, N_("the text holds a character that cannot be stored"))
        return value

    def req_str(self, key: str) -> str:
        value = self.string(key)
        assert value is not None
        if not value.strip():
            raise self._fail(key, N_("must not be empty"))
        return value

    def integer(self, key: str, required: bool = True,
                minimum: int | None = 0) -> int | None:
        value = self._get(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._fail(key, N_("expected a whole number"))
        if minimum is not None and value < minimum:
            raise self._fail(key, N_("must be at least {minimum}"), minimum=minimum)
        if abs(value) > MAX_WHOLE:
            raise self._fail(key, N_("must be at most {maximum}"), maximum=MAX_WHOLE)
        return value

    def decimal(self, key: str, required: bool = True, amount: bool = False) -> Decimal | None:
        value = self._get(key, required)
        if value is None:
            return None
        try:
            number = parse_decimal(value)
        except TooManyDigits:
            raise self._fail(key, N_("{value} has too many digits (at most 15 before the "
                                     "point and 10 after)"), value=value) from None
        except ValueError:
            raise self._fail(key, N_("expected a decimal number written as a text, "
                                     "such as \"12.50\"")) from None
        if amount and number < 0:
            raise self._fail(key, N_("amount {value} is negative"), value=value)
        return number

    def boolean(self, key: str) -> bool | None:
        value = self._get(key, False)
        if value is not None and not isinstance(value, bool):
            raise self._fail(key, N_("expected true or false"))
        return value

    def text(self, key: str) -> LocalizedText:
        value = self._get(key, True)
        if isinstance(value, str) and value.strip() and clean_text(value):
            return value
        if (isinstance(value, dict) and value
                and all(isinstance(k, str) and isinstance(v, str) and clean_text(v)
                        for k, v in value.items())):
            for language in value:
                if not LANGUAGE_TAG.fullmatch(language):
                    raise self._fail(key, N_("{value} is not a language code such as \"es\" "
                                             "or \"qu\""), value=_quoted(language))
            return dict(value)
        raise self._fail(key, N_("expected a text or a map of language to text"))

    def items(self, key: str, required: bool = True) -> list[Any]:
        value = self._get(key, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self._fail(key, N_("expected a list"))
        return value


def clean_text(text: str) -> bool:
    """Whether a text can be stored and hashed: no NUL, no lone surrogate."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def req(value: Any) -> Any:
    assert value is not None
    return value


def or_default(value: Any, default: Any) -> Any:
    return default if value is None else value




def _quoted(text: str) -> str:
    """A text from the input, quoted and cut short for a message."""
    shown = text if len(text) <= 40 else text[:40] + "…"
    return '"' + shown + '"'
