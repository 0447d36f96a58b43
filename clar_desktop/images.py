"""Pictures the user gives the program — a logo for the certificates, a proposal's photo or
talking map — checked before anything decodes them.

`check_image` reads a PNG's IHDR or a JPEG's SOF header for the size in pixels, without
decoding, and checks that the file is whole: a PNG's chunks up to IEND with their CRCs and
its compressed pixels inflating to the size the header promises (streamed, never held), a
JPEG's segments up to its scan and the end-of-image marker after it. A picture that is not
one, is cut short or damaged, holds more than `MAX_PIXELS` or more than `MAX_BYTES` is
refused with one sentence (`ImageRefused`), so that neither reportlab nor Qt ever decodes
an image that would fail halfway or take hundreds of megabytes (a 12,000 × 12,000 PNG took
505 MB). Standard library only.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from .domain.errors import N_, DomainError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 16_000_000
"""16 megapixels (4,000 × 4,000): more than a phone's photo (12 MP) and far more than a logo
printed 17 mm high (200 pixels at 300 dpi) or a projector (2 MP) needs, while decoded it
stays within 64 MB."""

NOT_AN_IMAGE = N_("an image must be PNG or JPEG")
DAMAGED = N_("the image is cut short or damaged, so it cannot be shown or printed")
TOO_LARGE = N_("the image is {width} × {height} pixels; an image may have at most {limit} "
               "million pixels (such as 4000 × 4000): make it smaller")
TOO_HEAVY = N_("the image is larger than 10 MB")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}


class ImageRefused(DomainError):
    """A picture the program will not use (the template is one of this module's)."""


@dataclass(frozen=True, slots=True)
class ImageInfo:
    media_type: str
    """"image/png" or "image/jpeg"."""
    width: int
    height: int


def read_image(path: Path) -> tuple[bytes, ImageInfo]:
    """The file's bytes and what they hold, checked; `OSError` if it cannot be read."""
    if path.stat().st_size > MAX_BYTES:
        raise ImageRefused(TOO_HEAVY)
    data = path.read_bytes()
    return data, check_image(data)


def check_image(data: bytes) -> ImageInfo:
    """What a PNG or JPEG holds, or `ImageRefused` saying why it will not be used."""
    if len(data) > MAX_BYTES:
        raise ImageRefused(TOO_HEAVY)
    if data.startswith(PNG_SIGNATURE):
        return _png(data)
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg(data)
    raise ImageRefused(NOT_AN_IMAGE)


def _bounded(media_type: str, width: int, height: int) -> ImageInfo:
    if width <= 0 or height <= 0:
        raise ImageRefused(DAMAGED)
    if width * height > MAX_PIXELS:
        raise ImageRefused(TOO_LARGE, width=width, height=height, limit=MAX_PIXELS // 10**6)
    return ImageInfo(media_type, width, height)


def _png(data: bytes) -> ImageInfo:
    pos, info, depth, color, interlaced = len(PNG_SIGNATURE), None, 0, 0, False
    pixels: list[memoryview] = []
    palette = False
    view = memoryview(data)
    while True:
        if pos + 12 > len(data):
            raise ImageRefused(DAMAGED)  # cut short before IEND
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        end = pos + 12 + length
        if length > 2**31 - 1 or end > len(data):
            raise ImageRefused(DAMAGED)
        if zlib.crc32(view[pos + 4:end - 4]) != int.from_bytes(data[end - 4:end], "big"):
            raise ImageRefused(DAMAGED)
        body = view[pos + 8:end - 4]
        if info is None:
            if kind != b"IHDR" or length != 13:
                raise ImageRefused(DAMAGED)
            width, height = int.from_bytes(body[0:4], "big"), int.from_bytes(body[4:8], "big")
            depth, color, compression, filtering, interlace = body[8:13]
            if (depth not in _PNG_DEPTHS.get(color, ()) or compression or filtering
                    or interlace > 1):
                raise ImageRefused(DAMAGED)
            interlaced = interlace == 1
            info = _bounded("image/png", width, height)  # before any pixel is looked at
        elif kind == b"PLTE":
            palette = True
        elif kind == b"IDAT":
            pixels.append(body)
        elif kind == b"IEND":
            break
        pos = end
    if not pixels or (color == 3 and not palette):
        raise ImageRefused(DAMAGED)
    _inflates_to(pixels, _png_data_size(info.width, info.height,
                                        depth * _PNG_CHANNELS[color], interlaced))
    return info


def _png_data_size(width: int, height: int, bits: int, interlaced: bool) -> int:
    """Bytes of the filtered scanlines a PNG's header promises."""
    passes = _ADAM7 if interlaced else ((0, 0, 1, 1),)
    total = 0
    for x0, y0, dx, dy in passes:
        columns = (width - x0 + dx - 1) // dx if width > x0 else 0
        rows = (height - y0 + dy - 1) // dy if height > y0 else 0
        if columns and rows:
            total += rows * (1 + (columns * bits + 7) // 8)
    return total


def _inflates_to(chunks: list[memoryview], expected: int) -> None:
    """The zlib stream across ``chunks`` holds at least the ``expected`` bytes: every pixel
    is there to be decoded (inflated a megabyte at a time and thrown away, so the check
    takes no more memory for a large picture than for a small one)."""
    stream = zlib.decompressobj()
    produced = 0
    try:
        for chunk in chunks:
            pending: bytes | memoryview = chunk
            while pending and not stream.eof and produced < expected:
                produced += len(stream.decompress(pending, 1 << 20))
                pending = stream.unconsumed_tail
    except zlib.error:
        raise ImageRefused(DAMAGED) from None
    if produced < expected:
        raise ImageRefused(DAMAGED)


def _jpeg(data: bytes) -> ImageInfo:
    pos, size = 2, None
    while True:
        if pos >= len(data) or data[pos] != 0xFF:
            raise ImageRefused(DAMAGED)
        while pos < len(data) and data[pos] == 0xFF:
            pos += 1  # fill bytes
        if pos >= len(data):
            raise ImageRefused(DAMAGED)
        marker = data[pos]
        pos += 1
        if marker in _JPEG_STANDALONE:
            continue
        if marker == 0xD9 or pos + 2 > len(data):
            raise ImageRefused(DAMAGED)  # the image ends before its scan
        length = int.from_bytes(data[pos:pos + 2], "big")
        if length < 2 or pos + length > len(data):
            raise ImageRefused(DAMAGED)
        if marker in _JPEG_SOF:
            if length < 8:
                raise ImageRefused(DAMAGED)
            height = int.from_bytes(data[pos + 3:pos + 5], "big")
            width = int.from_bytes(data[pos + 5:pos + 7], "big")
            size = _bounded("image/jpeg", width, height)
        pos += length
        if marker == 0xDA:  # start of scan: compressed data follows, up to the end marker
            break
    if size is None or data.rfind(b"\xff\xd9", pos) < 0:
        raise ImageRefused(DAMAGED)
    return size
