"""Logos and proposal photos are checked before anything decodes them: a truncated, damaged
or enormous picture is one sentence, never a traceback or half a gigabyte."""

from __future__ import annotations

import io
import json
import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from PIL import Image

from clar_desktop.cli import main
from clar_desktop.demo import demo_session_bundle
from clar_desktop.domain.bundle import parse_bundle
from clar_desktop.domain.errors import ChangeRefused
from clar_desktop.i18n import gettext_in
from clar_desktop.images import MAX_PIXELS, ImageRefused, _png_data_size, check_image
from clar_desktop.paths import resource_path
from clar_desktop.services import ContestService
from clar_desktop.store.database import open_database

LOGO = Path(resource_path("resources", "logos", "clar.png"))


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int, height: int, pixels: bytes | None = None, interlace: int = 0,
        depth: int = 8, color: int = 2) -> bytes:
    """A PNG made by hand; ``pixels`` is its compressed IDAT (zeros by default: a few
    bytes even for a huge picture, as zlib streams zeros)."""
    if pixels is None:
        pixels = zlib.compress(bytes(_png_data_size(width, height, depth * 3, interlace == 1)))
    header = struct.pack(">IIBBBBB", width, height, depth, color, 0, 0, interlace)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels)
            + _chunk(b"IEND", b""))


def jpeg(width: int = 320, height: int = 200, **options: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 60)).save(out, "JPEG", **options)
    return out.getvalue()


def huge_png() -> bytes:
    """12,000 × 12,000 pixels (decoded: 432 MB), with a tiny compressed IDAT."""
    return png(12_000, 12_000, zlib.compress(bytes(10_000)))


def _damaged() -> str:
    return gettext_in("es", "the image is cut short or damaged, so it cannot be shown or "
                            "printed")


@pytest.fixture(scope="module")
def session_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "llusco.json"
    path.write_text(json.dumps(demo_session_bundle(), ensure_ascii=False), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- what the check accepts and refuses --------------------------------------------------------

def test_whole_pictures_are_accepted_with_their_size() -> None:
    assert (check_image(LOGO.read_bytes()).width, check_image(LOGO.read_bytes()).height) == (
        512, 512)
    info = check_image(jpeg(640, 480, progressive=True))
    assert (info.media_type, info.width, info.height) == ("image/jpeg", 640, 480)
    assert check_image(png(33, 17, interlace=1)).height == 17


@pytest.mark.parametrize("cut", [1, 20, 500, 5000])
def test_a_png_cut_short_is_refused(cut: int) -> None:
    data = LOGO.read_bytes()
    with pytest.raises(ImageRefused) as refused:
        check_image(data[:-cut])
    assert refused.value.render() == (
        "the image is cut short or damaged, so it cannot be shown or printed")


def test_damage_that_chunk_lengths_do_not_show_is_refused() -> None:
    data = bytearray(LOGO.read_bytes())
    data[100] ^= 0xFF  # inside the pixels: the chunk's CRC no longer matches
    too_few_pixels = png(100, 100, zlib.compress(bytes(5_000)))  # valid CRCs, rows missing
    for bad in (bytes(data), too_few_pixels, jpeg()[:-200], jpeg()[:400]):
        with pytest.raises(ImageRefused, match="cut short or damaged"):
            check_image(bad)
    with pytest.raises(ImageRefused, match="PNG or JPEG"):
        check_image(b"GIF89a" + bytes(100))


def test_a_huge_png_is_refused_at_once_and_in_little_memory() -> None:
    data = huge_png()
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(ImageRefused) as refused:
        check_image(data)
    elapsed = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 0.1 and peak < 1_000_000
    assert "12000 × 12000" in refused.value.render()
    assert MAX_PIXELS == 16_000_000
    check_image(png(4000, 4000))  # exactly at the bound: accepted
    with pytest.raises(ImageRefused):
        check_image(png(4000, 4001))


# --- where pictures come in ---------------------------------------------------------------------

def test_a_truncated_logo_is_one_sentence_and_no_pdf(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path,
                                                      session_file: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(LOGO.read_bytes()[:-300])
    target = tmp_path / "certificados.pdf"
    code, out, err = run(capsys, "certificates", str(session_file), "-o", str(target),
                         "--logo", str(logo))
    assert code == 2 and out == ""
    assert err == f"clar-desktop: --logo {logo}: {_damaged()}\n"
    assert not target.exists() and list(tmp_path.iterdir()) == [logo]


def test_a_huge_logo_is_refused_quickly(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                        session_file: Path) -> None:
    logo = tmp_path / "enorme.png"
    logo.write_bytes(huge_png())
    target = tmp_path / "certificados.pdf"
    start = time.perf_counter()
    code, _out, err = run(capsys, "certificates", str(session_file), "-o", str(target),
                          "--logo", str(logo))
    assert time.perf_counter() - start < 1.0
    assert code == 2 and len(err.splitlines()) == 1 and "12000 × 12000" in err
    assert not target.exists()


def test_good_png_and_jpeg_logos_still_print(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path, session_file: Path) -> None:
    photo = tmp_path / "municipio.jpg"
    photo.write_bytes(jpeg())
    target = tmp_path / "certificados.pdf"
    code, _out, err = run(capsys, "certificates", str(session_file), "-o", str(target),
                          "--logo", str(LOGO), "--logo", str(photo))
    assert code == 0, err
    assert target.read_bytes().startswith(b"%PDF")


def test_a_proposal_photo_is_checked_too(tmp_path: Path) -> None:
    service = ContestService(open_database(str(tmp_path / "p.sqlite3"), create=True))
    bundle = parse_bundle(demo_session_bundle())
    service.import_bundle(bundle)
    contest = bundle.contest.id
    service.reopen_session(contest, "fotos")
    proposal = bundle.contest.proposals[0].id
    for bad in (LOGO.read_bytes()[:-10], huge_png()):
        with pytest.raises(ChangeRefused) as refused:
            service.set_proposal_image(contest, proposal, bad)
        assert refused.value.item == proposal
    assert service.proposal_image(contest, proposal) is None
    service.set_proposal_image(contest, proposal, jpeg())
    assert service.proposal_image(contest, proposal) is not None
