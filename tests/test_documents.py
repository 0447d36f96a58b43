"""The printed documents, read back as their readers would: the text of each page, the QR
codes, the page numbers, the amounts in words, the language of every label."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from clar_desktop.amounts import amount_in_words
from clar_desktop.demo import demo_bundle, demo_session_bundle
from clar_desktop.documents import DocumentError, DocumentOptions, make_document
from clar_desktop.documents.certificates import certificate_text
from clar_desktop.documents.minutes import verification_text
from clar_desktop.documents.record import SessionRecord, record_from_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.domain.model import text_in
from clar_desktop.domain.numbers import round_half_up
from clar_desktop.i18n import format_decimal, format_money, gettext_in
from clar_desktop.labels import STATUS
from clar_desktop.paths import resource_path
from tests.pdf import page_sizes, page_texts, qr_codes, text

LANGUAGES = ("es", "qu", "es+qu")


@cache
def session() -> SessionRecord:
    return record_from_bundle(parse_bundle(demo_session_bundle()))


@cache
def document(kind: str, language: str = "es", paper: str = "a4") -> bytes:
    return make_document(kind, session(), DocumentOptions(language=language, page_size=paper))


def money(amount: Any, language: str = "es") -> str:
    """Money as the page's text reads (its no-break space is a space there)."""
    return format_money(amount, "PEN", language=language).replace("\xa0", " ")


# --- the acta --------------------------------------------------------------------------------

def test_the_acta_names_every_juror_with_dni_and_every_result() -> None:
    record = session()
    pdf = text(document("minutes"))
    for juror in record.contest.jurors:
        assert juror.name in pdf and f"DNI {juror.document}" in pdf
        assert juror.document in pdf
    for result in record.results.results:
        proposal = record.contest.proposal(result.proposal)
        assert proposal is not None
        assert proposal.organization in pdf
        assert result.final_score is not None
        line = gettext_in("es", "Final score: {score} · {status}").format(
            score=format_decimal(result.final_score, language="es"),
            status=gettext_in("es", STATUS[result.status]))
        assert line in pdf, line


def test_the_acta_holds_every_juror_value_and_total() -> None:
    record = session()
    pages = page_texts(document("minutes"))
    first_table = next(t for t in pages if "Asociación de Criadores de Cuyes" in t
                       and "J1" in t)
    # Proposal p01, field phase: the row of the first criterion lists each juror's value.
    phase = record.contest.phases[0]
    jurors = [j for j in record.contest.jurors if phase.id in j.phases]
    criterion = phase.criteria[0]
    values = [str(record.contest.scores[(j.id, "p01", criterion.id)].value) for j in jurors]
    row = " ".join([text_in(criterion.name, "es"), str(criterion.max), *values])
    assert row in first_table
    totals = [sum(record.contest.scores[(j.id, "p01", c.id)].value for c in phase.criteria)
              for j in jurors]
    assert " ".join(["Total", "50", *map(str, totals)]) in first_table


def test_the_acta_records_recusals_corrections_observations_and_the_rules() -> None:
    record = session()
    pdf = text(document("minutes"))
    for recusal in record.contest.recusals:
        assert recusal.reason in pdf
    assert record.corrections
    for correction in record.corrections:
        assert correction.reason in pdf
        assert f"{correction.old} {correction.new}" in pdf
        assert correction.at.strftime("%H:%M") in pdf
    for _at, observation in record.observations:
        assert observation in pdf
    for attendee in record.minutes.attendees:
        assert attendee.name in pdf
    for item in record.minutes.agenda:
        assert item in pdf
    assert record.opened_at is not None and record.closed_at is not None
    assert record.opened_at.strftime("%H:%M") in pdf
    assert record.closed_at.strftime("%H:%M") in pdf
    es = gettext_in("es", "The final score is the sum of the phase scores; a proposal is "
                          "approved with a final score of {score} or more.")
    assert es.format(score="70.00") in pdf
    assert gettext_in("es", "Proposals that were not approved or not funded may apply again "
                            "in a later contest.") in pdf
    assert "DRAFT" not in pdf and gettext_in("es", "DRAFT: the session is not closed") not in pdf


