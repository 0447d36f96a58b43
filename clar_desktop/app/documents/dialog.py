"""Documents from the desktop app: the minutes' details, and making, previewing, saving and
printing the acta, the certificates, the scoring sheets and the poster.

A document is made in a worker thread from the contest exported as a bundle (the same way
the command line makes it, so both give the same PDF), with a progress bar; the preview shows
its pages rendered by PDFium; Qt's print dialog prints those pages at the printer's
resolution; "Save as PDF…" writes the file atomically, and the containing folder can then be
opened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...documents import KINDS, SIGNABLE, TITLES, DocumentError, DocumentOptions, SignWith
from ...domain.changes import (
    ATTENDEE_GROUPS,
    MINUTES_DETAILS_SET,
    Attendee,
    MinutesDetails,
    minutes_details_data,
)
from ...domain.errors import DomainError
from ...files import reason
from ...i18n import N_, Later, _, language_name, ngettext
from ...images import ImageRefused, read_image
from ...labels import ATTENDEE_GROUP_LABELS
from ...paths import resource_path
from ..forms import Form, Message, follow_language
from ..live import LiveContest
from ..places import Places

LOG = logging.getLogger(__name__)
PREVIEW_PAGES = 40
"""Pages rendered in the preview; a longer document says how many more it has."""
PREVIEW_WIDTH = 560
LANGUAGES = (("es", None), ("qu", None), ("es+qu", N_("Spanish and Quechua")))
PAPERS = (("a4", N_("A4")), ("letter", N_("Letter")), ("a3", N_("A3 (posters)")))
FILE_NAMES = {"minutes": N_("acta"), "certificates": N_("certificates"),
              "sheets": N_("scoring-sheets"), "poster": N_("poster")}


# --- the minutes' details ---------------------------------------------------------------------

class MinutesDetailsDialog:
    """The acta's number, agenda and other attendees, recorded as ``minutes.details_set``."""

    def __init__(self, parent: QWidget | None, live: LiveContest) -> None:
        self.live = live
        self.form = Form("minutes_details", parent)
        self.dialog: QDialog = self.form.widget  # type: ignore[assignment]
        self.message = Message(self.form.child("problemLabel"))
        self.table = self.form.child("attendeesTable")
        buttons = self.form.child("buttons")
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.dialog.reject)
        self.form.child("addButton").clicked.connect(lambda: self.add_person())
        self.form.child("removeButton").clicked.connect(self.remove_selected)
        follow_language(self.dialog, self._retranslate_table)
        details = live.state.minutes
        self.form.child("numberEdit").setText(details.number or "")
        self.form.child("agendaEdit").setPlainText("\n".join(details.agenda))
        for person in details.attendees:
            self.add_person(person)
        self._retranslate_table()

    def _retranslate_table(self) -> None:
        self.table.setHorizontalHeaderLabels([_("Name"), _("Role or cargo"), _("Group")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row in range(self.table.rowCount()):
            box = self.table.cellWidget(row, 2)
            for i, group in enumerate(ATTENDEE_GROUPS):
                box.setItemText(i, _(ATTENDEE_GROUP_LABELS[group]))

    def add_person(self, person: Attendee | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(person.name if person else ""))
        self.table.setItem(row, 1, QTableWidgetItem(person.role if person else ""))
        box = QComboBox()
        for group in ATTENDEE_GROUPS:
            box.addItem(_(ATTENDEE_GROUP_LABELS[group]), group)
        box.setCurrentIndex(ATTENDEE_GROUPS.index(person.group if person else "guest"))
        self.table.setCellWidget(row, 2, box)
        if person is None:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(self.table.item(row, 0))

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def details(self) -> MinutesDetails:
        people = []
        for row in range(self.table.rowCount()):
            name = (self.table.item(row, 0).text() if self.table.item(row, 0) else "").strip()
            role = (self.table.item(row, 1).text() if self.table.item(row, 1) else "").strip()
            if name:
                people.append(Attendee(name, role, self.table.cellWidget(row, 2).currentData()))
        agenda = [line.strip() for line in
                  self.form.child("agendaEdit").toPlainText().splitlines() if line.strip()]
        number = self.form.child("numberEdit").text().strip() or None
        return MinutesDetails(number, tuple(agenda), tuple(people))

    def submit(self) -> str | None:
        """Record the details; None when committed, else why not (one sentence)."""
        return self.live.explain_apply(MINUTES_DETAILS_SET,
                                       minutes_details_data(self.details()))

    def _submit(self) -> None:
        problem = self.submit()
        if problem is None:
            self.dialog.accept()
        else:
            self.message.say(problem)

    def exec(self) -> bool:
        return bool(self.dialog.exec() == QDialog.DialogCode.Accepted)


# --- making a document ------------------------------------------------------------------------

def _logo_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a logo (a `Later`, said again after a change of language), or
    None: the picture is checked (images.py) before anything decodes it."""
    try:
        read_image(path)
    except OSError as error:
        reason = error.strerror or str(error)
        return Later(lambda: _("Cannot read {file}: {reason}").format(file=path.name,
                                                                      reason=reason))
    except ImageRefused as refused:
        return Later(lambda r=refused: _("The logo {file} cannot be used: {problem}.")
                     .format(file=path.name, problem=r.render(_)))
    return None


class DocumentMaker(QThread):
    """Makes one PDF away from the window's thread, reporting progress."""

    progressed = Signal(int, int)
    made = Signal(bytes)
    failed = Signal(str)

    def __init__(self, bundle: dict[str, Any], kind: str, options: DocumentOptions,
                 sign: SignWith | None) -> None:
        super().__init__()
        self.bundle, self.kind, self.options, self.sign = bundle, kind, options, sign

    def run(self) -> None:
        from dataclasses import replace

        from ...documents import make_document
        from ...documents.record import record_from_bundle
        from ...documents.signing import SigningError
        from ...domain.bundle import parse_bundle

        try:
            record = record_from_bundle(parse_bundle(self.bundle))
            options = replace(self.options, progress=self.progressed.emit)
            self.made.emit(make_document(self.kind, record, options, self.sign))
        except DomainError as error:
            self.failed.emit(error.render(_))
        except (DocumentError, SigningError) as error:
            self.failed.emit(str(error))
        except Exception as error:  # a bug: say so in one sentence, keep the details in the log
            LOG.exception("making the %s failed", self.kind)
            self.failed.emit(_("The document could not be made: {reason}").format(
                reason=error))


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


class _HoldWhilePrinting(QObject):
    """Keeps the documents dialog open while it prints: Esc and the window's X wait for the
    last page (the Close button is disabled meanwhile)."""

    def __init__(self, owner: DocumentsDialog) -> None:
        super().__init__(owner.dialog)
        self.owner = owner

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's)
        if self.owner.printing is None:
            return False
        closing = event.type() == QEvent.Type.Close
        escape = (event.type() == QEvent.Type.KeyPress
                  and event.key() == Qt.Key.Key_Escape)  # type: ignore[attr-defined]
        if closing or escape:
            event.ignore()
            return True
        return False


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


class DocumentsDialog:
    """Choose a document and its language and paper, make it, look at it, save or print."""

    def __init__(self, parent: QWidget | None, live: LiveContest,
                 places: Places | None = None, kind: str = "minutes") -> None:
        self.live, self.places = live, places or Places()
        self.form = Form("documents_dialog", parent)
        self.dialog: QDialog = self.form.widget  # type: ignore[assignment]
        self.data: bytes | None = None
        self.saved: Path | None = None
        self.printing: PrintJob | None = None
        self.printer: QPrinter | None = None
        self._hold = _HoldWhilePrinting(self)
        self.dialog.installEventFilter(self._hold)
        self.message = Message(self.form.child("problemLabel"))
        self.preview_images = 0
        self.page_count = 0
        self.maker: DocumentMaker | None = None
        self.preview_area = self.form.child("previewArea")
        self.preview_labels: list[QLabel] = []
        c = self.form.child
        self.kind_box, self.language_box, self.paper_box = (
            c("kindBox"), c("languageBox"), c("paperBox"))
        for k in KINDS:
            self.kind_box.addItem("", k)
        for code, _label in LANGUAGES:
            self.language_box.addItem("", code)
        for code, _label in PAPERS:
            self.paper_box.addItem("", code)
        self._fill_labels()
        follow_language(self.dialog, self._fill_labels)
        self.kind_box.setCurrentIndex(KINDS.index(kind))
        self._select(self.language_box, self.places.document_choice("language", "es"))
        self._select(self.paper_box, self.places.document_choice("paper", "a4"))
        # The programme's emblem by default (resources/logos); the user may choose others.
        c("logoEdit1").setText(self.places.document_choice(
            "logo1", str(resource_path("resources", "logos", "clar.png"))))
        c("logoEdit2").setText(self.places.document_choice("logo2", ""))
        c("p12Edit").setText(self.places.document_choice("p12", ""))
        c("logoButton1").clicked.connect(lambda: self._choose_image(c("logoEdit1")))
        c("logoButton2").clicked.connect(lambda: self._choose_image(c("logoEdit2")))
        c("p12Button").clicked.connect(self._choose_p12)
        c("makeButton").clicked.connect(self.make)
        c("saveButton").clicked.connect(self.save)
        c("printButton").clicked.connect(self.print_dialog)
        c("folderButton").clicked.connect(self.open_folder)
        c("buttons").button(QDialogButtonBox.StandardButton.Close).clicked.connect(
            self.dialog.reject)
        c("signCheck").toggled.connect(self._update)
        self.kind_box.currentIndexChanged.connect(self._changed)
        self.language_box.currentIndexChanged.connect(self._changed)
        self.paper_box.currentIndexChanged.connect(self._changed)
        self._update()

    # -- choices -------------------------------------------------------------------------------
    def _fill_labels(self) -> None:
        for i, k in enumerate(KINDS):
            self.kind_box.setItemText(i, _(TITLES[k]))
        for i, (code, label) in enumerate(LANGUAGES):
            self.language_box.setItemText(i, _(label) if label else language_name(code))
        for i, (_code, label) in enumerate(PAPERS):
            self.paper_box.setItemText(i, _(label))
        self._show_count()

    def say(self, message: str) -> None:
        """What happened last (a `Later` is said again after a change of language)."""
        self.message.say(message)

    @staticmethod
    def _select(box: QComboBox, value: str) -> None:
        index = box.findData(value)
        if index >= 0:
            box.setCurrentIndex(index)

    @property
    def kind(self) -> str:
        return str(self.kind_box.currentData())

    def choose(self, kind: str | None = None, language: str | None = None,
               paper: str | None = None) -> None:
        if kind:
            self._select(self.kind_box, kind)
        if language:
            self._select(self.language_box, language)
        if paper:
            self._select(self.paper_box, paper)

    def _changed(self) -> None:
        """A new choice makes the old preview stale."""
        self.data = None
        self.saved = None
        self._clear_preview()
        self._show_count()
        self.form.child("progressBar").setValue(0)
        self._update()

    def _update(self) -> None:
        c = self.form.child
        # While printing, nothing else may use pdfium (the preview): it is not thread-safe;
        # and no choice may change (a change wipes the preview and resets the progress).
        busy = self.maker is not None or self.printing is not None
        signable = self.kind in SIGNABLE and not busy
        c("signCheck").setEnabled(signable)
        signing = signable and c("signCheck").isChecked()
        for name in ("p12Edit", "p12Button", "passEdit", "p12Label", "passLabel"):
            c(name).setEnabled(signing)
        for name in ("logoEdit1", "logoEdit2", "logoButton1", "logoButton2", "logoLabel"):
            c(name).setEnabled(self.kind == "certificates" and not busy)
        c("buttons").button(QDialogButtonBox.StandardButton.Close).setEnabled(
            self.printing is None)
        c("makeButton").setEnabled(not busy)
        # A document being made is for the choices it was asked with: they stay put.
        for box in (self.kind_box, self.language_box, self.paper_box):
            box.setEnabled(not busy)
        for name in ("saveButton", "printButton"):
            c(name).setEnabled(self.data is not None and not busy)
        c("folderButton").setEnabled(self.saved is not None)

    def _choose_image(self, edit: Any) -> None:
        name, _filter = QFileDialog.getOpenFileName(self.dialog, _("Choose a logo"), edit.text(),
                                                    _("Images (*.png *.jpg *.jpeg)"))
        if name:
            self.choose_logo(edit, Path(name))

    def choose_logo(self, edit: Any, path: Path) -> bool:
        """Take ``path`` as the logo of ``edit``, or say why it cannot be one and keep the
        logo chosen before; True when taken."""
        problem = _logo_problem(path)
        if problem is not None:
            self.say(problem)
            return False
        edit.setText(str(path))
        self.say("")
        self._changed()
        return True

    def _choose_p12(self) -> None:
        edit = self.form.child("p12Edit")
        name, _filter = QFileDialog.getOpenFileName(
            self.dialog, _("Choose your certificate"), edit.text(),
            _("PKCS#12 certificates (*.p12 *.pfx)"))
        if name:
            edit.setText(name)

    def options(self) -> tuple[DocumentOptions, SignWith | None] | str:
        """The chosen options, or why they cannot be used (one sentence)."""
        c = self.form.child
        logos: list[Path] = []
        if self.kind == "certificates":
            for name in ("logoEdit1", "logoEdit2"):
                text = c(name).text().strip()
                if text:
                    if not Path(text).is_file():
                        return Later(lambda t=text: _("The logo {file} does not exist.")
                                     .format(file=t))
                    problem = _logo_problem(Path(text))  # it may have changed since chosen
                    if problem is not None:
                        return problem
                    logos.append(Path(text))
        sign = None
        if self.kind in SIGNABLE and c("signCheck").isChecked():
            p12 = c("p12Edit").text().strip()
            if not p12:
                return Later(lambda: _("Choose the certificate to sign with."))
            passphrase = c("passEdit").text()
            sign = SignWith(Path(p12), passphrase.encode() if passphrase else None)
        options = DocumentOptions(language=str(self.language_box.currentData()),
                                  page_size=str(self.paper_box.currentData()),
                                  logos=tuple(logos))
        return options, sign

    # -- making --------------------------------------------------------------------------------
    def make(self) -> None:
        chosen = self.options()
        if isinstance(chosen, str):
            self.say(chosen)
            return
        options, sign = chosen
        self._remember(options, sign)
        self.say("")
        self._changed()
        bar = self.form.child("progressBar")
        bar.setRange(0, 0)  # busy until the first report
        bundle = self.live.service.export_bundle(self.live.contest_id)
        self.maker = DocumentMaker(bundle, self.kind, options, sign)
        self.maker.progressed.connect(self._progress)
        self.maker.made.connect(self._made)
        self.maker.failed.connect(self._failed)
        self.maker.finished.connect(self._finished)
        self._update()
        self.maker.start()

    def _remember(self, options: DocumentOptions, sign: SignWith | None) -> None:
        self.places.set_document_choice("language", options.language)
        self.places.set_document_choice("paper", options.page_size)
        c = self.form.child
        self.places.set_document_choice("logo1", c("logoEdit1").text().strip())
        self.places.set_document_choice("logo2", c("logoEdit2").text().strip())
        if sign is not None:
            self.places.set_document_choice("p12", str(sign.p12))

    def _progress(self, done: int, total: int) -> None:
        bar = self.form.child("progressBar")
        bar.setRange(0, total)
        bar.setValue(done)

    def _made(self, data: bytes) -> None:
        self.data = data
        bar = self.form.child("progressBar")
        bar.setRange(0, 1)
        bar.setValue(1)
        self._show_preview()

    def _failed(self, message: str) -> None:
        bar = self.form.child("progressBar")
        bar.setRange(0, 1)
        bar.setValue(0)
        self.say(message)

    def _finished(self) -> None:
        maker, self.maker = self.maker, None
        if maker is not None:
            maker.wait()  # `finished` comes just before the thread really ends
            maker.deleteLater()
        self._update()

    def wait(self, timeout_ms: int = 120_000) -> bool:
        """Wait for the document being made or printed (tests, and closing while busy)."""
        return all(job is None or bool(job.wait(timeout_ms))
                   for job in (self.maker, self.printing))

    # -- preview -------------------------------------------------------------------------------
    def _clear_preview(self) -> None:
        self.preview_labels = []
        self.preview_area.setWidget(QWidget())

    def _show_preview(self) -> None:
        assert self.data is not None
        images, self.page_count = render_pages(self.data, PREVIEW_WIDTH, 0, PREVIEW_PAGES)
        pages = QWidget()
        layout = QVBoxLayout(pages)
        self.preview_labels = []
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #888; background: white;")
            layout.addWidget(label)
            self.preview_labels.append(label)
        layout.addStretch(1)
        self.preview_area.setWidget(pages)
        self.preview_images = len(images)
        self._show_count()

    def _show_count(self) -> None:
        if not self.data:
            self.form.child("pagesLabel").setText(_("Press “Make the document” to see it."))
            return
        shown = self.preview_images
        text = _("{pages} pages.").format(pages=self.page_count)
        if shown < self.page_count:
            text += " " + _("The preview shows the first {shown}; all are saved and "
                            "printed.").format(shown=shown)
        self.form.child("pagesLabel").setText(text)

    # -- saving and printing -------------------------------------------------------------------
    def suggested_name(self) -> str:
        language = str(self.language_box.currentData()).replace("+", "-")
        return f"{self.live.contest_id}-{_(FILE_NAMES[self.kind])}-{language}.pdf"

    def save(self) -> None:
        folder = self.places.document_choice("folder", str(Path.home()))
        name, _filter = QFileDialog.getSaveFileName(
            self.dialog, _("Save as PDF"), str(Path(folder) / self.suggested_name()),
            _("PDF documents (*.pdf)"))
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> bool:
        from ...documents import save_document

        assert self.data is not None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            save_document(self.data, path)
        except OSError as error:
            # Said again in the new language after a switch, the reason too.
            self.say(Later(lambda failure=error: _(
                "The file could not be written: {reason}").format(reason=reason(failure))))
            return False
        self.saved = path
        self.places.set_document_choice("folder", str(path.parent))
        self.say(Later(lambda: _("Saved: {file}").format(file=path)))
        self._update()
        return True

    def open_folder(self) -> None:
        if self.saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved.parent)))

    def configure(self, printer: QPrinter) -> None:
        """The printer's paper and orientation as the document's."""
        sizes = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter,
                 "a3": QPageSize.PageSizeId.A3}
        printer.setPageSize(QPageSize(sizes[str(self.paper_box.currentData())]))
        wide = self.kind in ("certificates", "sheets", "poster")
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if wide
                                   else QPageLayout.Orientation.Portrait)
        printer.setDocName(self.suggested_name())

    def print_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.configure(printer)
        dialog = QPrintDialog(printer, self.dialog)
        dialog.setMinMax(1, max(self.page_count, 1))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start_printing(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Print the document's pages here and now (the range chosen in the dialog);
        returns the pages sent."""
        assert self.data is not None
        sent, finished = print_pages(self.data, printer)
        self._printed(sent, finished)
        return sent

    def start_printing(self, printer: QPrinter) -> None:
        """Print in the background, the progress bar following; the window stays live."""
        assert self.data is not None and self.printing is None
        self.printer = printer  # lives as long as its job
        self.printing = PrintJob(self.data, printer)
        self.printing.progressed.connect(self._progress)
        self.printing.done.connect(self._printed)
        self.printing.finished.connect(self._printing_finished)
        self.say(Later(lambda: _("Printing…")))
        self.form.child("progressBar").setRange(0, 0)  # busy until the first page is out
        self._update()
        self.printing.start()

    def _printed(self, sent: int, finished: bool) -> None:
        bar = self.form.child("progressBar")
        bar.setRange(0, 1)
        bar.setValue(1 if finished else 0)
        if finished:
            self.say(Later(lambda: ngettext("{count} page sent to the printer.",
                                            "{count} pages sent to the printer.",
                                            sent).format(count=sent)))
        elif sent == 0:
            self.say(Later(lambda: _("The printer could not be started.")))
        else:
            self.say(Later(lambda: ngettext(
                "Printing stopped after {count} page: the printer reported a problem. Check "
                "it, then print the pages that are missing.",
                "Printing stopped after {count} pages: the printer reported a problem. Check "
                "it, then print the pages that are missing.", sent).format(count=sent)))

    def _printing_finished(self) -> None:
        job, self.printing = self.printing, None
        if job is not None:
            job.wait()
            job.deleteLater()
        self._update()

    def exec(self) -> int:
        return int(self.dialog.exec())

