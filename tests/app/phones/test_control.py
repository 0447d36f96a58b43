"""Audience ▸ Phones…: the secretary starts the phones' server on the network she chooses,
sees the address, is told in one sentence when the port is taken, and the server goes with
the session window."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from clar_desktop.app.main_window import MainWindow
from clar_desktop.app.places import Places
from clar_desktop.i18n import gettext_in, set_language


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _open_dialog(main: MainWindow) -> Any:
    action = next(a for a in main.audience.menu.actions()
                  if a.text() == gettext_in("es", "&Phones…"))
    action.trigger()
    dialog = main.audience.phones.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _start(dialog: Any, port: int) -> None:
    dialog.network.setCurrentIndex(dialog.network.findData("127.0.0.1"))
    dialog.port.setValue(port)
    dialog.start_button.click()


def test_started_from_the_menu_it_serves_the_ranking(main: MainWindow) -> None:
    dialog = _open_dialog(main)
    port = _free_port()
    _start(dialog, port)
    url = f"http://127.0.0.1:{port}/"
    assert dialog.address.text() == url
    assert not dialog.start_button.isEnabled() and dialog.stop_button.isEnabled()
    page = urllib.request.urlopen(url + "ranking", timeout=5).read().decode()
    organization = main.live.state.contest.proposals[0].organization
    assert organization in page
    dialog.stop_button.click()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)
    assert dialog.address.text() == ""


def test_a_port_in_use_is_one_sentence_and_nothing_runs(main: MainWindow,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: said.append(text))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        dialog = _open_dialog(main)
        _start(dialog, port)
    assert len(said) == 1 and str(port) in said[0] and said[0].startswith(
        "No se puede atender a los teléfonos en 127.0.0.1")
    assert "Traceback" not in said[0]
    assert main.audience.phones.server is None and dialog.start_button.isEnabled()


def test_the_server_goes_with_the_session_window(main: MainWindow) -> None:
    dialog = _open_dialog(main)
    port = _free_port()
    _start(dialog, port)
    assert main.audience.phones.server is not None
    main.close()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
    with socket.socket() as again:  # the port is free for the next session
        again.bind(("127.0.0.1", port))


def test_the_last_choice_is_remembered(main: MainWindow) -> None:
    dialog = _open_dialog(main)
    port = _free_port()
    _start(dialog, port)
    dialog.stop_button.click()
    assert Places().phones_choice() == ("127.0.0.1", port)


def test_in_quechua(main: MainWindow) -> None:
    _open_dialog(main).hide()  # made in Spanish, then the language changes
    set_language("qu")
    try:
        main.audience.phones.show_dialog()
        dialog = main.audience.phones.dialog
        assert dialog.windowTitle() == "Telefonokuna"
        assert dialog.status.text() in (
            gettext_in("qu", "Not serving. Choose the hall's network and start."),
            gettext_in("qu", "This computer is on no network: connect it to the hall's "
                             "Wi-Fi router first (phones cannot reach it otherwise)."))
    finally:
        set_language(None)


def test_every_button_speaks_quechua(main: MainWindow) -> None:
    set_language("qu")
    try:
        main.audience.phones.show_dialog()
        dialog = main.audience.phones.dialog
        from PySide6.QtWidgets import QPushButton

        texts = {b.text() for b in dialog.findChildren(QPushButton)}
        assert texts == {gettext_in("qu", t) for t in ("&Start", "S&top", "&Close")}
    finally:
        set_language(None)
