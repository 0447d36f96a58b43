"""What a change is checked against, and typed access to an event's ``data``.

`ContestView` is the little a change needs to know about the contest as it stands (the
in-memory `ContestState` and the database-backed view both provide it); `EventData` reads
the fields of one event's data, refusing with their path.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from .errors import N_, ChangeRefused
from .fields import clean_text
from .index import ContestIndex
from .model import Contest
from .numbers import TooManyDigits, parse_decimal

if TYPE_CHECKING:
    from .checklist import OpenPoint


class ContestView(Protocol):
    """What `check_change` needs to know about the contest as it stands."""

    @property
    def session(self) -> str: ...

    def index(self) -> ContestIndex: ...

    def current_value(self, juror: str, proposal: str, criterion: str) -> Decimal | None: ...

    def has_scores(self, juror: str, proposal: str) -> bool: ...

    def sheet_size(self, juror: str, proposal: str, phase: str) -> int: ...

    def is_confirmed(self, juror: str, proposal: str, phase: str) -> bool: ...

    def is_absent(self, juror: str) -> bool: ...

    def juror_values(self, juror: str, proposal: str) -> dict[str, Decimal]:
        """The juror's current values on the item, by criterion."""
        ...

    def snapshot(self) -> Contest: ...

    def second_entry(self, juror: str, proposal: str, phase: str) -> dict[str, Decimal] | None:
        """The sheet's second entry as it stands (`double_entry`), by criterion, if any."""
        ...

    def double_entry_required(self) -> bool:
        """Whether a sheet needs an agreeing second entry before it is confirmed."""
        ...

    def open_points(self) -> list[OpenPoint]:
        """The pre-close checklist (`checklist.open_points`): what keeps the session from
        closing."""
        ...


class EventData:
    """Fields of one event's ``data``, refusing with their path."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, dict):
            raise ChangeRefused(N_("expected an object"), path)
        self.data: dict[str, Any] = data
        self.path = path

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            raise ChangeRefused(N_("{field} must be a text"), self.path, field=key)
        if not isinstance(value, str) or not value.strip():
            raise ChangeRefused(N_("the required field {field} is missing"), self.path,
                                field=key)
        if not clean_text(value):
            raise ChangeRefused(N_("the text holds a character that cannot be stored"),
                                f"{self.path}.{key}")
        return value

    def decimal(self, key: str) -> Decimal:
        try:
            return parse_decimal(self.data.get(key))  # type: ignore[arg-type]
        except TooManyDigits:
            raise ChangeRefused(N_("{value} has too many digits (at most 15 before the "
                                   "point and 10 after)"), f"{self.path}.{key}",
                                value=self.data.get(key)) from None
        except ValueError:
            raise ChangeRefused(N_("expected a decimal number written as a text, "
                                   "such as \"12.50\""), f"{self.path}.{key}") from None

    def obj(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        if not isinstance(value, dict):
            raise ChangeRefused(N_("the required field {field} is missing"), self.path,
                                field=key)
        return value
