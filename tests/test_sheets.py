"""The scoring sheets as a juror gets them: every language on the same pages, the signature
on the page of the scores it signs, header text inside its cell, long words broken at
syllables, the recusals greyed out where they belong."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
import pyphen
import pytest

from clar_desktop.demo import demo_session_bundle
from clar_desktop.documents import DocumentOptions, make_document
from clar_desktop.documents.hyphenation import positions, quechua_positions
from clar_desktop.documents.layout import PAGE_SIZES
from clar_desktop.documents.record import SessionRecord, record_from_bundle
from clar_desktop.documents.sheets import MARGIN, column_widths, plan_pages
from clar_desktop.documents.words import Words
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.model import text_in
from tests.benchmarks.synthetic import synthetic_bundle
from tests.pdf import page_texts

LANGUAGES = ("es", "qu", "es+qu")
LONG = 45
"""Proposals of a contest whose sheets take three pages each."""
RECUSED = {"j2": ["p0005", "p0044"]}


@cache
def demo() -> SessionRecord:
    return record_from_bundle(parse_bundle(demo_session_bundle()))


@cache
def long_contest() -> SessionRecord:
    bundle = synthetic_bundle(LONG, n_jurors=4, scored=False)
    contest: dict[str, Any] = bundle["contest"]  # type: ignore[assignment]
    contest["recusals"] = [{"juror": juror, "proposal": proposal, "reason": "Parentesco"}
                           for juror, proposals in RECUSED.items() for proposal in proposals]
    return record_from_bundle(parse_bundle(bundle))


@cache
def sheets(which: str, language: str = "es", paper: str = "a4") -> bytes:
    record = demo() if which == "demo" else long_contest()
    return make_document("sheets", record, DocumentOptions(language=language,
                                                          page_size=paper))


def sheet_pages(record: SessionRecord, language: str, pages: list[str],
                ) -> list[tuple[str, str, list[str]]]:
    """(juror id, phase id, its pages' texts) for every sheet, found by the juror and phase
    each page names at its foot."""
    words = Words(language)
    found = []
    for juror in record.contest.jurors:
        for phase in record.contest.phases:
            if phase.id not in juror.phases:
                continue
            mark = words("{juror} · {phase}", juror=juror.name,
                         phase=words.value(words.name(phase.name)))
            found.append((juror.id, phase.id, [p for p in pages if mark in p]))
    return found


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("which", ["demo", "long"])
def test_every_language_takes_the_pages_of_spanish(which: str, paper: str) -> None:
    """The bilingual sheets took 22 pages where the Spanish took 11: the same proposals
    are on the same pages in every language."""
    counts = {language: len(page_texts(sheets(which, language, paper)))
              for language in LANGUAGES}
    assert counts["es"] == counts["qu"] == counts["es+qu"], counts
    record = demo() if which == "demo" else long_contest()
    jurors_phases = sum(len(j.phases) for j in record.contest.jurors)
    if which == "demo":
        assert counts["es"] == jurors_phases  # one page each
    else:
        assert counts["es"] >= 2 * jurors_phases  # the long sheets take several pages
    for language in LANGUAGES:
        pages = page_texts(sheets(which, language, paper))
        spanish = page_texts(sheets(which, "es", paper))
        for page, other in zip(pages, spanish, strict=True):
            numbers = re.findall(r"Asociación (\d+)", page)
            assert numbers == re.findall(r"Asociación (\d+)", other)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("which", ["demo", "long"])
def test_the_signature_is_on_the_page_of_the_last_scores(which: str, language: str) -> None:
    record = demo() if which == "demo" else long_contest()
    signature = Words(language)("Signature of the juror")
    last = record.proposals_in_order()[-1]
    pages = page_texts(sheets(which, language))
    for juror_id, _phase, own in sheet_pages(record, language, pages):
        juror = next(j for j in record.contest.jurors if j.id == juror_id)
        assert own, juror_id
        *before, final = own
        assert signature in final and juror.name in final
        assert f"{last.organization} — {last.title}".split(" — ")[0] in final
        for page in before:  # a page before the last carries scores, not the signature
            assert signature not in page
            assert re.search(r"Asociación \d+|Comunidad|Comité", page)


def test_a_signature_never_stands_alone_on_a_page() -> None:
    row, signature = 24.0, 60.0
    for rows in range(1, 200):
        for first in (200.0, 300.0, 340.0, 360.0):
            counts = plan_pages(rows, first, 430.0, signature, row)
            assert sum(counts) == rows
            assert counts[-1] >= 1  # the signature has scores with it
            assert counts[-1] * row + signature <= (first if len(counts) == 1 else 430.0)
            for count, room in zip(counts, [first] + [430.0] * len(counts), strict=False):
                assert count * row <= room


def _glyphs(data: bytes, page: int) -> list[tuple[str, tuple[float, float, float, float],
                                                 float]]:
    document = pdfium.PdfDocument(data)
    try:
        text = document[page].get_textpage()
        glyphs = []
        for i in range(text.count_chars()):
            char = text.get_text_range(i, 1)
            if char.strip():
                glyphs.append((char, text.get_charbox(i),
                               pdfium_raw.FPDFText_GetFontSize(text.raw, i)))
        return glyphs
    finally:
        document.close()


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_header_text_stays_inside_its_cell(language: str, paper: str) -> None:
    """No letter of a header runs over a column's rule or onto another letter ("máx. 4 /
    4kamaTotal / Llapan yupa" ran into the next cell)."""
    record = demo()
    width = PAGE_SIZES[paper][1] - 2 * MARGIN  # landscape
    data = sheets("demo", language, paper)
    for page, phase in enumerate(record.contest.phases):  # the first juror scores both
        assert phase.id in record.contest.jurors[0].phases
        edges = [MARGIN]
        for column in column_widths(width, len(phase.criteria)):
            edges.append(edges[-1] + column)
        glyphs = _glyphs(data, page)
        header = [(char, box) for char, box, size in glyphs
                  if size <= 6.5 and edges[2] < (box[0] + box[2]) / 2 < edges[-1]]
        assert len(header) > 100
        for char, (left, _bottom, right, _top) in header:
            for edge in edges[2:]:
                assert not left < edge - 0.3 < right - 0.6, (char, left, edge)
        boxes = [box for _char, box, _size in glyphs]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                overlap_x = min(a[2], b[2]) - max(a[0], b[0])
                overlap_y = min(a[3], b[3]) - max(a[1], b[1])
                assert overlap_x <= 0.3 or overlap_y <= 0.3, (a, b)


def _breaks(page: str) -> list[tuple[str, str]]:
    """Words broken at the end of a line: ("Cofinancia", "miento")."""
    return re.findall(r"(\w+)- (\w+)", page)


def test_a_long_spanish_criterion_name_breaks_at_a_syllable() -> None:
    """"Cofinanciamiento" is wider than its column in any type the sheets use: it breaks
    where the Spanish dictionary allows ("Cofinancia-miento"), never "Cofinanciamie-nto"."""
    page = page_texts(sheets("demo", "es"))[0]
    names = {word for phase in demo().contest.phases for c in phase.criteria
             for word in text_in(c.name, "es").split()}
    spanish = pyphen.Pyphen(lang="es")
    broken = [(head, tail) for head, tail in _breaks(page) if head + tail in names]
    assert ("Cofinanciamiento" in {h + t for h, t in broken})
    for head, tail in broken:
        assert len(head) in spanish.positions(head + tail), (head, tail)
        assert len(head) >= 2 and len(tail) >= 2


@pytest.mark.parametrize("language", ["qu", "es+qu"])
def test_quechua_words_break_only_between_syllables(language: str) -> None:
    text = " ".join(page_texts(sheets("demo", language)))
    names = {word.strip(",") for phase in demo().contest.phases for c in phase.criteria
             for word in text_in(c.name, "qu").split()}
    broken = [(h, t) for h, t in _breaks(text) if h + t in names]
    assert broken  # "Kamachikuqkunawan" is wider than its column
    for head, tail in broken:
        assert len(head) in quechua_positions(head + tail), (head, tail)


@pytest.mark.parametrize(("word", "syllables"), [
    ("yanapakuynin", "ya-na-pa-kuy-nin"), ("qhatukuna", "qha-tu-ku-na"),
    ("Kamachikuqkunawan", "Ka-ma-chi-kuq-ku-na-wan"), ("ch'aqchu", "ch'aq-chu"),
    ("qullqinkuna", "qull-qin-ku-na"), ("Sut'i", "Su-t'i"), ("Ayllu", "Ay-llu"),
    ("chhalla", "chha-lla"), ("p'anqa", "p'an-qa"), ("10kama", "10kama"),
])
def test_the_quechua_syllable_rule(word: str, syllables: str) -> None:
    """One consonant between vowels opens the next syllable, of two the second does; the
    aspirated and ejective consonants and ll are one consonant; two letters at least on
    each side; a word with a figure in it never breaks."""
    found = positions(word, "qu")
    parts = [word[i:j] for i, j in zip([0, *found], [*found, len(word)], strict=True)]
    assert "-".join(parts) == syllables


@pytest.mark.parametrize("language", LANGUAGES)
def test_recusals_are_marked_on_the_recused_jurors_rows_only(language: str) -> None:
    record = long_contest()
    recused = Words(language)("recused")
    pages = page_texts(sheets("long", language))
    for juror, _phase, own in sheet_pages(record, language, pages):
        marks = sum(page.count(recused) for page in own)
        assert marks == len(RECUSED.get(juror, []))
        for proposal_id in RECUSED.get(juror, []):
            proposal = record.contest.proposal(proposal_id)
            assert proposal is not None
            # The mark follows its proposal's name, on the same page.
            row = f"{proposal.organization} — {proposal.title} {recused}"
            assert sum(row in page for page in own) == 1, row
