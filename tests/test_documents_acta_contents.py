"""What a real acta holds (issue 14), read back from the rendered pages: the programme, the
office and the resolution; the custody of the paper sheets; every juror present, the
secretary with her DNI and cargo, the authorities and observers, each with a signature line,
and a box for the initials on every page; proposals registered versus presented,
withdrawals, absences and the values a recusal removed; the read-backs; totals in words; the
closing kept with the signatures; a score table continued under its proposal's heading;
logos. And the certificates: the acta they cite, and one file per winner."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pypdf
import pytest

from clar_desktop.amounts import amount_in_words
from clar_desktop.cli import main
from clar_desktop.demo import demo_bundle, demo_session_bundle
from clar_desktop.documents import DocumentOptions, make_document
from clar_desktop.documents.record import SessionRecord, record_from_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.changes import (
    Attendee,
    MinutesDetails,
    minutes_details_data,
    parse_minutes_details,
)
from clar_desktop.i18n import format_money, gettext_in
from clar_desktop.paths import resource_path
from tests.pdf import page_texts, text

LANGUAGES = ("es", "qu", "es+qu")


@cache
def session() -> SessionRecord:
    return record_from_bundle(parse_bundle(demo_session_bundle()))


@cache
def acta(language: str = "es") -> bytes:
    return make_document("minutes", session(), DocumentOptions(language=language))


def flat(page: str) -> str:
    return " ".join(page.split())


def money(amount: Any, language: str = "es") -> str:
    return format_money(amount, "PEN", language=language).replace("\xa0", " ")


def with_details(bundle: dict[str, Any], **details: Any) -> dict[str, Any]:
    """``bundle`` (a session bundle) with another minutes.details_set appended."""
    from clar_desktop.domain.log import make_event

    events: list[dict[str, Any]] = bundle["events"]
    last = events[-1]
    data = next(e["data"] for e in reversed(events) if e["kind"] == "minutes.details_set")
    events.append(make_event(last["seq"] + 1, last["hash"], "minutes.details_set",
                             {**data, **details}, at=last["at"]))
    return bundle


def v2_with_office(bundle: dict[str, Any]) -> SessionRecord:
    from tests.test_fuzz_bundles import resealed

    events: list[dict[str, Any]] = bundle["events"]
    for contest in (bundle["contest"], events[0]["data"]["contest"]):
        contest["office"] = {"id": "llusco", "name": "Oficina local de Llusco"}
        contest["programme"] = "Programa Sierra Sur II"
    bundle["version"] = 2
    return record_from_bundle(parse_bundle(resealed(bundle, snapshot=False)))


# --- the minutes' details ---------------------------------------------------------------------

def test_the_new_minutes_details_round_trip_and_an_old_record_hashes_as_before() -> None:
    details = MinutesDetails("012-2026", ("Quórum",), (
        Attendee("Rosa Quispe", "Jefa de la oficina local", "secretary", "24695318"),),
        "Resolución de Alcaldía N.° 112-2026", "Las fichas quedan en la oficina de Llusco.")
    data = minutes_details_data(details)
    assert data["attendees"][0]["document"] == "24695318"
    assert parse_minutes_details(data) == details
    old = {"agenda": [], "attendees": [{"name": "A", "role": "", "group": "guest"}]}
    assert minutes_details_data(parse_minutes_details(old)) == old


# --- who convened, where the sheets are kept ---------------------------------------------------

def test_the_acta_names_the_programme_office_and_resolution_and_where_sheets_are_kept() -> None:
    record = v2_with_office(demo_session_bundle())
    page = flat(page_texts(make_document("minutes", record, DocumentOptions()))[0])
    assert "Programa o entidad ejecutora: Programa Sierra Sur II." in page
    assert "Oficina local del programa: Oficina local de Llusco." in page
    assert "Resolución que constituyó el CLAR: Resolución de Alcaldía N.° 112-2026-MDLL/A." \
        in page
    whole = flat(text(make_document("minutes", record, DocumentOptions())))
    assert ("Las fichas de calificación en papel firmadas por cada jurado quedan en custodia "
            "del secretario(a) de la sesión, guardadas en Oficina local de Llusco.") in whole


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_usual_custody_sentence_names_the_place_in_each_language(language: str) -> None:
    whole = flat(text(acta(language)))
    msgid = ("The paper scoring sheets signed by each juror are kept at the programme's local "
             "office in {place}, in the custody of the secretary of the session.")
    for lang in language.split("+"):
        assert gettext_in(lang, msgid).format(place="Llusco") in whole


def test_a_custody_statement_typed_in_the_details_is_printed_instead() -> None:
    typed = "Las fichas originales quedan en el archivo de la Municipalidad Distrital de Llusco."
    record = record_from_bundle(parse_bundle(with_details(demo_session_bundle(),
                                                          custody=typed)))
    whole = flat(text(make_document("minutes", record, DocumentOptions())))
    assert typed in whole and "se guardan en la oficina local del programa" not in whole


# --- people ---------------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_everyone_who_attended_has_a_signature_line_with_dni_and_cargo(language: str) -> None:
    pages = page_texts(acta(language))
    heading = "14. " + " / ".join(dict.fromkeys(gettext_in(lang, "Signatures")
                                               for lang in language.split("+")))
    signatures = flat(" ".join(pages)).split(heading)[-1]
    for juror in session().contest.jurors:  # all present in the demo
        assert f"{juror.name} DNI {juror.document} {juror.role}" in signatures
    # The secretary with her DNI and her cargo as typed, not "Secretario(a)".
    assert "Rosa Quispe Challco DNI 24695318 Jefa de la oficina local" in signatures
    assert gettext_in("es", "Secretary of the session") not in signatures
    for line in ("Nicanor Layme Ccopa DNI 23871044 Teniente gobernador de Llusco",
                 "Hermelinda Puma Ccama DNI 41236587 Juez de paz",
                 "Ana Ruiz Pacheco DNI 45009821 Observadora – Gobierno Regional del Cusco"):
        assert line in signatures
    assert "Julián Ttito Huamaní" not in signatures  # staff attend, they do not sign
    # The others present, with their DNI, in section 2.
    assert "Rosa Quispe Challco 24695318 Jefa de la oficina local" in flat(pages[0])


def _initials_boxes(data: bytes) -> list[tuple[float, float]]:
    """Where each page's initials label is drawn (x, y in points), read from the PDF."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found: list[tuple[float, float]] = []
    for page in reader.pages:
        spots: list[tuple[float, float]] = []

        def visit(text: str, _cm: Any, tm: Any, _font: Any, _size: Any,
                  spots: list[tuple[float, float]] = spots) -> None:
            if text.startswith(("Rúbricas", "Rúbrica")):
                spots.append((tm[4], tm[5]))

        page.extract_text(visitor_text=visit)
        found.append(spots[0] if spots else (-1, -1))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_a_box_for_the_initials_at_its_foot(language: str) -> None:
    data = acta(language)
    boxes = _initials_boxes(data)
    assert len(boxes) == len(page_texts(data)) > 1
    width, _height = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox.upper_right
    for x, y in boxes:
        assert float(width) / 2 < x and 14 * 72 / 25.4 < y < 30 * 72 / 25.4, (x, y)


