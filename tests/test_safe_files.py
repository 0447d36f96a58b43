"""How the program writes a file it is asked for (docs/documents.md, "How files are written").

A device or a FIFO named as the output is written through and stays what it was (writing
``-o /dev/null`` as root once replaced the machine's /dev/null with a plain file); a
symbolic link is followed and stays a link; a plain file is replaced whole or not at all.
The machine's own /dev/null is never touched here: each test makes its own device node.
"""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from clar_desktop.cli import main
from clar_desktop.demo import demo_session_bundle
from tests.helpers import EXAMPLE

CONTEST = "colquemarca-2026-1"
NULL, FULL = (1, 3), (1, 7)  # the numbers of /dev/null and /dev/full on Linux


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def device(folder: Path, name: str, numbers: tuple[int, int] = NULL) -> Path:
    """A character device of our own (a twin of /dev/null or /dev/full)."""
    path = folder / name
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(*numbers))
    except (PermissionError, AttributeError):
        pytest.skip("making a device node needs root (mknod is not permitted here)")
    return path


def is_device(path: Path, numbers: tuple[int, int] = NULL) -> bool:
    status = os.lstat(path)
    return stat.S_ISCHR(status.st_mode) and status.st_rdev == os.makedev(*numbers)


@contextmanager
def fifo_reader(path: Path) -> Iterator[bytearray]:
    """A FIFO at ``path`` and a reader of it in a thread; the bytes it read when the block
    ends. Whatever the writer does, the reader never hangs the test."""
    os.mkfifo(path)
    received = bytearray()
    keeper = os.open(path, os.O_RDWR)  # a writer end of our own: the reader's open returns

    def read() -> None:
        with open(path, "rb") as handle:
            received.extend(handle.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    try:
        yield received
    finally:
        os.close(keeper)  # now every writer is gone: the reader sees the end
        thread.join(timeout=60)
    assert not thread.is_alive()


@contextmanager
def disk_full_after(size: int) -> Iterator[None]:
    """A disk that takes only ``size`` bytes more per file: RLIMIT_FSIZE (the write fails
    with EFBIG, as a FAT stick does past 4 GB; Python ignores SIGXFSZ)."""
    assert signal.getsignal(signal.SIGXFSZ) == signal.SIG_IGN
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def leftovers(folder: Path) -> list[str]:
    """Temporary files left in ``folder`` (ours are hidden: ``.NAME.XXXXXXXX.part``)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".")
                  or p.name.endswith((".part", ".partial")))


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A database holding the example contest."""
    path = str(tmp_path / "db" / "c.sqlite3")
    assert run(capsys, "import", str(EXAMPLE), "--db", path)[0] == 0
    return path


@pytest.fixture(scope="module")
def session_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundle") / "llusco.json"
    path.write_text(json.dumps(demo_session_bundle(), ensure_ascii=False), encoding="utf-8")
    return path


# --- devices and FIFOs ----------------------------------------------------------------------

def test_export_minutes_and_demo_data_write_through_a_device(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], db: str,
        session_file: Path) -> None:
    null = device(tmp_path, "null")
    for argv in (["export", CONTEST, "--db", db, "-o", str(null)],
                 ["minutes", str(session_file), "-o", str(null)],
                 ["demo-data", "-o", str(null)]):
        code, _out, err = run(capsys, *argv)
        assert code == 0, err
        assert is_device(null), f"{argv[0]} replaced the device with a plain file"
    assert leftovers(tmp_path) == []


def test_a_device_that_refuses_the_bytes_is_one_sentence_and_stays(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    full = device(tmp_path, "full", FULL)
    code, _out, err = run(capsys, "--lang", "en", "demo-data", "-o", str(full))
    assert code == 1
    assert err.strip() == f"clar-desktop: cannot write {full}: the disk is full"
    assert is_device(full, FULL) and leftovers(tmp_path) == []


def test_export_minutes_and_demo_data_write_through_a_fifo(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], db: str,
        session_file: Path) -> None:
    with fifo_reader(tmp_path / "pipe") as exported:
        assert run(capsys, "export", CONTEST, "--db", db, "-o", str(tmp_path / "pipe"))[0] == 0
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode)
    assert json.loads(exported)["contest"]["id"] == CONTEST
    os.unlink(tmp_path / "pipe")
    with fifo_reader(tmp_path / "pipe") as acta:
        assert run(capsys, "minutes", str(session_file), "-o", str(tmp_path / "pipe"))[0] == 0
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode)
    assert acta.startswith(b"%PDF-") and acta.rstrip().endswith(b"%%EOF")
    os.unlink(tmp_path / "pipe")
    with fifo_reader(tmp_path / "pipe") as demo:
        assert run(capsys, "demo-data", "-o", str(tmp_path / "pipe"))[0] == 0
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode)
    assert json.loads(demo) == json.loads(json.dumps(demo_session_bundle()))
    assert leftovers(tmp_path) == []


