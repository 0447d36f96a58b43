"""What every document shares: page sizes, type styles, the "page X of Y" footer, QR codes,
signature lines, logos and the one place a PDF is built.

Documents are reportlab platypus stories. "Page X of Y" needs the page count before the
first page is final, so `build` lets the document be laid out once with a canvas that holds
every page until the end (`_NumberedCanvas`) and then stamps each footer with the total.
"""

from __future__ import annotations

import io
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A3, A4, LETTER, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from .archive import ArchiveInfo, prepare_archive
from .fonts import register_fonts
from .words import Words

PAGE_SIZES = {"a4": A4, "letter": LETTER, "a3": A3}
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#ececec")
ACCENT = colors.HexColor("#0b5d4b")
Progress = Callable[[int, int], None]
"""Called with (done, total) while a long document is laid out."""


class DocumentError(Exception):
    """A document cannot be made; the message is one translated sentence."""


@dataclass(frozen=True)
class DocumentOptions:
    language: str = "es"
    page_size: str = "a4"
    logos: tuple[Path, ...] = ()
    """Up to two images (PNG or JPEG) printed at the top of the acta and of each
    certificate."""
    proposal: str | None = None
    """Certificates: only this funded proposal's (one file per winner, ``--split``)."""
    progress: Progress | None = field(default=None, compare=False)