def test_the_acta_allocates_with_tranches_and_totals() -> None:
    record = session()
    pdf = text(document("minutes"))
    for result in record.funded():
        assert (f"{money(result.award)} {money(result.first_tranche)} "
                f"{money(result.second_tranche)}") in pdf
    for totals in record.results.categories:
        assert money(totals.remaining) in pdf


def test_the_acta_numbers_its_pages_and_carries_both_hashes_in_text_and_qr() -> None:
    record = session()
    data = document("minutes")
    pages = page_texts(data)
    assert len(pages) > 3
    for number, page in enumerate(pages, start=1):
        assert gettext_in("es", "Page {page} of {pages}").format(
            page=number, pages=len(pages)) in page
    whole = " ".join(pages)
    assert record.log_hash is not None and record.log_hash in whole
    assert record.results_hash in whole
    codes = [code for i in range(len(pages)) for code in qr_codes(data, i)]
    assert codes == [verification_text(record)]
    assert record.log_hash in codes[0] and record.results_hash in codes[0]


def test_an_acta_of_an_unfinished_session_is_marked_as_a_draft() -> None:
    record = record_from_bundle(parse_bundle(demo_bundle()))
    pages = page_texts(make_document("minutes", record, DocumentOptions()))
    # The mark across every page: the word large, the reason beneath it.
    word, reason = gettext_in("es", "DRAFT: the session is not closed").split(": ")
    assert all(word in page and reason in page for page in pages)
    assert gettext_in("es", "This acta was made from a bundle without an event log: the "
                            "times of the session, the read-backs and the corrections are "
                            "not known.") in " ".join(pages)
    # Nor who was there: nobody is declared present, and no quorum is claimed.
    assert gettext_in("es", "Attendance is not known: the bundle has no event log, where it "
                            "is marked.") in " ".join(pages)
    assert gettext_in("es", "present") not in pages[0].split()
    assert "quórum:" not in " ".join(pages)


def test_a_bundle_whose_log_was_tampered_with_is_refused() -> None:
    bundle = demo_session_bundle()
    events: list[dict[str, Any]] = bundle["events"]  # type: ignore[assignment]
    corrected = next(e for e in events if e["kind"] == "score.corrected")
    corrected["data"]["reason"] = "nobody will notice"
    with pytest.raises(ChangeRefused, match="does not verify"):
        record_from_bundle(parse_bundle(bundle))


# --- certificates ----------------------------------------------------------------------------

def test_one_certificate_per_funded_proposal_with_words_tranches_and_qr() -> None:
    record = session()
    data = document("certificates")
    pages = page_texts(data)
    funded = record.funded()
    assert len(pages) == len(funded) > 0
    for i, (page, result) in enumerate(zip(pages, funded, strict=True)):
        proposal = record.contest.proposal(result.proposal)
        assert proposal is not None and proposal.organization in page
        award = round_half_up(result.award)
        assert money(award) in page
        assert f"({amount_in_words(award, 'es')})" in page
        assert money(result.first_tranche) in page and money(result.second_tranche) in page
        code = record.verification_code(result.proposal)
        assert code in page
        assert qr_codes(data, i) == [certificate_text(record, result.proposal)]
        assert code in certificate_text(record, result.proposal)
        president = record.president()
        assert president is not None and president.name in page
        # A winner is told in words where the code is checked, not a command to type.
        assert "clar-desktop" not in page and "--codes" not in page
        hint = gettext_in("es", "Anyone can have this code checked at the programme's "
                                "local office: the staff look for it among the codes of the "
                                "session's results, made from the exported file and checked "
                                "against the QR code of the acta; a genuine certificate's "
                                "code is on that list.")
        assert hint.startswith("Cualquier persona") and " ".join(hint.split()) in " ".join(
            page.split())
        # The acta that records the award, by its number and date (contracts cite them).
        assert "Según consta en el acta N.º 007-2026-CLAR-Chumbivilcas del 14 de agosto de " \
               "2026." in page