def test_a_dash_is_standard_output_for_bundles_and_pdfs(tmp_path: Path,
                                                        session_file: Path) -> None:
    env = {**os.environ, "CLAR_LANG": "en"}
    done = subprocess.run([sys.executable, "-m", "clar_desktop", "minutes", str(session_file),
                           "-o", "-"], capture_output=True, env=env, timeout=300, check=False,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-") and done.stdout.rstrip().endswith(b"%%EOF")
    done = subprocess.run([sys.executable, "-m", "clar_desktop", "demo-data", "-o", "-"],
                          capture_output=True, env=env, timeout=300, check=False, cwd=tmp_path)
    assert done.returncode == 0 and json.loads(done.stdout)["events"]
    assert list(tmp_path.iterdir()) == []  # no file named "-"


# --- symbolic links -------------------------------------------------------------------------

def test_a_symbolic_link_is_followed_and_stays_a_link(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], db: str,
        session_file: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "contest.json").write_text("the old export", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(archive / "contest.json")
    assert run(capsys, "export", CONTEST, "--db", db, "-o", str(link))[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(archive / "contest.json")
    assert json.loads((archive / "contest.json").read_bytes())["contest"]["id"] == CONTEST
    # A link to a link to nothing yet: the file is made where the chain ends.
    (tmp_path / "acta.pdf").symlink_to("middle.pdf")
    (tmp_path / "middle.pdf").symlink_to(archive / "acta.pdf")
    assert run(capsys, "minutes", str(session_file), "-o", str(tmp_path / "acta.pdf"))[0] == 0
    assert (tmp_path / "acta.pdf").is_symlink() and (tmp_path / "middle.pdf").is_symlink()
    assert (archive / "acta.pdf").read_bytes().startswith(b"%PDF-")
    # A link to a device writes through the device.
    null = device(tmp_path, "null")
    (tmp_path / "nowhere.json").symlink_to(null)
    assert run(capsys, "demo-data", "-o", str(tmp_path / "nowhere.json"))[0] == 0
    assert is_device(null) and (tmp_path / "nowhere.json").is_symlink()
    assert leftovers(tmp_path) == [] and leftovers(archive) == []


def test_links_in_a_circle_are_one_sentence(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.json").symlink_to("b.json")
    (tmp_path / "b.json").symlink_to("a.json")
    code, _out, err = run(capsys, "--lang", "en", "demo-data", "-o", str(tmp_path / "a.json"))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "a.json" in err and "symbolic links go round in a circle" in err
    assert (tmp_path / "a.json").is_symlink() and (tmp_path / "b.json").is_symlink()


# --- plain files: whole or not at all -------------------------------------------------------

def test_a_full_disk_leaves_the_old_export_and_no_temporary_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], db: str) -> None:
    target = tmp_path / "contest.json"
    target.write_bytes(b"the export of yesterday, kept")
    with disk_full_after(65536):  # more than SQLite needs, less than the bundle
        code, _out, err = run(capsys, "--lang", "en", "export", CONTEST, "--db", db, "-o",
                              str(target))
    assert code == 1
    assert err.strip() == f"clar-desktop: cannot write {target}: the file is too large " \
                          "for that disk"
    assert target.read_bytes() == b"the export of yesterday, kept"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failure_before_the_rename_leaves_the_old_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], session_file: Path,
        monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    def broken(*_args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    old = {"acta.pdf": b"%PDF- the signed acta", "demo.json": b'{"old": true}'}
    for name, data in old.items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.setattr(os, failing, broken)
    code, _out, err = run(capsys, "--lang", "en", "minutes", str(session_file), "-o",
                          str(tmp_path / "acta.pdf"))
    assert code == 1 and "acta.pdf" in err and "the disk failed" in err
    code, _out, err = run(capsys, "--lang", "en", "demo-data", "-o",
                          str(tmp_path / "demo.json"))
    assert code == 1 and "demo.json" in err
    monkeypatch.undo()
    for name, data in old.items():
        assert (tmp_path / name).read_bytes() == data
    assert leftovers(tmp_path) == []


def test_the_file_and_its_folder_are_synced_before_the_command_returns(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clar_desktop.files import write_file

    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        mode = os.fstat(descriptor).st_mode
        synced.append("folder" if stat.S_ISDIR(mode) else "file")
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    write_file(tmp_path / "a.json", b"{}")
    assert synced == ["file", "folder"]


def test_a_new_file_gets_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path: Path) -> None:
    from clar_desktop.files import write_file

    mask = os.umask(0o027)
    try:
        write_file(tmp_path / "new.json", b"{}")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(os.stat(tmp_path / "new.json").st_mode) == 0o640
    shared = tmp_path / "shared.json"
    shared.write_bytes(b"old")
    shared.chmod(0o664)
    write_file(shared, b"new")
    assert shared.read_bytes() == b"new" and stat.S_IMODE(shared.stat().st_mode) == 0o664


def test_root_writing_over_a_user_s_file_leaves_it_the_user_s(tmp_path: Path) -> None:
    from clar_desktop.files import write_file

    if os.geteuid() != 0:
        pytest.skip("only root can give a file to another user")
    acta = tmp_path / "acta.pdf"
    acta.write_bytes(b"old")
    os.chown(acta, 1000, 1000)
    write_file(acta, b"new")
    assert (acta.stat().st_uid, acta.stat().st_gid) == (1000, 1000)


def test_a_folder_or_a_missing_folder_is_one_translated_sentence(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--lang", "es", "demo-data", "-o", str(tmp_path))
    assert code == 1
    assert err.strip() == f"clar-desktop: no se puede escribir {tmp_path}: es una carpeta"
    code, _out, err = run(capsys, "--lang", "qu", "demo-data", "-o",
                          str(tmp_path / "no" / "x.json"))
    assert code == 1 and "x.json" in err and "carpetaqa mana kanchu" in err
    assert not (tmp_path / "no").exists()


def test_every_reason_is_a_sentence_of_the_catalog() -> None:
    from clar_desktop.files import reason
    from clar_desktop.i18n import set_language

    set_language("qu")
    for number in (errno.ENOENT, errno.ENOSPC, errno.EACCES, errno.EROFS, errno.EIO,
                   errno.EFBIG, errno.ELOOP, errno.EPIPE, errno.EISDIR, errno.ENOTDIR,
                   errno.ENXIO):
        said = reason(OSError(number, os.strerror(number)))
        assert said != os.strerror(number), number
    assert reason(OSError(errno.ETIMEDOUT, "Connection timed out")) == "Connection timed out"


# --- backups --------------------------------------------------------------------------------

def _service(db: str) -> object:
    from clar_desktop.services import ContestService
    from clar_desktop.store.database import open_database

    return ContestService(open_database(db))


def test_a_backup_never_writes_over_a_device_or_a_link_in_its_folder(
        tmp_path: Path, db: str) -> None:
    from datetime import datetime

    from clar_desktop.backup import backup

    folder = tmp_path / "usb"
    folder.mkdir()
    moment = datetime(2026, 5, 2, 10, 30, 0)
    taken = device(folder, f"{CONTEST}-20260502-103000.sqlite3")
    (folder / f"{CONTEST}-20260502-103000-2.sqlite3").symlink_to(tmp_path / "nowhere")
    written = backup(_service(db), CONTEST, folder, moment)  # type: ignore[arg-type]
    assert written.name == f"{CONTEST}-20260502-103000-3.sqlite3"
    assert is_device(taken) and not (tmp_path / "nowhere").exists()
    assert written.read_bytes().startswith(b"SQLite format 3\x00")
    assert leftovers(folder) == []


def test_a_full_stick_leaves_no_half_backup(tmp_path: Path, db: str) -> None:
    from clar_desktop.backup import backup

    folder = tmp_path / "usb"
    folder.mkdir()
    service = _service(db)
    with disk_full_after(65536), pytest.raises(OSError) as failure:
        backup(service, CONTEST, folder)  # type: ignore[arg-type]
    assert failure.value.errno in (errno.ENOSPC, errno.EIO)  # one sentence for the app
    assert list(folder.iterdir()) == []