def escape(text: object) -> str:
    """Plain text for a `Paragraph`, which reads a small XML markup."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


class Styles:
    """The type styles of the documents, in the shipped font; ``scale`` enlarges all (the
    poster)."""

    def __init__(self, scale: float = 1.0) -> None:
        regular, bold = register_fonts()
        self.regular, self.bold = regular, bold

        def style(name: str, size: float, font: str = regular, **kw: Any) -> ParagraphStyle:
            size *= scale
            kw.setdefault("textColor", INK)
            leading = kw.pop("leading", size * 1.25 / scale) * scale
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, **kw)

        self.title = style("title", 15, bold, alignment=TA_CENTER, spaceAfter=4 * scale)
        self.subtitle = style("subtitle", 10.5, alignment=TA_CENTER, spaceAfter=8 * scale)
        self.heading = style("heading", 11.5, bold, spaceBefore=10 * scale, spaceAfter=4 * scale,
                             textColor=ACCENT, keepWithNext=1)
        self.subheading = style("subheading", 9.5, bold, spaceBefore=6 * scale,
                                spaceAfter=2 * scale, keepWithNext=1)
        self.body = style("body", 9.5, spaceAfter=3 * scale)
        self.second = style("second", 8.5, textColor=MUTED, spaceAfter=4 * scale)
        """The Quechua under the Spanish in a bilingual document."""
        self.cell = style("cell", CELL_SIZE, leading=CELL_LEADING)
        self.cell_bold = style("cell_bold", 7.5, bold, leading=9)
        self.small = style("small", 7, textColor=MUTED, leading=8.5)

    def paragraphs(self, texts: Sequence[str], style: ParagraphStyle | None = None,
                   ) -> list[Paragraph]:
        """One paragraph per language: the first in ``style``, the others in the muted style."""
        first = style or self.body
        return [Paragraph(escape(text), first if i == 0 else self.second)
                for i, text in enumerate(texts)]


GRID = [
    ("GRID", (0, 0), (-1, -1), 0.4, RULE),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 1.5),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
]


CELL_SIZE, CELL_LEADING = 7.5, 9
"""The type of a table cell (`Styles.cell`): a plain text cell — an amount, a score, a time
— is set like the paragraphs beside it."""


def in_shipped_font() -> tuple[Any, ...]:
    """A table style command: every cell in the shipped DejaVu, at the cells' size. Without
    it reportlab sets Helvetica 10 — not embedded, wider and larger than the paragraphs
    around it (amounts ran into each other) — for each cell, even one holding a flowable."""
    regular, _bold = register_fonts()
    return ("FONT", (0, 0), (-1, -1), regular, CELL_SIZE, CELL_LEADING)


def table(rows: list[list[Any]], widths: Sequence[float] | None, header_rows: int = 1,
          extra: Sequence[tuple[Any, ...]] = (),
          row_heights: Sequence[float | None] | None = None) -> Table:
    """A ruled table whose header rows are shaded and repeat on every page."""
    style = [in_shipped_font(), *GRID,
             *(("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE),) * bool(header_rows),
             *extra]
    return Table(rows, colWidths=list(widths) if widths else None, repeatRows=header_rows,
                 rowHeights=list(row_heights) if row_heights else None,
                 style=TableStyle(style), hAlign="LEFT")


class QrCode(Flowable):
    """A QR code of ``text``, ``size`` points square with its quiet zone (error correction
    M). The matrix comes from reportlab's encoder, computed once; each row's dark runs are
    drawn as rectangles of one path (reportlab's widget encodes twice and draws every module
    as its own shape, which made a certificate five times slower)."""

    QUIET = 4

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
        code.addData(text)
        code.make()
        self.modules: list[list[bool]] = [[bool(m) for m in row] for row in code.modules]
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        count = len(self.modules)
        box = self.width / (count + 2 * self.QUIET)
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for r, row in enumerate(self.modules):
            y = self.height - (r + 1 + self.QUIET) * box
            c = 0
            for dark, run in itertools.groupby(row):
                length = len(list(run))
                if dark:
                    path.rect((c + self.QUIET) * box, y, length * box, box)
                c += length
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


def logo(path: Path, height: float) -> Image:
    """An image scaled to ``height`` keeping its proportions; `DocumentError` if it cannot
    be read or `images.check_image` refuses it (reportlab never decodes such a file)."""
    from ..i18n import _
    from ..images import NOT_AN_IMAGE, ImageRefused, read_image

    try:
        data, info = read_image(path)
    except OSError as error:
        raise DocumentError(_("the logo {file} cannot be read: {reason}").format(
            file=path, reason=error.strerror or error)) from None
    except ImageRefused as refused:
        if refused.template == NOT_AN_IMAGE:
            raise DocumentError(_("the logo {file} cannot be read as a PNG or JPEG image")
                                .format(file=path)) from None
        raise DocumentError(_("the logo {file} cannot be used: {problem}").format(
            file=path, problem=refused.render(_))) from None
    # The bytes checked, not the file again: it cannot change in between.
    return Image(io.BytesIO(data), width=height * info.width / info.height, height=height)


class SignatureLine(Flowable):
    """A line to sign on, with the signer's name, document and cargo under it."""

    def __init__(self, lines: list[tuple[str, bool]], width: float, styles: Styles,
                 space: float = 16 * mm) -> None:
        super().__init__()
        self.lines, self.styles, self.space = lines, styles, space
        self.width = width
        self.height = space + 11 * len(lines) + 2

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        y = self.height - self.space
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(0.6)
        canvas.line(4, y, self.width - 4, y)
        for text, bold in self.lines:
            y -= 10.5
            canvas.setFont(self.styles.bold if bold else self.styles.regular, 8)
            canvas.setFillColor(INK if bold else MUTED)
            font = self.styles.bold if bold else self.styles.regular
            canvas.drawCentredString(self.width / 2, y, shorten(text, font, 8, self.width - 8))


def shorten(text: str, font: str, size: float, width: float) -> str:
    """``text``, cut and ended with "…" if it is wider than ``width``."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` in lines no wider than ``width``; a word too long for a line is split with a
    hyphen, so that it still reads as one word."""
    lines: list[str] = []
    for line in simpleSplit(text, font, size, width):
        while stringWidth(line, font, size) > width and len(line) > 2:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut] + "-", font, size) > width:
                cut -= 1
            lines.append(line[:cut] + "-")
            line = line[cut:]
        lines.append(line)
    return lines


