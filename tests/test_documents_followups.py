"""The second tranche in the printed documents (issue 15), read back as their readers would:
the acta's sections and results table, the constancias de segundo desembolso with their
amounts in words and QR codes, the scoring sheets of the follow-up phases and the poster's
second-tranche sheet — for a session of items only and one mixed with new proposals, in
Spanish, Quechua and both."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from clar_desktop.amounts import amount_in_words
from clar_desktop.cli import main
from clar_desktop.documents import (
    DocumentError,
    DocumentOptions,
    available_kinds,
    make_document,
)
from clar_desktop.documents.constancias import constancia_file_names, constancia_text
from clar_desktop.documents.minutes import verification_text
from clar_desktop.documents.record import SessionRecord, record_from_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.i18n import format_decimal, format_money, gettext_in
from clar_desktop.labels import FOLLOWUP_STATUS
from tests.followup_session import (
    ACTA,
    RECUSAL,
    WITHDRAWN,
    followup_session_bundle,
    mixed_session_bundle,
)
from tests.pdf import page_texts, qr_codes, text
from tests.test_documents import _document_messages, _fragments, _pattern

LANGUAGES = ("es", "qu", "es+qu")


@cache
def alone() -> SessionRecord:
    return record_from_bundle(parse_bundle(followup_session_bundle()))


@cache
def mixed() -> SessionRecord:
    return record_from_bundle(parse_bundle(mixed_session_bundle()))


@cache
def document(kind: str, language: str = "es", which: str = "alone") -> bytes:
    record = alone() if which == "alone" else mixed()
    return make_document(kind, record, DocumentOptions(language=language))


def flat(value: str) -> str:
    return " ".join(value.replace("\xa0", " ").split())


def money(amount: Any, language: str = "es") -> str:
    return format_money(amount, "PEN", language=language).replace("\xa0", " ")


SECTIONS = ["Members of the CLAR and quorum", "Others present", "Agenda", "Rules applied",
            "Proposals presented", "Initiatives presented for the second disbursement",
            "Scores of each proposal",
            "Scores of each initiative for the second disbursement", "Recusals",
            "Corrections", "Draws", "Ranking and allocation", "Totals per category",
            "Initiatives that obtain a second disbursement", "Observations", "Integrity",
            "Signatures"]
"""The acta's numbered sections (English msgids), as a session of items may have them."""


def headings(pdf: str) -> list[int]:
    """The numbers of the acta's section headings, as printed, in order."""
    found = []
    for name in SECTIONS:
        match = re.search(r"(\d+)\. " + re.escape(gettext_in("es", name)), pdf)
        if match:
            found.append((match.start(), int(match.group(1))))
    return [number for _at, number in sorted(found)]


# --- the acta --------------------------------------------------------------------------------

def test_an_acta_of_items_only_has_no_empty_ranking_and_numbers_its_sections_in_turn() -> None:
    pdf = flat(text(document("minutes")))
    # the proposals' sections are not there at all: nothing would fill them
    for absent in ("Proposals presented", "Scores of each proposal", "Draws",
                   "Ranking and allocation", "Totals per category"):
        assert f". {gettext_in('es', absent)}" not in pdf, absent
    assert gettext_in("es", "Proposals that were not approved or not funded may apply again "
                            "in a later contest.") not in pdf
    assert headings(pdf) == list(range(1, 13))
    assert ("para evaluar los avances de las iniciativas que solicitan el segundo desembolso "
            "de su premio") in pdf
    assert ("Las siguientes iniciativas se presentan con los avances de sus planes para el "
            "segundo desembolso de su premio:") in pdf
    # the usual agenda of such a session, and the follow-up rules in plain words
    assert "2. Lectura de las reglas de la evaluación del segundo tramo" in pdf
    assert ("una iniciativa con un puntaje final de 70.00 o más queda aprobada y se le "
            "desembolsa su segundo tramo") in pdf
    assert "cuando la oficina local verificó con comprobantes el uso de menos del 70 % de " \
           "su primer tramo" in pdf
    assert "Cada premio se paga en dos tramos" not in pdf


