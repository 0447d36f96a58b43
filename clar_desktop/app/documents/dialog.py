"""The documents dialog: making, previewing, saving and printing the acta, the certificates,
the scoring sheets and the poster.

A document is made in a worker thread from the contest exported as a bundle (the same way
the command line makes it, so both give the same PDF), with a progress bar; the preview shows
its pages rendered by PDFium; Qt's print dialog prints those pages at the printer's
resolution; "Save as PDF…" writes the file atomically, and the containing folder can then be
opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...documents import SIGNABLE, TITLES, DocumentOptions, SignWith, kinds_for
from ...files import reason
from ...i18n import N_, Later, _, current_language, languages_name, ngettext
from ...images import ImageRefused, read_image
from ...paths import resource_path
from ..forms import Form, Message, follow_language
from ..live import LiveContest
from ..places import Places
from .add_signature import AddSignature
from .keys import KeyFields, chosen_key
from .making import DocumentMaker, retire
from .printing import PrintJob, print_pages, render_pages
from .split import SPLIT_KINDS, SplitSaving

PREVIEW_PAGES = 40
"""Pages rendered in the preview; a longer document says how many more it has."""
PREVIEW_WIDTH = 560
LANGUAGES = (("es", None), ("qu", None), ("es+qu", None))
"""Named by `languages_name`: each language in itself, the pair as "Español + Runasimi"."""
PAPERS = (("a4", N_("A4")), ("letter", N_("Letter")), ("a3", N_("A3 (posters)")))
FILE_NAMES = {"minutes": N_("acta"), "certificates": N_("certificates"),
              "sheets": N_("scoring-sheets"), "poster": N_("poster"),
              "constancias": N_("constancias")}
NOT_HERE = {"certificates": N_("This contest has no proposals, so it has no award "
                               "certificates: its documents are these."),
            "constancias": N_("This contest has no second-tranche items, so it has no "
                              "constancias: its documents are these.")}
"""Said when the menu asks for a document the contest does not have."""


LOGO_KINDS = ("minutes", "certificates", "constancias")
"""The documents that print the logos chosen (the acta above its title)."""


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
        self.split = SplitSaving(self)
        self.cosign = AddSignature(self)
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
        contest = live.state.contest
        assert contest is not None
        self.kinds = kinds_for(contest)
        for k in self.kinds:
            self.kind_box.addItem("", k)
        for code, _label in LANGUAGES:
            self.language_box.addItem("", code)
        for code, _label in PAPERS:
            self.paper_box.addItem("", code)
        self._fill_labels()
        follow_language(self.dialog, self._fill_labels)
        if kind in self.kinds:
            self.kind_box.setCurrentIndex(self.kinds.index(kind))
        elif kind in NOT_HERE:
            self.say(Later(lambda: _(NOT_HERE[kind])))
        # The secretary's own language until she chooses another for the documents.
        self._select(self.language_box,
                     self.places.document_choice("language", current_language()))
        self._select(self.paper_box, self.places.document_choice("paper", "a4"))
        # The programme's emblem by default (resources/logos); the user may choose others.
        c("logoEdit1").setText(self.places.document_choice(
            "logo1", str(resource_path("resources", "logos", "clar.png"))))
        c("logoEdit2").setText(self.places.document_choice("logo2", ""))
        self.key_fields = KeyFields(self)
        follow_language(self.dialog, self.key_fields.fill_labels)
        c("logoButton1").clicked.connect(lambda: self._choose_image(c("logoEdit1")))
        c("logoButton2").clicked.connect(lambda: self._choose_image(c("logoEdit2")))
        c("p12Button").clicked.connect(self._choose_p12)
        c("makeButton").clicked.connect(self.make)
        c("saveButton").clicked.connect(self.save)
        c("printButton").clicked.connect(self.print_dialog)
        c("folderButton").clicked.connect(self.open_folder)
        c("addSignatureButton").clicked.connect(self.cosign.ask)
        c("buttons").button(QDialogButtonBox.StandardButton.Close).clicked.connect(
            self.dialog.reject)
        c("signCheck").toggled.connect(self._update)
        self.kind_box.currentIndexChanged.connect(self._changed)
        self.language_box.currentIndexChanged.connect(self._changed)
        self.paper_box.currentIndexChanged.connect(self._changed)
        self._update()

    # -- choices -------------------------------------------------------------------------------
    def _fill_labels(self) -> None:
        for i, k in enumerate(self.kinds):
            self.kind_box.setItemText(i, _(TITLES[k]))
        for i, (code, label) in enumerate(LANGUAGES):
            self.language_box.setItemText(i, _(label) if label else languages_name(code))
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
        busy = (self.maker is not None or self.printing is not None
                or self.split.job is not None or self.cosign.job is not None)
        signable = self.kind in SIGNABLE and not busy
        c("signCheck").setEnabled(signable)
        c("splitCheck").setEnabled(self.kind in SPLIT_KINDS and not busy)
        # The key also signs a PDF chosen with "Add a signature to a signed PDF…".
        self.key_fields.update(busy)
        for name in ("logoEdit1", "logoEdit2", "logoButton1", "logoButton2", "logoLabel"):
            c(name).setEnabled(self.kind in LOGO_KINDS and not busy)
        c("buttons").button(QDialogButtonBox.StandardButton.Close).setEnabled(
            self.printing is None)
        c("makeButton").setEnabled(not busy)
        c("addSignatureButton").setEnabled(not busy)
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

    def signing_key(self) -> SignWith | str:
        return chosen_key(self.form)

    def options(self) -> tuple[DocumentOptions, SignWith | None] | str:
        """The chosen options, or why they cannot be used (one sentence)."""
        c = self.form.child
        logos: list[Path] = []
        if self.kind in LOGO_KINDS:
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
            sign = self.signing_key()
            if isinstance(sign, str):
                return sign
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
            self.key_fields.remember()

    def _progress(self, done: int, total: int) -> None:
        bar = self.form.child("progressBar")
        bar.setRange(0, total)
        bar.setValue(done)

    def end_progress(self, done: bool) -> None:
        """The progress bar of a job that ended: full when it did its work, empty if not."""
        bar = self.form.child("progressBar")
        bar.setRange(0, 1)
        bar.setValue(1 if done else 0)

    def _made(self, data: bytes) -> None:
        self.data = data
        self.end_progress(True)
        self._show_preview()

    def _failed(self, message: str) -> None:
        self.end_progress(False)
        self.say(message)

    def _finished(self) -> None:
        maker, self.maker = self.maker, None
        retire(maker)
        self._update()

    def wait(self, timeout_ms: int = 120_000) -> bool:
        """Wait for the document being made or printed (tests, and closing while busy)."""
        return all(job is None or bool(job.wait(timeout_ms))
                   for job in (self.maker, self.printing, self.split.job, self.cosign.job,
                               self.key_fields.lister))

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
        if self.kind == "minutes" and not self.live.state.minutes.number:
            text += " " + _("The acta has no number yet: Documents ▸ Minutes details… gives "
                            "it one (contracts and certificates cite it).")
        self.form.child("pagesLabel").setText(text)

    # -- saving and printing -------------------------------------------------------------------
    def suggested_name(self) -> str:
        language = str(self.language_box.currentData()).replace("+", "-")
        return f"{self.live.contest_id}-{_(FILE_NAMES[self.kind])}-{language}.pdf"

    def save(self) -> None:
        if self.split.wanted():
            self.split.ask()
            return
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
        wide = self.kind in ("certificates", "sheets", "poster", "constancias")
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
        self.end_progress(finished)
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
        retire(job)
        self._update()

    def exec(self) -> int:
        return int(self.dialog.exec())