def test_a_certificate_names_the_office_where_its_code_is_checked() -> None:
    from tests.test_fuzz_bundles import resealed

    bundle = demo_session_bundle()
    office = {"id": "llusco", "name": "Oficina local de Llusco"}
    events: list[dict[str, Any]] = bundle["events"]  # type: ignore[assignment]
    assert events[0]["kind"] == "contest.imported"
    for contest in (bundle["contest"], events[0]["data"]["contest"]):
        contest["office"] = office  # type: ignore[index]
    bundle["version"] = 2
    record = record_from_bundle(parse_bundle(resealed(bundle, snapshot=False)))
    pages = page_texts(make_document("certificates", record, DocumentOptions()))
    assert all("Oficina local de Llusco" in " ".join(page.split()) for page in pages)


AMOUNTS = ["0.50", "1000", "15000.00", "21001.10", "1000000"]


def _awards_bundle() -> dict[str, Any]:
    """One category, a budget for all, every proposal approved: each award is its request."""
    base = demo_bundle()
    contest: dict[str, Any] = base["contest"]  # type: ignore[assignment]
    proposals = [p for p in contest["proposals"] if p["category"] == "pdn"][:len(AMOUNTS)]
    for proposal, amount in zip(proposals, AMOUNTS, strict=True):
        proposal["requested"] = amount
        proposal.pop("own_contribution", None)
    keep = {p["id"] for p in proposals}
    contest["proposals"] = proposals
    contest["scores"] = [s for s in contest["scores"] if s["proposal"] in keep]
    contest["recusals"] = [r for r in contest["recusals"] if r["proposal"] in keep]
    contest["categories"] = [{"id": "pdn", "name": {"es": "Planes", "qu": "Plankuna"},
                              "budget": "5000000.00"}]
    contest["rules"]["pass_score"] = "0"
    return base


@pytest.mark.parametrize("language", ["es", "qu"])
def test_awards_in_words_on_certificates(language: str) -> None:
    record = record_from_bundle(parse_bundle(_awards_bundle()))
    data = make_document("certificates", record, DocumentOptions(language=language))
    words = {amount_in_words(Decimal(a), language) for a in AMOUNTS}
    pages = page_texts(data)
    assert len(pages) == len(AMOUNTS)
    assert {w for page in pages for w in words if f"({w})" in page} == words
    if language == "es":
        assert {"cero y 50/100 soles", "mil y 00/100 soles", "quince mil y 00/100 soles",
                "veintiún mil uno y 10/100 soles", "un millón y 00/100 soles"} == words
    else:
        assert "chunka pichqayuq waranqa, 00/100 soles" in words


def test_nothing_funded_means_no_certificates_and_one_clear_sentence() -> None:
    bundle = demo_bundle()
    bundle["contest"]["rules"]["pass_score"] = "1000"  # type: ignore[index]
    record = record_from_bundle(parse_bundle(bundle))
    with pytest.raises(DocumentError) as refused:
        make_document("certificates", record, DocumentOptions())
    assert str(refused.value) == gettext_in(
        "es", "no proposal is funded, so there is no certificate to print")


def test_certificates_take_the_logos_chosen(tmp_path: Path) -> None:
    logo = resource_path("resources", "logos", "clar.png")
    record = session()
    plain = make_document("certificates", record, DocumentOptions())
    with_logos = make_document("certificates", record, DocumentOptions(logos=(logo, logo)))
    assert len(with_logos) > len(plain)
    broken = tmp_path / "logo.png"
    broken.write_bytes(b"not an image")
    with pytest.raises(DocumentError) as refused:
        make_document("certificates", record, DocumentOptions(logos=(broken,)))
    assert str(refused.value) == gettext_in(
        "es", "the logo {file} cannot be read as a PNG or JPEG image").format(file=broken)


# --- sheets and poster -----------------------------------------------------------------------

def test_a_sheet_for_every_juror_and_phase_with_maxima_and_recusals() -> None:
    record = session()
    pages = page_texts(document("sheets"))
    contest = record.contest
    pairs = [(j, p) for j in contest.jurors for p in contest.phases if p.id in j.phases]
    assert len(pages) == len(pairs)  # the demo's sheets fit one page each
    for page, (juror, phase) in zip(pages, pairs, strict=True):
        assert juror.name in page and text_in(phase.name, "es") in page
        assert gettext_in("es", "Signature of the juror") in page
        for criterion in phase.criteria:
            assert gettext_in("es", "max. {points}").format(points=criterion.max) in page
        for proposal in contest.proposals:
            assert proposal.organization.split()[0] in page
        recused = any(r.juror == juror.id for r in contest.recusals)
        assert (gettext_in("es", "recused") in page) == recused