def test_a_mixed_acta_records_the_proposals_and_then_the_second_tranche_items() -> None:
    pdf = flat(text(document("minutes", which="mixed")))
    assert headings(pdf) == list(range(1, 18))
    assert ("Adicionalmente, las siguientes iniciativas se presentan con los avances de sus "
            "planes para el segundo desembolso de su premio:") in pdf
    assert pdf.index("5. Propuestas presentadas") < pdf.index(
        "6. Iniciativas que se presentan para el segundo desembolso") < pdf.index(
        "12. Orden de mérito y asignación") < pdf.index(
        "14. Iniciativas que acceden a un segundo desembolso")
    record = mixed()
    for result in record.funded():  # the ranking and its tranches are all there
        assert f"{money(result.award)} {money(result.first_tranche)}" in pdf
    assert "4. Presentación de las iniciativas que solicitan el segundo desembolso y " \
           "calificación" in pdf
    # a recusal on an item says it is one (items and proposals are numbered alike)
    item = record.items_in_order()[RECUSAL[1]]
    assert f"{item.order}. {item.organization} · segundo desembolso" in pdf


def test_the_tables_of_recusals_and_corrections_name_items_as_items() -> None:
    """A session of items only heads the column "Iniciativa", a mixed one "Propuesta o
    iniciativa"; neither says an item is a proposal."""
    for which, head in (("alone", "Item"), ("mixed", "Proposal or item")):
        pdf = flat(text(document("minutes", which=which)))
        word = gettext_in("es", head)
        for section, columns in (("Recusals", ("Time", "Juror")),
                                 ("Corrections", ("Time", "Juror"))):
            heading = gettext_in("es", section)
            at = pdf.index(f". {heading}")
            expected = " ".join([*(gettext_in("es", c) for c in columns), word])
            assert pdf[at:at + 200].split(heading, 1)[1].strip().startswith(expected), \
                (which, section)
        assert gettext_in("es", "No juror was absent from a phase of a proposal.") not in pdf


def test_a_withdrawn_item_leaves_no_empty_table_of_withdrawn_proposals() -> None:
    """The mixed session's only withdrawal is an item's: the proposals' section says every
    proposal presented, and prints no table of withdrawals with a header and no row."""
    pdf = flat(text(document("minutes", which="mixed")))
    assert gettext_in("es", "Every registered proposal presented.") in pdf
    assert gettext_in("es", "Withdrawals and proposals that did not present") not in pdf


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("which", ["alone", "mixed"])
def test_no_section_heading_is_left_at_the_foot_of_a_page(language: str, which: str) -> None:
    """A numbered heading starts its section's content on its own page: never the heading
    (and its first sentence) at the foot of a page and the table it announces overleaf."""
    pages = page_texts(document("minutes", language, which))
    record = alone() if which == "alone" else mixed()
    foot = gettext_in(language.split("+")[0], "Minutes No. {number}").format(
        number=record.minutes.number)
    bodies = [flat(page).split(flat(foot))[0] for page in pages]
    names = "|".join(re.escape(gettext_in(language.split("+")[0], n)) for n in SECTIONS
                     if n != "Signatures")  # signatures may run on overleaf, by design
    heading = re.compile(r"\d{1,2}\. (?:" + names + ")")
    intros = [flat(gettext_in(lang, msgid)) for lang in language.split("+") for msgid in (
        "Jurors are numbered as in section 1. “R”: recused; “—”: no value.",
        "In addition, the following initiatives present the progress of their plans for the "
        "second disbursement of their award:",
        "The following initiatives present the progress of their plans for the second "
        "disbursement of their award:")]
    read_back = re.compile(r"[^.]*\(?[“«]conforme[”»]\)?[^.]*: \d+ [^.]*\.")
    for number, (body, overleaf) in enumerate(zip(bodies, [*bodies[1:], ""], strict=True), 1):
        ends = [m.end() for m in heading.finditer(body)]
        if not ends or heading.match(overleaf.strip()):  # no section goes on overleaf
            continue
        after = body[max(ends):]
        for intro in intros:
            after = after.replace(intro, " ")
        assert len(read_back.sub(" ", after).strip()) > 40, (language, number, after[:300])


