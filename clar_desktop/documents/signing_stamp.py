"""The visible signature: a stamp on the acta's last page, under its signature lines, saying
who signed (name, DNI or the certificate's serial number), when and why.

The stamp is the appearance of the pyHanko signature field, drawn with reportlab in the
shipped DejaVu (embedded, like every font of the documents). Its place is found on the page
as printed: the free band between the last thing drawn (the last signature line) and the
foot of the page, found by rendering the page without its annotations, so the band is the
same for every signer. Signatures fill it two to a row, left to right, in the order they
were made (the secretary's, then the president's).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm

from .signing_keys import SignerInfo
from .words import Words

STAMP_HEIGHT = 24 * mm
GAP = 5 * mm
SIDE = 15 * mm
"""The documents' left and right margins."""
FOOT = 28 * mm
"""Above the foot of a page of the acta: its foot line (12 mm) and the box for the
initials (14 to 26 mm, `layout.Footer.initials`) are drawn on every page, and a stamp goes
above them."""
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class StampText:
    """What the stamp says, in each language of the document."""

    words: Words
    reason: Callable[[str], str]
    """The reason in a language (the document's title, or a reason typed by the signer)."""
    zone: dt.tzinfo


def free_band(data: bytes) -> tuple[float, float, float] | None:
    """The free band at the foot of the last page: (page width, top, bottom), in points from
    the page's bottom; None if the page cannot be rendered."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
        page = document[len(document) - 1]
        width, height = page.get_size()
        image = page.render(scale=1, may_draw_forms=False, draw_annots=False,
                            grayscale=True).to_pil().convert("L")
    except Exception:  # pdfium on a file it cannot render: no visible signature then
        return None
    body = image.crop((int(SIDE), 0, int(width - SIDE), int(height - FOOT)))
    ink = body.point(lambda value: 255 if value < 235 else 0).getbbox()
    lowest = height - (ink[3] if ink else 0)
    return width, lowest - 4 * mm, FOOT


def slot(band: tuple[float, float, float], index: int) -> Box | None:
    """The ``index``-th stamp's box in the band (None if there is no room for it)."""
    width, top, bottom = band
    column_width = (width - 2 * SIDE - GAP) / 2
    row, column = divmod(index, 2)
    y2 = top - row * (STAMP_HEIGHT + GAP)
    y1 = y2 - STAMP_HEIGHT
    if y1 < bottom:
        return None
    x1 = SIDE + column * (column_width + GAP)
    return (x1, y1, x1 + column_width, y2)


def stamp_lines(text: StampText, signer: SignerInfo, when: dt.datetime,
                timestamped: bool) -> list[tuple[str, str]]:
    """The stamp's lines: (style, text), style "head", "name" or "line"."""
    words = text.words
    local = when.astimezone(text.zone)
    offset = local.utcoffset() or dt.timedelta(0)
    hours = int(offset.total_seconds() // 3600)
    clock = f"{local:%H:%M} (UTC{hours:+d})" if hours else f"{local:%H:%M} (UTC)"
    from ..i18n import format_date

    lines = [("head", words("Digitally signed by")), ("name", signer.name)]
    if signer.dni:
        lines.append(("line", words("DNI {dni}", dni=signer.dni)))
    else:
        lines.append(("line", words("Certificate no. {serial}", serial=signer.serial)))
    for each in words.each("Date: {date}, {time}",
                           date=lambda lang: format_date(local.date(), "long", language=lang),
                           time=clock):
        lines.append(("line", each))
    for each in words.each("Reason: {reason}", reason=text.reason):
        lines.append(("line", each))
    if timestamped:
        lines.append(("line", words("With an RFC 3161 time stamp")))
    return lines


def stamp_style(lines: list[tuple[str, str]], box: Box) -> Any:
    """A pyHanko stamp style whose appearance is ``lines`` drawn by reportlab."""
    from pyhanko.pdf_utils import content
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle
    from reportlab.pdfgen.canvas import Canvas

    from .fonts import register_fonts
    from .layout import ACCENT, INK, MUTED, shorten

    regular, bold = register_fonts()
    width, height = box[2] - box[0], box[3] - box[1]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(width, height), initialFontName=regular)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.8)
    canvas.roundRect(0.5, 0.5, width - 1, height - 1, 3)
    sizes = {"head": 7.0, "name": 9.0, "line": 7.5}
    leading = sum(sizes[style] + 2.0 for style, _text in lines)
    scale = min(1.0, (height - 6) / leading)
    y = height - 3
    for style, line in lines:
        size = sizes[style] * scale
        y -= (sizes[style] + 2.0) * scale
        font = bold if style == "name" else regular
        # A certificate's serial number is long, and a digit cut off would lose it: the
        # line is set smaller first, and only cut below a readable size.
        while size > 5.5 and canvas.stringWidth(line, font, size) > width - 10:
            size -= 0.25
        canvas.setFont(font, size)
        canvas.setFillColor(ACCENT if style == "head" else INK if style == "name" else MUTED)
        canvas.drawString(5, y + 1, shorten(line, font, size, width - 10))
    canvas.showPage()
    canvas.save()
    data = out.getvalue()

    class _Page(content.ImportedPdfPage):  # type: ignore[misc]  # pyHanko is partly typed
        """The page imported from bytes rather than a file."""

        def render(self) -> bytes:
            import binascii
            import uuid

            from pyhanko.pdf_utils.layout import BoxConstraints

            writer = self._ensure_writer
            xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(data)), page_ix=0)
            name = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
            self.resources.xobject[name.decode("ascii")] = xobject
            self.box = BoxConstraints(width=width, height=height)
            return name + b" Do"

    from pyhanko.pdf_utils import layout

    return StaticStampStyle(
        background=_Page("stamp"), border_width=0, background_opacity=1.0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MIN,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.NO_SCALING))
