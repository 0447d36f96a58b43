"""The PDF font ships with the program and is embedded, Quechua letters included."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

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
