"""The PDF font ships with the program and is embedded, Quechua letters included."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from clar_desktop.documents import DocumentOptions, make_document
from clar_desktop.documents.fonts import BOLD, REGULAR, register_fonts
from clar_desktop.paths import resource_path


def test_the_font_and_its_licence_ship_in_resources() -> None:
    folder = resource_path("resources", "fonts")
    assert (folder / "DejaVuSans.ttf").stat().st_size > 100_000
    assert (folder / "DejaVuSans-Bold.ttf").stat().st_size > 100_000
    assert "Bitstream" in (folder / "DejaVu-LICENSE.txt").read_text(encoding="utf-8")


def test_a_pdf_embeds_the_font_with_the_quechua_letters() -> None:
    regular, bold = register_fonts()
    assert (regular, bold) == (REGULAR, BOLD)
    register_fonts()  # a second call is harmless
    out = io.BytesIO()
    page = Canvas(out)
    page.setFont(regular, 12)
    page.drawString(72, 720, "Ñawinchapuy: ch'usaq, Qhatuy llamk'aykuna — S/ 15,000.00")
    page.setFont(bold, 12)
    page.drawString(72, 700, "Asociación de Tejedoras Warmi Kallpa")
    page.save()
    pdf = out.getvalue()
    assert b"/FontFile2" in pdf  # TrueType embedded, not a reference to a system font
    assert b"DejaVuSans" in pdf and b"DejaVuSans-Bold" in pdf
    # The font has a glyph for every letter Spanish and Quechua documents use.
    from reportlab.pdfbase import pdfmetrics

    glyphs = pdfmetrics.getFont(regular).face.charToGlyph
    for char in "ÁÉÍÓÚÑÜáéíóúñü'’“”—–·°º":
        assert ord(char) in glyphs, char


@pytest.mark.parametrize("language", ["es", "qu", "es+qu"])
@pytest.mark.parametrize(("kind", "source"), [
    ("minutes", "demo"), ("certificates", "demo"), ("sheets", "demo"), ("poster", "demo"),
    # a session mixing new proposals and second-tranche items (issue 15), its constancias
    ("minutes", "mixed"), ("constancias", "mixed"), ("sheets", "mixed"), ("poster", "mixed")])
def test_every_document_uses_only_the_embedded_shipped_font(kind: str, source: str,
                                                            language: str) -> None:
    """Amounts, scores and times once came out in reportlab's default Helvetica, not
    embedded and visibly another face (`pdffonts`: emb no)."""
    from tests.test_documents import session
    from tests.test_documents_followups import mixed

    record = session() if source == "demo" else mixed()
    pdf = make_document(kind, record, DocumentOptions(language=language))
    fonts = re.findall(rb"/BaseFont /([A-Za-z0-9+-]+)", pdf)
    assert fonts, "no font at all?"
    assert all(b"DejaVuSans" in name for name in fonts), sorted(set(fonts))
    assert b"/Subtype /Type1" not in pdf  # no standard, non-embedded font
    assert pdf.count(b"/FontFile2") == len(set(fonts))  # each one embedded


@pytest.mark.parametrize("language", ["qu", "es+qu"])
def test_plain_cells_are_set_like_the_paragraphs_beside_them(language: str) -> None:
    """An amount, a score or a time in a table cell once came out in reportlab's 10-point
    default: larger than its row, and in the acta's totals wider than its column, so that
    two amounts ran into each other ("S/ 15,900.00S/ 123,500.00")."""
    from tests.pdf import page_texts
    from tests.test_documents import session

    pdf = make_document("minutes", session(), DocumentOptions(language=language))
    sizes: set[float] = set()

    def visit(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        if re.fullmatch(r"S/\s?[\d,]+\.\d\d|\d\d:\d\d", text.strip()):
            sizes.add(round(size * abs(tm[0]) if tm and tm[0] else size, 1))

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert sizes and max(sizes) <= 7.5, sorted(sizes)
    assert not any(re.search(r"\d{2}S/", page) for page in page_texts(pdf))