def test_sheet_headings_never_split_a_quechua_word() -> None:
    """Long Quechua criterion names get smaller type in their column, not a word cut in two
    ("yanapakuyni" / "n" reads as two words); a word too long even then carries a hyphen."""
    page = text(document("sheets", "qu"))
    words = set(re.findall(r"\S+", page))
    checked = 0
    for phase in session().contest.phases:
        for criterion in phase.criteria:
            for word in text_in(criterion.name, "qu").split():
                checked += 1
                # Whole, or — too long for its column even in small type — cut with a hyphen.
                hyphenated = any(f"{word[:i]}- {word[i:]}" in page for i in range(2, len(word)))
                assert word in words or hyphenated, f"“{word}” is split on the sheets"
    assert checked > 20


def test_the_poster_lists_every_proposal_with_its_award() -> None:
    record = session()
    pdf = text(document("poster"))
    for result in record.results.results:
        proposal = record.contest.proposal(result.proposal)
        assert proposal is not None and proposal.organization in pdf
        if result.funded:
            assert money(result.award) in pdf
    assert gettext_in("es", "Results of the contest") in pdf


@pytest.mark.parametrize("kind", ["minutes", "sheets", "certificates", "poster"])
def test_paper_sizes(kind: str) -> None:
    a4 = page_sizes(document(kind, "es", "a4"))[0]
    letter = page_sizes(document(kind, "es", "letter"))[0]
    assert sorted(round(x) for x in a4) == [595, 842]
    assert sorted(round(x) for x in letter) == [612, 792]


# --- languages -------------------------------------------------------------------------------

@cache
def _document_messages() -> list[tuple[str, str, str]]:
    """(msgid, es, qu) of every message the documents use."""
    def catalog(language: str) -> dict[str, str]:
        with open(resource_path("locale", language, "LC_MESSAGES", "clar_desktop.po"),
                  "rb") as handle:
            return {m.id: m.string for m in read_po(handle)
                    if isinstance(m.id, str) and m.id and any(
                        loc.startswith(("clar_desktop/documents/", "clar_desktop/labels"))
                        for loc, _line in m.locations)}
    es, qu = catalog("es"), catalog("qu")
    return [(msgid, es[msgid], qu.get(msgid, "")) for msgid in es]


def _fragments(translation: str) -> list[str]:
    """The literal pieces of a message long enough to be recognised in a page's text."""
    return [piece.strip(" .,:;()“”") for piece in re.split(r"\{[a-z0-9_]+\}", translation)
            if len(piece.strip(" .,:;()“”")) >= 10]


def _without_data(pdf: str) -> str:
    """A page's text without what the contest itself says in Spanish (its agenda, the
    observations, cargos and reasons typed in the session): data, not labels."""
    record = session()
    data = [*record.minutes.agenda, *(t for _at, t in record.observations),
            *(a.role for a in record.minutes.attendees),
            *(r.reason for r in record.contest.recusals),
            *(c.reason for c in record.corrections)]
    for item in sorted(data, key=len, reverse=True):
        pdf = pdf.replace(item, " ")
    return pdf


@pytest.mark.parametrize("kind", ["minutes", "certificates", "sheets", "poster"])
def test_quechua_documents_have_no_spanish_or_english_labels(kind: str) -> None:
    pdf = _without_data(text(document(kind, "qu")))
    checked = 0
    for msgid, es, qu in _document_messages():
        for source, name in ((es, "Spanish"), (msgid, "English")):
            if source == qu or not source:
                continue
            for piece in _fragments(source):
                if piece in qu:
                    continue
                checked += 1
                assert piece not in pdf, f"{name} label {piece!r} ({msgid!r}) in the Quechua {kind}"
    assert checked >= 100  # the check looked at the documents' whole vocabulary


