"""The phones' code on the projector: "scan to follow", a QR code of the address the phones'
server listens on, and the address in large type for those who type it.

The QR code (segno: error correction M, which survives a projector's glare and a hand's
shake) is drawn as one image of whole pixels per module, dark on a white quiet zone of four
modules, never smoothed: a module smeared over two pixels is what makes phones fail to scan.
"""

from __future__ import annotations

from functools import lru_cache

import segno
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage

from ...i18n import N_
from .canvas import ACCENT, MUTED, TEXT, Align, Canvas, Line
from .words import Words, lines

QUIET = 4
"""Modules of white around the code, as the standard asks."""
WHITE, DARK = QColor("#ffffff"), QColor("#000000")


@lru_cache(maxsize=8)
def qr_modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, row by row (True: dark), without the quiet zone."""
    return tuple(tuple(bool(m) for m in row)
                 for row in segno.make(url, error="m", boost_error=False).matrix)


def qr_image(modules: tuple[tuple[bool, ...], ...], module_px: int) -> QImage:
    """The code with its quiet zone, ``module_px`` pixels per module."""
    side = len(modules) + 2 * QUIET
    small = QImage(side, side, QImage.Format.Format_RGB32)
    small.fill(WHITE)
    dark = DARK.rgb()
    for y, row in enumerate(modules):
        for x, on in enumerate(row):
            if on:
                small.setPixel(x + QUIET, y + QUIET, dark)
    return small.scaled(side * module_px, side * module_px,
                        Qt.AspectRatioMode.IgnoreAspectRatio,
                        Qt.TransformationMode.FastTransformation)


def typed_address(url: str) -> str:
    """The address as a phone's user types it: no scheme, no final slash."""
    return url.removeprefix("http://").rstrip("/")


def module_pixels(modules: int, room: float) -> int:
    """Whole pixels per module for a code (with its quiet zone) to fit in ``room``."""
    return max(int(room // (modules + 2 * QUIET)), 1)


def paint_phone_code(canvas: Canvas, words: Words, url: str | None) -> QRectF | None:
    """The whole scene: the invitation, the code on the left, the address on the right.
    Without a server running, one sentence saying how to start it. Returns where the code
    is drawn (None: not drawn)."""
    w, u = canvas.width, canvas.u
    m = max(4 * u, 0.03 * w)
    canvas.block(QRectF(m, m, w - 2 * m, 14 * u),
                 lines(words(N_("Follow the session on your phone")), ACCENT, True), 7 * u,
                 Align.AlignCenter, wrap=True, floor=0.45)
    if url is None:
        canvas.block(QRectF(m, 40 * u, w - 2 * m, 20 * u),
                     lines(words(N_("The phones' server is not running.")), MUTED), 5 * u,
                     Align.AlignCenter, wrap=True, floor=0.45)
        return None
    modules = qr_modules(url)
    room = min(100 * u - 14 * u - 2 * m, 0.5 * w)
    px = module_pixels(len(modules), room)
    image = qr_image(modules, px)
    top = m + 16 * u
    left = m + max((0.5 * w - m - image.width()) / 2, 0)
    canvas.painter.drawImage(int(left), int(top), image)
    right = left + image.width() + 4 * u
    width = w - right - m
    canvas.block(QRectF(right, top, width, 22 * u),
                 lines(words(N_("Scan the code, or type this address in the browser:")),
                       TEXT), 4.5 * u, Align.AlignLeft | Align.AlignBottom, wrap=True,
                 floor=0.45)
    canvas.block(QRectF(right, top + 24 * u, width, 18 * u),
                 [Line(typed_address(url), 1.0, TEXT, True)], 8 * u,
                 Align.AlignLeft | Align.AlignVCenter, floor=0.3)
    canvas.block(QRectF(right, top + 44 * u, width, 20 * u),
                 lines(words(N_("Connect to the hall's Wi-Fi first. The page only shows; "
                                "nothing on it can change the results.")), MUTED), 3.6 * u,
                 Align.AlignLeft | Align.AlignTop, wrap=True, floor=0.45)
    return QRectF(left, top, image.width(), image.height())


def paint_phone_badge(canvas: Canvas, words: Words, url: str, side: float) -> QRectF:
    """A corner of a scene: "scan to follow" over a QR code ``side`` pixels high at most, at
    the bottom right; returns the box it takes (the scene keeps clear of it)."""
    w, u = canvas.width, canvas.u
    m = max(4 * u, 0.03 * w)
    modules = qr_modules(url)
    image = qr_image(modules, module_pixels(len(modules), side))
    left, top = w - m - image.width(), 100 * u - m - image.height()
    canvas.painter.drawImage(int(left), int(top), image)
    caption = QRectF(left - 6 * u, top - 12 * u, image.width() + 6 * u, 11.5 * u)
    canvas.block(caption, [*lines(words(N_("Follow on your phone")), ACCENT, True),
                           Line(typed_address(url), 0.8, TEXT)],
                 3 * u, Align.AlignHCenter | Align.AlignBottom, wrap=True, floor=0.45)
    return QRectF(caption.left(), caption.top(), w - m - caption.left(),
                  100 * u - m - caption.top())