# --- the record of the session ----------------------------------------------------------------

@pytest.fixture(scope="module")
def eventful(tmp_path_factory: pytest.TempPathFactory) -> SessionRecord:
    """A session with a withdrawal, an absence and a recusal that removed values."""
    from clar_desktop.services import ContestService
    from clar_desktop.store.database import open_database

    folder = tmp_path_factory.mktemp("eventful")
    service = ContestService(open_database(str(folder / "c.sqlite3"), create=True))
    parsed = parse_bundle(demo_bundle())
    cid = parsed.contest.id
    service.import_bundle(parsed)
    service.open_session(cid)
    service.withdraw_item(cid, "p03", "La organización no llegó a la sesión")
    service.record_absence(cid, "j2", "p04", "campo", "Enfermo el día de la visita")
    before = {k[2]: v.value for k, v in parsed.contest.scores.items() if k[:2] == ("j1", "p05")}
    assert before
    service.recuse(cid, "j1", "p05", "Es tío del presidente de la asociación")
    record = record_from_bundle(parse_bundle(service.export_bundle(cid)))
    assert record.removed_by_recusal[("j1", "p05")]
    return record


def test_the_acta_says_registered_versus_presented_withdrawals_absences_and_removed_values(
        eventful: SessionRecord) -> None:
    whole = flat(text(make_document("minutes", eventful, DocumentOptions())))
    total = len(eventful.contest.proposals)
    assert f"Total {total} {total - 1} 1" in whole
    assert "3. " in whole and "La organización no llegó a la sesión" in whole
    assert "Retiros y propuestas que no se presentaron" in whole
    assert "Ausencias en una fase" in whole and "Enfermo el día de la visita" in whole
    removed = eventful.removed_by_recusal[("j1", "p05")]
    criterion = eventful.criteria[removed[0][0]]
    assert f"{criterion.name['es']}: {Decimal(removed[0][1]):f}".rstrip("0").rstrip(".") \
        in whole.replace(",", ".")


