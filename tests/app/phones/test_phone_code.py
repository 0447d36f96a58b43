"""The phones' code on the projector: the QR code a phone scans is the server's address,
drawn in whole pixels per module, large enough from the back of the hall; with the address
in words, in the projection's language."""

from __future__ import annotations

import socket

import pytest
import segno
from PySide6.QtGui import QImage, QPainter

from clar_desktop.app.audience.canvas import Canvas, DrawnText
from clar_desktop.app.audience.phone_code import QUIET, paint_phone_code, qr_modules
from clar_desktop.app.audience.window import PHONES
from clar_desktop.app.audience.words import Words
from clar_desktop.app.main_window import MainWindow
from clar_desktop.i18n import gettext_in

URL = "http://192.168.1.10:8080/"
pytestmark = pytest.mark.usefixtures("qapp")  # fonts need the application, even on images


def _painted(url: str | None, width: int, height: int, mode: str = "es"
             ) -> tuple[QImage, list[DrawnText], object]:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(0x333333)
    record: list[DrawnText] = []
    painter = QPainter(image)
    try:
        box = paint_phone_code(Canvas(painter, width, height, record), Words(mode), url)
    finally:
        painter.end()
    return image, record, box


def _read_modules(image: QImage, box) -> list[list[bool]]:
    """The modules as a phone's camera would sample them: the centre of each."""
    n = len(qr_modules(URL)) + 2 * QUIET
    px = box.width() / n
    assert px == int(px)
    left, top = int(box.left()), int(box.top())
    return [[image.pixelColor(int(left + (x + 0.5) * px), int(top + (y + 0.5) * px))
             .lightness() < 128 for x in range(QUIET, n - QUIET)] for y in range(QUIET, n - QUIET)]


def test_the_code_is_the_address_in_whole_pixels_large_enough() -> None:
    image, record, box = _painted(URL, 1920, 1080)
    assert box is not None
    expected = [[bool(m) for m in row] for row in segno.make(URL, error="m").matrix]
    assert _read_modules(image, box) == expected
    modules = len(expected) + 2 * QUIET
    assert box.width() / modules >= 6  # pixels per module on a 1080p projector
    assert box.height() >= 0.5 * 1080  # half the screen: scannable from the back rows
    texts = [d.text for d in record]
    assert "192.168.1.10:8080" in texts
    assert gettext_in("es", "Follow the session on your phone") in texts


def test_at_the_back_of_the_hall_the_code_still_has_whole_modules() -> None:
    image, _record, box = _painted(URL, 480, 270)
    assert box is not None and box.width() / (len(qr_modules(URL)) + 2 * QUIET) >= 2
    assert _read_modules(image, box) == [[bool(m) for m in row]
                                         for row in segno.make(URL, error="m").matrix]


def test_in_quechua_and_both_languages() -> None:
    _image, record, _box = _painted(URL, 1920, 1080, "qu")
    texts = [d.text for d in record]
    assert gettext_in("qu", "Follow the session on your phone") in texts
    _image, record, _box = _painted(URL, 1920, 1080, "es+qu")
    texts = [d.text for d in record]
    assert {gettext_in("es", "Follow the session on your phone"),
            gettext_in("qu", "Follow the session on your phone")} <= set(texts)


def test_no_code_without_a_server() -> None:
    _image, record, box = _painted(None, 1920, 1080)
    assert box is None
    assert gettext_in("es", "The phones' server is not running.") in [d.text for d in record]


def test_the_projector_shows_the_address_the_dialog_started(main: MainWindow) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    audience = main.audience
    assert audience.phones.start("127.0.0.1", port) is None
    audience.show(PHONES)
    window = audience.window
    assert window.phones_url == f"http://127.0.0.1:{port}/"
    record: list[DrawnText] = []
    image = QImage(1920, 1080, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    window.paint_scene(painter, 1920, 1080, record)
    painter.end()
    assert f"127.0.0.1:{port}" in [d.text for d in record]
    audience.phones.stop()
    assert window.phones_url is None


def test_the_welcome_scene_carries_the_code_while_the_phones_are_served(
        main: MainWindow) -> None:
    from clar_desktop.app.audience.window import WELCOME

    window = main.audience.window
    window.show_scene(WELCOME)

    def drawn() -> list[DrawnText]:
        record: list[DrawnText] = []
        image = QImage(1920, 1080, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        window.paint_scene(painter, 1920, 1080, record)
        painter.end()
        return record

    invitation = gettext_in("es", "Follow on your phone")
    assert invitation not in [d.text for d in drawn()]
    window.set_phones_url(URL)
    shown = drawn()
    assert invitation in [d.text for d in shown] and "192.168.1.10:8080" in [
        d.text for d in shown]
    jury = {j.name for j in main.live.state.contest.jurors}
    names = [d for d in shown if d.text in jury]
    assert names and all(d.fits for d in names)  # the jury beside the code, whole
    badge = next(d for d in shown if d.text == invitation)
    assert all(d.box[0] + d.box[2] <= badge.box[0] for d in names)
