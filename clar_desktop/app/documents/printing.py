"""A PDF's pages rendered by PDFium: as images for the preview, and onto a printer at its
resolution, strip by strip, in a thread of their own (`PrintJob`)."""


from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt, QThread, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

LOG = logging.getLogger(__name__)


def render_pages(data: bytes, width: int, first: int = 0, count: int | None = None
                 ) -> tuple[list[QImage], int]:
    """Pages of a PDF as images ``width`` pixels wide, and the document's page count."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        total = len(document)
        last = total if count is None else min(total, first + count)
        images = []
        for index in range(first, last):
            page = document[index]
            try:
                scale = width / page.get_width()
                bitmap = page.render(scale=scale, rev_byteorder=True)
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGB888).copy()
                bitmap.close()
            finally:
                page.close()
            images.append(image)
        return images, total
    finally:
        document.close()


PRINT_BANDS = 16
"""A page is drawn onto the printer in this many strips: Qt's drawImage holds Python's
interpreter lock while it runs, and a whole page at 300 dpi held the window's thread (and so
the projector) for 0.2 s; a strip lets it run in between."""


def print_pages(data: bytes, printer: QPrinter,
                progress: Callable[[int, int], None] | None = None) -> tuple[int, bool]:
    """Paint the PDF's pages (the range set on ``printer``) onto the printer; returns the
    pages sent and whether the run finished (False: the printer could not start, or failed
    midway and the job was aborted). Safe away from the window's thread (Qt paints on a
    QPrinter in any thread), as long as no other thread uses pdfium meanwhile."""
    _images, count = render_pages(data, 1, 0, 0)
    first = max(printer.fromPage(), 1) - 1 if printer.fromPage() else 0
    last = min(printer.toPage(), count) if printer.toPage() else count
    painter = QPainter()
    if not painter.begin(printer):
        return 0, False
    sent, finished = 0, True
    try:
        area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        dpi = min(printer.resolution(), 300)
        for index in range(first, last):
            images, _total = render_pages(data, int(area.width() * dpi / printer.resolution()),
                                          index, 1)
            if not images:
                break
            if sent and not printer.newPage():
                finished = False
                break
            _draw_in_bands(painter, images[0], area.size())
            if printer.printerState() == QPrinter.PrinterState.Error:
                finished = False
                break
            sent += 1
            if progress is not None:
                progress(sent, last - first)
    except Exception:  # a bug or a broken printer: the run stops, and says so
        LOG.exception("printing failed after %d pages", sent)
        finished = False
    if not finished:
        printer.abort()  # no half-sent page left in the queue
    painter.end()
    return sent, finished


def _draw_in_bands(painter: QPainter, image: QImage, area: QSize) -> None:
    """The picture scaled into the page's rectangle (the printer gets the 300-dpi picture
    and scales it itself, instead of a picture as big as 1200 dpi), strip by strip."""
    size = image.size().scaled(area, Qt.AspectRatioMode.KeepAspectRatio)
    scale = size.height() / image.height()
    band = -(-image.height() // PRINT_BANDS)
    for top in range(0, image.height(), band):
        rows = min(band, image.height() - top)
        painter.drawImage(QRectF(0, top * scale, size.width(), rows * scale), image,
                          QRectF(0, top, image.width(), rows))


class PrintJob(QThread):
    """Sends a PDF to the printer away from the window's thread: a long acta takes seconds
    to render, and the projector, painted by the same thread, must not freeze meanwhile."""

    progressed = Signal(int, int)
    done = Signal(int, bool)  # pages sent; whether the run finished

    def __init__(self, data: bytes, printer: QPrinter) -> None:
        super().__init__()
        self.data, self.printer = data, printer

    def run(self) -> None:
        self.done.emit(*print_pages(self.data, self.printer, self.progressed.emit))
