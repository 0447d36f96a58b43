"""A live session with second-tranche items, for the app's tests and screenshots.

Built from the spec's version 2 example (tests/data/v2-followups.json): fourteen proposals
and five second-tranche items f1…f5 (f2 and f4 justify 0 % of a 70 % minimum: not eligible;
j7 is absent from f3's field phase, which leaves it two jurors of three). Its values are
imported unconfirmed and the session is opened, so every sheet is still to be read back.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import v2_bundle

CONTEST = "ejemplo-v2"


def items_bundle(without_item_scores: bool = False) -> dict[str, Any]:
    """The example bundle; ``without_item_scores``: no value yet on f1…f5."""
    bundle = copy.deepcopy(v2_bundle())
    if without_item_scores:
        contest = bundle["contest"]
        contest["scores"] = [s for s in contest["scores"] if not s["proposal"].startswith("f")]
    return bundle


def items_service(folder: Path, without_item_scores: bool = False,
                  open_session: bool = True) -> ContestService:
    """A database in ``folder`` holding the example, its session opened."""
    service = ContestService(open_database(str(folder / "items.sqlite3"), create=True),
                             actor="test")
    service.import_bundle(parse_bundle(items_bundle(without_item_scores)))
    if open_session:
        service.open_session(CONTEST)
    return service
