"""Making a document away from the window's thread: from the contest exported as a bundle,
the same way the command line makes it, so both give the same PDF."""


from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QThread, Signal

from ...documents import DocumentError, DocumentOptions, SignWith
from ...domain.errors import DomainError
from ...i18n import _

LOG = logging.getLogger(__name__)


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


def retire(job: QThread | None) -> None:
    """Let a finished worker thread go: ``finished`` comes just before the thread really
    ends, so wait for it, then free it with the event loop."""
    if job is not None:
        job.wait()
        job.deleteLater()
