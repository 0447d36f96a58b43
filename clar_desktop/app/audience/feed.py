"""The audience window's only source: committed state, readable and nothing else.

`AudienceFeed` is built by the secretary's side from the live contest's state and its
``applied`` signal; it passes on the reading half of the state (`ReadOnlyState`) and every
committed event. It holds no service, no database and no way to ask for a change, so the
audience window has no path that writes (an import contract in pyproject.toml keeps this
package away from the service layer and the store).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance

from ...domain.changes import MinutesDetails
from ...domain.model import Contest
from ...domain.state import Applied, ContestState
from ...domain.tally import Tally


class Clock(Protocol):
    """The presentation timer, as the audience reads it."""

    @property
    def seconds(self) -> int: ...
    @property
    def running(self) -> bool: ...


class ReadOnlyState:
    """The committed contest as the audience may see it: reading methods only."""

    __slots__ = ("_state",)

    def __init__(self, state: ContestState) -> None:
        self._state = state

    @property
    def contest(self) -> Contest | None:
        return self._state.contest

    @property
    def tally(self) -> Tally | None:
        return self._state.tally

    @property
    def presenting(self) -> str | None:
        return self._state.presenting

    @property
    def minutes(self) -> MinutesDetails:
        """The acta's number, agenda and other attendees (an immutable record)."""
        return self._state.minutes

    def corrections_of(self, juror: str, proposal: str,
                       criterion: str) -> tuple[tuple[str, str, str], ...]:
        """(old, new, reason) of each correction of that value, in order."""
        return tuple(self._state.corrections.get((juror, proposal, criterion), ()))

    def is_confirmed(self, juror: str, proposal: str, phase: str) -> bool:
        return self._state.is_confirmed(juror, proposal, phase)

    def is_absent(self, juror: str) -> bool:
        return self._state.is_absent(juror)

    def is_pending(self, proposal: str) -> bool:
        return self._state.is_pending(proposal)

    def sheet_progress(self, proposal: str) -> tuple[int, int]:
        return self._state.sheet_progress(proposal)


class AudienceFeed(QObject):
    """Committed events and the state they produced, for the audience window."""

    changed = Signal(object, object)
    """(event kind, `Applied`) after each committed event."""

    def __init__(self, state: ContestState, applied: SignalInstance,
                 clock: Clock | None = None,
                 image: Callable[[str], bytes | None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = ReadOnlyState(state)
        self.clock = clock
        self._image = image
        applied.connect(self._relay)

    def _relay(self, event: dict[str, Any], applied: Applied) -> None:
        self.changed.emit(str(event.get("kind", "")), applied)

    def image(self, proposal: str) -> bytes | None:
        """The proposal's photo or talking map, if it has one."""
        return self._image(proposal) if self._image is not None else None
