"""Read-back and confirmation, typing fixes before it, attendance and observations."""

from __future__ import annotations

from pathlib import Path

import pytest

from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.domain.verify import verify
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database
from tests.helpers import confirm_all, example_bundle

CONTEST = "colquemarca-2026-1"
PUBLIC = ["mapa_potencial", "mapa_colectivo", "claridad", "identidad", "participacion_publica"]


def _service(url: str) -> ContestService:
    service = ContestService(open_database(url, create=True), actor="test")
    bundle = example_bundle()
    bundle["contest"]["scores"] = [s for s in bundle["contest"]["scores"]
                                   if not (s["proposal"] == "p01" and s["juror"] == "j4")]
    service.import_bundle(parse_bundle(bundle))
    service.open_session(CONTEST)
    return service


def test_a_sheet_is_confirmed_only_when_complete_and_then_locked(db_url: str) -> None:
    service = _service(db_url)
    for criterion in PUBLIC[:-1]:
        service.enter_score(CONTEST, "j4", "p01", criterion, "6")
    with pytest.raises(ChangeRefused, match="not complete"):
        service.confirm_sheet(CONTEST, "j4", "p01", "publico")
    service.enter_score(CONTEST, "j4", "p01", PUBLIC[-1], "5")
    # Before the read-back a typing mistake is fixed without a reason.
    service.change_score(CONTEST, "j4", "p01", "claridad", "7")
    service.confirm_sheet(CONTEST, "j4", "p01", "publico")
    with pytest.raises(ChangeRefused, match="already confirmed"):
        service.confirm_sheet(CONTEST, "j4", "p01", "publico")
    with pytest.raises(ChangeRefused, match="correction"):
        service.change_score(CONTEST, "j4", "p01", "claridad", "8")
    service.correct_score(CONTEST, "j4", "p01", "claridad", "8", "the juror read 8")
    state = service.load_state(CONTEST)
    assert ("j4", "p01", "publico") in state.confirmed
    assert state.contest is not None
    assert state.contest.scores[("j4", "p01", "claridad")].value == 8
    events = service.events(CONTEST)
    assert [e["kind"] for e in events[-3:]] == ["score.changed", "sheet.confirmed",
                                                "score.corrected"]
    assert events[-1]["data"]["old"] == "7" and events[-1]["data"]["reason"]


def test_a_proposal_is_pending_until_every_sheet_is_confirmed(db_url: str) -> None:
    service = _service(db_url)
    state = service.load_state(CONTEST)
    assert state.is_pending("p02")
    sheets = state.unconfirmed_sheets("p02")
    assert ("j4", "campo") not in sheets and ("j4", "publico") in sheets
    assert len(sheets) == 4 + 5  # four field jurors, five public ones
    for juror, phase in sheets:
        service.confirm_sheet(CONTEST, juror, "p02", phase)
    assert not service.load_state(CONTEST).is_pending("p02")
    assert service.load_state(CONTEST).is_pending("p03")


def test_an_absent_juror_cannot_score(db_url: str) -> None:
    service = _service(db_url)
    service.mark_attendance(CONTEST, "j4", False)
    with pytest.raises(ChangeRefused, match="absent"):
        service.enter_score(CONTEST, "j4", "p01", "claridad", "5")
    with pytest.raises(ChangeRefused, match="already"):
        service.mark_attendance(CONTEST, "j4", False)
    assert service.load_state(CONTEST).absent == {"j4"}
    service.mark_attendance(CONTEST, "j4", True)
    service.enter_score(CONTEST, "j4", "p01", "claridad", "5")
    assert service.load_state(CONTEST).absent == set()


def test_session_records_travel_in_the_log(db_url: str, tmp_path: Path) -> None:
    service = _service(db_url)
    for criterion in PUBLIC:
        service.enter_score(CONTEST, "j4", "p01", criterion, "6")
    service.confirm_sheet(CONTEST, "j4", "p01", "publico")
    service.mark_attendance(CONTEST, "j2", False)
    service.add_observation(CONTEST, "Se inició con 15 minutos de retraso por la lluvia.")
    bundle = parse_bundle(service.export_bundle(CONTEST))
    assert verify(bundle).ok
    elsewhere = ContestService(open_database(str(tmp_path / "elsewhere.sqlite3"), create=True))
    elsewhere.import_bundle(bundle)
    state = elsewhere.load_state(CONTEST)
    assert ("j4", "p01", "publico") in state.confirmed
    assert state.absent == {"j2"}
    assert state.observations == ["Se inició con 15 minutos de retraso por la lluvia."]
    assert state.session == "open"