def test_the_results_table_gives_each_item_its_scores_result_why_and_amount() -> None:
    record = alone()
    pdf = flat(text(document("minutes")))
    table = pdf[pdf.index("Iniciativas que acceden a un segundo desembolso"):]
    for item in record.items_in_order():
        result = record.by_item[item.id]
        assert item.organization in table
        if result.final_score is not None:
            phases = result.phase_scores or {}
            scores = [format_decimal(phases[p], language="es") for p in ("campo2", "publico2")]
            assert " ".join([*scores, format_decimal(result.final_score, language="es")]) \
                in table
    assert "APROBADO S/ 7,680.00 S/ 7,680.00" in table
    assert "NO ELEGIBLE justificó el 40 % del primer tramo, menos del 70 % exigido" in table
    assert "DESAPROBADO por debajo de los 70.00 puntos necesarios S/ 6,300.00 S/ 0.00" in table
    assert f"RETIRADO {WITHDRAWN[1]}" in table
    assert "Total S/ 57,180.00 S/ 35,880.00" in table
    assert "4 de 7 iniciativas acceden a su segundo desembolso." in table
    released, due = record.results.followups_released, record.results.followups_due
    assert (f"En total se desembolsan {money(released)} ({amount_in_words(released, 'es')}) "
            f"de los {money(due)} ({amount_in_words(due, 'es')}) de segundos tramos "
            "evaluados.") in table


def test_every_juror_value_of_an_item_is_in_the_acta_and_a_recused_juror_is_marked() -> None:
    record = alone()
    pdf = flat(text(document("minutes")))
    sheets = pdf[pdf.index("Puntajes de cada iniciativa para el segundo desembolso"):]
    item = record.items_in_order()[0]
    phase = record.contest.phase("campo2")
    assert phase is not None
    jurors = [j for j in record.contest.jurors if phase.id in j.phases]
    for criterion in phase.criteria:
        values = [format(record.contest.scores[(j.id, item.id, criterion.id)].value)
                  for j in jurors]
        assert " ".join([criterion.name["es"], str(criterion.max), *values]) in sheets
    recused = record.items_in_order()[RECUSAL[1]]
    block = sheets[sheets.index(f"{recused.order}. {recused.organization} —"):]
    number = [j.id for j in record.contest.jurors].index(RECUSAL[0]) + 1
    first = phase.criteria[0]
    row = block[block.index(first.name["es"]):].split()
    assert row[row.index(str(first.max)) + number] == "R"
    assert "Cada ficha se leyó en voz alta" in sheets and "fichas confirmadas" in sheets
    # the acta carries the hashes of this session in its QR code, as every acta does
    data = document("minutes")
    assert [c for i in range(len(page_texts(data))) for c in qr_codes(data, i)] == [
        verification_text(record)]


@pytest.mark.parametrize("language", ["qu", "es+qu"])
def test_the_results_table_in_quechua(language: str) -> None:
    pdf = flat(text(document("minutes", language)))
    assert "2 ñiqin rakita chaskiq ruwaykuna" in pdf
    for status in ("CHASKISQA", "MANA CHASKISQA", "MANA AKLLANAPAQ", "HURQUSQA"):
        assert status in pdf
    assert "1 ñiqin rakimanta 40 %-llata sut'inchan" in pdf
    if language == "es+qu":
        assert "APROBADO / CHASKISQA" in pdf and "DESAPROBADO / MANA CHASKISQA" in pdf
        assert "Iniciativas que acceden a un segundo desembolso / 2 ñiqin rakita chaskiq " \
               "ruwaykuna" in pdf


# --- constancias -----------------------------------------------------------------------------