def _pattern(translation: str) -> re.Pattern[str]:
    pieces = re.split(r"\{[a-z0-9_]+\}", re.sub(r"\s+", " ", translation))
    return re.compile(".{1,200}?".join(re.escape(piece) for piece in pieces))


@pytest.mark.parametrize("kind", ["minutes", "certificates", "sheets", "poster"])
def test_bilingual_documents_say_everything_in_both_languages(kind: str) -> None:
    pdf = _without_data(text(document(kind, "es+qu")))
    checked = 0
    for msgid, es, qu in _document_messages():
        # Printed: its whole Spanish, placeholders filled, is on the page (a piece alone may
        # belong to another message that shares it).
        if es == qu or not _fragments(es) or not _pattern(es).search(pdf):
            continue
        checked += 1
        for piece in _fragments(qu):
            assert piece in pdf, f"{msgid!r}: Spanish printed, Quechua {piece!r} missing"
    assert checked >= 3


def test_a_correction_logged_without_its_old_value_prints_the_value_it_replaced() -> None:
    from clar_desktop.domain.canonical import GENESIS
    from clar_desktop.domain.log import make_event

    bundle = demo_session_bundle()
    events: list[dict[str, Any]] = bundle["events"]  # type: ignore[assignment]
    corrected = next(e for e in events if e["kind"] == "score.corrected")
    old = corrected["data"].pop("old")
    prev = GENESIS
    for event in events:  # seal the log again, as a third-party writer would have
        sealed = make_event(event["seq"], prev, event["kind"], event["data"], at=event["at"],
                            actor=event.get("actor"))
        event.update(sealed)
        prev = sealed["hash"]
    record = record_from_bundle(parse_bundle(bundle))
    assert [c.old for c in record.corrections] == [old]
    assert f"{old} {record.corrections[0].new}" in text(
        make_document("minutes", record, DocumentOptions()))


def test_a_certificate_stays_on_one_page_whatever_the_names() -> None:
    bundle = demo_session_bundle()
    contest: dict[str, Any] = bundle["contest"]  # type: ignore[assignment]
    for proposal in contest["proposals"]:
        proposal["organization"] += " de Productores Agropecuarios y Artesanos" * 3
        proposal["title"] += " con enfoque territorial, de género y de juventudes" * 4
    bundle.pop("events")
    record = record_from_bundle(parse_bundle(bundle))
    for language in ("es", "es+qu"):
        pages = page_texts(make_document("certificates", record,
                                         DocumentOptions(language=language)))
        assert len(pages) == len(record.funded())


def test_a_phase_too_long_for_one_page_splits_instead_of_failing() -> None:
    bundle = demo_bundle()
    contest: dict[str, Any] = bundle["contest"]  # type: ignore[assignment]
    phase = contest["phases"][0]
    extra = [{"id": f"x{i}", "name": f"Criterio adicional número {i}", "max": "5"}
             for i in range(90)]
    phase["criteria"] += extra
    record = record_from_bundle(parse_bundle(bundle))
    pages = page_texts(make_document("minutes", record, DocumentOptions()))
    assert any("Criterio adicional número 89" in page for page in pages)


def test_the_acta_states_award_caps_and_a_reopening_with_its_reason() -> None:
    from clar_desktop.domain.log import make_event

    bundle = demo_session_bundle()
    events: list[dict[str, Any]] = bundle["events"]  # type: ignore[assignment]
    last = events[-1]
    reason = "Se leyó mal un puntaje en la lectura final"
    for kind, data in (("session.reopened", {"reason": reason}), ("session.closed", {})):
        last = make_event(last["seq"] + 1, last["hash"], kind, data, at=last["at"])
        events.append(last)
    record = record_from_bundle(parse_bundle(bundle))
    pdf = text(make_document("minutes", record, DocumentOptions()))
    assert record.reopenings and reason in pdf
    capped = next(c for c in record.contest.categories if c.max_award is not None)
    assert gettext_in("es", "In the category “{category}” no award exceeds {amount}: a larger "
                            "request is funded up to that amount.").format(
        category=text_in(capped.name, "es"), amount=money(capped.max_award)) in pdf