def fit_words(text: str, font: str, size: float, width: float, smallest: float,
              max_lines: int) -> tuple[list[str], float]:
    """``text`` in at most ``max_lines`` lines no wider than ``width`` at the largest size
    from ``size`` down to ``smallest`` (half points) at which no word is split — Quechua
    words are long, and "yanapakuyni" + "n" on two lines reads as two words. Only when no
    size will do is a word split, with a hyphen, at ``smallest``."""
    current = size
    while current >= smallest:
        if all(stringWidth(word, font, current) <= width for word in text.split()):
            lines = wrap_lines(text, font, current, width)
            if len(lines) <= max_lines:
                return lines, current
        current -= 0.5
    lines = wrap_lines(text, font, smallest, width)
    if len(lines) > max_lines:  # what does not fit is said to be missing, not dropped:
        # the last line and the next, joined, are too wide, so they end with "…"
        rest = " ".join(lines[max_lines - 1:max_lines + 1])
        lines = [*lines[:max_lines - 1], shorten(rest, font, smallest, width)]
    return lines, smallest


def signature_grid(blocks: list[list[tuple[str, bool]]], width: float, styles: Styles,
                   columns: int = 2, space: float = 16 * mm) -> Table:
    """Signature lines, ``columns`` per row; a row never splits across pages."""
    cell = width / columns
    rows: list[list[Any]] = []
    for start in range(0, len(blocks), columns):
        row: list[Any] = [SignatureLine(b, cell - 10, styles, space)
                          for b in blocks[start:start + columns]]
        rows.append(row + [""] * (columns - len(row)))
    return Table(rows, colWidths=[cell] * columns, hAlign="LEFT", style=TableStyle([
        in_shipped_font(), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5), ("NOSPLIT", (0, 0), (-1, -1))]))


@dataclass
class Footer:
    """What each page carries at its foot: a left text and "page X of Y"; a draft mark."""

    words: Words
    left: str = ""
    draft: str | None = None
    numbered: bool = True
    """Whether pages show "page X of Y" and the foot line (not on certificates)."""
    initials: str | None = None
    """The label of a box above the foot line for every page's initials (the acta's
    rúbrica); None: no box. The document leaves room for it (``build(bottom=…)``)."""


