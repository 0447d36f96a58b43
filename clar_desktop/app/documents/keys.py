"""The key the documents dialog signs with, read from its fields: a PKCS#12 file and its
passphrase (never stored), with an optional time-stamping service."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...documents import SignWith
from ...i18n import Later, _


def chosen_key(form: Any) -> SignWith | str:
    """The key chosen in ``form`` (a `Form` of the documents dialog), or why it cannot be
    used (one sentence, said again after a change of language)."""
    c = form.child
    p12 = c("p12Edit").text().strip()
    if not p12:
        return Later(lambda: _("Choose the certificate to sign with."))
    passphrase = c("passEdit").text()
    return SignWith(Path(p12), passphrase.encode() if passphrase else None)