def test_each_draw_in_the_acta_carries_its_own_time(tmp_path: Path) -> None:
    """A draw the bundle brought along has no time; one drawn in the session has its own
    (they were matched by position, which gave the first the second's time)."""
    from clar_desktop.services import ContestService
    from clar_desktop.store.database import open_database

    bundle = demo_bundle()
    contest: dict[str, Any] = bundle["contest"]  # type: ignore[assignment]
    contest["draws"] = [{"proposals": ["p11", "p12"], "order": ["p12", "p11"]}]
    service = ContestService(open_database(str(tmp_path / "draws.sqlite3"), create=True))
    parsed = parse_bundle(bundle)
    service.import_bundle(parsed)
    service.open_session(parsed.contest.id)
    service.apply(parsed.contest.id, "draw.recorded",
                  {"proposals": ["p01", "p02"], "order": ["p02", "p01"]})
    # The same order drawn again (a tie drawn twice gives it half the time), later.
    from datetime import UTC, datetime, timedelta

    from clar_desktop.domain.log import make_event

    exported = service.export_bundle(parsed.contest.id)
    events: list[dict[str, Any]] = exported["events"]
    last = events[-1]
    later = (datetime.fromisoformat(last["at"]) + timedelta(minutes=7)).astimezone(
        UTC).isoformat().replace("+00:00", "Z")
    events.append(make_event(last["seq"] + 1, last["hash"], "draw.recorded",
                             {"proposals": ["p01", "p02"], "order": ["p02", "p01"]},
                             at=later))
    exported["contest"]["draws"].append({"proposals": ["p01", "p02"], "order": ["p02", "p01"]})
    record = record_from_bundle(parse_bundle(exported))
    pdf = text(make_document("minutes", record, DocumentOptions()))
    start = gettext_in("es", "Draw at {time}: {order} (winner first).").split("{time}")[0]
    times = re.findall(re.escape(start) + r"(—|\d{1,2}:\d\d)", pdf)
    assert len(times) == 3 and times[0] == "—", times
    assert "—" not in times[1:] and times[1] != times[2], times