def test_one_constancia_per_approved_item_with_words_acta_and_qr() -> None:
    record = alone()
    data = document("constancias")
    pages = [flat(p) for p in page_texts(data)]
    approved = record.approved_items()
    assert [r.item for r in approved] == ["f01", "f02", "f03", "f05"]
    assert len(pages) == len(approved)
    for i, (page, result) in enumerate(zip(pages, approved, strict=True)):
        item = record.items[result.item]
        assert "Constancia de segundo desembolso" in page
        assert item.organization in page and f"“{item.title}”" in page
        assert f"Segundo desembolso: {money(result.released)}" in page
        assert f"({amount_in_words(result.released, 'es')})" in page
        assert result.final_score is not None
        assert (f"obtuvo {format_decimal(result.final_score, language='es')} puntos, siendo "
                "necesarios 70.00: queda aprobada para el segundo desembolso") in page
        share = format_decimal(item.justified_percent, 0 if item.justified_percent % 1 == 0
                               else 2, language="es")
        assert (f"Primer tramo recibido: {money(item.first_tranche)}, cuyo uso la oficina "
                f"local verificó con comprobantes en un {share} %.") in page
        assert "El premio consta en el acta N.º 007-2026-CLAR-Chumbivilcas." in page
        assert f"Según consta en el acta N.º {ACTA} del 3 de mayo de 2027." in page
        code = record.verification_code(item.id)
        assert code in page
        assert qr_codes(data, i) == [constancia_text(record, item.id)]
        assert f"released {result.released:.2f} PEN" in constancia_text(record, item.id)
        assert "Edilberto Huamán Quispe" in page and "Rosa Quispe Challco" in page
        assert "una constancia de segundo desembolso auténtica" in page


@pytest.mark.parametrize("language", ["qu", "es+qu"])
def test_constancias_in_quechua_write_the_amount_in_quechua_words(language: str) -> None:
    record = alone()
    pages = [flat(p) for p in page_texts(document("constancias", language))]
    for page, result in zip(pages, record.approved_items(), strict=True):
        assert "2 ñiqin rakipa constancian" in page
        assert f"({amount_in_words(result.released, 'qu')})" in page
        if language == "es+qu":
            assert f"({amount_in_words(result.released, 'es')})" in page


def test_no_constancia_without_an_approved_item_and_one_clear_sentence() -> None:
    from tests.test_documents import session

    with pytest.raises(DocumentError) as refused:
        make_document("constancias", session(), DocumentOptions())
    assert str(refused.value) == gettext_in(
        "es", "the contest has no second-tranche items, so there is no constancia to print")
    bundle = followup_session_bundle()
    for contest in (bundle["contest"], bundle["events"][0]["data"]["contest"]):
        contest["followups"]["rules"]["pass_score"] = "100"
    from tests.test_fuzz_bundles import resealed

    record = record_from_bundle(parse_bundle(resealed(bundle, snapshot=False)))
    with pytest.raises(DocumentError) as refused:
        make_document("constancias", record, DocumentOptions())
    assert "ninguna iniciativa de segundo tramo está aprobada" in str(refused.value)
    with pytest.raises(DocumentError) as refused:
        make_document("constancias", alone(), DocumentOptions(proposal="f07"))
    assert str(refused.value) == ("la iniciativa f07 no está aprobada para su segundo "
                                  "tramo, así que no tiene constancia")


def test_the_documents_a_contest_offers() -> None:
    from tests.test_documents import session

    assert available_kinds(session()) == ("minutes", "certificates", "sheets", "poster")
    assert available_kinds(alone()) == ("minutes", "sheets", "poster", "constancias")
    assert available_kinds(mixed()) == ("minutes", "certificates", "sheets", "poster",
                                        "constancias")


# --- scoring sheets and poster ---------------------------------------------------------------