def test_the_acta_says_each_sheet_was_read_back_and_accepted() -> None:
    record = session()
    whole = flat(text(acta("es")))
    n = len(record.confirmed)
    assert n > 0
    assert (f"Cada ficha se leyó en voz alta al jurado que la llenó, quien la aceptó "
            f"(«conforme») antes de confirmarla: {n} fichas confirmadas.") in whole


@pytest.mark.parametrize("language", ["es", "qu"])
def test_the_totals_are_written_in_words(language: str) -> None:
    record = session()
    allocated = sum((Decimal(str(c.allocated)) for c in record.results.categories),
                    Decimal(0))
    whole = flat(text(acta(language)))
    assert f"{money(allocated, language)} ({amount_in_words(allocated, language)})" in whole


# --- layout -----------------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_the_closing_text_is_on_the_page_of_the_first_signatures(language: str) -> None:
    pages = [flat(p) for p in page_texts(acta(language))]
    closing = gettext_in(language.split("+")[0], "The session closed at {time}. In agreement, "
                         "the members of the CLAR and the secretary sign below.")
    start = closing.split("{time}")[1].strip()[:30]
    page = next(p for p in pages if start in p)
    first = session().contest.jurors[0]
    assert page.index(start) < page.index(f"{first.name} DNI {first.document}")


def test_a_score_table_continued_on_the_next_page_repeats_its_proposal_heading() -> None:
    bundle = demo_bundle()
    contest: dict[str, Any] = bundle["contest"]
    contest["phases"][0]["criteria"] += [
        {"id": f"x{i}", "name": f"Criterio adicional número {i}", "max": "5"}
        for i in range(90)]
    record = record_from_bundle(parse_bundle(bundle))
    pages = page_texts(make_document("minutes", record, DocumentOptions()))
    first = record.proposals_in_order()[0]
    heading = f"{first.order}. {first.organization} — {first.title}"
    continued = [i for i, p in enumerate(pages) if f"{heading} (continuación)" in flat(p)]
    assert continued, "no continuation heading"
    for i in continued:  # at the top of the page, before the repeated column heads
        page = flat(pages[i])
        assert page.index("(continuación)") < page.index("Máx.")


def test_the_acta_takes_the_logos_like_the_certificates(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        ) -> None:
    source = tmp_path / "llusco.json"
    source.write_text(json.dumps(demo_session_bundle(), ensure_ascii=False), encoding="utf-8")
    logo = resource_path("resources", "logos", "clar.png")
    out = tmp_path / "acta.pdf"
    assert main(["minutes", str(source), "-o", str(out), "--logo", str(logo),
                 "--logo", str(logo)]) == 0
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages[0].images) == 1  # the same image twice is embedded once
    assert not pypdf.PdfReader(io.BytesIO(acta("es"))).pages[0].images


# --- certificates -----------------------------------------------------------------------------

def test_certificates_split_one_file_per_winner(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "llusco.json"
    source.write_text(json.dumps(demo_session_bundle(), ensure_ascii=False), encoding="utf-8")
    folder = tmp_path / "constancias"
    assert main(["certificates", str(source), "--split", str(folder)]) == 0
    record = session()
    funded = record.funded()
    files = sorted(folder.iterdir())
    assert len(files) == len(funded) and not [f for f in files if f.name.startswith(".")]
    for i, (path, result) in enumerate(zip(files, funded, strict=True), start=1):
        assert re.fullmatch(rf"{i:02d}-[a-z0-9-]+\.pdf", path.name), path.name
        pages = page_texts(path.read_bytes())
        organization = record.proposals[result.proposal].organization
        assert len(pages) == 1 and organization in pages[0]
        assert record.verification_code(result.proposal) in pages[0]
    # Accents and spaces made plain: a name every file system and USB stick takes.
    first = record.proposals[funded[0].proposal].organization
    assert files[0].name.startswith("01-") and " " not in files[0].name
    assert first.split()[0].lower().replace("ó", "o") in files[0].name
    # Neither -o nor --split: one sentence.
    assert main(["certificates", str(source)]) == 2
    assert "--split" in capsys.readouterr().err
