"""Certificates (and constancias) one file per winner: each funded proposal's certificate, or
each approved item's constancia de segundo desembolso, made as a PDF of its own (signed alone
when signing is asked, so a file handed to an organization carries its own signature) and
written into a folder the secretary chooses, as ``certificates --split FOLDER`` and
``constancias --split FOLDER`` do on the command line. Every file is made before any is
written: a refusal (a wrong passphrase, an expired certificate) leaves the folder as it was."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QFileDialog

from ...documents import DocumentError, DocumentOptions, SignWith
from ...domain.errors import DomainError
from ...files import reason
from ...i18n import Later, _, ngettext
from .making import retire

if TYPE_CHECKING:
    from .dialog import DocumentsDialog

LOG = logging.getLogger(__name__)
SPLIT_KINDS = ("certificates", "constancias")
"""The documents of one page per organization, which may be saved one file each."""


def make_parts(bundle: dict[str, Any], options: DocumentOptions, sign: SignWith | None,
               kind: str = "certificates") -> list[tuple[str, bytes]]:
    """(file name, PDF) of each funded proposal's certificate, or each approved item's
    constancia (``kind``), each signed when asked."""
    from ...documents import make_document
    from ...documents.certificates import certificate_file_names
    from ...documents.constancias import constancia_file_names
    from ...documents.record import record_from_bundle
    from ...domain.bundle import parse_bundle

    record = record_from_bundle(parse_bundle(bundle))
    names = (constancia_file_names if kind == "constancias" else certificate_file_names)(record)
    if not names:  # the documents' own sentence: nothing funded, nothing approved
        make_document(kind, record, options, sign)
    parts = []
    for done, (pid, name) in enumerate(names):
        if options.progress is not None:
            options.progress(done, len(names))
        parts.append((name, make_document(
            kind, record, replace(options, proposal=pid, progress=None), sign)))
    return parts


class SplitMaker(QThread):
    """Makes the certificates one file each away from the window's thread, then writes
    them into ``folder``."""

    progressed = Signal(int, int)
    written = Signal(int, str)
    failed = Signal(str)

    def __init__(self, bundle: dict[str, Any], options: DocumentOptions,
                 sign: SignWith | None, folder: Path, kind: str = "certificates") -> None:
        super().__init__()
        self.bundle, self.options, self.sign, self.folder = bundle, options, sign, folder
        self.kind = kind

    def run(self) -> None:
        from ...documents import save_document
        from ...documents.signing import SigningError

        try:
            parts = make_parts(self.bundle, replace(self.options,
                                                    progress=self.progressed.emit), self.sign,
                               self.kind)
        except DomainError as error:
            self.failed.emit(error.render(_))
            return
        except (DocumentError, SigningError) as error:
            self.failed.emit(str(error))
            return
        except Exception as error:  # a bug: one sentence, the details in the log
            LOG.exception("making the %s one by one failed", self.kind)
            self.failed.emit(_("The document could not be made: {reason}").format(
                reason=error))
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for name, data in parts:
                save_document(data, self.folder / name)
        except OSError as error:
            self.failed.emit(_("The file could not be written: {reason}").format(
                reason=reason(error)))
            return
        self.written.emit(len(parts), parts[0][0])


class SplitSaving:
    """The documents dialog's "One file per winner": asks for the folder, makes and writes
    the files with the progress bar following, says how many were written."""

    def __init__(self, owner: DocumentsDialog) -> None:
        self.owner = owner
        self.job: SplitMaker | None = None
        self.folder: Path | None = None
        self.kind = "certificates"

    def wanted(self) -> bool:
        owner = self.owner
        return owner.kind in SPLIT_KINDS and owner.form.child("splitCheck").isChecked()

    def ask(self) -> None:
        owner = self.owner
        start = owner.places.document_choice("folder", str(Path.home()))
        title = (_("Choose the folder for the constancias") if owner.kind == "constancias"
                 else _("Choose the folder for the certificates"))
        name = QFileDialog.getExistingDirectory(owner.dialog, title, start)
        if name:
            self.save_to(Path(name))

    def save_to(self, folder: Path) -> bool:
        """Start making and writing the files into ``folder``; False when the choices
        cannot be used (said in the dialog)."""
        owner = self.owner
        chosen = owner.options()
        if isinstance(chosen, str):
            owner.say(chosen)
            return False
        options, sign = chosen
        self.folder = folder
        bundle = owner.live.service.export_bundle(owner.live.contest_id)
        self.kind = owner.kind
        self.job = SplitMaker(bundle, options, sign, folder, owner.kind)
        self.job.progressed.connect(owner._progress)
        self.job.written.connect(self._written)
        self.job.failed.connect(owner._failed)
        self.job.finished.connect(self._finished)
        owner.say(Later(lambda: _("Making one file per winner…")))
        owner.form.child("progressBar").setRange(0, 0)
        self.job.start()
        self.owner._update()
        return True

    def _written(self, count: int, first: str) -> None:
        owner, folder = self.owner, self.folder
        assert folder is not None
        owner.end_progress(True)
        owner.saved = folder / first  # "Open the containing folder" opens it
        owner.places.set_document_choice("folder", str(folder))
        if self.kind == "constancias":
            owner.say(Later(lambda: ngettext("{count} constancia written to {folder}.",
                                             "{count} constancias written to {folder}.",
                                             count).format(count=count, folder=folder)))
        else:
            owner.say(Later(lambda: ngettext("{count} certificate written to {folder}.",
                                             "{count} certificates written to {folder}.",
                                             count).format(count=count, folder=folder)))
        owner._update()

    def _finished(self) -> None:
        job, self.job = self.job, None
        retire(job)
        self.owner._update()

    def wait(self, timeout_ms: int = 120_000) -> bool:
        return self.job is None or bool(self.job.wait(timeout_ms))
