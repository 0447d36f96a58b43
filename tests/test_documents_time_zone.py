"""The documents' days and hours are the hall's: the day and time the log says the session was
opened, in the contest's time zone — not the contest's planned date, not UTC."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from clar_desktop.demo import demo_bundle
from clar_desktop.documents import DocumentOptions, make_document
from clar_desktop.documents.record import record_from_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.log import make_event
from clar_desktop.i18n import format_date, gettext_in
from tests.helpers import session_bundle_in
from tests.pdf import page_texts, text

PLANNED = date(2026, 8, 14)
HELD = date(2026, 12, 1)  # 109 days later: the session was put off
OPENING = ("In {place}, at {time} on {date}, the members of the Local Resource Allocation "
           "Committee (CLAR) met in public session to evaluate the proposals of the contest "
           "and allocate its funds.")


def _acta(bundle: dict[str, Any], language: str = "es") -> bytes:
    record = record_from_bundle(parse_bundle(bundle))
    return make_document("minutes", record, DocumentOptions(language=language))


def _put_off() -> dict[str, Any]:
    """The demo's session held on 1 December instead of 14 August, reopened two days
    later and closed again."""
    bundle = session_bundle_in("America/Lima", timedelta(days=(HELD - PLANNED).days))
    events: list[dict[str, Any]] = bundle["events"]
    last = events[-1]
    for kind, data, at in (
            ("session.reopened", {"reason": "Faltó leer una ficha"}, "2026-12-03T15:00:00.000000Z"),
            ("session.closed", {}, "2026-12-03T15:30:00.000000Z")):
        last = make_event(last["seq"] + 1, last["hash"], kind, data, at=at)
        events.append(last)
    return bundle


def test_an_acta_opened_on_another_day_prints_that_day_and_the_planned_one() -> None:
    first = page_texts(_acta(_put_off()))[0]
    # Opened at 14:02 UTC: 09:02 in Lima, on the day it was held.
    assert "siendo las 09:02 horas del 1 de diciembre de 2026, se reunieron" in first
    assert "La sesión estaba prevista para el 14 de agosto de 2026." in first
    assert "del 14 de agosto" not in first
    whole = text(_acta(_put_off()))
    assert ("El 3 de diciembre de 2026, siendo las 10:00 horas, se reabrió la sesión, por el "
            "siguiente motivo: Faltó leer una ficha") in whole
    assert "Siendo las 10:30 horas del 3 de diciembre de 2026, se dio por concluida" in whole


def test_the_quechua_acta_says_the_same() -> None:
    first = page_texts(_acta(_put_off(), "qu"))[0]
    held, planned = (format_date(day, "long", language="qu") for day in (HELD, PLANNED))
    opening = gettext_in("qu", OPENING)
    assert opening != OPENING
    assert f"{held} p'unchaw, 09:02 horapi" in first
    said = gettext_in("qu", "The session was planned for {date}.")
    assert said != "The session was planned for {date}."
    assert said.format(date=planned) in first
    assert "planned" not in first


def test_hours_and_days_are_those_of_the_contests_time_zone() -> None:
    # Madrid in August is UTC+2: opened at 16:02, closed at 00:28 the next day.
    whole = text(_acta(session_bundle_in("Europe/Madrid")))
    assert "siendo las 16:02 horas del 14 de agosto de 2026" in whole
    assert "prevista" not in whole
    assert "Siendo las 00:28 horas del 15 de agosto de 2026, se dio por concluida" in whole
    # Lima, twelve hours later: opened at 02:02 UTC on the 15th, 21:02 on the 14th in Lima.
    whole = text(_acta(session_bundle_in("America/Lima", timedelta(hours=12))))
    assert "siendo las 21:02 horas del 14 de agosto de 2026" in whole
    assert "prevista" not in whole
    assert "Siendo las 05:28 horas del 15 de agosto de 2026, se dio por concluida" in whole


def test_without_a_log_the_acta_keeps_the_contests_date() -> None:
    whole = text(_acta(demo_bundle()))
    assert "el 14 de agosto de 2026, se reunieron en sesión pública" in whole
    assert "prevista" not in whole


def test_certificates_and_poster_carry_the_day_the_session_was_held() -> None:
    record = record_from_bundle(parse_bundle(_put_off()))
    for kind in ("certificates", "poster"):
        pdf = text(make_document(kind, record, DocumentOptions()))
        assert "1 de diciembre de 2026" in pdf, kind
        assert "14 de agosto de 2026" not in pdf, kind