# One red pixel, a whole PNG (the one here before had an IDAT one byte short and a wrong CRC,
# which no decoder can read and the service now refuses).
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
       b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\xdac\xf8\xcf\xc0\xf0\x1f\x00\x05\x00"
       b"\x01\xffV\xc7/\r\x00\x00\x00\x00IEND\xaeB`\x82")


def test_a_proposal_image_is_kept_with_its_hash_in_the_log(db_url: str) -> None:
    import hashlib

    service = _service(db_url)
    service.set_proposal_image(CONTEST, "p03", PNG)
    assert service.proposal_image(CONTEST, "p03") == (PNG, "image/png")
    event = service.events(CONTEST)[-1]
    assert event["kind"] == "proposal.image_set"
    assert event["data"]["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert service.load_state(CONTEST).images == {"p03": event["data"]["sha256"]}
    with pytest.raises(ChangeRefused, match="PNG or JPEG"):
        service.set_proposal_image(CONTEST, "p03", b"GIF89a not accepted")
    with pytest.raises(ChangeRefused, match="p99"):
        service.set_proposal_image(CONTEST, "p99", PNG)
    service.set_proposal_image(CONTEST, "p03", None)
    assert service.proposal_image(CONTEST, "p03") is None
    assert verify(parse_bundle(service.export_bundle(CONTEST))).ok


def test_the_minutes_details_are_kept_in_the_log_even_after_closing(db_url: str) -> None:
    service = _service(db_url)
    details = {"number": "012-2026", "agenda": ["Quórum", "Calificación"],
               "attendees": [{"name": "Rosa Quispe", "role": "Jefa de oficina",
                              "group": "secretary"},
                             {"name": "Nicanor Layme", "role": "", "group": "authority"}]}
    service.apply(CONTEST, "minutes.details_set", details)
    # p01 was not scored by j4 (see _service): the group did not come to present.
    service.apply(CONTEST, "proposal.withdrawn", {"proposal": "p01", "reason": "no vino"})
    confirm_all(service, CONTEST)
    service.close_session(CONTEST)
    # The acta is numbered after the session: accepted while closed, and nothing else is.
    later = {**details, "number": "013-2026"}
    service.apply(CONTEST, "minutes.details_set", later)
    with pytest.raises(ChangeRefused, match="closed"):
        service.add_observation(CONTEST, "too late")
    state = service.load_state(CONTEST)  # as after a restart: from the store
    assert state.minutes.number == "013-2026"
    assert state.minutes.agenda == ("Quórum", "Calificación")
    assert [(a.name, a.group) for a in state.minutes.attendees] == [
        ("Rosa Quispe", "secretary"), ("Nicanor Layme", "authority")]
    exported = parse_bundle(service.export_bundle(CONTEST))
    assert verify(exported).ok


@pytest.mark.parametrize(("data", "path"), [
    ({"attendees": [{"name": "A", "group": "friend"}]}, "attendees[0]"),
    ({"attendees": [{"name": " ", "group": "guest"}]}, "attendees[0]"),
    ({"agenda": ["ok", 3]}, "agenda[1]"),
    ({"agenda": "not a list"}, "agenda"),
    ({"number": ""}, "data"),
])
def test_bad_minutes_details_are_refused_naming_the_field(sqlite_url: str, data: object,
                                                          path: str) -> None:
    service = _service(sqlite_url)
    before = len(service.events(CONTEST))
    with pytest.raises(ChangeRefused) as refused:
        service.apply(CONTEST, "minutes.details_set", data)  # type: ignore[arg-type]
    assert path in (refused.value.path or "")
    assert len(service.events(CONTEST)) == before
