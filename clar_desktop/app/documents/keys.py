"""The key the documents dialog signs with, read from its fields: a PKCS#12 file and its
passphrase, or a key on a PKCS#11 token or smart card (RENIEC's DNIe, a USB token) and its
PIN; and, optionally, an RFC 3161 time-stamping service. The passphrase and the PIN are asked
each time and never stored; the paths and labels are remembered (QSettings, as the rest of
the dialog's choices). The tokens a module sees are read away from the window's thread (a
card reader can take seconds to answer)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QFileDialog, QFormLayout

from ...documents import SignWith
from ...documents.signing_keys import TokenKey
from ...i18n import N_, Later, _
from .making import retire

if TYPE_CHECKING:
    from ..places import Places

KEY_KINDS = (("p12", N_("A certificate file (.p12 or .pfx)")),
             ("token", N_("A token or smart card (PKCS#11)")))
P12_FIELDS = ("p12Edit", "p12Button", "passEdit", "p12Label", "passLabel")
TOKEN_FIELDS = ("moduleEdit", "moduleButton", "tokenBox", "tokensButton", "keyEdit",
                "pinEdit", "moduleLabel", "tokenLabel", "keyLabel", "pinLabel")
REMEMBERED = (("key_kind", None), ("p12", "p12Edit"), ("pkcs11_module", "moduleEdit"),
              ("pkcs11_key", "keyEdit"), ("tsa", "tsaEdit"))


def default_module() -> str:
    """Where OpenSC (which reads RENIEC's DNIe and most tokens) puts its PKCS#11 module."""
    if sys.platform.startswith("win"):
        return r"C:\Windows\System32\opensc-pkcs11.dll"
    if sys.platform == "darwin":
        return "/Library/OpenSC/lib/opensc-pkcs11.so"
    for path in ("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
                 "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so", "/usr/lib/opensc-pkcs11.so"):
        if Path(path).is_file():
            return path
    return "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"


def chosen_key(form: Any) -> SignWith | str:
    """The key chosen in ``form`` (a `Form` of the documents dialog), or why it cannot be
    used (one sentence, said again after a change of language)."""
    c = form.child
    tsa = c("tsaEdit").text().strip() or None
    if tsa and not tsa.lower().startswith(("http://", "https://")):
        return Later(lambda: _("The time-stamping service must be an http:// or https:// "
                               "address."))
    if c("keyKindBox").currentData() == "token":
        module = c("moduleEdit").text().strip()
        token = c("tokenBox").currentText().strip()
        key = c("keyEdit").text().strip()
        if not module:
            return Later(lambda: _("Choose the PKCS#11 module of the card reader or token."))
        if not token or not key:
            return Later(lambda: _("Give the label of the token and of the key on it."))
        pin = c("pinEdit").text()
        return SignWith(token=TokenKey(Path(module), token, key, pin or None), tsa=tsa)
    p12 = c("p12Edit").text().strip()
    if not p12:
        return Later(lambda: _("Choose the certificate to sign with."))
    passphrase = c("passEdit").text()
    return SignWith(Path(p12), passphrase.encode() if passphrase else None, tsa=tsa)


class TokenLister(QThread):
    """The labels of the tokens a PKCS#11 module sees, read away from the window."""

    listed = Signal(list)
    failed = Signal(str)

    def __init__(self, module: Path) -> None:
        super().__init__()
        self.module = module

    def run(self) -> None:
        if not self.module.is_file():
            self.failed.emit(_("The PKCS#11 module {file} does not exist (it comes with the "
                               "card reader or the token).").format(file=self.module))
            return
        try:
            import pkcs11

            library = pkcs11.lib(str(self.module))
            labels = sorted({slot.get_token().label.strip()
                             for slot in library.get_slots(token_present=True)})
        except Exception:  # not a shared library, or not a PKCS#11 one
            self.failed.emit(_("{file} cannot be loaded as a PKCS#11 module.").format(
                file=self.module))
            return
        self.listed.emit([label for label in labels if label])


class KeyFields:
    """The dialog's key fields: filled from what was remembered, shown for the kind of key
    chosen, the tokens read on demand."""

    def __init__(self, owner: Any) -> None:
        self.owner = owner
        self.form = owner.form
        self.lister: TokenLister | None = None
        c = self.form.child
        box = c("keyKindBox")
        for code, _label in KEY_KINDS:
            box.addItem("", code)
        self.fill_labels()
        places: Places = owner.places
        index = box.findData(places.document_choice("key_kind", "p12"))
        box.setCurrentIndex(max(index, 0))
        for name, field in REMEMBERED:
            if field:
                default = default_module() if name == "pkcs11_module" else ""
                c(field).setText(places.document_choice(name, default))
        c("tokenBox").setEditText(places.document_choice("pkcs11_token", ""))
        box.currentIndexChanged.connect(owner._update)
        c("moduleButton").clicked.connect(self._choose_module)
        c("tokensButton").clicked.connect(self.read_tokens)

    def fill_labels(self) -> None:
        box = self.form.child("keyKindBox")
        for i, (_code, label) in enumerate(KEY_KINDS):
            box.setItemText(i, _(label))

    def update(self, busy: bool) -> None:
        c = self.form.child
        token = c("keyKindBox").currentData() == "token"
        for name in P12_FIELDS:
            c(name).setVisible(not token)
            c(name).setEnabled(not busy)
        for name in TOKEN_FIELDS:
            c(name).setVisible(token)
            c(name).setEnabled(not busy)
        c("tokensButton").setEnabled(not busy and self.lister is None)
        for name in ("keyKindBox", "tsaEdit"):
            c(name).setEnabled(not busy)
        # The rows of the other kind of key go away whole (no empty gap in the form).
        rows = self.form.widget.findChild(QFormLayout, "fields")
        if rows is not None:
            for field in ("p12Label", "passLabel"):
                rows.setRowVisible(c(field), not token)
            for field in ("moduleLabel", "tokenLabel", "keyLabel", "pinLabel"):
                rows.setRowVisible(c(field), token)

    def remember(self) -> None:
        c, places = self.form.child, self.owner.places
        places.set_document_choice("key_kind", str(c("keyKindBox").currentData()))
        for name, field in REMEMBERED:
            if field:
                places.set_document_choice(name, c(field).text().strip())
        places.set_document_choice("pkcs11_token", c("tokenBox").currentText().strip())

    def _choose_module(self) -> None:
        edit = self.form.child("moduleEdit")
        name, _filter = QFileDialog.getOpenFileName(
            self.owner.dialog, _("Choose the PKCS#11 module"), edit.text(),
            _("PKCS#11 modules (*.so *.dylib *.dll)"))
        if name:
            edit.setText(name)

    def read_tokens(self) -> None:
        module = self.form.child("moduleEdit").text().strip()
        if not module:
            self.owner.say(Later(lambda: _("Choose the PKCS#11 module of the card reader or "
                                           "token.")))
            return
        self.lister = TokenLister(Path(module))
        self.lister.listed.connect(self._listed)
        self.lister.failed.connect(self.owner.say)
        self.lister.finished.connect(self._finished)
        self.owner._update()
        self.lister.start()

    def _listed(self, labels: list[str]) -> None:
        box = self.form.child("tokenBox")
        typed = box.currentText()
        box.clear()
        box.addItems(labels)
        if typed in labels or not labels:
            box.setEditText(typed)
        if labels:
            self.owner.say("")
        else:
            self.owner.say(Later(lambda: _("No token is connected: insert the card or "
                                           "token, then read the tokens again.")))

    def _finished(self) -> None:
        lister, self.lister = self.lister, None
        retire(lister)
        self.owner._update()

    def wait(self, timeout_ms: int = 60_000) -> bool:
        return self.lister is None or bool(self.lister.wait(timeout_ms))
