"""Audience ▸ Phones…: the secretary starts the read-only server for the hall's phones on
the network she chooses, sees the address they type and how many follow, and stops it. It
stops by itself with the session window (`stop`)."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...i18n import _, current_language, ngettext
from ...web.server import PhoneServer
from ..audience.window import AudienceWindow
from ..live import LiveContest
from ..places import Places
from .addresses import hall_addresses
from .publisher import PhonePublisher

LOOPBACK = "127.0.0.1"
REFRESH_MS = 2000


class PhonesControl(QObject):
    """The phones' server of one session window, and its dialog."""

    def __init__(self, parent: QWidget, live: LiveContest, audience: AudienceWindow,
                 places: Places) -> None:
        super().__init__(parent)
        self.parent_widget, self.live, self.audience, self.places = (
            parent, live, audience, places)
        self.server: PhoneServer | None = None
        self.publisher: PhonePublisher | None = None
        self.dialog: PhonesDialog | None = None
        running: list[PhoneServer] = []
        self._running = running
        # However the window goes (closed, deleted with its contest, the program quitting),
        # the server goes with it: the closure holds only the server, a plain Python object.
        parent.destroyed.connect(lambda *_args: [s.stop() for s in running])
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    def start(self, address: str, port: int) -> str | None:
        """Serve on ``address``:``port``; None when started, else the sentence saying why
        not (nothing is left running)."""
        self.stop()
        mode = self.audience.words.mode
        server = PhoneServer(address, port, default_mode=mode)
        try:
            server.start()
        except OSError as error:
            return _("The phones cannot be served at {address}, port {port}: {reason}. "
                     "Choose another port or network.").format(
                address=address, port=port, reason=error.strerror or str(error))
        self.server = server
        self._running.append(server)
        self.publisher = PhonePublisher(self.live, self.audience, server, parent=self)
        self.places.set_phones_choice(address, port)
        self.audience.set_phones_url(server.url)
        return None

    def stop(self) -> None:
        """Stop serving (the phones' pages say they lost the connection and keep trying)."""
        if self.publisher is not None:
            self.publisher.stop()
            self.publisher.deleteLater()
            self.publisher = None
        if self.server is not None:
            self.server.stop()
            self._running.remove(self.server)
            self.server = None
        with contextlib.suppress(RuntimeError):  # the projector already deleted (quitting)
            self.audience.set_phones_url(None)

    def show_dialog(self) -> None:
        if self.dialog is not None and self.dialog.language != current_language():
            self.dialog.deleteLater()  # made again in the language chosen since
            self.dialog = None
        if self.dialog is None:
            self.dialog = PhonesDialog(self)
        self.dialog.refresh()
        self.dialog.show()
        self.dialog.raise_()


class PhonesDialog(QDialog):
    """Choose the network and the port, start and stop, and see the address and followers."""

    def __init__(self, control: PhonesControl) -> None:
        super().__init__(control.parent_widget)
        self.control = control
        self.language = current_language()
        self.setWindowTitle(_("Phones"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Attendees can follow the session on their phones, read-only, over "
                         "the hall's Wi-Fi: they type the address below in their browser."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.network = QComboBox()
        self.network.setObjectName("phonesNetwork")
        self.port = QSpinBox()
        self.port.setObjectName("phonesPort")
        self.port.setRange(1024, 65535)
        form.addRow(_("&Network:"), self.network)
        form.addRow(_("&Port:"), self.port)
        layout.addLayout(form)
        self.address = QLabel()
        self.address.setObjectName("phonesAddress")
        font = QFont(self.address.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.address.setFont(font)
        self.address.setTextInteractionFlags(self.address.textInteractionFlags()
                                             | Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.address)
        self.status = QLabel()
        self.status.setObjectName("phonesStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("&Close"))
        self.start_button = QPushButton(_("&Start"))
        self.start_button.setObjectName("phonesStart")
        self.stop_button = QPushButton(_("S&top"))
        self.stop_button.setObjectName("phonesStop")
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.hide)
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        layout.addWidget(buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._show_state)
        self.timer.start()
        self.resize(560, 300)

    def refresh(self) -> None:
        """The networks as they are now, the last choice selected."""
        chosen, port = self.control.places.phones_choice()
        self.network.clear()
        for found in hall_addresses():
            self.network.addItem(_("{interface} — {address}").format(
                interface=found.interface, address=found.address), found.address)
        self.network.addItem(_("Only this computer ({address})").format(address=LOOPBACK),
                             LOOPBACK)
        index = self.network.findData(chosen) if chosen else -1
        self.network.setCurrentIndex(max(index, 0))
        self.port.setValue(port)
        self._show_state()

    def start(self) -> None:
        problem = self.control.start(str(self.network.currentData()), self.port.value())
        if problem is not None:
            QMessageBox.warning(self, _("Phones"), problem)
        self._show_state()

    def stop(self) -> None:
        self.control.stop()
        self._show_state()

    def _show_state(self) -> None:
        server = self.control.server
        running = server is not None
        self.start_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.network.setEnabled(not running)
        self.port.setEnabled(not running)
        if server is None:
            self.address.setText("")
            only = self.network.count() == 1
            self.status.setText(
                _("This computer is on no network: connect it to the hall's Wi-Fi router "
                  "first (phones cannot reach it otherwise).") if only else
                _("Not serving. Choose the hall's network and start."))
            return
        self.address.setText(server.url or "")
        followers = server.clients
        self.status.setText(" ".join([
            ngettext("{count} phone follows now.", "{count} phones follow now.",
                     followers).format(count=followers),
            _("If the phones cannot open the page, allow this program in the computer's "
              "firewall for private networks.")]))