@pytest.mark.parametrize("language", ["qu", "es+qu"])
def test_criterion_names_fit_their_column_with_many_jurors(language: str) -> None:
    """With more jurors the names' column narrows; each line of a name must still fit it
    (a name wrapped for a wider column ran under the jurors' values)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from clar_desktop.documents.minutes import MinutesWriter

    record = session()
    writer = MinutesWriter(record, DocumentOptions(language=language))
    phase = record.contest.phases[0]
    proposal = record.contest.proposals[0].id
    many = [j for j in record.contest.jurors if phase.id in j.phases] * 2  # 12 columns
    grid = writer.phase_table(proposal, phase, many, record.by_proposal[proposal])
    column = grid._colWidths[0]
    names = [row[0] for row in grid._cellvalues[1:len(phase.criteria) + 1]]
    assert len(names) == len(phase.criteria)
    for name in names:
        for line in name.split("\n"):
            assert stringWidth(line, writer.s.regular, 7.5) <= column - 6 + 0.01, line


def test_an_acta_before_the_session_opens_claims_no_attendance(tmp_path: Path) -> None:
    from clar_desktop.services import ContestService
    from clar_desktop.store.database import open_database

    service = ContestService(open_database(str(tmp_path / "before.sqlite3"), create=True))
    parsed = parse_bundle(demo_bundle())
    service.import_bundle(parsed)  # a log of one event: the import
    record = record_from_bundle(parse_bundle(service.export_bundle(parsed.contest.id)))
    pdf = text(make_document("minutes", record, DocumentOptions()))
    assert gettext_in("es", "Attendance is not known yet: the session has not been "
                            "opened.") in pdf
    assert "quórum:" not in pdf


def test_a_name_too_long_for_its_column_ends_with_an_ellipsis() -> None:
    from clar_desktop.documents.fonts import register_fonts
    from clar_desktop.documents.layout import fit_words

    regular, _bold = register_fonts()
    name = " ".join(["Kamachikuqkunawan tinkuy"] * 12)
    lines, size = fit_words(name, regular, 6.5, 60, 5.5, 3)
    assert size == 5.5 and len(lines) == 3 and lines[-1].endswith("…")


def test_an_acta_of_a_log_that_closed_over_unread_sheets_is_a_draft_with_them_pending() -> None:
    """A session now closes only when the checklist is empty; a log written before that
    rule (or by another program) may have closed over sheets never read back. Its acta is
    printed — the log is what it is — but marked as a draft, those proposals pending."""
    from clar_desktop.domain.canonical import GENESIS, event_hash

    bundle = demo_session_bundle()
    events: list[dict[str, Any]] = bundle["events"]  # type: ignore[assignment]
    unread = [e for e in events if e["kind"] == "sheet.confirmed"][-3:]
    kept = [e for e in events if e not in unread]
    prev = GENESIS
    for seq, event in enumerate(kept, start=1):
        event["seq"], event["prev"] = seq, prev
        event.pop("hash", None)
        event["hash"] = prev = event_hash(event)
    bundle["events"] = kept
    record = record_from_bundle(parse_bundle(bundle))
    assert record.closed and not record.final
    assert record.pending == {e["data"]["proposal"] for e in unread}
    pages = page_texts(make_document("minutes", record, DocumentOptions()))
    word, reason = gettext_in("es", "DRAFT: sheets not confirmed or items pending").split(": ")
    assert all(word in page and reason in page for page in pages)
    whole = " ".join(pages)
    pending = gettext_in("es", "pending: {status}").split("{")[0]
    for pid in record.pending:
        result = record.by_proposal[pid]
        assert pending + gettext_in("es", STATUS[result.status]) in whole
    # the complete log's acta is final, with nothing pending
    final = record_from_bundle(parse_bundle(demo_session_bundle()))
    assert final.final and final.pending == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_category_of_the_poster_stays_on_its_sheet_with_its_budget(language: str) -> None:
    """The notice board gets one sheet per category: its ranking and, under it, the budget
    line — which once stood alone on a sheet of its own in the bilingual poster."""
    record = session()
    pages = [p.replace("\xa0", " ") for p in page_texts(document("poster", language))]
    categories = record.results.categories
    assert len(pages) == len(categories)
    for page, totals in zip(pages, categories, strict=True):
        assert money(totals.budget, language.split("+")[0]) in page
        for result in record.results.results:
            proposal = record.contest.proposal(result.proposal)
            assert proposal is not None
            assert (proposal.organization in page) == (result.category == totals.id)


@pytest.mark.parametrize("extra", range(8, 40, 2))
def test_a_category_longer_than_a_sheet_keeps_rows_with_its_budget_line(extra: int) -> None:
    bundle = demo_bundle()
    proposals: list[dict[str, Any]] = bundle["contest"]["proposals"]  # type: ignore[index]
    first = proposals[0]
    for i in range(extra):
        proposals.append({**first, "id": f"extra{i:02d}", "order": 100 + i,
                          "organization": f"Asociación adicional número {i:02d}"})
    record = record_from_bundle(parse_bundle(bundle))
    pages = page_texts(make_document("poster", record, DocumentOptions(language="es+qu")))
    budget = gettext_in("es", "Budget {budget} · allocated {allocated} · left {left}")
    for page in pages:
        if budget.split(" ")[0] in page:
            # the budget line's sheet also carries the last rows of its table
            assert "Asociación" in page or "Comunidad" in page


def test_a_long_category_starts_on_the_sheet_that_names_it() -> None:
    bundle = demo_bundle()
    proposals: list[dict[str, Any]] = bundle["contest"]["proposals"]  # type: ignore[index]
    for i in range(18):
        proposals.append({**proposals[0], "id": f"extra{i:02d}", "order": 100 + i,
                          "organization": f"Asociación adicional número {i:02d}"})
    record = record_from_bundle(parse_bundle(bundle))
    first = page_texts(make_document("poster", record, DocumentOptions(language="es+qu")))[0]
    assert "Asociación de Tejedoras Warmi Kallpa" in first  # the ranking under its heading


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_certificate_gives_the_secretary_her_cargo(language: str) -> None:
    secretary = session().secretary()
    assert secretary is not None and secretary.role
    for page in page_texts(document("certificates", language)):
        assert f"{secretary.name} {secretary.role}" in page
        assert gettext_in("es", "Secretary of the session") not in page
