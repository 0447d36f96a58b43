"""One more signature on a signed PDF from the documents dialog: after the secretary signs
the acta, the president chooses that file and signs it with his own key, as
``clar-desktop sign`` does — an incremental update, so the earlier signatures still validate;
the visible stamp goes on the last page, beside the others, and when that page has no room
left the signature is in the file only and the signer is told. The signed copy is written
under a new name; a failure (a wrong passphrase or PIN, an expired certificate) is one
sentence in the dialog and writes nothing."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QFileDialog

from ...documents import SignWith
from ...files import reason
from ...i18n import Later, _
from .making import retire

if TYPE_CHECKING:
    from .dialog import DocumentsDialog

LOG = logging.getLogger(__name__)


class Cosigner(QThread):
    """Signs ``source`` once more with ``key`` and writes the copy to ``target``."""

    signed = Signal(bool)
    """Emitted when written; True when the stamp could not be drawn (no room left)."""
    failed = Signal(str)

    def __init__(self, source: Path, target: Path, key: SignWith, language: str) -> None:
        super().__init__()
        self.source, self.target, self.key, self.language = source, target, key, language

    def run(self) -> None:
        from ...cli.signing import _title
        from ...documents import save_document
        from ...documents.signing import SigningError, sign_pdf
        from ...documents.signing_stamp import StampText
        from ...documents.words import Words
        from ...times import contest_zone

        try:
            data = self.source.read_bytes()
        except OSError as error:
            self.failed.emit(_("Cannot read {file}: {reason}").format(
                file=self.source.name, reason=reason(error)))
            return
        if data.lstrip()[:5] != b"%PDF-":
            self.failed.emit(_("{file} is not a PDF file.").format(file=self.source.name))
            return
        why = _title(data) or ""
        stamp = StampText(Words(self.language), lambda _lang: why, contest_zone(None))
        hidden: list[int] = []
        try:
            signed = sign_pdf(data, self.key, why, None, stamp,
                              on_hidden=lambda: hidden.append(1))
            save_document(signed, self.target)
        except SigningError as error:
            self.failed.emit(str(error))
            return
        except OSError as error:
            self.failed.emit(_("The file could not be written: {reason}").format(
                reason=reason(error)))
            return
        except Exception as error:  # a bug: one sentence, the details in the log
            LOG.exception("adding a signature to %s failed", self.source)
            self.failed.emit(_("The file could not be signed: {reason}").format(
                reason=error))
            return
        self.signed.emit(bool(hidden))


class AddSignature:
    """The dialog's "Add a signature to a signed PDF…"."""

    def __init__(self, owner: DocumentsDialog) -> None:
        self.owner = owner
        self.job: Cosigner | None = None
        self.target: Path | None = None

    def ask(self) -> None:
        owner = self.owner
        folder = owner.places.document_choice("folder", str(Path.home()))
        name, _filter = QFileDialog.getOpenFileName(
            owner.dialog, _("Choose the signed PDF"), folder, _("PDF documents (*.pdf)"))
        if not name:
            return
        source = Path(name)
        suggested = source.with_name(_("{name}-signed").format(name=source.stem) + ".pdf")
        target, _filter = QFileDialog.getSaveFileName(
            owner.dialog, _("Save the signed copy as"), str(suggested),
            _("PDF documents (*.pdf)"))
        if target:
            self.sign(source, Path(target))

    def sign(self, source: Path, target: Path) -> bool:
        """Start signing ``source`` into ``target`` with the key chosen in the dialog;
        False when no key is chosen or the file names cannot be used (said)."""
        owner = self.owner
        key = owner.signing_key()
        if isinstance(key, str):
            owner.say(key)
            return False
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        if target.resolve() == source.resolve():
            owner.say(Later(lambda: _("Save the signed copy under a new name: the signed "
                                      "PDF stays as it is.")))
            return False
        owner.key_fields.remember()
        self.target = target
        self.job = Cosigner(source, target, key, str(owner.language_box.currentData()))
        self.job.signed.connect(self._signed)
        self.job.failed.connect(owner._failed)
        self.job.finished.connect(self._finished)
        owner.say(Later(lambda: _("Signing…")))
        owner.form.child("progressBar").setRange(0, 0)
        self.job.start()
        owner._update()
        return True

    def _signed(self, hidden: bool) -> None:
        owner, target = self.owner, self.target
        assert target is not None
        owner.end_progress(True)
        owner.saved = target
        owner.places.set_document_choice("folder", str(target.parent))

        def said() -> str:
            text = _("Signed: {file}").format(file=target)
            if hidden:
                text += " " + _("The last page has no room left for another signature "
                                "stamp: this signature is in the file but not drawn on the "
                                "page.")
            return text

        owner.say(Later(said))

    def _finished(self) -> None:
        job, self.job = self.job, None
        retire(job)
        self.owner._update()