class Section(Flowable):
    """An invisible mark: the pages from here on carry ``text`` at their foot (a scoring
    sheet names its juror and phase on every page)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._clar_section = self.text  # type: ignore[attr-defined]


def _numbered_canvas(footer: Footer, info: ArchiveInfo) -> type[Canvas]:
    regular, _bold = register_fonts()

    class _NumberedCanvas(Canvas):
        """Holds every page until `save`, then writes "page X of Y" on each."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # The shipped DejaVu from the first line: reportlab's own default, Helvetica, is
            # neither embedded nor the face of the rest of the page.
            kwargs["initialFontName"] = kwargs.get("initialFontName") or regular
            super().__init__(*args, **kwargs)
            prepare_archive(self, info)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, page in enumerate(self._pages, start=1):
                # a page saved before any `Section` has none: not the last page's
                self.__dict__.pop("_clar_section", None)
                self.__dict__.update(page)
                self._stamp(number, total)
                super().showPage()
            super().save()

        def _stamp(self, number: int, total: int) -> None:
            width, _height = self._pagesize
            self.saveState()
            if footer.numbered:
                self.setFont(regular, 7)
                self.setFillColor(MUTED)
                self.setStrokeColor(RULE)
                self.setLineWidth(0.4)
                self.line(15 * mm, 12 * mm, width - 15 * mm, 12 * mm)
                left = " · ".join(x for x in (footer.left, getattr(self, "_clar_section", ""))
                                  if x)
                right = footer.words("Page {page} of {pages}", page=number, pages=total)
                room = width - 30 * mm - self.stringWidth(right, regular, 7) - 6 * mm
                self.drawString(15 * mm, 8.5 * mm, shorten(left, regular, 7, room))
                self.drawRightString(width - 15 * mm, 8.5 * mm, right)
            if footer.initials:
                self._initials_box(footer.initials, regular, width)
            if footer.draft:
                self._draft_mark(footer.draft, regular, width)
            self.restoreState()

        def _initials_box(self, label: str, font: str, width: float) -> None:
            """A ruled box at the foot, right, where each member initials the page."""
            box_width, box_height = 80 * mm, 12 * mm
            x, y = width - 15 * mm - box_width, 14 * mm
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.rect(x, y, box_width, box_height)
            self.setFont(font, 6)
            self.setFillColor(MUTED)
            self.drawString(x + 2, y + box_height - 7, shorten(label, font, 6, box_width - 4))

        def _draft_mark(self, draft: str, font: str, width: float) -> None:
            """Across the page at 35°: the word (BORRADOR) large, then why, each language on
            its own line, sized so that the longest line stays on the page (a bilingual mark
            on one line ran off both edges)."""
            height = self._pagesize[1]
            angle = math.radians(35)
            room = 0.8 * min(width / math.cos(angle), height / math.sin(angle))
            heads: list[str] = []
            tails: list[str] = []
            for mark in draft.split(" / "):
                head, _colon, tail = mark.partition(": ")
                if head not in heads:
                    heads.append(head)
                if tail:
                    tails.append(tail)
            big = min(64.0, room / max(self.stringWidth(h, font, 1) for h in heads))
            small = min(big * 0.4, room / max((self.stringWidth(t, font, 1) for t in tails),
                                              default=1))
            lines = [(h, big) for h in heads] + [(t, small) for t in tails]
            self.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.2))
            self.translate(width / 2, height / 2)
            self.rotate(35)
            y = sum(size * 1.2 for _text, size in lines) / 2
            for text, size in lines:
                y -= size * 1.2
                self.setFont(font, size)
                self.drawCentredString(0, y + size * 0.25, text)

    return _NumberedCanvas


def page_size(options: DocumentOptions, wide: bool = False) -> tuple[float, float]:
    size = PAGE_SIZES[options.page_size]
    return landscape(size) if wide else portrait(size)


def build(story: list[Flowable], size: tuple[float, float], footer: Footer, title: str,
          subject: str = "", margins: float = 15 * mm, bottom: float | None = None,
          on_page: Callable[[Canvas, Any], None] | None = None,
          on_page_end: Callable[[Canvas, Any], None] | None = None,
          progress: Progress | None = None, keywords: Sequence[str] = ()) -> bytes:
    """Lay out ``story`` on pages of ``size`` and return the PDF's bytes (archive.py: the
    metadata, language and output intent of PDF/A-2b; ``keywords`` name the contest and the
    hashes the document carries)."""
    out = io.BytesIO()
    info = ArchiveInfo(title, subject, tuple(keywords), footer.words.languages)
    document = BaseDocTemplate(
        out, pagesize=size, leftMargin=margins, rightMargin=margins, topMargin=margins,
        bottomMargin=margins + 5 * mm if bottom is None else bottom, title=title,
        subject=subject, author=info.author, creator=info.creator,
        keywords=info.keyword_text, lang=footer.words.first)
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height,
                  id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document.addPageTemplates([PageTemplate("page", [frame], onPage=on_page or _nothing,
                                             onPageEnd=on_page_end or _nothing)])
    if progress is not None:
        total = [max(len(story), 1)]

        def report(kind: str, value: int) -> None:
            if kind == "SIZE_EST":
                total[0] = max(value, 1)
            elif kind == "PROGRESS":
                progress(min(value, total[0]), total[0])

        document.setProgressCallBack(report)
    document.build(story, canvasmaker=_numbered_canvas(footer, info))
    return out.getvalue()


def _nothing(_canvas: Canvas, _document: Any) -> None:
    return None


def text_width(size: tuple[float, float], margins: float = 15 * mm) -> float:
    return size[0] - 2 * margins
