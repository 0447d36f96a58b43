"""A session with second-tranche items, for the projector's tests and screenshots.

Built from the spec's version 2 example (tests/data/v2-followups.json): five follow-up items
of an earlier contest's awards — f1 approved, f2 and f4 not eligible (nothing of the first
tranche justified), f3 incomplete (a juror absent leaves a phase short of jurors), f5 below
the pass mark — beside fourteen proposals of its own; opened as in a session, nothing read
back yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from clar_desktop.app.live import LiveContest
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import v2_bundle, v2_expected

CONTEST = "ejemplo-v2"
ITEMS = ("f1", "f2", "f3", "f4", "f5")


def items_session(folder: Path, *, only_items: bool = False) -> LiveContest:
    """The example contest imported into a new database in ``folder`` and opened, as the
    secretary's window holds it. ``only_items``: without its proposals and categories (an
    evaluation-only session, as `clar-desktop followups` writes one)."""
    bundle = v2_bundle()
    if only_items:
        contest = bundle["contest"]
        items = set(ITEMS)
        contest["proposals"], contest["categories"], contest["draws"] = [], [], []
        contest["scores"] = [s for s in contest["scores"] if s["proposal"] in items]
        contest["absences"] = [a for a in contest["absences"] if a["proposal"] in items]
        contest["withdrawals"] = []
    service = ContestService(open_database(str(folder / "items.sqlite3"), create=True),
                             actor="test")
    parsed = parse_bundle(bundle)
    service.import_bundle(parsed)
    service.open_session(parsed.contest.id)
    return LiveContest(service, parsed.contest.id)


def confirm(live: LiveContest, items: Iterable[str] = ITEMS) -> None:
    """Every sheet of ``items`` still to confirm read back and confirmed."""
    # Not `unconfirmed_sheets`: an item not eligible waits for no sheet, but the sheets
    # typed for it may still be read back, and the projector shows them confirmed.
    for item in items:
        state = live.state
        assert state.tally is not None
        book = state.tally.book
        for phase in book.phases_of(item):
            for juror in book.eligible(item, phase):
                if (juror, item, phase) not in state.confirmed:
                    assert live.apply("sheet.confirmed", {"juror": juror, "proposal": item,
                                                          "phase": phase})


def expected_items() -> dict[str, dict[str, object]]:
    """The spec's tally of each item, by id (tests/data/v2-followups.expected.json)."""
    return {line["item"]: line for line in v2_expected()["followups"]}


def expected_totals() -> dict[str, str]:
    return dict(v2_expected()["followups_total"])


def template_session(folder: Path) -> LiveContest:
    """The evaluation the app plans from the demo's closed session (`followup_plan`): the
    template's fourteen criteria with their long names in Spanish and Quechua, the demo's
    funded organizations; the first item's justified share verified (82.5 %) and its field
    sheets typed, the others not justified yet. Opened as in a session."""
    from clar_desktop.demo import demo_session_bundle
    from clar_desktop.domain.bundle import bundle_to_dict
    from clar_desktop.domain.followup_plan import followup_contest
    from clar_desktop.domain.state import replay

    source = parse_bundle(demo_session_bundle())
    closed = replay(source.events)
    assert closed.tally is not None
    contest = followup_contest(closed.snapshot(), closed.tally.results(),
                               contest_id="llusco-2027-s2", date="2027-05-03",
                               title="Segundo desembolso", acta=closed.minutes.number)
    bundle = bundle_to_dict(contest, None)
    items = bundle["contest"]["followups"]["items"]
    items[0]["justified_percent"] = "82.5"
    service = ContestService(open_database(str(folder / "template.sqlite3"), create=True),
                             actor="test")
    parsed = parse_bundle(bundle)
    service.import_bundle(parsed)
    service.open_session(parsed.contest.id)
    live = LiveContest(service, parsed.contest.id)
    first = items[0]["id"]
    followups = live.state.contest.followups  # type: ignore[union-attr]
    assert followups is not None
    for juror in live.state.contest.jurors:  # type: ignore[union-attr]
        for criterion in followups.phases[0].criteria:
            assert live.apply("score.entered", {
                "juror": juror.id, "proposal": first, "criterion": criterion.id,
                "value": str(criterion.max - 1)})
    return live