def test_a_sheet_for_every_juror_and_follow_up_phase_with_the_items() -> None:
    record = alone()
    pages = [flat(p) for p in page_texts(document("sheets"))]
    jurors = record.contest.jurors
    assert len(pages) == 2 * len(jurors)
    for page, (juror, phase) in zip(pages, [(j, p) for j in jurors for p in ("campo2",
                                                                              "publico2")],
                                    strict=True):
        found = record.contest.phase(phase)
        assert found is not None
        assert f"Ficha de calificación: {found.name['es']}" in page and juror.name in page
        for item in record.items_in_order():
            assert item.organization in page
        assert ("recusado" in page) == (juror.id == RECUSAL[0])
        # no boxes to fill for an item that waits for no sheet: a shaded row says why
        ineligible, withdrawn = (record.items_in_order()[i] for i in (3, WITHDRAWN[0]))
        assert f"{ineligible.title} NO ELEGIBLE · justificó el 40 % del primer tramo, " \
               "menos del 70 % exigido" in page
        assert f"{withdrawn.title} RETIRADO" in page
    mixed_pages = page_texts(document("sheets", which="mixed"))
    # each juror's sheets of the proposals' phases, then of the follow-up phases
    assert sum("segundo desembolso" in p for p in mixed_pages) == 2 * len(jurors)


@pytest.mark.parametrize("which", ["alone", "mixed"])
def test_the_poster_has_a_second_tranche_sheet(which: str) -> None:
    record = alone() if which == "alone" else mixed()
    pages = [flat(p) for p in page_texts(document("poster", "es", which))]
    assert len(pages) == len(record.contest.categories) + 1
    last = pages[-1]
    assert "Segundo desembolso de los premios" in last
    for item in record.items_in_order():
        result = record.by_item[item.id]
        assert item.organization in last
        status = gettext_in("es", FOLLOWUP_STATUS[result.status])
        assert status in last
    assert "APROBADO S/ 7,680.00" in last and "NO ELEGIBLE —" in last
    assert "Desembolsado S/ 35,880.00 de S/ 57,180.00 por desembolsar" in last


# --- languages, fonts ------------------------------------------------------------------------

FOLLOWUP_KINDS = ["minutes", "constancias", "sheets", "poster"]


def _without_data(pdf: str, record: SessionRecord) -> str:
    data = [*(w.reason for w in record.contest.withdrawals),
            *(r.reason for r in record.contest.recusals),
            *(c.reason for c in record.corrections),
            *(a.role for a in record.minutes.attendees), record.contest.title]
    for item in sorted(data, key=len, reverse=True):
        pdf = pdf.replace(item, " ")
    return pdf


@pytest.mark.parametrize("kind", FOLLOWUP_KINDS)
def test_quechua_second_tranche_documents_have_no_spanish_or_english_labels(kind: str) -> None:
    pdf = _without_data(text(document(kind, "qu")), alone())
    checked = 0
    for msgid, es, qu in _document_messages():
        for source in (es, msgid):
            if source == qu or not source:
                continue
            for piece in _fragments(source):
                if piece in qu:
                    continue
                checked += 1
                assert piece not in pdf, f"{piece!r} ({msgid!r}) in the Quechua {kind}"
    assert checked >= 100


