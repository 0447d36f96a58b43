"""Reading the PDFs the program makes, as a reader would: their text, page by page, and their
QR codes (rendered by PDFium, decoded by ZXing)."""

from __future__ import annotations

import io
import re

import pypdf


def page_texts(data: bytes) -> list[str]:
    """The text of each page, with every run of white space made one space."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [re.sub(r"\s+", " ", page.extract_text() or "").strip() for page in reader.pages]


def text(data: bytes) -> str:
    return " ".join(page_texts(data))


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def qr_codes(data: bytes, page: int, scale: float = 4.0) -> list[str]:
    """The text of every QR code on a page."""
    import pypdfium2 as pdfium
    import zxingcpp

    document = pdfium.PdfDocument(data)
    try:
        image = document[page].render(scale=scale).to_pil()
    finally:
        document.close()
    return [found.text for found in zxingcpp.read_barcodes(image)
            if found.format == zxingcpp.BarcodeFormat.QRCode]
