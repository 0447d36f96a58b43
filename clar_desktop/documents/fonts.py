"""The font embedded in every PDF: DejaVu Sans, shipped in ``resources/fonts`` with its
licence, so Quechua spelling (ñ, ch', the apostrophes of ejectives) and Spanish accents print
the same on every machine — reportlab's built-in Helvetica has no embedding and only Latin-1.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..paths import resource_path

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


def register_fonts() -> tuple[str, str]:
    """Register the shipped fonts with reportlab (once); returns (regular, bold) names."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, file in FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource_path("resources", "fonts",
                                                                   file))))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR,
                                  boldItalic=BOLD)
    return REGULAR, BOLD