@pytest.mark.parametrize("kind", FOLLOWUP_KINDS)
def test_bilingual_second_tranche_documents_say_everything_in_both(kind: str) -> None:
    pdf = _without_data(text(document(kind, "es+qu")), alone())
    checked = 0
    for msgid, es, qu in _document_messages():
        if es == qu or not _fragments(es) or not _pattern(es).search(pdf):
            continue
        checked += 1
        for piece in _fragments(qu):
            assert piece in pdf, f"{msgid!r}: Spanish printed, Quechua {piece!r} missing"
    assert checked >= 3


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler's pdffonts missing")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", FOLLOWUP_KINDS)
def test_pdffonts_finds_only_the_shipped_font_embedded(kind: str, language: str,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(document(kind, language, "mixed" if kind != "constancias" else "alone"))
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        name, *_rest = line.split()
        assert "DejaVuSans" in name, line
        assert line.split()[-5:-2] == ["yes", "yes", "yes"], line  # emb, sub, uni


# --- the command line ------------------------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def session_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "evaluation.json"
    path.write_text(json.dumps(followup_session_bundle(), ensure_ascii=False), "utf-8")
    return path


def test_constancias_split_one_file_per_approved_item_and_verify_lists_their_codes(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, session_file: Path) -> None:
    folder = tmp_path / "constancias"
    code, out, err = run(capsys, "constancias", str(session_file), "--split", str(folder),
                         "--lang", "es+qu")
    assert (code, out, err) == (0, "", "")
    record = alone()
    names = [name for _item, name in constancia_file_names(record)]
    assert sorted(p.name for p in folder.iterdir()) == names == [
        "01-asociacion-de-tejedoras-warmi-kallpa.pdf",
        "02-asociacion-de-criadores-de-cuyes-sumaq-kawsay.pdf",
        "03-asociacion-de-truchicultores-yaku-kawsay.pdf",
        "04-comunidad-campesina-de-huaylla-huaylla.pdf"]
    for (item, name) in constancia_file_names(record):
        pages = page_texts((folder / name).read_bytes())
        assert len(pages) == 1 and record.items[item].organization in pages[0]
    code, out, _err = run(capsys, "verify", str(session_file), "--codes", "--lang", "en")
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("constancia ")]
    assert lines == [
        f"constancia {record.verification_code(r.item)}: item {r.item}, second tranche "
        f"released {r.released:.2f}" for r in record.approved_items()]


def test_constancias_of_a_contest_without_items_is_one_sentence_and_no_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.helpers import EXAMPLE

    target = tmp_path / "c.pdf"
    code, out, err = run(capsys, "--lang", "en", "constancias", str(EXAMPLE), "-o",
                         str(target))
    assert code == 2 and out == ""
    assert err.strip() == ("clar-desktop: the contest has no second-tranche items, so there "
                           "is no constancia to print")
    assert not target.exists()
    code, _out, err = run(capsys, "--lang", "en", "constancias", str(EXAMPLE))
    assert code == 2 and "--split FOLDER for one file per constancia" in err


def test_the_constancias_can_be_signed(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                       session_file: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_document_cli import PASSPHRASE, _certificate, _validate

    p12, der = _certificate(tmp_path)
    monkeypatch.setenv("CLAR_P12_PASSPHRASE", PASSPHRASE)
    target = tmp_path / "signed.pdf"
    code, out, err = run(capsys, "constancias", str(session_file), "-o", str(target),
                         "--sign", str(p12))
    assert (code, out, err) == (0, "", "")
    status = _validate(target.read_bytes(), der)
    assert status.bottom_line  # type: ignore[attr-defined]


def test_amounts_in_words_are_those_of_the_released_tranches() -> None:
    record = alone()
    assert record.results.followups_released == Decimal("35880.00")
    assert amount_in_words(Decimal("35880.00"), "es") == ("treinta y cinco mil ochocientos "
                                                          "ochenta y 00/100 soles")


def test_an_open_session_prints_a_draft_with_the_unconfirmed_item_pending() -> None:
    from tests.test_fuzz_bundles import resealed

    bundle = followup_session_bundle()
    events = bundle["events"]
    assert events[-1]["kind"] == "session.closed"
    last = max(i for i, e in enumerate(events) if e["kind"] == "sheet.confirmed")
    pending = events[last]["data"]["proposal"]
    bundle["events"] = [e for i, e in enumerate(events[:-1]) if i != last]
    record = record_from_bundle(parse_bundle(resealed(bundle, snapshot=True)))
    assert pending in record.pending
    pdf = flat(text(make_document("minutes", record, DocumentOptions())))
    assert "BORRADOR" in pdf
    table = pdf[pdf.index("Iniciativas que acceden a un segundo desembolso"):]
    item = record.items[pending]
    row = table[table.index(item.organization):]
    assert row.split(item.organization, 1)[1].split()[3:5] == ["pendiente:", "DESAPROBADO"]
    constancias = flat(text(make_document("constancias", record, DocumentOptions())))
    assert "BORRADOR" in constancias
